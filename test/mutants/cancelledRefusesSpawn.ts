/**
 * SCP-8 mutant: a cancelled scope refuses spawn() as if closed.
 * @module
 */
import { MESSAGES, ScenarioThrow, makeError, type Coroutine, type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Spawning into a cancelled scope throws the closed-scope error. */
const seams: ReferenceSeams = {
  scope: {
    spawnTarget(area: ScopeArea, co: Coroutine, id: string | undefined): Scope {
      const scope = scopeSeams.spawnTarget(area, co, id);
      if (scope.cancelled) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.spawnInClosedScope));
      return scope;
    },
  },
};

/** Spawning into a cancelled but not closed scope throws "Cannot spawn a coroutine in a closed scope". */
export const mutant: Mutant = {
  name: 'cancelledRefusesSpawn',
  targets: 'SCP-8',
  description: 'spawning into a cancelled but not closed scope throws "Cannot spawn a coroutine in a closed scope"',
  seams,
};
