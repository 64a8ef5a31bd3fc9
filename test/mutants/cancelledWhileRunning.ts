/**
 * COR-6 mutant: `isCancelled()` is true as soon as cancellation is requested.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { CoroutineQuery, ErrorValue, Value } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `isCancelled` ignores `finished`. */
class CancelledWhileRunningRuntime extends ReferenceRuntime {
  protected override queryValue(co: Coroutine, what: CoroutineQuery): Value | ErrorValue {
    return what === 'isCancelled' ? co.cancelled : super.queryValue(co, what);
  }
}

/** isCancelled and isCancellationRequested both true. */
export const mutant: Mutant = {
  name: 'cancelledWhileRunning',
  targets: 'COR-6',
  description: 'isCancelled() is true as soon as cancellation is requested (before the coroutine finished)',
  Runtime: CancelledWhileRunningRuntime,
};
