/**
 * POOL-2 mutant: the place of a factory call is counted only once the factory returns.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** `active++` after the factory instead of before: a suspending factory lets concurrent callers over-create. */
class UncountedFactoryRuntime extends ReferenceRuntime {
  protected override *createForCaller(co: Coroutine, pool: Pool): Generator<void, string, void> {
    try {
      const resource = yield* this.callFactory(co, pool);
      pool.active++;
      return resource;
    } catch (signal) {
      if (signal instanceof ScenarioThrow) {
        pool.active++;
        this.factoryFailed(pool);
      }
      throw signal;
    }
  }
}

/** A slow factory call does not hold its place. */
export const mutant: Mutant = {
  name: 'uncountedFactory',
  targets: 'POOL-2',
  description: 'a factory call in progress is not counted, so concurrent acquires create more than max resources',
  Runtime: UncountedFactoryRuntime,
};
