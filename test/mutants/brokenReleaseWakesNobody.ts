/**
 * POOL-8 mutant: a release whose resource beforeRelease rejected frees the place but wakes no waiter.
 * @module
 */
import { ReferenceRuntime, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without the `wake_one` of the rejected path. */
class BrokenReleaseWakesNobodyRuntime extends ReferenceRuntime {
  protected override discardBroken(pool: Pool, resource: string): void {
    this.destroyOrThrow(pool, resource);
  }
}

/** A lost wake-up on every broken release. */
export const mutant: Mutant = {
  name: 'brokenReleaseWakesNobody',
  targets: 'POOL-8',
  description: 'a broken release (beforeRelease false) destroys the resource and frees its place but wakes no waiter: a parked waiter stays parked while the pool has room',
  caughtBy: { id: 'POOL-4', aspect: 'no-lost-wakeup' },
  Runtime: BrokenReleaseWakesNobodyRuntime,
};
