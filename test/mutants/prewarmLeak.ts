/**
 * POOL-1 mutant: a factory exception during pre-warm is thrown, but the resources already created are not destroyed.
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, poolConfig, type Coroutine, type PoolNewInstruction } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Pre-warm without clean-up: the created resources leak when the constructor throws. */
class PrewarmLeakRuntime extends ReferenceRuntime {
  protected override *newPool(co: Coroutine, instruction: PoolNewInstruction): Generator<void, void, void> {
    const pool = this.createPool(instruction.id, poolConfig(instruction));
    for (let i = 0; i < pool.min; i++) {
      const resource = yield* this.callFactory(co, pool);
      pool.idle.push(resource);
    }
    this.pools.set(pool.id, pool);
    this.armHealthcheck(pool);
    void ScenarioThrow;
  }
}

/** The constructor leaks what pre-warm created before the factory failed. */
export const mutant: Mutant = {
  name: 'prewarmLeak',
  targets: 'POOL-1',
  description: 'a failing pre-warm throws from the constructor without destroying the resources it already created',
  Runtime: PrewarmLeakRuntime,
};
