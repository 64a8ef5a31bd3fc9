/**
 * EVT-13 mutant: awaiting a closed trigger suspends.
 * @module
 */
import type { Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Late subscribers of a closed trigger subscribe and wait (forever). */
const seams: ReferenceSeams = {
  kernel: {
    refusesLateSubscriber(kernel: Kernel): boolean {
      return false;
    },
  },
};

/** No warning, a wait that deadlocks. */
export const mutant: Mutant = {
  name: 'closedTriggerSuspends',
  targets: 'EVT-13',
  description: 'awaiting a closed trigger suspends (and so deadlocks) instead of warning + null',
  seams,
};
