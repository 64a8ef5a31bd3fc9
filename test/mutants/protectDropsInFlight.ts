/**
 * CAN-5 mutant: the error leaving a protect block is lost when a deferred cancellation is thrown.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** At the exit of `protect`, the deferred cancellation is thrown without the error in flight in its previous chain. */
const seams: ReferenceSeams = {
  kernel: {
    exitProtect(kernel: Kernel, co: Coroutine, inFlight: ErrorValue | undefined): ErrorValue | undefined {
      void inFlight;
      return kernelSeams.exitProtect(kernel, co, undefined);
    },
  },
};

/** The closure's exception vanishes. */
export const mutant: Mutant = {
  name: 'protectDropsInFlight',
  targets: 'CAN-5',
  description: 'when a protect() closure throws while a cancellation is deferred, protect() throws the cancellation without the closure\'s exception as previous',
  caughtBy: { id: 'CAN-5' },
  seams,
};
