/**
 * POOL-4 mutant: wake_one reserves a place for the newest waiter.
 * @module
 */
import { Pool, WakerStatus, type PoolConfig, type PoolWaiter, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A pool whose waiter queue is a stack. */
class LifoWaitersPool extends Pool {
  override selectWaiter(): PoolWaiter | undefined {
    return [...this.waiters].reverse().find((w) => !w.reserved && w.coroutine.waker.status === WakerStatus.WAITING);
  }
}

/** The runtime handing out such pools. */
const seams: ReferenceSeams = {
  pool: {
    createPool(area: PoolArea, id: string, config: PoolConfig): Pool {
      return new LifoWaitersPool(id, config);
    },
  },
};

/** Last come, first served. */
export const mutant: Mutant = {
  name: 'lifoWaiters',
  targets: 'POOL-4',
  description: 'a released place goes to the newest parked waiter instead of the oldest (LIFO waiters)',
  seams,
};
