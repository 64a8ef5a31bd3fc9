/**
 * COR-7 mutant: `finally()` handlers run in reverse registration order.
 * @module
 */
import type { Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** LIFO handlers. */
const seams: ReferenceSeams = {
  kernel: {
    finallyOrder(kernel: Kernel, handlers: readonly string[]): readonly string[] {
      return [...handlers].reverse();
    },
  },
};

/** Handlers run last-registered first. */
export const mutant: Mutant = {
  name: 'finallyReversed',
  targets: 'COR-7',
  description: 'finally handlers run in reverse registration order',
  seams,
};
