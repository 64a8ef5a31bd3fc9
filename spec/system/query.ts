/**
 * Coroutine queries of the system model: the C formulas of digest §3.4.
 * @module
 */
import type { CoroutineQuery, ErrorValue, Value } from './scenario.js';
import type { CoroutineState, WakerStatus } from './state.js';

const ORDER: Record<WakerStatus, number> = { NO_STATUS: 0, WAITING: 1, QUEUED: 2, IGNORED: 3, RESULT: 4 };

/**
 * The answer of `$coroutine-><what>()` (COR-6, CAN-8).
 *
 * @remarks `isSuspended` is the C formula `status < RESULT ∧ ¬finished`, so it
 * is also true for a queued, not yet started coroutine and for the running
 * coroutine asking about itself (digest §12 #32). `isRunning` is
 * `STARTED ∧ ¬finished`, also true while suspended (§12 #7).
 */
export function queryValue(co: CoroutineState, what: CoroutineQuery): Value | ErrorValue {
  switch (what) {
    case 'isStarted':
      return co.started;
    case 'isQueued':
      return !co.finished && co.status === 'QUEUED';
    case 'isRunning':
      return co.started && !co.finished;
    case 'isSuspended':
      return !co.finished && ORDER[co.status] < ORDER.RESULT;
    case 'isCancelled':
      return co.cancelled && co.finished;
    case 'isCancellationRequested':
      return co.cancelled && !co.finished;
    case 'isCompleted':
      return co.finished;
    case 'getResult':
      return co.finished && co.outcome && !co.outcome.error ? co.outcome.value : null;
    case 'getException':
      return co.finished && co.outcome?.error ? co.outcome.error : null;
  }
}
