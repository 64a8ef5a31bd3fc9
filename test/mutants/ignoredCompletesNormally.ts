/**
 * CAN-2 mutant: a coroutine cancelled before it started completes normally.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An `IGNORED` coroutine is finished with `null` instead of its cancellation. */
const seams: ReferenceSeams = {
  kernel: {
    finishIgnored(kernel: Kernel, co: Coroutine): void {
      kernel.seams.completeCoroutine(kernel, co, { kind: 'value', value: null });
    },
  },
};

/** Cancel-before-start loses the cancellation. */
export const mutant: Mutant = {
  name: 'ignoredCompletesNormally',
  targets: 'CAN-2',
  description: 'a coroutine cancelled before it started never runs but completes with null, so await does not throw the cancellation',
  caughtBy: { id: 'CAN-2' },
  seams,
};
