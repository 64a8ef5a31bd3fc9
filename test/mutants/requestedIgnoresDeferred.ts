/**
 * CAN-8 mutant (`predicate-lattice`): isCancellationRequested() ignores a deferred cancellation.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { CoroutineQuery, ErrorValue, Value } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `isCancellationRequested` = `CANCELLED ∧ ¬finished`, without the deferred-cancellation disjunct. */
const seams: ReferenceSeams = {
  kernel: {
    queryValue(kernel: Kernel, co: Coroutine, what: CoroutineQuery): Value | ErrorValue {
      if (what === 'isCancellationRequested') return co.cancelled && !co.finished;
      return kernelSeams.queryValue(kernel, co, what);
    },
  },
};

/** A protected coroutine with a pending cancellation reports none. */
export const mutant: Mutant = {
  name: 'requestedIgnoresDeferred',
  targets: 'CAN-8',
  description: 'isCancellationRequested() is false while a cancellation is deferred by protect()',
  caughtBy: { id: 'COR-6', aspect: 'predicate-lattice' },
  seams,
};
