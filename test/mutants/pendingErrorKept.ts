/**
 * WAK-5 mutant: a cancellation reaching a coroutine that was already woken
 * with a non-cancellation error is dropped, instead of replacing it with the
 * old error chained as its `previous`.
 * @module
 */
import type { ErrorValue } from '../../conformance/adapter.js';
import { isCancellation, type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Keeps any pending error, cancellation or not. */
const seams: ReferenceSeams = {
  kernel: {
    applyCancellation(kernel: Kernel, co: Coroutine, cancellation: ErrorValue): void {
      if (co.waker.error !== undefined && !isCancellation(co.waker.error)) return;
      kernelSeams.applyCancellation(kernel, co, cancellation);
    },
  },
};

/** A pending non-cancellation error survives a later cancellation. */
export const mutant: Mutant = {
  name: 'pendingErrorKept',
  targets: 'WAK-5',
  description: 'a coroutine woken with an error and cancelled before it runs resumes with the error, not the cancellation chaining it',
  seams,
  caughtBy: { id: 'WAK-5' },
};
