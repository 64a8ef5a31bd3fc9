/**
 * CB-4 mutant (issue 4, the docs' reading of RECOVERING): a RECOVERING pool admits one trial request at a time.
 * @module
 */
import { poolSeams, type Pool, type PoolArea, type ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Half-open: while RECOVERING, a caller without a reservation may take a place only if nothing is active. */
const seams: ReferenceSeams = {
  pool: {
    mayTake(area: PoolArea, pool: Pool, hasReservation: boolean): boolean {
      if (pool.state === 'RECOVERING' && !hasReservation) return pool.active === 0 && pool.unreserved > 0;
      return poolSeams.mayTake(area, pool, hasReservation);
    },
  },
};

/** RECOVERING limits requests. */
export const mutant: Mutant = {
  name: 'recoveringLimitsAdmission',
  targets: 'CB-4',
  description: 'RECOVERING admits only one request at a time ("limited requests" of the docs): further callers park or get null while places are free',
  caughtBy: { id: 'CB-4' },
  seams,
};
