/**
 * The waker's error-merging rules (WAK-5) on pool errors: a waiter woken
 * more than once before it runs — timed out, cancelled, then woken by
 * `close()` — throws what these rules leave.
 *
 * @remarks The same rules as `spec/waker/mergeErrors.ts`, on
 * {@link PoolError} values, whose class names (`Async\PoolException`,
 * `Async\ServiceUnavailableException`) the scenario error classes do not list.
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
import type { PoolError } from './model.js';

const CANCELLATIONS: readonly string[] = ['Cancellation', 'Async\\AsyncCancellation', 'Async\\OperationCanceledException'];

/** Whether a pool error is a cancellation (`Cancellation` or a subclass). */
export function isPoolCancellation(error: PoolError): boolean {
  return CANCELLATIONS.includes(error.type);
}

const chain = (error: PoolError, tail: PoolError): PoolError => ({
  ...error,
  previous: error.previous ? chain(error.previous, tail) : tail,
});

/**
 * `resume_with_error(incoming)` on a waiter's waker: a cancellation is
 * dropped when an error is pending; anything else replaces the pending error
 * and chains it as `previous`.
 *
 * @param pending - the waker's current error.
 * @param incoming - the error the resume brings.
 * @returns the new pending error.
 * WAK-5
 */
export function mergePoolResumeError(pending: PoolError | null, incoming: PoolError): PoolError {
  if (!pending) return incoming;
  if (isPoolCancellation(incoming)) return pending;
  return chain(incoming, pending);
}

/**
 * `apply_cancellation(cancellation)` on a waiter's waker (cancel): a pending
 * cancellation is kept; any other pending error is replaced and chained.
 *
 * @param pending - the waker's current error.
 * @param cancellation - the cancellation being applied.
 * @returns the new pending error.
 * WAK-5
 */
export function applyPoolCancellation(pending: PoolError | null, cancellation: PoolError): PoolError {
  if (!pending) return cancellation;
  if (isPoolCancellation(pending)) return pending;
  return chain(cancellation, pending);
}
