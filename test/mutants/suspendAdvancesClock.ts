/**
 * SCH-6 mutant: `suspend()` alone in the queue fires later timers first.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** With an empty queue, suspend advances the clock before re-queueing. */
class SuspendAdvancesClockRuntime extends ReferenceRuntime {
  protected override *suspendToQueue(co: Coroutine): Generator<void, void, void> {
    if (this.queue.isEmpty()) this.fireTimers();
    yield* super.suspendToQueue(co);
  }
}

/** The empty suspend is not a no-op. */
export const mutant: Mutant = {
  name: 'suspendAdvancesClock',
  targets: 'SCH-6',
  description: 'suspend() with an otherwise empty run queue fires due-later timers (advances the clock) before resuming',
  Runtime: SuspendAdvancesClockRuntime,
};
