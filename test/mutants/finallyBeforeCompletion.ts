/**
 * COR-5 mutant: `finally()` handlers run before the completion event.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Outcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Handlers are reported synchronously, before `completed`/`failed`. */
class FinallyBeforeCompletionRuntime extends ReferenceRuntime {
  protected override emitFinished(co: Coroutine, outcome: Outcome): void {
    for (const handler of co.finallyHandlers.splice(0)) {
      this.emit(`finally:${co.id}`, { kind: 'finally', target: co.id, handler });
    }
    super.emitFinished(co, outcome);
  }
}

/** Finalize order broken. */
export const mutant: Mutant = {
  name: 'finallyBeforeCompletion',
  targets: 'COR-5',
  description: "finally handlers run before the coroutine's completed/failed event",
  Runtime: FinallyBeforeCompletionRuntime,
};
