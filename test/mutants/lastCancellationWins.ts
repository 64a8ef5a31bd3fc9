/**
 * WAK-5 mutant: a second cancellation replaces the pending one.
 * @module
 */
import { isCancellation, type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `apply_cancellation` overwrites a pending cancellation. */
const seams: ReferenceSeams = {
  kernel: {
    applyCancellation(kernel: Kernel, co: Coroutine, cancellation: ErrorValue): void {
      if (co.waker.error !== undefined && isCancellation(co.waker.error)) co.waker.error = cancellation;
      else kernelSeams.applyCancellation(kernel, co, cancellation);
    },
  },
};

/** The last reason wins. */
export const mutant: Mutant = {
  name: 'lastCancellationWins',
  targets: 'WAK-5',
  description: 'a second cancel() replaces the pending cancellation reason',
  seams,
};
