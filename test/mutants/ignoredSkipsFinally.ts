/**
 * CAN-10 mutant (`finally-once`): a coroutine cancelled before it started never runs its finally handlers.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Finishing an `IGNORED` coroutine drops its finally handlers. */
const seams: ReferenceSeams = {
  kernel: {
    finishIgnored(kernel: Kernel, co: Coroutine): void {
      co.finallyHandlers.splice(0);
      kernelSeams.finishIgnored(kernel, co);
    },
  },
};

/** The cancelled-before-start path loses finally() handlers. */
export const mutant: Mutant = {
  name: 'ignoredSkipsFinally',
  targets: 'CAN-10',
  description: 'finally() handlers of a coroutine cancelled before it started never run',
  caughtBy: { id: 'CAN-10', aspect: 'finally-once' },
  seams,
};
