/**
 * CAN-10 mutant: finally() handlers of a cancelled coroutine are dropped.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A coroutine that ends `CANCELLED` gets no finally iterator. */
const seams: ReferenceSeams = {
  kernel: {
    scheduleFinally(kernel: Kernel, co: Coroutine): void {
      if (co.cancelled && co.started) co.finallyHandlers.splice(0);
      kernelSeams.scheduleFinally(kernel, co);
    },
  },
};

/** Cleanup handlers are skipped on cancellation. */
export const mutant: Mutant = {
  name: 'cancelledSkipsFinally',
  targets: 'CAN-10',
  description: 'finally() handlers of a coroutine cancelled while it ran (or waited) never run',
  caughtBy: { id: 'CAN-10' },
  seams,
};
