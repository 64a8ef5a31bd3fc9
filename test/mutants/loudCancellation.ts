/**
 * SCH-13 mutant: an uncaught cancellation escaping main is treated as an error.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Any error escaping main starts shutdown and becomes the exit exception. */
const seams: ReferenceSeams = {
  kernel: {
    escalates(kernel: Kernel, co: Coroutine): boolean {
      return co.isMain;
    },
  },
};

/** Cancellation is not silent. */
export const mutant: Mutant = {
  name: 'loudCancellation',
  targets: 'SCH-13',
  description: 'an uncaught cancellation escaping main is treated like an error (starts shutdown / exit carries it)',
  seams,
};
