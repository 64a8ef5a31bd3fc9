/**
 * POOL-10 mutant: a resource released after close() goes back to idle instead of being destroyed.
 * @module
 */
import { type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without the closed-pool branch. */
const seams: ReferenceSeams = {
  pool: {
    settleRelease(area: PoolArea, pool: Pool, resource: string, ok: boolean): void {
      if (ok) area.returnToIdle(pool, resource);
      else poolSeams.settleRelease(area, pool, resource, ok);
    },
  },
};

/** Active resources survive close(). */
export const mutant: Mutant = {
  name: 'releaseAfterCloseToIdle',
  targets: 'POOL-10',
  description: 'a resource released after close() is returned to idle instead of destroyed, so a closed pool keeps idle resources',
  caughtBy: { id: 'POOL-10', aspect: 'close' },
  seams,
};
