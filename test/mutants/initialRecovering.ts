/**
 * CB-1 mutant: a new pool's breaker starts RECOVERING.
 * @module
 */
import { ReferenceRuntime, type Pool, type PoolConfig } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Pools are created RECOVERING. */
class InitialRecoveringRuntime extends ReferenceRuntime {
  protected override createPool(id: string, config: PoolConfig): Pool {
    const pool = super.createPool(id, config);
    pool.state = 'RECOVERING';
    return pool;
  }
}

/** Initial state RECOVERING. */
export const mutant: Mutant = {
  name: 'initialRecovering',
  targets: 'CB-1',
  description: 'a new pool\'s circuit breaker starts RECOVERING instead of ACTIVE (admission alike: only getState() shows it)',
  caughtBy: { id: 'CB-1' },
  Runtime: InitialRecoveringRuntime,
};
