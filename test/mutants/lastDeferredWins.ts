/**
 * CAN-4 mutant: the last cancellation deferred by protect wins.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Each cancellation reaching a protected coroutine replaces the deferred one. */
const seams: ReferenceSeams = {
  kernel: {
    deferCancellation(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
      target.deferredCancellation = cancellation;
    },
  },
};

/** Later reasons replace the first while protected. */
export const mutant: Mutant = {
  name: 'lastDeferredWins',
  targets: 'CAN-4',
  description: 'a later cancellation reaching a coroutine inside protect() replaces the deferred one, so protect() throws the last reason',
  caughtBy: { id: 'CAN-4' },
  seams,
};
