/**
 * SCP-10 mutant: the default scope cancellation reaches coroutines as "Coroutine cancelled".
 * @module
 */
import { MESSAGES, ReferenceRuntime, makeError, type Scope } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The cascade swaps the default scope cancellation for the coroutine default. */
class DefaultCoroutineReasonRuntime extends ReferenceRuntime {
  protected override cascadeScopeCancel(scope: Scope, cancellation: ErrorValue, safe: boolean): void {
    const swapped = cancellation.message === MESSAGES.scopeCancelled ? makeError('Async\\AsyncCancellation', MESSAGES.coroutineCancelled) : cancellation;
    super.cascadeScopeCancel(scope, swapped, safe);
  }
}

/** Cancel()/dispose() without a reason cancel the scope's coroutines with AsyncCancellation("Coroutine cancelled") instead of the scope's "Scope was cancelled". */
export const mutant: Mutant = {
  name: 'defaultCoroutineReason',
  targets: 'SCP-10',
  description: 'cancel()/dispose() without a reason cancel the scope\'s coroutines with AsyncCancellation("Coroutine cancelled") instead of the scope\'s "Scope was cancelled"',
  Runtime: DefaultCoroutineReasonRuntime,
};
