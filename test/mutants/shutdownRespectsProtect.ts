/**
 * CAN-11 mutant: graceful shutdown is deferred by protect.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Shutdown cancels without clearing `PROTECTED`, so a protected coroutine only gets it at the end of its block. */
const seams: ReferenceSeams = {
  kernel: {
    shutdownCancel(kernel: Kernel, co: Coroutine, cancellation: ErrorValue): void {
      kernel.seams.cancelCoroutine(kernel, co, cancellation);
    },
  },
};

/** Shutdown waits for protect blocks. */
export const mutant: Mutant = {
  name: 'shutdownRespectsProtect',
  targets: 'CAN-11',
  description: 'graceful shutdown does not clear PROTECTED: a coroutine waiting inside protect() is not woken and gets the shutdown only when its block ends',
  caughtBy: { id: 'CAN-11' },
  seams,
};
