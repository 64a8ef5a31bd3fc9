/**
 * CAN-8 mutant: isCancellationRequested stays true after the coroutine finished.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { CoroutineQuery, ErrorValue, Value } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `isCancellationRequested` is `CANCELLED ∨ deferred`, without `¬finished`. */
const seams: ReferenceSeams = {
  kernel: {
    queryValue(kernel: Kernel, co: Coroutine, what: CoroutineQuery): Value | ErrorValue {
      if (what === 'isCancellationRequested') return co.cancelled || co.deferredCancellation !== undefined;
      return kernelSeams.queryValue(kernel, co, what);
    },
  },
};

/** A finished cancelled coroutine is both requested and cancelled. */
export const mutant: Mutant = {
  name: 'requestedAfterFinish',
  targets: 'CAN-8',
  description: 'isCancellationRequested() stays true once the cancelled coroutine finished (so it is both requested and cancelled)',
  caughtBy: { id: 'CAN-8' },
  seams,
};
