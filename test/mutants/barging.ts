/**
 * POOL-4 mutant: reservations are not honoured — anybody may take a place promised to a woken waiter.
 * @module
 */
import { Pool, type PoolConfig, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A pool whose may_take ignores reservations. */
class BargingPool extends Pool {
  override mayTake(hasReservation: boolean): boolean {
    void hasReservation;
    return this.max - this.active > 0;
  }
}

/** The runtime handing out such pools. */
const seams: ReferenceSeams = {
  pool: {
    createPool(area: PoolArea, id: string, config: PoolConfig): Pool {
      return new BargingPool(id, config);
    },
  },
};

/** A late arrival (or the releaser itself) takes the resource just released for a waiter. */
export const mutant: Mutant = {
  name: 'barging',
  targets: 'POOL-4',
  description: 'may_take ignores reservations: a late arrival takes the resource released for the oldest waiter (barging)',
  seams,
};
