/**
 * POOL-8 mutant (release.puml, a decision recorded in the catalogue): `active--` before beforeRelease.
 * @module
 */
import { type Coroutine, type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The released resource stops counting while its beforeRelease hook runs. */
const seams: ReferenceSeams = {
  pool: {
    *releaseVerdict(area: PoolArea, co: Coroutine, pool: Pool, resource: string): Generator<void, boolean, void> {
      pool.active--;
      const ok = yield* poolSeams.releaseVerdict(area, co, pool, resource);
      pool.active++;
      return ok;
    },
  },
};

/** The diagram's order. */
export const mutant: Mutant = {
  name: 'releaseUncountedInHook',
  targets: 'POOL-8',
  description: 'the released resource stops counting as active before beforeRelease runs (release.puml order)',
  seams,
};
