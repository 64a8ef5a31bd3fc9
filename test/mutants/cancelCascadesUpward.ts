/**
 * SCP-4 mutant (`downward-only`): cancelling a scope also cancels the coroutines of its parent.
 * @module
 */
import { type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The cascade goes one level up: the parent scope's own coroutines get the cancellation too. */
const seams: ReferenceSeams = {
  scope: {
    cascadeScopeCancel(area: ScopeArea, scope: Scope, cancellation: ErrorValue, safe: boolean): void {
      scopeSeams.cascadeScopeCancel(area, scope, cancellation, safe);
      const parent = scope.parent;
      if (parent === undefined || parent.isMain) return;
      for (const co of [...parent.coroutines]) area.k.seams.cancelCoroutine(area.k, co, cancellation, safe);
    },
  },
};

/** A scope cancel leaks to the parent's coroutines. */
export const mutant: Mutant = {
  name: 'cancelCascadesUpward',
  targets: 'SCP-4',
  description: "cancelling a scope also cancels its parent scope's own coroutines (the cascade goes upward)",
  caughtBy: { id: 'SCP-4', aspect: 'downward-only' },
  seams,
};
