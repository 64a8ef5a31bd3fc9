/**
 * CAN-10 mutant (`finally-once`, SCP-16): a scope's finally handlers run again when a closed scope is later disposed.
 * @module
 */
import { FinallyIterator, ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** No "already ran" guard: closing and then disposing a scope runs its handlers twice. */
class ScopeFinallyTwiceRuntime extends ReferenceRuntime {
  private readonly ran = new Map<Scope, string[]>();

  protected override runScopeFinally(scope: Scope): void {
    const again = this.ran.get(scope);
    if (again === undefined) {
      this.ran.set(scope, [...scope.finallyHandlers]);
      super.runScopeFinally(scope);
    } else if (again.length > 0) this.queue.pushFront(new FinallyIterator(scope, [...again]));
  }
}

/** Scope finally handlers run at close and again at disposal. */
export const mutant: Mutant = {
  name: 'scopeFinallyTwice',
  targets: 'CAN-10',
  description: "a scope's finally handlers run when it is closed and again when it is disposed",
  caughtBy: { id: 'CAN-10', aspect: 'finally-once' },
  Runtime: ScopeFinallyTwiceRuntime,
};
