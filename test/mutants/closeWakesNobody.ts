/**
 * POOL-10 mutant: close does not wake the parked waiters.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The first half of close is missing. */
const seams: ReferenceSeams = {
  pool: {
    wakeWaitersOnClose(area: PoolArea, pool: Pool): void {
      void pool;
    },
  },
};

/** Waiters of a closed pool keep waiting. */
export const mutant: Mutant = {
  name: 'closeWakesNobody',
  targets: 'POOL-10',
  description: 'close() does not wake the parked waiters with PoolException("Pool is closed")',
  seams,
};
