/**
 * SCH-10 mutant: the run ends when main finishes.
 * @module
 */
import type { Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Queued coroutines are dropped once main is finished. */
const seams: ReferenceSeams = {
  kernel: {
    isRunOver(kernel: Kernel): boolean {
      return kernel.coroutines.get('main')?.finished === true;
    },
  },
};

/** Remaining coroutines are not drained. */
export const mutant: Mutant = {
  name: 'stopAfterMain',
  targets: 'SCH-10',
  description: 'the run ends as soon as main finishes, dropping queued coroutines',
  seams,
};
