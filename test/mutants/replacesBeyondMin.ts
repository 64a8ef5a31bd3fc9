/**
 * POOL-12 mutant: the healthcheck replaces every unhealthy resource, even above min.
 * @module
 */
import { ReferenceRuntime, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Always replace. */
class ReplacesBeyondMinRuntime extends ReferenceRuntime {
  protected override replacesUpToMin(pool: Pool): boolean {
    void pool;
    return true;
  }
}

/** Replacement without the `total < min` bound. */
export const mutant: Mutant = {
  name: 'replacesBeyondMin',
  targets: 'POOL-12',
  description: 'a healthcheck tick replaces an unhealthy resource although min resources still exist',
  Runtime: ReplacesBeyondMinRuntime,
};
