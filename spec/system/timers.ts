/**
 * The timers of the system model firing: the clock advances to the earliest
 * due time and every timer due then fires in `(due, seq)` order, each as its
 * role says (the roles are the areas' — a waker's timer or timeout (WAK-8),
 * a pool's acquire timeout (POOL-9) or hidden healthcheck (POOL-12), a
 * scope's `disposeAfterTimeout` (SCP-11)).
 * @module
 */
import type { SystemState, Timer } from './state.js';

/**
 * Fire every timer due at the earliest due time, in (due, seq) order, hidden ones included.
 *
 * @remarks One pass finds the earliest due time and the timers due then
 * (already in `seq` order when armed in order; sorted only otherwise). A
 * firing may disarm timers not yet fired (the array is replaced or shrunk),
 * so each one is looked up again before it fires, from its last known place.
 */
export function fireDueTimers(sys: SystemState): void {
  let now = Infinity;
  let due: Timer[] = [];
  for (const t of sys.timers) {
    if (t.due < now) {
      now = t.due;
      due = [t];
    } else if (t.due === now) due.push(t);
  }
  sys.now = now;
  for (let i = 1; i < due.length; i++) {
    if (due[i - 1]!.seq > due[i]!.seq) {
      due.sort((a, b) => a.seq - b.seq);
      break;
    }
  }
  for (const timer of due) {
    const at = sys.timers.indexOf(timer);
    if (at < 0) continue;
    sys.timers.splice(at, 1);
    sys.timerRoles[timer.role].fire(sys, timer);
  }
}
