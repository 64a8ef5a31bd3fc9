/**
 * SCP-2 mutant: Scope::inherit() does not copy the safe flag.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Every inherited scope starts not safe. */
class InheritNotSafeRuntime extends ReferenceRuntime {
  protected override newScope(co: Coroutine, id: string, parent: Scope | undefined): Scope {
    const scope = super.newScope(co, id, parent);
    scope.safe = false;
    return scope;
  }
}

/** Scope::inherit() makes a not-safe scope whatever the parent's flag (main's scope included). */
export const mutant: Mutant = {
  name: 'inheritNotSafe',
  targets: 'SCP-2',
  description: 'Scope::inherit() makes a not-safe scope whatever the parent\'s flag (main\'s scope included)',
  Runtime: InheritNotSafeRuntime,
};
