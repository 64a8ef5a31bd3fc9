/**
 * CAN-3 mutant: a self-cancellation is not stored.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Step 2 of the cancel algorithm marks the acting coroutine `CANCELLED` but stores no exception. */
const seams: ReferenceSeams = {
  kernel: {
    cancelSelf(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
      void cancellation;
      target.cancelled = true;
    },
  },
};

/** A self-cancelled coroutine completes normally. */
export const mutant: Mutant = {
  name: 'selfCancelForgotten',
  targets: 'CAN-3',
  description: 'a coroutine that cancels itself is only flagged: it completes with its return value instead of failing with the cancellation',
  caughtBy: { id: 'CAN-3' },
  seams,
};
