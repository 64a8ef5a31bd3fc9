/**
 * SCH-5 mutant: awaiting an already-finished target goes through the queue.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, WakerStatus, type AsyncEvent, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The fast path yields to the tail of the queue before returning. */
class SlowReturnRuntime extends ReferenceRuntime {
  protected override *awaitFinished(co: Coroutine, event: AsyncEvent): Generator<void, void, void> {
    co.waker.status = WakerStatus.QUEUED;
    this.queue.push(co);
    yield;
    const outcome = this.resumeOutcome(co);
    if ('error' in outcome) throw new ScenarioThrow(outcome.error);
    yield* super.awaitFinished(co, event);
  }
}

/** Other coroutines run before the await returns. */
export const mutant: Mutant = {
  name: 'slowReturn',
  targets: 'SCH-5',
  description: 'awaiting an already-finished coroutine/future suspends through the queue (other coroutines run first) before returning',
  Runtime: SlowReturnRuntime,
};
