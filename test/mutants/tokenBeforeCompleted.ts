/**
 * CAN-9 mutant: a closed token is checked before the awaitable.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, type Coroutine } from '../../reference/index.js';
import type { AwaitInstruction } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `await` throws at once when its token is closed, even if the awaitable already completed. */
class TokenBeforeCompletedRuntime extends ReferenceRuntime {
  protected override *awaitInstruction(co: Coroutine, instruction: AwaitInstruction): Generator<void, void, void> {
    const token = instruction.cancellation === undefined ? undefined : this.tokenRef(co, instruction.cancellation);
    if (token !== undefined && token.closed) {
      const previous = token.replay();
      throw new ScenarioThrow(this.tokenError(previous?.kind === 'error' ? previous.error : undefined));
    }
    yield* super.awaitInstruction(co, instruction);
  }
}

/** A closed token beats an already completed awaitable. */
export const mutant: Mutant = {
  name: 'tokenBeforeCompleted',
  targets: 'CAN-9',
  description: 'await(x, token) with an already closed token throws OperationCanceledException even when x had already completed',
  caughtBy: { id: 'CAN-9' },
  Runtime: TokenBeforeCompletedRuntime,
};
