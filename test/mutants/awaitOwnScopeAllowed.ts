/**
 * SCP-13 mutant: a coroutine may await the completion of its own scope.
 * @module
 */
import type { Coroutine, ReferenceSeams, Scope, ScopeArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The containment check is skipped. */
const seams: ReferenceSeams = {
  scope: {
    refuseOwnScope(area: ScopeArea, co: Coroutine, scope: Scope): void {
      void co;
      void scope;
    },
  },
};

/** AwaitCompletion()/awaitAfterCancellation() from inside the scope (or a descendant) waits instead of throwing AsyncException. */
export const mutant: Mutant = {
  name: 'awaitOwnScopeAllowed',
  targets: 'SCP-13',
  description: 'awaitCompletion()/awaitAfterCancellation() from inside the scope (or a descendant) waits instead of throwing AsyncException',
  seams,
};
