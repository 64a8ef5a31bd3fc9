/**
 * SCH-1 mutant: the run queue pops from the tail.
 * @module
 */
import { RunQueue, type Runnable, type ReferenceSeams, type Kernel } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A run queue that is a stack. */
class LifoRunQueue extends RunQueue<Runnable> {
  override pop(): Runnable | undefined {
    return this.popBack();
  }
}

/** The seam it replaces. */
const seams: ReferenceSeams = {
  kernel: {
    createRunQueue(kernel: Kernel): RunQueue<Runnable> {
      return new LifoRunQueue();
    },
  },
};

/** Last enqueued runs first. */
export const mutant: Mutant = {
  name: 'lifoQueue',
  targets: 'SCH-1',
  description: 'the run queue pops from the tail (LIFO)',
  seams,
};
