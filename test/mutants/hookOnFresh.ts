/**
 * POOL-7 mutant: beforeAcquire is also called on freshly created resources.
 * @module
 */
import { type Coroutine, type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The factory's result goes through beforeAcquire too (its answer is ignored). */
const seams: ReferenceSeams = {
  pool: {
    *createForCaller(area: PoolArea, co: Coroutine, pool: Pool): Generator<void, string, void> {
      const resource = yield* poolSeams.createForCaller(area, co, pool);
      if (pool.config.beforeAcquire !== undefined) yield* area.callHook(co, pool, 'beforeAcquire', resource);
      return resource;
    },
  },
};

/** beforeAcquire on fresh resources. */
export const mutant: Mutant = {
  name: 'hookOnFresh',
  targets: 'POOL-7',
  description: 'beforeAcquire is called on a resource the factory has just created',
  seams,
};
