/**
 * WAK-4 mutant: a second resolution of a wait overwrites the first result
 * (the C nuance: subscriptions are cleaned only when the coroutine runs, and
 * `resolve` copies a later result over the earlier one).
 * @module
 */
import { kernelSeams, WakerStatus, type Coroutine, type Kernel, type ReferenceSeams, type WakeOutcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Deferred unsubscription plus overwrite of the pending result (three kernel seams of one decision: when a wake takes effect). */
const seams: ReferenceSeams = {
  kernel: {
    wake(kernel: Kernel, co: Coroutine, outcome: WakeOutcome): void {
      if (co.waker.status === WakerStatus.QUEUED && 'value' in outcome) co.waker.result = outcome.value;
      else kernelSeams.wake(kernel, co, outcome);
    },
    releaseSubscriptionsOnWake(): void {},
    beforeResume(kernel: Kernel, co: Coroutine): void {
      co.waker.unsubscribeAll();
    },
  },
};

/** The last success before the coroutine runs wins. */
export const mutant: Mutant = {
  name: 'lastResultWins',
  targets: 'WAK-4',
  description: 'a second resolution of a wait before the coroutine runs overwrites the first result',
  seams,
};
