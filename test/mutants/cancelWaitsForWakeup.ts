/**
 * CAN-2 mutant (`termination`): a cancelled coroutine is not woken; the cancellation waits for its own wake-up.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A `WAITING` coroutine keeps waiting after cancel (its pending error is thrown only when it wakes up anyway). */
const seams: ReferenceSeams = {
  kernel: {
    requeueCancelled(kernel: Kernel, co: Coroutine): void {
      void co;
    },
  },
};

/** Cancellation does not interrupt a wait. */
export const mutant: Mutant = {
  name: 'cancelWaitsForWakeup',
  targets: 'CAN-2',
  description: 'cancelling a waiting coroutine does not wake it: the cancellation is thrown only when its timer or awaited event wakes it',
  caughtBy: { id: 'CAN-2', aspect: 'termination' },
  seams,
};
