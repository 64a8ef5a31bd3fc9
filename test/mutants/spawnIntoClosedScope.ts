/**
 * SCP-3 mutant: a closed scope accepts spawn().
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Only a disposed scope refuses a spawn. */
class SpawnIntoClosedScopeRuntime extends ReferenceRuntime {
  protected override spawnTarget(co: Coroutine, id: string | undefined): Scope {
    const scope = id === undefined ? co.scope : this.scopeRef(id);
    if (scope.closed && !scope.disposed) return scope;
    return super.spawnTarget(co, id);
  }
}

/** Spawning into a CLOSED (not disposed) scope succeeds instead of throwing. */
export const mutant: Mutant = {
  name: 'spawnIntoClosedScope',
  targets: 'SCP-3',
  description: 'spawning into a CLOSED (not disposed) scope succeeds instead of throwing',
  Runtime: SpawnIntoClosedScopeRuntime,
};
