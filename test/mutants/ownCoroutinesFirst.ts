/**
 * SCP-4 mutant: a cascade cancels the scope's own coroutines before its child scopes.
 * @module
 */
import type { ReferenceSeams, Scope, ScopeArea } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Own coroutines first, then the child scopes. */
const seams: ReferenceSeams = {
  scope: {
    cascadeScopeCancel(area: ScopeArea, scope: Scope, cancellation: ErrorValue, safe: boolean): void {
      for (const co of [...scope.coroutines]) area.k.seams.cancelCoroutine(area.k, co, cancellation, safe);
      for (const child of [...scope.children]) area.seams.userCancelScope(area, child, cancellation, safe);
    },
  },
};

/** A scope cancel cancels the scope's own coroutines before those of its child scopes. */
export const mutant: Mutant = {
  name: 'ownCoroutinesFirst',
  targets: 'SCP-4',
  description: 'a scope cancel cancels the scope\'s own coroutines before those of its child scopes',
  seams,
};
