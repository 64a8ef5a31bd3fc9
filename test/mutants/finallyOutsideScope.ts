/**
 * SCP-16 mutant: a coroutine's finally iterator runs outside any scope, so
 * the coroutine's scope can be disposed (and run its own finally handlers)
 * or report completion before the coroutine's handlers ran.
 * @module
 */
import { FinallyIterator, type Coroutine, type Kernel, type ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The iterator is queued at the head, but in no child scope. */
const seams: ReferenceSeams = {
  kernel: {
    scheduleFinally(kernel: Kernel, co: Coroutine): void {
      if (co.finallyHandlers.length === 0) return;
      kernel.queue.pushFront(new FinallyIterator(co, co.finallyHandlers.splice(0)));
    },
  },
};

/** The coroutine's scope does not wait for its finally iterator. */
export const mutant: Mutant = {
  name: 'finallyOutsideScope',
  targets: 'SCP-16',
  description: "a coroutine's finally iterator runs outside any scope: its scope's own finally handlers may run first",
  caughtBy: { id: 'SCP-16', aspect: 'order' },
  seams,
};
