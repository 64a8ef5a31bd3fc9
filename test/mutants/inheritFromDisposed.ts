/**
 * SCP-19 mutant: Scope::inherit() from a disposed scope succeeds.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Inheriting from a disposed parent makes a child of it. */
class InheritFromDisposedRuntime extends ReferenceRuntime {
  protected override newScope(co: Coroutine, id: string, parent: Scope | undefined): Scope {
    if (parent?.disposed !== true) return super.newScope(co, id, parent);
    const scope = this.createScope(id, parent, parent.safe);
    this.scopes.set(id, scope);
    return scope;
  }
}

/** Scope::inherit() from a disposed scope creates the scope instead of throwing AsyncException. */
export const mutant: Mutant = {
  name: 'inheritFromDisposed',
  targets: 'SCP-19',
  description: 'Scope::inherit() from a disposed scope creates the scope instead of throwing AsyncException',
  Runtime: InheritFromDisposedRuntime,
};
