/**
 * POOL-2 mutant: a resource beforeRelease rejected is destroyed but stays counted as active.
 * @module
 */
import { type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without `active--` on the rejected path. */
const seams: ReferenceSeams = {
  pool: {
    settleRelease(area: PoolArea, pool: Pool, resource: string, ok: boolean): void {
      if (!ok) pool.active++;
      poolSeams.settleRelease(area, pool, resource, ok);
    },
  },
};

/** A phantom active resource per broken release. */
export const mutant: Mutant = {
  name: 'brokenReleaseStaysCounted',
  targets: 'POOL-2',
  description: 'a released resource that beforeRelease rejected is destroyed but activeCount() is not decremented: count() drifts above #created − #destroyed',
  caughtBy: { id: 'POOL-2', aspect: 'conservation' },
  seams,
};
