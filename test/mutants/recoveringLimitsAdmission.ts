/**
 * CB-4 mutant (issue 4, the docs' reading of RECOVERING): a RECOVERING pool admits one trial request at a time.
 * @module
 */
import { Pool, type PoolConfig, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A half-open pool: while RECOVERING, a caller without a reservation may take a place only if nothing is active. */
class HalfOpenPool extends Pool {
  override mayTake(hasReservation: boolean): boolean {
    if (this.state === 'RECOVERING' && !hasReservation) return this.active === 0 && this.unreserved > 0;
    return super.mayTake(hasReservation);
  }
}

/** The runtime handing out half-open pools. */
const seams: ReferenceSeams = {
  pool: {
    createPool(area: PoolArea, id: string, config: PoolConfig): Pool {
      return new HalfOpenPool(id, config);
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
