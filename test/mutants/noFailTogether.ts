/**
 * SCP-14 mutant: an unhandled exception does not cancel the siblings.
 * @module
 */
import type { ReferenceSeams, Scope, ScopeArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Fail-together only marks the scope cancelled. */
const seams: ReferenceSeams = {
  scope: {
    failTogether(area: ScopeArea, scope: Scope, safe: boolean): void {
      void safe;
      scope.cancelled = true;
    },
  },
};

/** An unhandled exception marks its scope cancelled but cancels neither the sibling coroutines nor the child scopes. */
export const mutant: Mutant = {
  name: 'noFailTogether',
  targets: 'SCP-14',
  description: 'an unhandled exception marks its scope cancelled but cancels neither the sibling coroutines nor the child scopes',
  seams,
};
