/**
 * SCP-9 mutant: isFinished() ignores child scopes.
 * @module
 */
import { type Scope, type ScopeQueryMethod, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { Value } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** isFinished() looks at the scope's own coroutines only. */
const seams: ReferenceSeams = {
  scope: {
    scopeQueryValue(area: ScopeArea, scope: Scope, what: ScopeQueryMethod): Value {
      if (what === 'isFinished') return scope.disposed || scope.closed || scope.cancelled || scope.active === 0;
      return scopeSeams.scopeQueryValue(area, scope, what);
    },
  },
};

/** IsFinished() is true when the scope has no active coroutine of its own, even while its child scopes have some. */
export const mutant: Mutant = {
  name: 'finishedIgnoresChildren',
  targets: 'SCP-9',
  description: 'isFinished() is true when the scope has no active coroutine of its own, even while its child scopes have some',
  seams,
};
