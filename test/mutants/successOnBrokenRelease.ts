/**
 * CB-6 mutant (issue 4): a release whose resource beforeRelease rejected reports success.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Every release reports success. */
const seams: ReferenceSeams = {
  pool: {
    reportRelease(area: PoolArea, pool: Pool, ok: boolean): void {
      void ok;
      area.report(pool, 'success');
    },
  },
};

/** reportSuccess on a broken release. */
export const mutant: Mutant = {
  name: 'successOnBrokenRelease',
  targets: 'CB-6',
  description: 'a release whose resource beforeRelease rejected calls reportSuccess instead of reportFailure',
  caughtBy: { id: 'CB-6' },
  seams,
};
