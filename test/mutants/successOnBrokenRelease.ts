/**
 * CB-6 mutant (issue 4): a release whose resource beforeRelease rejected reports success.
 * @module
 */
import { ReferenceRuntime, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Every release reports success. */
class SuccessOnBrokenReleaseRuntime extends ReferenceRuntime {
  protected override reportRelease(pool: Pool, ok: boolean): void {
    void ok;
    this.report(pool, 'success');
  }
}

/** reportSuccess on a broken release. */
export const mutant: Mutant = {
  name: 'successOnBrokenRelease',
  targets: 'CB-6',
  description: 'a release whose resource beforeRelease rejected calls reportSuccess instead of reportFailure',
  caughtBy: { id: 'CB-6' },
  Runtime: SuccessOnBrokenReleaseRuntime,
};
