/**
 * SCH-5 mutant: awaiting an already-finished target goes through the queue.
 * @module
 */
import { ScenarioThrow, WakerStatus, type AsyncEvent, type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The fast path yields to the tail of the queue before returning. */
const seams: ReferenceSeams = {
  kernel: {
    *awaitFinished(kernel: Kernel, co: Coroutine, event: AsyncEvent): Generator<void, void, void> {
      co.waker.status = WakerStatus.QUEUED;
      kernel.queue.push(co);
      yield;
      const outcome = kernel.seams.resumeOutcome(kernel, co);
      if ('error' in outcome) throw new ScenarioThrow(outcome.error);
      yield* kernelSeams.awaitFinished(kernel, co, event);
    },
  },
};

/** Other coroutines run before the await returns. */
export const mutant: Mutant = {
  name: 'slowReturn',
  targets: 'SCH-5',
  description: 'awaiting an already-finished coroutine/future suspends through the queue (other coroutines run first) before returning',
  seams,
};
