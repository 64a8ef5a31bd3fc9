/**
 * POOL-5 mutant: a woken waiter that leaves with an error drops its reservation.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** No hand-on. */
const seams: ReferenceSeams = {
  pool: {
    handOn(area: PoolArea, pool: Pool): void {
      void pool;
    },
  },
};

/** The next waiter is never woken. */
export const mutant: Mutant = {
  name: 'noHandOn',
  targets: 'POOL-5',
  description: 'a waiter cancelled after being woken does not pass its reservation on, so the next waiter is never woken',
  seams,
};
