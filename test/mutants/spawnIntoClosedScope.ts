/**
 * SCP-3 mutant: a closed scope accepts spawn().
 * @module
 */
import { type Coroutine, type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Only a disposed scope refuses a spawn. */
const seams: ReferenceSeams = {
  scope: {
    spawnTarget(area: ScopeArea, co: Coroutine, id: string | undefined): Scope {
      const scope = id === undefined ? co.scope : area.scopeRef(id);
      if (scope.closed && !scope.disposed) return scope;
      return scopeSeams.spawnTarget(area, co, id);
    },
  },
};

/** Spawning into a CLOSED (not disposed) scope succeeds instead of throwing. */
export const mutant: Mutant = {
  name: 'spawnIntoClosedScope',
  targets: 'SCP-3',
  description: 'spawning into a CLOSED (not disposed) scope succeeds instead of throwing',
  seams,
};
