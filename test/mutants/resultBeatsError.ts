/**
 * WAK-3 mutant: a pending result beats a pending error on resumption.
 * @module
 */
import { type Coroutine, type WakeOutcome, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The result is delivered even when an error (a cancellation) is pending. */
const seams: ReferenceSeams = {
  kernel: {
    resumeOutcome(kernel: Kernel, co: Coroutine): WakeOutcome {
      const value = co.waker.result;
      if (value === undefined) return kernelSeams.resumeOutcome(kernel, co);
      co.waker.clear();
      return { value };
    },
  },
};

/** Woken with a value, then cancelled before it runs: gets the value. */
export const mutant: Mutant = {
  name: 'resultBeatsError',
  targets: 'WAK-3',
  description: 'a coroutine woken with a value and cancelled before it runs gets the value instead of the cancellation',
  seams,
};
