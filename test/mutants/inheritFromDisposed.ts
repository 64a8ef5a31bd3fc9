/**
 * SCP-19 mutant: Scope::inherit() from a disposed scope succeeds.
 * @module
 */
import { type Coroutine, type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Inheriting from a disposed parent makes a child of it. */
const seams: ReferenceSeams = {
  scope: {
    newScope(area: ScopeArea, co: Coroutine, id: string, parent: Scope | undefined): Scope {
      if (parent?.disposed !== true) return scopeSeams.newScope(area, co, id, parent);
      const scope = area.seams.createScope(area, id, parent, parent.safe);
      area.scopes.set(id, scope);
      return scope;
    },
  },
};

/** Scope::inherit() from a disposed scope creates the scope instead of throwing AsyncException. */
export const mutant: Mutant = {
  name: 'inheritFromDisposed',
  targets: 'SCP-19',
  description: 'Scope::inherit() from a disposed scope creates the scope instead of throwing AsyncException',
  seams,
};
