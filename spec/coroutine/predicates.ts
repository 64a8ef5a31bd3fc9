/**
 * The `Coroutine::is*()` predicates and the finish outcome rule, as pure
 * functions of the C formulas.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { ErrorValue } from '../../language/values.js';
import { isCancellation } from '../../language/values.js';
import { chainPrevious } from '../waker/mergeErrors.js';
import type { CoroutinePredicates, CoroutineWakerStatus, Outcome, PredicateView } from './model.js';

const ORDER: readonly CoroutineWakerStatus[] = ['NO_STATUS', 'WAITING', 'QUEUED', 'IGNORED', 'RESULT'];

/**
 * The `Coroutine::is*()` predicates, exactly the C formulas.
 *
 * @remarks `isRunning` is `STARTED ∧ ¬finished` (true while suspended: the C formula, see COR-6); `isSuspended` is
 * `waker < RESULT ∧ ¬finished` (true for a queued unstarted coroutine and for
 * the running one: the C formula).
 * @param view - the flags and waker status the formulas read.
 * @returns every predicate.
 * COR-6, CAN-8
 * @see https://true-async.github.io/en/docs/reference/coroutine/is-running.html
 */
export function predicates(view: PredicateView): CoroutinePredicates {
  const { started, cancelled, finished, wakerStatus, deferredCancellation } = view;
  return {
    isStarted: started,
    isQueued: wakerStatus === 'QUEUED',
    isRunning: started && !finished,
    isSuspended: ORDER.indexOf(wakerStatus) < ORDER.indexOf('RESULT') && !finished,
    isCancelled: cancelled && finished,
    isCancellationRequested: (cancelled && !finished) || deferredCancellation,
    isCompleted: finished,
  };
}

/**
 * The outcome of a finishing coroutine from its stored exception and how
 * its body ended (COR-4, CAN-3; trace semantics §3.5 step 1).
 *
 * @remarks With a stored exception `S`: a returned value gives `S`; an
 * escaping cancellation gives `S`; an escaping non-cancellation `X` gives `X`
 * with `S` appended at the end of its `previous` chain. Without one: the
 * value or the escaping error.
 * @param stored - the coroutine's stored exception (e.g. from self-cancel).
 * @param escaping - the returned value or the escaping error.
 * @returns the outcome.
 * COR-4
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 */
export function finishOutcome(stored: ErrorValue | undefined, escaping: Outcome): Outcome {
  if (!stored) return escaping;
  if ('value' in escaping) return { error: stored };
  return isCancellation(escaping.error) ? { error: stored } : { error: chainPrevious(escaping.error, stored) };
}
