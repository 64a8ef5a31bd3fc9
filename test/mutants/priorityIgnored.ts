/**
 * SCH-2 mutant: high-priority spawn goes to the tail.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Every spawn is pushed at the tail. */
const seams: ReferenceSeams = {
  kernel: {
    enqueueSpawned(kernel: Kernel, co: Coroutine): void {
      kernel.queue.push(co);
    },
  },
};

/** `priority: "high"` has no effect. */
export const mutant: Mutant = {
  name: 'priorityIgnored',
  targets: 'SCH-2',
  description: 'high-priority spawn goes to the tail',
  seams,
};
