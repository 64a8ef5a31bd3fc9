/**
 * SCH-12 mutant: armed timers do not keep the loop alive.
 * @module
 */
import type { Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An empty queue ends the run when timers are armed. */
const seams: ReferenceSeams = {
  kernel: {
    isRunOver(kernel: Kernel): boolean {
      return kernel.queue.isEmpty() && kernel.clock.hasArmedTimers;
    },
  },
};

/** Coroutines sleeping on timers are abandoned. */
export const mutant: Mutant = {
  name: 'ignoreTimers',
  targets: 'SCH-12',
  description: 'the loop ends when the queue is empty even if coroutines wait on armed timers',
  seams,
};
