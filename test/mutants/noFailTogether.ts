/**
 * SCP-14 mutant: an unhandled exception does not cancel the siblings.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Fail-together only marks the scope cancelled. */
class NoFailTogetherRuntime extends ReferenceRuntime {
  protected override failTogether(scope: Scope, safe: boolean): void {
    void safe;
    scope.cancelled = true;
  }
}

/** An unhandled exception marks its scope cancelled but cancels neither the sibling coroutines nor the child scopes. */
export const mutant: Mutant = {
  name: 'noFailTogether',
  targets: 'SCP-14',
  description: 'an unhandled exception marks its scope cancelled but cancels neither the sibling coroutines nor the child scopes',
  Runtime: NoFailTogetherRuntime,
};
