/**
 * POOL-10 mutant: a resource released after close() goes back to idle instead of being destroyed.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without the closed-pool branch. */
class ReleaseAfterCloseToIdleRuntime extends ReferenceRuntime {
  protected override *release(co: Coroutine, pool: Pool, resource: string): Generator<void, void, void> {
    const ok = pool.config.beforeRelease === undefined ? true : yield* this.callHook(co, pool, 'beforeRelease', resource);
    pool.active--;
    this.reportRelease(pool, ok);
    if (!ok) {
      const thrown = this.destroyResource(pool, resource);
      this.wakeOne(pool);
      if (thrown !== undefined) throw new ScenarioThrow(thrown);
      return;
    }
    pool.idle.push(resource);
    this.wakeOne(pool);
  }
}

/** Active resources survive close(). */
export const mutant: Mutant = {
  name: 'releaseAfterCloseToIdle',
  targets: 'POOL-10',
  description: 'a resource released after close() is returned to idle instead of destroyed, so a closed pool keeps idle resources',
  caughtBy: 'POOL-10 (§13.4-8',
  Runtime: ReleaseAfterCloseToIdleRuntime,
};
