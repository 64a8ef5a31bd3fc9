/**
 * CAN-4 mutant (`first-reason-wins`): a later cancellation reason replaces the pending one.
 * @module
 */
import { isCancellation, type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Applying a cancellation overwrites a pending cancellation (the last reason wins). */
const seams: ReferenceSeams = {
  kernel: {
    applyCancellation(kernel: Kernel, co: Coroutine, cancellation: ErrorValue): void {
      if (co.waker.error !== undefined && isCancellation(co.waker.error)) co.waker.error = cancellation;
      else kernelSeams.applyCancellation(kernel, co, cancellation);
    },
  },
};

/** The second cancel() reason overrides the first. */
export const mutant: Mutant = {
  name: 'secondReasonWins',
  targets: 'CAN-4',
  description: 'a second cancellation (coroutine cancel or scope cascade) replaces the first pending reason',
  caughtBy: { id: 'CAN-4', aspect: 'first-reason-wins' },
  seams,
};
