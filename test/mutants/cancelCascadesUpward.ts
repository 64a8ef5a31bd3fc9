/**
 * SCP-4 mutant (`downward-only`): cancelling a scope also cancels the coroutines of its parent.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The cascade goes one level up: the parent scope's own coroutines get the cancellation too. */
class CancelCascadesUpwardRuntime extends ReferenceRuntime {
  protected override cascadeScopeCancel(scope: Scope, cancellation: ErrorValue, safe: boolean): void {
    super.cascadeScopeCancel(scope, cancellation, safe);
    const parent = scope.parent;
    if (parent === undefined || parent.isMain) return;
    for (const co of [...parent.coroutines]) this.cancelCoroutine(co, cancellation, safe);
  }
}

/** A scope cancel leaks to the parent's coroutines. */
export const mutant: Mutant = {
  name: 'cancelCascadesUpward',
  targets: 'SCP-4',
  description: "cancelling a scope also cancels its parent scope's own coroutines (the cascade goes upward)",
  caughtBy: { id: 'SCP-4', aspect: 'downward-only' },
  Runtime: CancelCascadesUpwardRuntime,
};
