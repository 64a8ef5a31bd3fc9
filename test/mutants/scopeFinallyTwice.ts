/**
 * CAN-10 mutant (`finally-once`, SCP-16): a scope's finally handlers run again when a closed scope is later disposed.
 * @module
 */
import { FinallyIterator, scopeSeams, type ReferenceSeams, type Scope, type ScopeArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The handlers each scope ran the first time (scopes are per run, so the map is too). */
const ran = new WeakMap<Scope, string[]>();

/** No "already ran" guard: closing and then disposing a scope runs its handlers twice. */
const seams: ReferenceSeams = {
  scope: {
    runScopeFinally(area: ScopeArea, scope: Scope): void {
      const again = ran.get(scope);
      if (again === undefined) {
        ran.set(scope, [...scope.finallyHandlers]);
        scopeSeams.runScopeFinally(area, scope);
      } else if (again.length > 0) area.k.queue.pushFront(new FinallyIterator(scope, [...again]));
    },
  },
};

/** Scope finally handlers run at close and again at disposal. */
export const mutant: Mutant = {
  name: 'scopeFinallyTwice',
  targets: 'CAN-10',
  description: "a scope's finally handlers run when it is closed and again when it is disposed",
  caughtBy: { id: 'CAN-10', aspect: 'finally-once' },
  seams,
};
