/**
 * POOL-3 mutant: acquire creates a new resource while there is room, even when one is idle.
 * @module
 */
import { type Coroutine, type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The create step comes before the reuse step. */
const seams: ReferenceSeams = {
  pool: {
    *acquire(area: PoolArea, co: Coroutine, pool: Pool, timeoutMs: number): Generator<void, string, void> {
      if (!pool.closed && pool.admits() && pool.total < pool.max && pool.mayTake(false)) return yield* area.seams.createForCaller(area, co, pool);
      return yield* poolSeams.acquire(area, co, pool, timeoutMs);
    },
  },
};

/** Create first, reuse only when full. */
export const mutant: Mutant = {
  name: 'createBeforeReuse',
  targets: 'POOL-3',
  description: 'acquire calls the factory while there is room although a resource is idle',
  seams,
};
