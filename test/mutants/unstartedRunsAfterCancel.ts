/**
 * CAN-2 mutant (`not-started`): a coroutine cancelled before it started still runs its body.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Step 5 of the cancel algorithm does nothing: the coroutine stays queued and starts normally. */
const seams: ReferenceSeams = {
  kernel: {
    cancelNotStarted(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
      void target;
      void cancellation;
    },
  },
};

/** Not-started coroutines ignore cancellation. */
export const mutant: Mutant = {
  name: 'unstartedRunsAfterCancel',
  targets: 'CAN-2',
  description: 'a coroutine cancelled before its first tick is not IGNORED: it starts and runs its body',
  caughtBy: { id: 'CAN-2', aspect: 'not-started' },
  seams,
};
