/**
 * CAN-7 mutant: a coroutine that caught its cancellation and returned is no longer reported cancelled.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Outcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Completing with a value clears `CANCELLED`. */
const seams: ReferenceSeams = {
  kernel: {
    completeCoroutine(kernel: Kernel, co: Coroutine, outcome: Outcome): void {
      if (outcome.kind === 'value') co.cancelled = false;
      kernelSeams.completeCoroutine(kernel, co, outcome);
    },
  },
};

/** A swallowed cancellation is forgotten. */
export const mutant: Mutant = {
  name: 'swallowedNotCancelled',
  targets: 'CAN-7',
  description: 'a coroutine that catches its cancellation and returns normally reports isCancelled() false',
  caughtBy: { id: 'CAN-7' },
  seams,
};
