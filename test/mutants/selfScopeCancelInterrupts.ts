/**
 * SCP-20 mutant: a coroutine cancelling its own scope is interrupted at its next suspension.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Self-cancellation also applies the cancellation to the waker. */
const seams: ReferenceSeams = {
  kernel: {
    cancelSelf(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
      kernelSeams.cancelSelf(kernel, target, cancellation);
      kernel.seams.applyCancellation(kernel, target, cancellation);
    },
  },
};

/** A coroutine that cancels its own scope gets the cancellation thrown at its next suspension. */
export const mutant: Mutant = {
  name: 'selfScopeCancelInterrupts',
  targets: 'SCP-20',
  description: 'a coroutine that cancels its own scope gets the cancellation thrown at its next suspension',
  seams,
};
