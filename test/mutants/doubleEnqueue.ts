/**
 * WAK-1 mutant: cancelling an already-queued coroutine enqueues it again.
 * @module
 */
import { ReferenceRuntime, WakerStatus, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A `QUEUED` coroutine is pushed a second time when cancelled. */
class DoubleEnqueueRuntime extends ReferenceRuntime {
  protected override requeueCancelled(co: Coroutine): void {
    if (co.waker.status === WakerStatus.QUEUED) this.queue.push(co);
    else super.requeueCancelled(co);
  }
}

/** The coroutine sits in the queue twice and runs twice. */
export const mutant: Mutant = {
  name: 'doubleEnqueue',
  targets: 'WAK-1',
  description: 'cancelling an already-QUEUED coroutine enqueues it a second time (it runs twice)',
  Runtime: DoubleEnqueueRuntime,
};
