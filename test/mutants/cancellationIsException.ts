/**
 * CAN-1 mutant: the cancellation a cancel delivers is an ordinary exception.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The cancel algorithm delivers `RuntimeException(<reason>)` instead of the `AsyncCancellation`. */
const seams: ReferenceSeams = {
  kernel: {
    cancelCoroutine(kernel: Kernel, target: Coroutine, cancellation: ErrorValue, safe = false): void {
      kernelSeams.cancelCoroutine(kernel, target, { ...cancellation, class: 'RuntimeException' }, safe);
    },
  },
};

/** Cancellations are caught by `catch (Exception)`. */
export const mutant: Mutant = {
  name: 'cancellationIsException',
  targets: 'CAN-1',
  description: 'cancel, shutdown and deadlock deliver a RuntimeException with the reason instead of an AsyncCancellation, so catch (Exception) catches it',
  caughtBy: { id: 'CAN-1' },
  seams,
};
