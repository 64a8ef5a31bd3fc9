/**
 * The timers of the system model firing: the clock advances to the earliest
 * due time and every timer due then fires in `(due, seq)` order — a waker's
 * timer or timeout (WAK-8), a pool's acquire timeout (POOL-9) or hidden
 * healthcheck (POOL-12), a scope's `disposeAfterTimeout` (SCP-11).
 * @module
 */
import type { SystemState } from './state.js';
import { scopeOf } from './state.js';
import { POOL_ERRORS, timeoutCancellation } from './errors.js';
import { emit, resolve } from './events.js';
import { userCancel } from './scopes.js';
import { healthcheckTick } from './pools.js';

/** Fire every timer due at the earliest due time, in (due, seq) order, hidden ones included. */
export function fireDueTimers(sys: SystemState): void {
  sys.now = Math.min(...sys.timers.map((t) => t.due));
  const due = sys.timers.filter((t) => t.due === sys.now).sort((a, b) => a.seq - b.seq);
  for (const timer of due) {
    if (!sys.timers.includes(timer)) continue;
    sys.timers.splice(sys.timers.indexOf(timer), 1);
    if (timer.role === 'dispose') {
      disposeAfterTimeoutFired(sys, timer.coroutine);
      continue;
    }
    if (timer.role === 'healthcheck') {
      healthcheckTick(sys, timer.coroutine);
      continue;
    }
    if (timer.role === 'poolTimeout') {
      resolve(sys, timer.coroutine, { error: POOL_ERRORS.timeout });
      continue;
    }
    resolve(sys, timer.coroutine, timer.role === 'target' ? { value: null } : { error: timeoutCancellation(timer.ms) });
  }
}

/** The `disposeAfterTimeout` timer of a scope fired (SCP-11). */
function disposeAfterTimeoutFired(sys: SystemState, id: string): void {
  const s = scopeOf(sys, id);
  if (s.disposed || s.closed) return;
  const reason = 'Scope has been disposed due to timeout';
  emit(sys, 'scheduler', { kind: 'scopeCancel', scope: id, how: 'timeout', reason });
  userCancel(sys, id, { class: 'Async\\AsyncCancellation', message: reason }, s.safe);
}
