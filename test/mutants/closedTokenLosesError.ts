/**
 * CAN-9 mutant: awaiting with a cancellation token that already failed
 * throws `OperationCanceledException` without the token's error as
 * `previous`.
 * @module
 */
import type { AwaitInstruction, ErrorValue } from '../../conformance/adapter.js';
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The kernels whose await is in its first, synchronous step (where only an already-closed token throws the token error). */
const awaitStarting = new WeakSet<Kernel>();

/** Drops `previous` from the token error thrown at once by an await whose token was already closed (two seams of the kernel: the await marks its first step, the token error reads the mark). */
const seams: ReferenceSeams = {
  kernel: {
    *awaitInstruction(kernel: Kernel, co: Coroutine, instruction: AwaitInstruction): Generator<void, void, void> {
      const inner = kernelSeams.awaitInstruction(kernel, co, instruction);
      awaitStarting.add(kernel);
      let step: IteratorResult<void, void>;
      try {
        step = inner.next();
      } finally {
        awaitStarting.delete(kernel);
      }
      while (!step.done) {
        yield;
        step = inner.next();
      }
    },
    tokenError(kernel: Kernel, previous: ErrorValue | undefined): ErrorValue {
      return kernelSeams.tokenError(kernel, awaitStarting.has(kernel) ? undefined : previous);
    },
  },
};

/** A token that failed before the await: its error is not chained. */
export const mutant: Mutant = {
  name: 'closedTokenLosesError',
  targets: 'CAN-9',
  description: 'an await whose cancellation token already failed throws OperationCanceledException without the token\'s error as previous',
  caughtBy: { id: 'CAN-9' },
  seams,
};
