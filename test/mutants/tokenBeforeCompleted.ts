/**
 * CAN-9 mutant: a closed token is checked before the awaitable.
 * @module
 */
import { ScenarioThrow, type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { AwaitInstruction } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `await` throws at once when its token is closed, even if the awaitable already completed. */
const seams: ReferenceSeams = {
  kernel: {
    *awaitInstruction(kernel: Kernel, co: Coroutine, instruction: AwaitInstruction): Generator<void, void, void> {
      const token = instruction.cancellation === undefined ? undefined : kernel.tokenRef(co, instruction.cancellation);
      if (token !== undefined && token.closed) {
        const previous = token.replay();
        throw new ScenarioThrow(kernel.seams.tokenError(kernel, previous?.kind === 'error' ? previous.error : undefined));
      }
      yield* kernelSeams.awaitInstruction(kernel, co, instruction);
    },
  },
};

/** A closed token beats an already completed awaitable. */
export const mutant: Mutant = {
  name: 'tokenBeforeCompleted',
  targets: 'CAN-9',
  description: 'await(x, token) with an already closed token throws OperationCanceledException even when x had already completed',
  caughtBy: { id: 'CAN-9' },
  seams,
};
