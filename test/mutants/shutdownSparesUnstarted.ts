/**
 * SCH-9 mutant: graceful shutdown leaves not-started coroutines alone.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Shutdown cancels only started coroutines. */
const seams: ReferenceSeams = {
  kernel: {
    shutdownCancel(kernel: Kernel, co: Coroutine, cancellation: ErrorValue): void {
      if (co.started) kernelSeams.shutdownCancel(kernel, co, cancellation);
    },
  },
};

/** Unstarted coroutines run their bodies after shutdown. */
export const mutant: Mutant = {
  name: 'shutdownSparesUnstarted',
  targets: 'SCH-9',
  description: 'graceful shutdown does not cancel coroutines that have not started (they run their bodies)',
  seams,
};
