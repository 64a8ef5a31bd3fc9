/**
 * POOL-9 mutant: an acquire timeout throws a PoolException.
 * @module
 */
import { makeError, MESSAGES, type PoolWaiter, type ReferenceSeams, type PoolArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The wrong class for the timeout. */
const seams: ReferenceSeams = {
  pool: {
    onPoolTimeout(area: PoolArea, waiter: PoolWaiter): void {
      area.k.seams.wake(area.k, waiter.coroutine, { error: makeError('Async\\PoolException', MESSAGES.poolAcquireTimeout) });
    },
  },
};

/** PoolException instead of TimeoutException. */
export const mutant: Mutant = {
  name: 'timeoutAsPoolException',
  targets: 'POOL-9',
  description: 'an acquire not served in time throws PoolException instead of Async\\TimeoutException',
  seams,
};
