/**
 * COR-3 mutant: cancelling a finished coroutine changes its outcome.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** A finished coroutine becomes failed with the cancellation. */
const seams: ReferenceSeams = {
  kernel: {
    cancelFinished(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
      target.cancelled = true;
      target.outcome = { kind: 'error', error: cancellation };
    },
  },
};

/** The outcome of a finished coroutine is not terminal. */
export const mutant: Mutant = {
  name: 'cancelAfterCompletion',
  targets: 'COR-3',
  description: 'cancel() of a finished coroutine changes its outcome (it becomes failed with the cancellation)',
  seams,
};
