/**
 * WAK-4 mutant: a second resolution of a wait overwrites the first result
 * (the C nuance: subscriptions are cleaned only when the coroutine runs, and
 * `resolve` copies a later result over the earlier one).
 * @module
 */
import { ReferenceRuntime, WakerStatus, type Coroutine, type WakeOutcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Deferred unsubscription plus overwrite of the pending result. */
class LastResultWinsRuntime extends ReferenceRuntime {
  protected override wake(co: Coroutine, outcome: WakeOutcome): void {
    if (co.waker.status === WakerStatus.QUEUED && 'value' in outcome) co.waker.result = outcome.value;
    else super.wake(co, outcome);
  }

  protected override releaseSubscriptionsOnWake(): void {}

  protected override beforeResume(co: Coroutine): void {
    co.waker.unsubscribeAll();
  }
}

/** The last success before the coroutine runs wins. */
export const mutant: Mutant = {
  name: 'lastResultWins',
  targets: 'WAK-4',
  description: 'a second resolution of a wait before the coroutine runs overwrites the first result',
  Runtime: LastResultWinsRuntime,
};
