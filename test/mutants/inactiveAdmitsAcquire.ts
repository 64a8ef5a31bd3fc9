/**
 * CB-3 mutant (issue 4): the breaker gate is never applied — an INACTIVE pool admits acquire() and tryAcquire().
 * @module
 */
import { makeError, MESSAGES, type Pool, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Step 1 of acquire checks only `closed`. */
const seams: ReferenceSeams = {
  pool: {
    acquireRefusal(area: PoolArea, pool: Pool): ErrorValue | undefined {
      return pool.closed ? makeError('Async\\PoolException', MESSAGES.poolClosed) : undefined;
    },
  },
};

/** INACTIVE admits like ACTIVE. */
export const mutant: Mutant = {
  name: 'inactiveAdmitsAcquire',
  targets: 'CB-3',
  description: 'an INACTIVE pool admits acquire() and tryAcquire() instead of throwing ServiceUnavailableException / returning null',
  caughtBy: { id: 'CB-3' },
  seams,
};
