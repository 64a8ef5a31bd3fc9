/**
 * POOL-8 mutant: a release whose resource beforeRelease rejected frees the place but wakes no waiter.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without the `wake_one` of the rejected path. */
class BrokenReleaseWakesNobodyRuntime extends ReferenceRuntime {
  protected override *release(co: Coroutine, pool: Pool, resource: string): Generator<void, void, void> {
    const ok = pool.config.beforeRelease === undefined ? true : yield* this.callHook(co, pool, 'beforeRelease', resource);
    pool.active--;
    this.reportRelease(pool, ok);
    if (!ok) {
      const thrown = this.destroyResource(pool, resource);
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

/** A lost wake-up on every broken release. */
export const mutant: Mutant = {
  name: 'brokenReleaseWakesNobody',
  targets: 'POOL-8',
  description: 'a broken release (beforeRelease false) destroys the resource and frees its place but wakes no waiter: a parked waiter stays parked while the pool has room',
  caughtBy: 'POOL-4 POOL-6 POOL-8 (§13.4-7',
  Runtime: BrokenReleaseWakesNobodyRuntime,
};
