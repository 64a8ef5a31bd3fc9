/**
 * POOL-6 mutant: a failed factory call keeps its place counted (a phantom slot).
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** `factoryFailed` without `active--`. */
const seams: ReferenceSeams = {
  pool: {
    factoryFailed(area: PoolArea, pool: Pool): void {
      area.seams.wakeOne(area, pool);
    },
  },
};

/** Each failed factory call shrinks the pool for good. */
export const mutant: Mutant = {
  name: 'factoryLeaksSlot',
  targets: 'POOL-6',
  description: 'a failed factory call does not return its place: the slot leaks and later callers wait or get null while the pool is empty',
  seams,
};
