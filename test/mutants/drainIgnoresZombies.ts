/**
 * SCP-15 mutant: awaitAfterCancellation does not wait for zombies.
 * @module
 */
import { Scope, type ReferenceSeams, type ScopeArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A scope whose drained predicate does not count zombies. */
class ZombieBlindScope extends Scope {
  override get drained(): boolean {
    return this.active === 0 && this.children.every((c) => c.drained);
  }
}

/** The seam it replaces. */
const seams: ReferenceSeams = {
  scope: {
    createScope(area: ScopeArea, id: string, parent: Scope | undefined, safe: boolean, isMain = false): Scope {
      return new ZombieBlindScope(id, parent, safe, isMain);
    },
  },
};

/** A scope counts as drained while zombies still run, so awaitAfterCancellation() resumes before they end. */
export const mutant: Mutant = {
  name: 'drainIgnoresZombies',
  targets: 'SCP-15',
  description: 'a scope counts as drained while zombies still run, so awaitAfterCancellation() resumes before they end',
  seams,
};
