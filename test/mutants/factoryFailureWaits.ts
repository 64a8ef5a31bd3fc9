/**
 * POOL-6 mutant (acquire.puml, a decision recorded in the catalogue): a failed factory call makes the caller wait instead of throwing.
 * @module
 */
import { ScenarioThrow, type Coroutine, type Pool, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** "Factory error — not fatal. Proceeding to wait": the place is returned, the exception swallowed, the caller parks. */
const seams: ReferenceSeams = {
  pool: {
    *createForCaller(area: PoolArea, co: Coroutine, pool: Pool): Generator<void, string, void> {
      pool.active++;
      try {
        return yield* area.callFactory(co, pool);
      } catch (signal) {
        if (!(signal instanceof ScenarioThrow)) throw signal;
        pool.active--;
        yield* area.seams.waitForResource(area, co, pool, 0);
        return yield* area.seams.acquire(area, co, pool, 0);
      }
    },
  },
};

/** The diagram's reading of a factory failure. */
export const mutant: Mutant = {
  name: 'factoryFailureWaits',
  targets: 'POOL-6',
  description: 'a failed factory call is swallowed and the caller waits for a resource (acquire.puml) instead of getting the exception',
  seams,
};
