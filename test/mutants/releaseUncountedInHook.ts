/**
 * POOL-8 mutant (release.puml, §12 #31): `active--` before beforeRelease.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The released resource stops counting while its beforeRelease hook runs. */
class ReleaseUncountedInHookRuntime extends ReferenceRuntime {
  protected override *release(co: Coroutine, pool: Pool, resource: string): Generator<void, void, void> {
    pool.active--;
    const ok = pool.config.beforeRelease === undefined ? true : yield* this.callHook(co, pool, 'beforeRelease', resource);
    this.reportRelease(pool, ok);
    if (!ok || pool.closed) {
      const thrown = this.destroyResource(pool, resource);
      if (!ok) this.wakeOne(pool);
      if (thrown !== undefined) throw new ScenarioThrow(thrown);
      return;
    }
    pool.idle.push(resource);
    this.wakeOne(pool);
  }
}

/** The diagram's order. */
export const mutant: Mutant = {
  name: 'releaseUncountedInHook',
  targets: 'POOL-8',
  description: 'the released resource stops counting as active before beforeRelease runs (release.puml order)',
  Runtime: ReleaseUncountedInHookRuntime,
};
