/**
 * SCP-7 mutant: a second cancel of a cancelled scope does not close it.
 * @module
 */
import type { ReferenceSeams, Scope, ScopeArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Only a drained scope is closed at once. */
const seams: ReferenceSeams = {
  scope: {
    closesAtOnce(area: ScopeArea, scope: Scope): boolean {
      return scope.drained;
    },
  },
};

/** Cancel()/dispose*() on an already cancelled scope whose coroutines still run cancels it again instead of closing it. */
export const mutant: Mutant = {
  name: 'secondCancelIgnored',
  targets: 'SCP-7',
  description: 'cancel()/dispose*() on an already cancelled scope whose coroutines still run cancels it again instead of closing it',
  seams,
};
