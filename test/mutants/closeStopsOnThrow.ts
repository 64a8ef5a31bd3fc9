/**
 * POOL-11 mutant: close stops destroying idle resources at the first destructor exception.
 * @module
 */
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The first destructor exception ends the loop (the rest stay idle). */
const seams: ReferenceSeams = {
  pool: {
    destroyIdleOnClose(area: PoolArea, pool: Pool): ErrorValue | undefined {
      for (let r = pool.idle.pop(); r !== undefined; r = pool.idle.pop()) {
        const thrown = area.seams.destroyResource(area, pool, r);
        if (thrown !== undefined) return thrown;
      }
      return undefined;
    },
  },
};

/** close() gives up after one destructor exception. */
export const mutant: Mutant = {
  name: 'closeStopsOnThrow',
  targets: 'POOL-11',
  description: 'close() stops at the first destructor exception and leaves the remaining idle resources undestroyed',
  seams,
};
