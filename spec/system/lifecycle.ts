/**
 * A system coroutine stepped through the coroutine machine
 * (`spec/coroutine/machine.ts`): the cancel algorithm (COR-1, COR-3, COR-4,
 * COR-6), the waker's wake-up (COR-6), the switch into a coroutine (COR-1,
 * COR-5, COR-6) and finishing (COR-4) are decided by the machine's transition
 * table, and entering and leaving `protect` (CAN-5, CAN-6) by the
 * cancellation machine's (`spec/cancellation/machine.ts`); the system model
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
import type { CancellationConfig, CancellationState as CancellationMachineState } from '../cancellation/model.js';
import { initial as cancellationInitial, status as cancellationStatus, transitions as cancellationTransitions } from '../cancellation/machine.js';
import type { ErrorValue } from './scenario.js';
import type { Completion, CoroutineState, SystemState } from './state.js';

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

const CANCELLATION_CONFIG: CancellationConfig = { reasons: [], safely: true, maxProtectDepth: Number.POSITIVE_INFINITY, maxCancels: Number.POSITIVE_INFINITY };
const CANCELLATION_TABLE = { transitions: cancellationTransitions, status: cancellationStatus };

/**
 * The cancellation machine's state of the running system coroutine
 * (`spec/cancellation/machine.ts`), with `protectDepth` open `protect`
 * blocks and `inFlight` the error leaving the block, if any.
 */
function cancellationView(co: CoroutineState, protectDepth: number, inFlight: ErrorValue | undefined): CancellationMachineState {
  const view: CancellationMachineState = {
    ...cancellationInitial(CANCELLATION_CONFIG),
    started: co.started, finished: co.finished, running: true, waker: 'NO_STATUS',
    cancelled: co.cancelled, protected: co.protected, protectDepth, zombie: co.zombie,
  };
  if (co.stored) view.stored = co.stored;
  if (co.deferred) view.deferred = co.deferred;
  if (inFlight) view.inFlight = inFlight;
  return view;
}

/** Step the running coroutine through the cancellation machine's `protect` / `unprotect`; write back the flags; the error it throws, if any. */
function stepProtection(
  co: CoroutineState, action: { type: 'protect' } | { type: 'unprotect' }, protectDepth: number, inFlight?: ErrorValue,
): { fired: string | undefined; thrown?: ErrorValue } {
  const view = cancellationView(co, protectDepth, inFlight);
  const t = firingTransition(CANCELLATION_TABLE, CANCELLATION_CONFIG, view, action);
  if (!t) return { fired: undefined };
  const result = t.update.fn(CANCELLATION_CONFIG, view, action);
  if (result.kind === 'error') throw new Error(`spec: coroutine ${co.id}: ${action.type} refused (${result.error.message})`);
  co.protected = result.state.protected;
  co.cancelled = result.state.cancelled;
  co.deferred = result.state.deferred;
  // A `thrown` output: the error now propagating is the machine's in-flight one (the thrown error, the one that was in flight chained to it).
  const threw = result.outputs.some((o) => o.type === 'thrown');
  return { fired: t.update.name, thrown: threw ? result.state.inFlight : undefined };
}

/** `protect` enters its block (CAN-5): the cancellation machine sets PROTECTED (a boolean: nested blocks do not count, CAN-6). */
export function enterProtect(co: CoroutineState, openBlocks: number): void {
  stepProtection(co, { type: 'protect' }, openBlocks);
}

/**
 * Control leaves a `protect` block (CAN-5, CAN-6): the cancellation machine
 * clears PROTECTED and throws a deferred cancellation from the block, with an
 * error in flight appended to its `previous` chain.
 *
 * @param openBlocks - the `protect` blocks open, the one being left included.
 * @param leaving - how control leaves the block.
 * @returns how control goes on after the block.
 */
export function leaveProtect(co: CoroutineState, openBlocks: number, leaving: Completion): Completion {
  const inFlight = leaving.kind === 'throw' ? leaving.error : undefined;
  const { fired, thrown } = stepProtection(co, { type: 'unprotect' }, openBlocks, inFlight);
  if (fired === undefined) throw new Error(`spec: ${co.id} leaves a protect block it is not in`);
  if (!thrown) return leaving;
  if (leaving.kind === 'return') throw new Error('spec: return inside a protect body');
  return { kind: 'throw', error: thrown };
}

/** The waker status the cancellation machine sees for a coroutine that is not running. */
function parkedWaker(co: CoroutineState): CancellationMachineState['waker'] {
  return co.status === 'WAITING' || co.status === 'QUEUED' || co.status === 'IGNORED' ? co.status : 'QUEUED';
}

/**
 * The first half of a deadlock or shutdown cancellation (CAN-11): the
 * cancellation machine's `systemCancel` clears PROTECTED whatever the
 * coroutine's status — finished, not started, running (it called
 * `graceful_shutdown()` itself) or parked — and the system writes the flag
 * back; the cancel itself is then the coroutine machine's (`cancel` in
 * `scopes.ts`).
 *
 * @param reason - the `Graceful shutdown` or `Deadlock detected` cancellation.
 */
export function systemUnprotect(sys: SystemState, co: CoroutineState, reason: ErrorValue): void {
  const running = co.id === sys.current && co.status !== 'WAITING' && !co.finished;
  const view = cancellationView(co, co.protected ? 1 : 0, undefined);
  view.running = running;
  view.waker = co.finished || running ? 'NO_STATUS' : parkedWaker(co);
  const action = { type: 'systemCancel', reason } as const;
  const t = firingTransition(CANCELLATION_TABLE, CANCELLATION_CONFIG, view, action);
  if (!t) throw new Error(`spec: coroutine ${co.id}: systemCancel fired no transition`);
  const result = t.update.fn(CANCELLATION_CONFIG, view, action);
  if (result.kind === 'error') throw new Error(`spec: coroutine ${co.id}: systemCancel refused (${result.error.message})`);
  co.protected = result.state.protected;
}
