/**
 * POOL-8 mutant: a resource beforeRelease rejected goes back to idle.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** beforeRelease is called, its answer ignored. */
class ReleaseIgnoresRejectionRuntime extends ReferenceRuntime {
  protected override *releaseVerdict(co: Coroutine, pool: Pool, resource: string): Generator<void, boolean, void> {
    yield* super.releaseVerdict(co, pool, resource);
    return true;
  }
}

/** Broken resources are reused. */
export const mutant: Mutant = {
  name: 'releaseIgnoresRejection',
  targets: 'POOL-8',
  description: 'a resource beforeRelease rejected is returned to idle instead of destroyed',
  Runtime: ReleaseIgnoresRejectionRuntime,
};
