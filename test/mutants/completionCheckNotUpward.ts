/**
 * SCP-12 mutant: the completion check stops at the scope of the finished coroutine.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Only the scope itself is checked, not its ancestors. */
class CompletionCheckNotUpwardRuntime extends ReferenceRuntime {
  protected override completionCheck(scope: Scope): void {
    this.notifyScopeWaiters(scope);
  }
}

/** When a coroutine finishes only its own scope's waiters are checked, so a parent scope's awaitCompletion waiters are not woken. */
export const mutant: Mutant = {
  name: 'completionCheckNotUpward',
  targets: 'SCP-12',
  description: 'when a coroutine finishes only its own scope\'s waiters are checked, so a parent scope\'s awaitCompletion waiters are not woken',
  Runtime: CompletionCheckNotUpwardRuntime,
};
