/**
 * POOL-10 mutant: a resource released after close() goes back to idle instead of being destroyed.
 * @module
 */
import { ReferenceRuntime, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release* without the closed-pool branch. */
class ReleaseAfterCloseToIdleRuntime extends ReferenceRuntime {
  protected override settleRelease(pool: Pool, resource: string, ok: boolean): void {
    if (ok) this.returnToIdle(pool, resource);
    else super.settleRelease(pool, resource, ok);
  }
}

/** Active resources survive close(). */
export const mutant: Mutant = {
  name: 'releaseAfterCloseToIdle',
  targets: 'POOL-10',
  description: 'a resource released after close() is returned to idle instead of destroyed, so a closed pool keeps idle resources',
  caughtBy: { id: 'POOL-10', aspect: 'close' },
  Runtime: ReleaseAfterCloseToIdleRuntime,
};
