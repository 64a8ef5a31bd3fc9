/**
 * SCP-16 mutant: a scope's finally handlers run when it is cancelled.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Finally handlers run at the first cancel instead of at close or disposal. */
class ScopeFinallyOnCancelRuntime extends ReferenceRuntime {
  protected override userCancelScope(scope: Scope, cancellation: ErrorValue, safe: boolean): void {
    super.userCancelScope(scope, cancellation, safe);
    if (scope.cancelled) this.runScopeFinally(scope);
  }
}

/** A scope's finally handlers run as soon as it is cancelled, while its coroutines still run. */
export const mutant: Mutant = {
  name: 'scopeFinallyOnCancel',
  targets: 'SCP-16',
  description: 'a scope\'s finally handlers run as soon as it is cancelled, while its coroutines still run',
  Runtime: ScopeFinallyOnCancelRuntime,
};
