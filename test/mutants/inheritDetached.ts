/**
 * SCP-1 mutant: Scope::inherit($parent) makes a root instead of a child.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A scope inherited from a scenario scope is not attached to it. */
class InheritDetachedRuntime extends ReferenceRuntime {
  protected override createScope(id: string, parent: Scope | undefined, safe: boolean, isMain = false): Scope {
    return super.createScope(id, parent?.isMain ? parent : undefined, safe, isMain);
  }
}

/** An inherited scope is not a child of its parent scope (a cancel of the parent does not reach it). */
export const mutant: Mutant = {
  name: 'inheritDetached',
  targets: 'SCP-1',
  description: 'an inherited scope is not a child of its parent scope (a cancel of the parent does not reach it)',
  Runtime: InheritDetachedRuntime,
};
