/**
 * SCH-1 mutant: the run queue grows without unwrapping the ring, so when it
 * fills up (8 runnables) with its head past slot 0 the queued runnables
 * change order.
 * @module
 */
import { RunQueue, type Runnable, type ReferenceSeams, type Kernel } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A run queue whose growth copies the slots in storage order instead of head first. */
class WrappedGrowthRunQueue extends RunQueue<Runnable> {
  protected override grow(): void {
    const old = this.buffer;
    this.buffer = new Array<Runnable | undefined>(old.length * 2);
    old.forEach((item, i) => (this.buffer[i] = item));
    this.head = 0;
  }
}

/** The seam it replaces. */
const seams: ReferenceSeams = {
  kernel: {
    createRunQueue(kernel: Kernel): RunQueue<Runnable> {
      return new WrappedGrowthRunQueue();
    },
  },
};

/** More than 8 runnables queued at once run out of order. */
export const mutant: Mutant = {
  name: 'growWithoutUnwrap',
  targets: 'SCH-1',
  description: 'the full run queue (8 runnables) grows without unwrapping the ring, so the queued runnables change order',
  caughtBy: { id: 'SCH-1', aspect: 'queue-growth' },
  seams,
};
