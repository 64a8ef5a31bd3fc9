/**
 * CAN-5 mutant (`protect-window`): `protect` does not defer cancellation.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Step 3 of the cancel algorithm never applies: a protected coroutine is cancelled at once. */
const seams: ReferenceSeams = {
  kernel: {
    defersCancellation(kernel: Kernel, target: Coroutine): boolean {
      void target;
      return false;
    },
  },
};

/** Cancellations are thrown inside protect closures. */
export const mutant: Mutant = {
  name: 'protectIgnored',
  targets: 'CAN-5',
  description: 'a cancellation reaching a coroutine inside protect() is thrown there at once instead of being deferred',
  caughtBy: { id: 'CAN-5', aspect: 'protect-window' },
  seams,
};
