/**
 * COR-6 mutant: `isCancelled()` is true as soon as cancellation is requested.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { CoroutineQuery, ErrorValue, Value } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `isCancelled` ignores `finished`. */
const seams: ReferenceSeams = {
  kernel: {
    queryValue(kernel: Kernel, co: Coroutine, what: CoroutineQuery): Value | ErrorValue {
      return what === 'isCancelled' ? co.cancelled : kernelSeams.queryValue(kernel, co, what);
    },
  },
};

/** isCancelled and isCancellationRequested both true. */
export const mutant: Mutant = {
  name: 'cancelledWhileRunning',
  targets: 'COR-6',
  description: 'isCancelled() is true as soon as cancellation is requested (before the coroutine finished)',
  seams,
};
