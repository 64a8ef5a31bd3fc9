/**
 * How a waker's pending error absorbs a new one (WAK-5): the two C rules
 * `resume_with_error` and `apply_cancellation`, as pure functions on error
 * values.
 *
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
import type { ErrorValue } from '../../language/values.js';
import { isCancellation } from '../../language/values.js';

/**
 * `err` with `tail` appended at the end of its `previous` chain, as PHP's
 * `zend_exception_set_previous` does (a new value; `err` is not changed).
 */
export function chainPrevious(err: ErrorValue, tail: ErrorValue): ErrorValue {
  return { ...err, previous: err.previous ? chainPrevious(err.previous, tail) : tail };
}

/**
 * The waker error after `resume_with_error(incoming)` (WAK-5).
 *
 * @remarks No pending error → `incoming`. A cancellation-class `incoming` is
 * dropped when an error is already pending. Any other `incoming` replaces the
 * pending error and chains it as its `previous`.
 * @param pending - the waker's current error, if any.
 * @param incoming - the error the resume brings.
 * @returns the new pending error.
 * WAK-5
 * @see https://true-async.github.io/en/architecture/waker.html
 */
export function mergeResumeError(pending: ErrorValue | undefined, incoming: ErrorValue): ErrorValue | undefined {
  if (!pending) return incoming;
  if (isCancellation(incoming)) return pending;
  return chainPrevious(incoming, pending);
}

/**
 * The waker error after `apply_cancellation(cancellation)` (WAK-5, used by `cancel`).
 *
 * @remarks No pending error → the cancellation. A pending cancellation is kept
 * (the first cancellation wins). A pending non-cancellation error is replaced
 * by the cancellation, which chains it as its `previous`.
 * @param pending - the waker's current error, if any.
 * @param cancellation - the cancellation being applied.
 * @returns the new pending error.
 * WAK-5, CAN-4
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 */
export function applyCancellation(pending: ErrorValue | undefined, cancellation: ErrorValue): ErrorValue {
  if (!pending) return cancellation;
  if (isCancellation(pending)) return pending;
  return chainPrevious(cancellation, pending);
}

/** The length of an error's `previous` chain, itself included (0 for none). */
export function chainLength(err: ErrorValue | undefined): number {
  return err ? 1 + chainLength(err.previous) : 0;
}
