/**
 * SCP-16 mutant: a scope's finally handlers run when it is cancelled.
 * @module
 */
import { type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Finally handlers run at the first cancel instead of at close or disposal. */
const seams: ReferenceSeams = {
  scope: {
    userCancelScope(area: ScopeArea, scope: Scope, cancellation: ErrorValue, safe: boolean): void {
      scopeSeams.userCancelScope(area, scope, cancellation, safe);
      if (scope.cancelled) area.seams.runScopeFinally(area, scope);
    },
  },
};

/** A scope's finally handlers run as soon as it is cancelled, while its coroutines still run. */
export const mutant: Mutant = {
  name: 'scopeFinallyOnCancel',
  targets: 'SCP-16',
  description: 'a scope\'s finally handlers run as soon as it is cancelled, while its coroutines still run',
  seams,
};
