/**
 * POOL-12 mutant: the healthcheck also checks resources that are in use.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Candidates: idle and held resources. */
const seams: ReferenceSeams = {
  pool: {
    healthcheckCandidates(area: PoolArea, pool: Pool): string[] {
      return [...pool.idle.toArray(), ...[...pool.held.values()].flat()];
    },
  },
};

/** A held resource is checked (and, if healthy, put back into idle). */
export const mutant: Mutant = {
  name: 'healthcheckTouchesActive',
  targets: 'POOL-12',
  description: 'the healthcheck tick checks resources held by coroutines, not only idle ones',
  seams,
};
