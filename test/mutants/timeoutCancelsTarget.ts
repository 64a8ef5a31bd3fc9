/**
 * CAN-9 mutant (`token-isolation`): an await's timeout also cancels the awaited coroutine.
 * @module
 */
import { Coroutine, makeError, WakerStatus, type WakeOutcome, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** When a waiter is woken by its `timeout()` token, the coroutine it awaited is cancelled too. */
const seams: ReferenceSeams = {
  kernel: {
    wake(kernel: Kernel, co: Coroutine, outcome: WakeOutcome): void {
      const timedOut = 'error' in outcome && outcome.error.previous?.class === 'Async\\TimeoutException' && co.waker.status === WakerStatus.WAITING;
      const target = timedOut ? co.waker.subscriptions.find((s) => s.event instanceof Coroutine)?.event : undefined;
      kernelSeams.wake(kernel, co, outcome);
      if (target instanceof Coroutine) kernel.seams.cancelCoroutine(kernel, target, makeError('Async\\AsyncCancellation', 'Operation has been cancelled'));
    },
  },
};

/** The timeout token cancels the operation it guarded. */
export const mutant: Mutant = {
  name: 'timeoutCancelsTarget',
  targets: 'CAN-9',
  description: 'await(c, timeout(k)) timing out also cancels c',
  caughtBy: { id: 'CAN-9', aspect: 'token-isolation' },
  seams,
};
