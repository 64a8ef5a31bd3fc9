/**
 * SCP-6 mutant (`safe-mode`): a safe-mode cascade cancels started coroutines instead of making them zombies.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Step 6 of the cancel algorithm never applies. */
const seams: ReferenceSeams = {
  kernel: {
    zombifiesInsteadOfCancelling(kernel: Kernel, target: Coroutine, safe: boolean): boolean {
      void target;
      void safe;
      return false;
    },
  },
};

/** Safe scopes cancel their running coroutines. */
export const mutant: Mutant = {
  name: 'safeScopeCancels',
  targets: 'SCP-6',
  description: 'cancelling a safe scope (or disposeSafely) throws the cancellation into started coroutines instead of making them zombies',
  caughtBy: { id: 'SCP-5', aspect: 'safe-mode' },
  seams,
};
