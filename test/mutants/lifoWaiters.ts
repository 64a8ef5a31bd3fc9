/**
 * POOL-4 mutant: wake_one reserves a place for the newest waiter.
 * @module
 */
import { Pool, ReferenceRuntime, WakerStatus, type PoolConfig, type PoolWaiter } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A pool whose waiter queue is a stack. */
class LifoWaitersPool extends Pool {
  override selectWaiter(): PoolWaiter | undefined {
    return [...this.waiters].reverse().find((w) => !w.reserved && w.coroutine.waker.status === WakerStatus.WAITING);
  }
}

/** The runtime handing out such pools. */
class LifoWaitersRuntime extends ReferenceRuntime {
  protected override createPool(id: string, config: PoolConfig): Pool {
    return new LifoWaitersPool(id, config);
  }
}

/** Last come, first served. */
export const mutant: Mutant = {
  name: 'lifoWaiters',
  targets: 'POOL-4',
  description: 'a released place goes to the newest parked waiter instead of the oldest (LIFO waiters)',
  Runtime: LifoWaitersRuntime,
};
