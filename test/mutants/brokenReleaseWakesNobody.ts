/**
 * POOL-8 mutant: a release whose resource beforeRelease rejected frees the place but wakes no waiter.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without the `wake_one` of the rejected path. */
const seams: ReferenceSeams = {
  pool: {
    discardBroken(area: PoolArea, pool: Pool, resource: string): void {
      area.destroyOrThrow(pool, resource);
    },
  },
};

/** A lost wake-up on every broken release. */
export const mutant: Mutant = {
  name: 'brokenReleaseWakesNobody',
  targets: 'POOL-8',
  description: 'a broken release (beforeRelease false) destroys the resource and frees its place but wakes no waiter: a parked waiter stays parked while the pool has room',
  caughtBy: { id: 'POOL-4', aspect: 'no-lost-wakeup' },
  seams,
};
