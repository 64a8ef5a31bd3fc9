/**
 * CAN-8 mutant: isCancellationRequested stays true after the coroutine finished.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { CoroutineQuery, ErrorValue, Value } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `isCancellationRequested` is `CANCELLED ∨ deferred`, without `¬finished`. */
class RequestedAfterFinishRuntime extends ReferenceRuntime {
  protected override queryValue(co: Coroutine, what: CoroutineQuery): Value | ErrorValue {
    if (what === 'isCancellationRequested') return co.cancelled || co.deferredCancellation !== undefined;
    return super.queryValue(co, what);
  }
}

/** A finished cancelled coroutine is both requested and cancelled. */
export const mutant: Mutant = {
  name: 'requestedAfterFinish',
  targets: 'CAN-8',
  description: 'isCancellationRequested() stays true once the cancelled coroutine finished (so it is both requested and cancelled)',
  caughtBy: { id: 'CAN-8' },
  Runtime: RequestedAfterFinishRuntime,
};
