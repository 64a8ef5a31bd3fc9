/**
 * Coroutine queries of the system model: the coroutine module's C formulas
 * applied to a coroutine of the system state.
 * @module
 */
import type { CoroutineQuery, ErrorValue, Value } from './scenario.js';
import type { CoroutineState } from './state.js';
import { predicates } from '../coroutine/predicates.js';

const COROUTINE_QUERIES = {
  isStarted: true, isQueued: true, isRunning: true, isSuspended: true, isCancelled: true,
  isCancellationRequested: true, isCompleted: true, getResult: true, getException: true,
} as const satisfies Record<CoroutineQuery, true>;

/** Whether a `query`'s method is a coroutine method. */
export function isCoroutineQuery(what: string): what is CoroutineQuery {
  return Object.hasOwn(COROUTINE_QUERIES, what);
}

/**
 * The answer of `$coroutine-><what>()` (COR-6, CAN-8).
 *
 * @remarks Delegates the `is*` predicates to the coroutine module. A finished
 * coroutine has no waker (C destroys it), so `isQueued` is false for it.
 */
export function queryValue(co: CoroutineState, what: CoroutineQuery): Value | ErrorValue {
  if (what === 'getResult') return co.finished && co.outcome && !co.outcome.error ? co.outcome.value : null;
  if (what === 'getException') return co.finished && co.outcome?.error ? co.outcome.error : null;
  const p = predicates({
    started: co.started, cancelled: co.cancelled, finished: co.finished,
    wakerStatus: co.status, deferredCancellation: co.deferred !== undefined,
  });
  return what === 'isQueued' ? p.isQueued && !co.finished : p[what];
}
