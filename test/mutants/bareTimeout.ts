/**
 * WAK-8 mutant: the timeout token delivers `TimeoutException` itself.
 * @module
 */
import { makeError, type ReferenceSeams, type Kernel } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** No `OperationCanceledException` wrapper around the timeout. */
const seams: ReferenceSeams = {
  kernel: {
    timeoutError(kernel: Kernel, timeoutMs: number): ErrorValue {
      return makeError('Async\\TimeoutException', `Timeout occurred after ${timeoutMs} milliseconds`);
    },
  },
};

/** A fired timeout throws TimeoutException directly. */
export const mutant: Mutant = {
  name: 'bareTimeout',
  targets: 'WAK-8',
  description: 'the timeout token delivers TimeoutException directly instead of OperationCanceledException with previous TimeoutException',
  seams,
};
