/**
 * COR-1 mutant: spawn runs the child at once.
 * @module
 */
import type { Coroutine, Kernel, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The child runs until it suspends or finishes, then the spawner continues. */
const seams: ReferenceSeams = {
  kernel: {
    enqueueSpawned(kernel: Kernel, co: Coroutine): void {
      kernel.runSlice(co);
    },
  },
};

/** The spawner does not continue first. */
export const mutant: Mutant = {
  name: 'eagerSpawn',
  targets: 'COR-1',
  description: "spawn runs the child's body immediately, before the spawner continues",
  seams,
};
