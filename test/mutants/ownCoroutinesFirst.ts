/**
 * SCP-4 mutant: a cascade cancels the scope's own coroutines before its child scopes.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Own coroutines first, then the child scopes. */
class OwnCoroutinesFirstRuntime extends ReferenceRuntime {
  protected override cascadeScopeCancel(scope: Scope, cancellation: ErrorValue, safe: boolean): void {
    for (const co of [...scope.coroutines]) this.cancelCoroutine(co, cancellation, safe);
    for (const child of [...scope.children]) this.userCancelScope(child, cancellation, safe);
  }
}

/** A scope cancel cancels the scope's own coroutines before those of its child scopes. */
export const mutant: Mutant = {
  name: 'ownCoroutinesFirst',
  targets: 'SCP-4',
  description: 'a scope cancel cancels the scope\'s own coroutines before those of its child scopes',
  Runtime: OwnCoroutinesFirstRuntime,
};
