/**
 * POOL-12 mutant: the healthcheck also checks resources that are in use.
 * @module
 */
import { Pool, type PoolConfig, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Candidates: idle and held resources. */
class TouchActivePool extends Pool {
  override healthcheckCandidates(): string[] {
    return [...this.idle.toArray(), ...[...this.held.values()].flat()];
  }
}

/** The runtime handing out such pools. */
const seams: ReferenceSeams = {
  pool: {
    createPool(area: PoolArea, id: string, config: PoolConfig): Pool {
      return new TouchActivePool(id, config);
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
