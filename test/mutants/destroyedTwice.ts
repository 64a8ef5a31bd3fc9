/**
 * POOL-10 mutant: close also destroys the resources in use, and their release destroys them again.
 * @module
 */
import { ReferenceRuntime, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** No at-most-once guard, and close destroys held resources too. */
class DestroyedTwiceRuntime extends ReferenceRuntime {
  protected override destroyResource(pool: Pool, resource: string): ReturnType<ReferenceRuntime['destroyResource']> {
    pool.destroyed.delete(resource);
    return super.destroyResource(pool, resource);
  }

  protected override destroyIdleOnClose(pool: Pool): ReturnType<ReferenceRuntime['destroyIdleOnClose']> {
    const first = super.destroyIdleOnClose(pool);
    for (const held of pool.held.values()) for (const r of held) this.destroyResource(pool, r);
    return first;
  }
}

/** A resource destroyed twice. */
export const mutant: Mutant = {
  name: 'destroyedTwice',
  targets: 'POOL-10',
  description: 'close() destroys the resources in use as well, and their later release destroys them a second time',
  Runtime: DestroyedTwiceRuntime,
};
