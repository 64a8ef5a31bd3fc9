/**
 * POOL-1 mutant: a factory exception during pre-warm is thrown, but the resources already created are not destroyed.
 * @module
 */
import { ScenarioThrow, poolConfig, type Coroutine, type PoolNewInstruction, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Pre-warm without clean-up: the created resources leak when the constructor throws. */
const seams: ReferenceSeams = {
  pool: {
    *newPool(area: PoolArea, co: Coroutine, instruction: PoolNewInstruction): Generator<void, void, void> {
      const pool = area.seams.createPool(area, instruction.id, poolConfig(instruction));
      for (let i = 0; i < pool.min; i++) {
        const resource = yield* area.callFactory(co, pool);
        pool.idle.push(resource);
      }
      area.pools.set(pool.id, pool);
      area.armHealthcheck(pool);
      void ScenarioThrow;
    },
  },
};

/** The constructor leaks what pre-warm created before the factory failed. */
export const mutant: Mutant = {
  name: 'prewarmLeak',
  targets: 'POOL-1',
  description: 'a failing pre-warm throws from the constructor without destroying the resources it already created',
  seams,
};
