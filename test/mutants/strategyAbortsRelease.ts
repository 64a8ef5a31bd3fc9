/**
 * CB-7 mutant: a throwing strategy aborts the rest of release() (the exception itself is swallowed).
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release*, returning right after a report whose strategy method throws. */
class StrategyAbortsReleaseRuntime extends ReferenceRuntime {
  protected override *release(co: Coroutine, pool: Pool, resource: string): Generator<void, void, void> {
    const ok = pool.config.beforeRelease === undefined ? true : yield* this.callHook(co, pool, 'beforeRelease', resource);
    pool.active--;
    this.reportRelease(pool, ok);
    if (pool.strategy?.spec.throwOn?.includes(ok ? 'success' : 'failure')) return;
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

/** The strategy's exception is swallowed, the rest of the release is lost. */
export const mutant: Mutant = {
  name: 'strategyAbortsRelease',
  targets: 'CB-7',
  description: 'when a strategy method throws, release() swallows the exception but stops there: the resource is neither returned to idle nor destroyed and no waiter is woken',
  caughtBy: 'CB-7 (§13.4-4',
  Runtime: StrategyAbortsReleaseRuntime,
};
