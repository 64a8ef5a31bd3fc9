/**
 * POOL-10 mutant: close also destroys the resources in use, and their release destroys them again.
 * @module
 */
import type { ErrorValue } from '../../conformance/adapter.js';
import { type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** No at-most-once guard, and close destroys held resources too. */
const seams: ReferenceSeams = {
  pool: {
    destroyResource(area: PoolArea, pool: Pool, resource: string): ErrorValue | undefined {
      pool.destroyed.delete(resource);
      return poolSeams.destroyResource(area, pool, resource);
    },
    destroyIdleOnClose(area: PoolArea, pool: Pool): ErrorValue | undefined {
      const first = poolSeams.destroyIdleOnClose(area, pool);
      for (const held of pool.held.values()) for (const r of held) area.seams.destroyResource(area, pool, r);
      return first;
    },
  },
};

/** A resource destroyed twice. */
export const mutant: Mutant = {
  name: 'destroyedTwice',
  targets: 'POOL-10',
  description: 'close() destroys the resources in use as well, and their later release destroys them a second time',
  seams,
};
