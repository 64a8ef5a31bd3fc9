/**
 * SCP-8 mutant: a cancelled scope refuses spawn() as if closed.
 * @module
 */
import { MESSAGES, ReferenceRuntime, ScenarioThrow, makeError, type Coroutine, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Spawning into a cancelled scope throws the closed-scope error. */
class CancelledRefusesSpawnRuntime extends ReferenceRuntime {
  protected override spawnTarget(co: Coroutine, id: string | undefined): Scope {
    const scope = super.spawnTarget(co, id);
    if (scope.cancelled) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.spawnInClosedScope));
    return scope;
  }
}

/** Spawning into a cancelled but not closed scope throws "Cannot spawn a coroutine in a closed scope". */
export const mutant: Mutant = {
  name: 'cancelledRefusesSpawn',
  targets: 'SCP-8',
  description: 'spawning into a cancelled but not closed scope throws "Cannot spawn a coroutine in a closed scope"',
  Runtime: CancelledRefusesSpawnRuntime,
};
