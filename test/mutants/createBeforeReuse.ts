/**
 * POOL-3 mutant: acquire creates a new resource while there is room, even when one is idle.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The create step comes before the reuse step. */
class CreateBeforeReuseRuntime extends ReferenceRuntime {
  protected override *acquire(co: Coroutine, pool: Pool, timeoutMs: number): Generator<void, string, void> {
    if (!pool.closed && pool.admits() && pool.total < pool.max && pool.mayTake(false)) return yield* this.createForCaller(co, pool);
    return yield* super.acquire(co, pool, timeoutMs);
  }
}

/** Create first, reuse only when full. */
export const mutant: Mutant = {
  name: 'createBeforeReuse',
  targets: 'POOL-3',
  description: 'acquire calls the factory while there is room although a resource is idle',
  Runtime: CreateBeforeReuseRuntime,
};
