/**
 * CB-1 mutant: a new pool's breaker starts RECOVERING.
 * @module
 */
import { type Pool, type PoolConfig, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Pools are created RECOVERING. */
const seams: ReferenceSeams = {
  pool: {
    createPool(area: PoolArea, id: string, config: PoolConfig): Pool {
      const pool = poolSeams.createPool(area, id, config);
      pool.state = 'RECOVERING';
      return pool;
    },
  },
};

/** Initial state RECOVERING. */
export const mutant: Mutant = {
  name: 'initialRecovering',
  targets: 'CB-1',
  description: 'a new pool\'s circuit breaker starts RECOVERING instead of ACTIVE (admission alike: only getState() shows it)',
  caughtBy: { id: 'CB-1' },
  seams,
};
