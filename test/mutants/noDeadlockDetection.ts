/**
 * SCH-8 mutant: no deadlock detection.
 * @module
 */
import type { Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The loop never resolves a deadlock; it just ends. */
const seams: ReferenceSeams = {
  kernel: {
    resolveDeadlock(kernel: Kernel): boolean {
      return false;
    },
  },
};

/** Waiting coroutines are silently abandoned. */
export const mutant: Mutant = {
  name: 'noDeadlockDetection',
  targets: 'SCH-8',
  description: 'when only coroutines waiting on events remain, the run ends with exit {} and no deadlock event / cancellations',
  seams,
};
