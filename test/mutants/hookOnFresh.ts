/**
 * POOL-7 mutant: beforeAcquire is also called on freshly created resources.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The factory's result goes through beforeAcquire too (its answer is ignored). */
class HookOnFreshRuntime extends ReferenceRuntime {
  protected override *createForCaller(co: Coroutine, pool: Pool): Generator<void, string, void> {
    const resource = yield* super.createForCaller(co, pool);
    if (pool.config.beforeAcquire !== undefined) yield* this.callHook(co, pool, 'beforeAcquire', resource);
    return resource;
  }
}

/** beforeAcquire on fresh resources. */
export const mutant: Mutant = {
  name: 'hookOnFresh',
  targets: 'POOL-7',
  description: 'beforeAcquire is called on a resource the factory has just created',
  Runtime: HookOnFreshRuntime,
};
