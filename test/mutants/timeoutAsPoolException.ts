/**
 * POOL-9 mutant: an acquire timeout throws a PoolException.
 * @module
 */
import { ReferenceRuntime, makeError, MESSAGES, type PoolWaiter } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The wrong class for the timeout. */
class TimeoutAsPoolExceptionRuntime extends ReferenceRuntime {
  override onPoolTimeout(waiter: PoolWaiter): void {
    this.wake(waiter.coroutine, { error: makeError('Async\\PoolException', MESSAGES.poolAcquireTimeout) });
  }
}

/** PoolException instead of TimeoutException. */
export const mutant: Mutant = {
  name: 'timeoutAsPoolException',
  targets: 'POOL-9',
  description: 'an acquire not served in time throws PoolException instead of Async\\TimeoutException',
  Runtime: TimeoutAsPoolExceptionRuntime,
};
