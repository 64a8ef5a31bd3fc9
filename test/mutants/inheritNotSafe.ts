/**
 * SCP-2 mutant: Scope::inherit() does not copy the safe flag.
 * @module
 */
import { type Coroutine, type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Every inherited scope starts not safe. */
const seams: ReferenceSeams = {
  scope: {
    newScope(area: ScopeArea, co: Coroutine, id: string, parent: Scope | undefined): Scope {
      const scope = scopeSeams.newScope(area, co, id, parent);
      scope.safe = false;
      return scope;
    },
  },
};

/** Scope::inherit() makes a not-safe scope whatever the parent's flag (main's scope included). */
export const mutant: Mutant = {
  name: 'inheritNotSafe',
  targets: 'SCP-2',
  description: 'Scope::inherit() makes a not-safe scope whatever the parent\'s flag (main\'s scope included)',
  seams,
};
