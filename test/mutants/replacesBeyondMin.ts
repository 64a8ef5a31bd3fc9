/**
 * POOL-12 mutant: the healthcheck replaces every unhealthy resource, even above min.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Always replace. */
const seams: ReferenceSeams = {
  pool: {
    replacesUpToMin(area: PoolArea, pool: Pool): boolean {
      void pool;
      return true;
    },
  },
};

/** Replacement without the `total < min` bound. */
export const mutant: Mutant = {
  name: 'replacesBeyondMin',
  targets: 'POOL-12',
  description: 'a healthcheck tick replaces an unhealthy resource although min resources still exist',
  seams,
};
