/**
 * POOL-2 mutant: a resource beforeRelease rejected is destroyed but stays counted as active.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without `active--` on the rejected path. */
class BrokenReleaseStaysCountedRuntime extends ReferenceRuntime {
  protected override *release(co: Coroutine, pool: Pool, resource: string): Generator<void, void, void> {
    const ok = pool.config.beforeRelease === undefined ? true : yield* this.callHook(co, pool, 'beforeRelease', resource);
    if (ok) pool.active--;
    this.reportRelease(pool, ok);
    if (!ok) {
      const thrown = this.destroyResource(pool, resource);
      this.wakeOne(pool);
      if (thrown !== undefined) throw new ScenarioThrow(thrown);
      return;
    }
    if (pool.closed) {
      const thrown = this.destroyResource(pool, resource);
      if (thrown !== undefined) throw new ScenarioThrow(thrown);
      return;
    }
    pool.idle.push(resource);
    this.wakeOne(pool);
  }
}

/** A phantom active resource per broken release. */
export const mutant: Mutant = {
  name: 'brokenReleaseStaysCounted',
  targets: 'POOL-2',
  description: 'a released resource that beforeRelease rejected is destroyed but activeCount() is not decremented: count() drifts above #created − #destroyed',
  caughtBy: 'POOL-2 (§13.4-5',
  Runtime: BrokenReleaseStaysCountedRuntime,
};
