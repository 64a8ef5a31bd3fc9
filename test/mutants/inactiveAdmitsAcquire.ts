/**
 * CB-3 mutant (issue 4): the breaker gate is never applied — an INACTIVE pool admits acquire() and tryAcquire().
 * @module
 */
import { ReferenceRuntime, makeError, MESSAGES, type Pool } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Step 1 of acquire checks only `closed`. */
class InactiveAdmitsAcquireRuntime extends ReferenceRuntime {
  protected override acquireRefusal(pool: Pool): ErrorValue | undefined {
    return pool.closed ? makeError('Async\\PoolException', MESSAGES.poolClosed) : undefined;
  }
}

/** INACTIVE admits like ACTIVE. */
export const mutant: Mutant = {
  name: 'inactiveAdmitsAcquire',
  targets: 'CB-3',
  description: 'an INACTIVE pool admits acquire() and tryAcquire() instead of throwing ServiceUnavailableException / returning null',
  caughtBy: { id: 'CB-3' },
  Runtime: InactiveAdmitsAcquireRuntime,
};
