/**
 * POOL-8 mutant: a resource beforeRelease rejected goes back to idle.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** beforeRelease is called, its answer ignored. */
class ReleaseIgnoresRejectionRuntime extends ReferenceRuntime {
  protected override *release(co: Coroutine, pool: Pool, resource: string): Generator<void, void, void> {
    if (pool.config.beforeRelease !== undefined) yield* this.callHook(co, pool, 'beforeRelease', resource);
    pool.active--;
    this.reportRelease(pool, true);
    if (pool.closed) {
      this.destroyResource(pool, resource);
      return;
    }
    pool.idle.push(resource);
    this.wakeOne(pool);
  }
}

/** Broken resources are reused. */
export const mutant: Mutant = {
  name: 'releaseIgnoresRejection',
  targets: 'POOL-8',
  description: 'a resource beforeRelease rejected is returned to idle instead of destroyed',
  Runtime: ReleaseIgnoresRejectionRuntime,
};
