/**
 * WAK-1 mutant: cancelling an already-queued coroutine enqueues it again.
 * @module
 */
import { WakerStatus, type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A `QUEUED` coroutine is pushed a second time when cancelled. */
const seams: ReferenceSeams = {
  kernel: {
    requeueCancelled(kernel: Kernel, co: Coroutine): void {
      if (co.waker.status === WakerStatus.QUEUED) kernel.queue.push(co);
      else kernelSeams.requeueCancelled(kernel, co);
    },
  },
};

/** The coroutine sits in the queue twice and runs twice. */
export const mutant: Mutant = {
  name: 'doubleEnqueue',
  targets: 'WAK-1',
  description: 'cancelling an already-QUEUED coroutine enqueues it a second time (it runs twice)',
  seams,
};
