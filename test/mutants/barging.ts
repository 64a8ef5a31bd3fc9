/**
 * POOL-4 mutant: reservations are not honoured — anybody may take a place promised to a woken waiter.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** may_take ignores reservations. */
const seams: ReferenceSeams = {
  pool: {
    mayTake(area: PoolArea, pool: Pool, hasReservation: boolean): boolean {
      void hasReservation;
      return pool.max - pool.active > 0;
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
