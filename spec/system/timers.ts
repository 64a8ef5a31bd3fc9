/**
 * The timers of the system model firing: the clock advances to the earliest
 * due time and every timer due then fires in `(due, seq)` order, each as its
 * role says (the roles are the areas' — a waker's timer or timeout (WAK-8),
 * a pool's acquire timeout (POOL-9) or hidden healthcheck (POOL-12), a
 * scope's `disposeAfterTimeout` (SCP-11)).
 * @module
 */
import type { SystemState } from './state.js';

/** Fire every timer due at the earliest due time, in (due, seq) order, hidden ones included. */
export function fireDueTimers(sys: SystemState): void {
  sys.now = Math.min(...sys.timers.map((t) => t.due));
  const due = sys.timers.filter((t) => t.due === sys.now).sort((a, b) => a.seq - b.seq);
  for (const timer of due) {
    if (!sys.timers.includes(timer)) continue;
    sys.timers.splice(sys.timers.indexOf(timer), 1);
    sys.timerRoles[timer.role].fire(sys, timer);
  }
}
