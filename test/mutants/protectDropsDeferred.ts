/**
 * CAN-5 mutant (`protect-window`): leaving `protect` forgets the deferred cancellation.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The exit of a protect block clears the deferred cancellation without throwing it. */
const seams: ReferenceSeams = {
  kernel: {
    exitProtect(kernel: Kernel, co: Coroutine, inFlight: ErrorValue | undefined): ErrorValue | undefined {
      void inFlight;
      co.protectedFlag = false;
      co.deferredCancellation = undefined;
      return undefined;
    },
  },
};

/** A cancellation that arrived during protect() is lost. */
export const mutant: Mutant = {
  name: 'protectDropsDeferred',
  targets: 'CAN-5',
  description: 'a cancellation deferred during protect() is dropped at the exit instead of being thrown from protect()',
  caughtBy: { id: 'CAN-5', aspect: 'protect-window' },
  seams,
};
