/**
 * POOL-2 mutant: the place of a factory call is counted only once the factory returns.
 * @module
 */
import { ScenarioThrow, type Coroutine, type Pool, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** `active++` after the factory instead of before: a suspending factory lets concurrent callers over-create. */
const seams: ReferenceSeams = {
  pool: {
    *createForCaller(area: PoolArea, co: Coroutine, pool: Pool): Generator<void, string, void> {
      try {
        const resource = yield* area.callFactory(co, pool);
        pool.active++;
        return resource;
      } catch (signal) {
        if (signal instanceof ScenarioThrow) {
          pool.active++;
          area.seams.factoryFailed(area, pool);
        }
        throw signal;
      }
    },
  },
};

/** A slow factory call does not hold its place. */
export const mutant: Mutant = {
  name: 'uncountedFactory',
  targets: 'POOL-2',
  description: 'a factory call in progress is not counted, so concurrent acquires create more than max resources',
  seams,
};
