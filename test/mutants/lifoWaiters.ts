/**
 * POOL-4 mutant: wake_one reserves a place for the newest waiter.
 * @module
 */
import { WakerStatus, type Pool, type PoolArea, type PoolWaiter, type ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The waiter queue is a stack. */
const seams: ReferenceSeams = {
  pool: {
    selectWaiter(area: PoolArea, pool: Pool): PoolWaiter | undefined {
      return [...pool.waiters].reverse().find((w) => !w.reserved && w.coroutine.waker.status === WakerStatus.WAITING);
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
