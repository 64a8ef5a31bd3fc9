/**
 * SCP-18 mutant: zombies count for awaitCompletion.
 * @module
 */
import { Scope, type ReferenceSeams, type ScopeArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A scope whose settled predicate counts zombies. */
class ZombieCountingScope extends Scope {
  override get settled(): boolean {
    return this.active + this.zombie === 0 && this.children.every((c) => c.settled);
  }
}

/** The seam it replaces. */
const seams: ReferenceSeams = {
  scope: {
    createScope(area: ScopeArea, id: string, parent: Scope | undefined, safe: boolean, isMain = false): Scope {
      return new ZombieCountingScope(id, parent, safe, isMain);
    },
  },
};

/** AwaitCompletion() waits for zombies as if they were active coroutines. */
export const mutant: Mutant = {
  name: 'zombiesCountAsActive',
  targets: 'SCP-18',
  description: 'awaitCompletion() waits for zombies as if they were active coroutines',
  seams,
};
