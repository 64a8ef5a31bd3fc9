/**
 * SCP-12 mutant: the completion check stops at the scope of the finished coroutine.
 * @module
 */
import type { ReferenceSeams, Scope, ScopeArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Only the scope itself is checked, not its ancestors. */
const seams: ReferenceSeams = {
  scope: {
    completionCheck(area: ScopeArea, scope: Scope): void {
      area.notifyScopeWaiters(scope);
    },
  },
};

/** When a coroutine finishes only its own scope's waiters are checked, so a parent scope's awaitCompletion waiters are not woken. */
export const mutant: Mutant = {
  name: 'completionCheckNotUpward',
  targets: 'SCP-12',
  description: 'when a coroutine finishes only its own scope\'s waiters are checked, so a parent scope\'s awaitCompletion waiters are not woken',
  seams,
};
