/**
 * SCP-1 mutant: Scope::inherit($parent) makes a root instead of a child.
 * @module
 */
import { type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A scope inherited from a scenario scope is not attached to it. */
const seams: ReferenceSeams = {
  scope: {
    createScope(area: ScopeArea, id: string, parent: Scope | undefined, safe: boolean, isMain = false): Scope {
      return scopeSeams.createScope(area, id, parent?.isMain ? parent : undefined, safe, isMain);
    },
  },
};

/** An inherited scope is not a child of its parent scope (a cancel of the parent does not reach it). */
export const mutant: Mutant = {
  name: 'inheritDetached',
  targets: 'SCP-1',
  description: 'an inherited scope is not a child of its parent scope (a cancel of the parent does not reach it)',
  seams,
};
