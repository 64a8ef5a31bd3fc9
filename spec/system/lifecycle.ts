/**
 * A system coroutine stepped through the coroutine machine
 * (`spec/coroutine/machine.ts`): the cancel algorithm (COR-1, COR-3, COR-4,
 * COR-6), the waker's wake-up (COR-6), the switch into a coroutine (COR-1,
 * COR-5, COR-6) and finishing (COR-4) are decided by the machine's transition
 * table; the system model
 * keeps only the side effects each fired transition has on the rest of the
 * system (the run queue, subscriptions, the scope's counters).
 *
 * @remarks The machine's state of a coroutine is read from the system's
 * coroutine record ({@link machineView}) and the fired transition's effect is
 * written back to it ({@link writeBack}); values (results, outcomes) stay
 * with the system, the machine models only flags, the waker status and
 * errors.
 * @module
 */
import type { CoroutineAction, CoroutineConfig, CoroutineState as MachineState } from '../coroutine/model.js';
import { firingTransition } from '../kernel/machine.js';
import { initial, status, transitions } from '../coroutine/machine.js';
import type { CoroutineState, SystemState } from './state.js';

const CONFIG: CoroutineConfig = { scopeClosed: false, outsideReference: true, maxFinally: Number.POSITIVE_INFINITY, maxErrorChain: 2 };
const FRESH = initial(CONFIG);
const TABLE = { transitions, status };

/** The coroutine machine's state of a system coroutine. */
export function machineView(sys: SystemState, co: CoroutineState): MachineState {
  return {
    ...FRESH,
    registered: !co.finished,
    started: co.started,
    cancelled: co.cancelled,
    zombie: co.zombie,
    protected: co.protected,
    closed: co.finished,
    running: co.id === sys.current && co.status !== 'WAITING' && !co.finished,
    waker: co.status,
    pendingError: co.error,
    exception: co.stored,
    deferred: co.deferred,
  };
}

/** Write the machine's flags, waker status and errors back to the system coroutine (the zombie mark is the scope's: `markZombie`). */
function writeBack(co: CoroutineState, s: MachineState): void {
  co.started = s.started;
  co.finished = s.closed;
  co.cancelled = s.cancelled;
  co.protected = s.protected;
  co.status = s.waker;
  co.error = s.pendingError;
  co.stored = s.exception;
  co.deferred = s.deferred;
}

/**
 * Step a system coroutine through the coroutine machine.
 *
 * @returns the name of the fired transition's update (the system's side
 *   effects key on it), or `undefined` when no transition is enabled.
 * @throws Error when the machine refuses the action with an error (never for
 *   the actions the system model takes: a bug of the model).
 */
export function stepCoroutine(sys: SystemState, co: CoroutineState, action: CoroutineAction): string | undefined {
  const view = machineView(sys, co);
  const t = firingTransition(TABLE, CONFIG, view, action);
  if (!t) return undefined;
  const result = t.update.fn(CONFIG, view, action);
  if (result.kind === 'error') throw new Error(`spec: coroutine ${co.id}: ${action.type} refused (${result.error.message})`);
  writeBack(co, result.state);
  return t.update.name;
}
