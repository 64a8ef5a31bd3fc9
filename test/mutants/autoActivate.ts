/**
 * CB-5 mutant: the pool closes the circuit on its own after a successful release.
 * @module
 */
import { type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** A successful release of a pool that is not ACTIVE activates it, strategy or not. */
const seams: ReferenceSeams = {
  pool: {
    reportRelease(area: PoolArea, pool: Pool, ok: boolean): void {
      poolSeams.reportRelease(area, pool, ok);
      if (ok && pool.state !== 'ACTIVE') area.seams.setBreakerState(area, area.k.actorId(), pool, 'ACTIVE');
    },
  },
};

/** An autonomous transition. */
export const mutant: Mutant = {
  name: 'autoActivate',
  targets: 'CB-5',
  description: 'a successful release of an INACTIVE or RECOVERING pool activates it by itself, without user code or strategy',
  caughtBy: { id: 'CB-5' },
  seams,
};
