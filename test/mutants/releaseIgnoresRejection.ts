/**
 * POOL-8 mutant: a resource beforeRelease rejected goes back to idle.
 * @module
 */
import { type Coroutine, type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** beforeRelease is called, its answer ignored. */
const seams: ReferenceSeams = {
  pool: {
    *releaseVerdict(area: PoolArea, co: Coroutine, pool: Pool, resource: string): Generator<void, boolean, void> {
      yield* poolSeams.releaseVerdict(area, co, pool, resource);
      return true;
    },
  },
};

/** Broken resources are reused. */
export const mutant: Mutant = {
  name: 'releaseIgnoresRejection',
  targets: 'POOL-8',
  description: 'a resource beforeRelease rejected is returned to idle instead of destroyed',
  seams,
};
