/**
 * POOL-3 mutant: idle is a stack — the resource released last is reused first.
 * @module
 */
import { IdleRing, Pool, type PoolConfig, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An idle ring that pops from the tail. */
class LifoIdleRing extends IdleRing {
  override pop(): string | undefined {
    return this.popBack();
  }
}

/** A pool with a LIFO idle ring. */
class LifoIdlePool extends Pool {
  override readonly idle = new LifoIdleRing();
}

/** The seam that hands out LIFO pools (the factory of the pool area). */
const seams: ReferenceSeams = {
  pool: {
    createPool(area: PoolArea, id: string, config: PoolConfig): Pool {
      return new LifoIdlePool(id, config);
    },
  },
};

/** Newest idle resource first. */
export const mutant: Mutant = {
  name: 'lifoIdle',
  targets: 'POOL-3',
  description: 'acquire reuses the most recently released idle resource instead of the oldest (LIFO idle)',
  seams,
};
