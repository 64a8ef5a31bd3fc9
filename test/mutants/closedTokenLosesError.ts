/**
 * CAN-9 mutant: awaiting with a cancellation token that already failed
 * throws `OperationCanceledException` without the token's error as
 * `previous`.
 * @module
 */
import type { AwaitInstruction, ErrorValue } from '../../conformance/adapter.js';
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Drops `previous` from the token error thrown at once by an await whose token was already closed. */
class ClosedTokenLosesErrorRuntime extends ReferenceRuntime {
  /** Whether an await is in its first, synchronous step (where only an already-closed token throws the token error). */
  private awaitStarting = false;

  protected override *awaitInstruction(co: Coroutine, instruction: AwaitInstruction): Generator<void, void, void> {
    const inner = super.awaitInstruction(co, instruction);
    this.awaitStarting = true;
    let step: IteratorResult<void, void>;
    try {
      step = inner.next();
    } finally {
      this.awaitStarting = false;
    }
    while (!step.done) {
      yield;
      step = inner.next();
    }
  }

  protected override tokenError(previous: ErrorValue | undefined): ErrorValue {
    return super.tokenError(this.awaitStarting ? undefined : previous);
  }
}

/** A token that failed before the await: its error is not chained. */
export const mutant: Mutant = {
  name: 'closedTokenLosesError',
  targets: 'CAN-9',
  description: 'an await whose cancellation token already failed throws OperationCanceledException without the token\'s error as previous',
  caughtBy: { id: 'CAN-9' },
  Runtime: ClosedTokenLosesErrorRuntime,
};
