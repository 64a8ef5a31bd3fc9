/**
 * The scope machine: a small forest of scopes and their coroutines — the
 * tree (SCP-1, SCP-2), spawn guards (SCP-3, SCP-8), user cancel and dispose
 * with its cascade (SCP-4..7, SCP-10, SCP-20), `disposeAfterTimeout`
 * (SCP-11), fail-together exception handling (SCP-14), zombies (SCP-18),
 * disposal (SCP-12), finally handlers (SCP-16) and the disposed-object
 * errors (SCP-19).
 *
 * @remarks The machine's status is the status of the root scope (the first
 * configured one), so the diagram shows the root's lifecycle;
 * transitions that act on another scope, or that leave the root as it was,
 * are drawn as self-loops (`to: 'same'`). Simplifications: scope objects
 * live to the end (no SCP-17), a coroutine's unhandled error never has an
 * awaiter, scope waiters (SCP-13, SCP-15) are left to the system model, and
 * an armed timer does not delay disposal.
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import type { Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import { cancelScope, draft, failTogether, leaveScope, scopeOfCoroutine } from './cascade.js';
import { invariants } from './invariants.js';
import type {
  CascadeStep,
  CascadeWitness,
  ScopeAction,
  ScopeConfig,
  ScopeMachineState,
  ScopeOutput,
  ScopeRecord,
  ScopeStatus,
  ScopedCoroutineRecord,
} from './model.js';
import { CLOSED_MESSAGE, DISPOSED_MESSAGE, INHERIT_DISPOSED_MESSAGE, SCOPE_CANCELLED, TIMEOUT_CANCELLED } from './model.js';
import { isCompletelyDone, scopeStatus, specOf } from './tree.js';

/** A transition of the scope machine. */
export type ScopeTransition = Transition<ScopeConfig, ScopeMachineState, ScopeAction, ScopeOutput>;

/** A named guard of the scope machine. */
export type ScopeGuard = Named<(config: ScopeConfig, state: ScopeMachineState, action: ScopeAction) => boolean>;

/** A named update of the scope machine. */
export type ScopeUpdate = Named<
  (config: ScopeConfig, state: ScopeMachineState, action: ScopeAction) => StepResult<ScopeMachineState, ScopeOutput>
>;

type Result = StepResult<ScopeMachineState, ScopeOutput>;
const ok = (state: ScopeMachineState, outputs: ScopeOutput[] = []): Result => ({ kind: 'ok', state, outputs });
const fail = (state: ScopeMachineState, message: string): Result => ({ kind: 'error', state, error: { type: 'Async\\AsyncException', message } });
const guard = (name: string, fn: ScopeGuard['fn']): ScopeGuard => ({ name, fn });
const all = (...gs: ScopeGuard[]): ScopeGuard => guard(gs.map((g) => g.name).join(' ∧ '), (c, s, a) => gs.every((g) => g.fn(c, s, a)));
/** An update; the ghosts of the previous step (`cascade`, `failure`) are cleared before it runs. */
const update = (name: string, fn: ScopeUpdate['fn']): ScopeUpdate => ({
  name,
  fn: (c, s, a) => fn(c, s.cascade || s.failure ? { ...s, cascade: null, failure: null } : s, a),
});

const scopeIdOf = (a: ScopeAction): string => ('scope' in a ? a.scope : '');
const coroutineIdOf = (a: ScopeAction): string => ('coroutine' in a ? a.coroutine : '');

const freshScope = (created: boolean, safe: boolean): ScopeRecord => ({
  created,
  safe,
  cancelled: false,
  closed: false,
  disposed: false,
  children: [],
  coroutines: [],
  active: 0,
  zombies: 0,
  exceptionHandler: null,
  childScopeExceptionHandler: null,
  finallyPending: false,
  finallyRuns: 0,
  timer: false,
  sealedAt: null,
});

const freshCoroutine = (): ScopedCoroutineRecord => ({
  status: 'CREATED',
  started: false,
  cancelled: false,
  zombie: false,
  protected: false,
  pending: null,
  deferred: null,
  stored: null,
  unwinding: null,
  ignored: false,
  zombified: 0,
});

/** The roots exist (`new Scope()`: not safe unless configured, SCP-2); child scopes and coroutines do not yet. */
export function initial(config: ScopeConfig): ScopeMachineState {
  const scopes: Record<string, ScopeRecord> = {};
  for (const spec of config.scopes) scopes[spec.id] = freshScope(spec.parent === null, spec.parent === null ? (spec.safe ?? false) : false);
  const coroutines: Record<string, ScopedCoroutineRecord> = {};
  for (const co of config.coroutines) coroutines[co.id] = freshCoroutine();
  return { root: config.scopes[0].id, scopes, coroutines, current: null, cascade: null, failure: null };
}

/** The status of the root scope (the diagram node). */
export function status(state: ScopeMachineState): ScopeStatus {
  return scopeStatus(state.scopes[state.root]);
}

const LIVE: ScopeStatus[] = ['OPEN', 'CANCELLED', 'CLOSED'];
const ALL: ScopeStatus[] = [...LIVE, 'DISPOSED'];

const targetOf = (s: ScopeMachineState, a: ScopeAction): ScopeRecord => s.scopes[scopeIdOf(a)];
const coroutineScope = (c: ScopeConfig, s: ScopeMachineState, a: ScopeAction): ScopeRecord => s.scopes[scopeOfCoroutine(c, coroutineIdOf(a))];
const currentOf = (s: ScopeMachineState): ScopedCoroutineRecord => s.coroutines[s.current as string];

const parentOf = (c: ScopeConfig, s: ScopeMachineState, a: ScopeAction): ScopeRecord | undefined => {
  const parent = specOf(c, scopeIdOf(a)).parent;
  return parent === null ? undefined : s.scopes[parent];
};
const parentDisposed = guard('parentDisposed', (c, s, a) => parentOf(c, s, a)?.disposed === true);
const parentAlive = guard('parentAlive', (c, s, a) => !targetOf(s, a).created && parentOf(c, s, a)?.created === true);
const isSpawnable = guard('notSpawned', (c, s, a) => s.coroutines[coroutineIdOf(a)].status === 'CREATED' && coroutineScope(c, s, a).created);
const noCurrent = guard('noCurrent', (_c, s) => s.current === null);
const hasCurrent = guard('hasCurrent', (_c, s) => s.current !== null);
const isSuspended = guard('suspended', (_c, s, a) => s.coroutines[coroutineIdOf(a)].status === 'SUSPENDED');
const notProtected = guard('notProtected', (_c, s) => !currentOf(s).protected);
const isCreated = guard('created', (_c, s, a) => targetOf(s, a).created);
const isSpawnTargetDisposed = guard('targetDisposed', (c, s, a) => coroutineScope(c, s, a).disposed);
const isSpawnTargetClosed = guard('targetClosed', (c, s, a) => coroutineScope(c, s, a).closed);
const isSpawnTargetCancelled = guard('targetCancelled', (c, s, a) => coroutineScope(c, s, a).cancelled);
const isQueued = guard('queued', (_c, s, a) => s.coroutines[coroutineIdOf(a)].status === 'QUEUED');
const isIgnored = guard('ignored', (_c, s, a) => s.coroutines[coroutineIdOf(a)].status === 'IGNORED');
const isProtected = guard('protected', (_c, s) => s.current !== null && currentOf(s).protected);
const isTargetDisposed = guard('targetDisposed', (_c, s, a) => targetOf(s, a).disposed);
const isTargetClosed = guard('targetClosed', (_c, s, a) => targetOf(s, a).closed);
const isTargetDone = guard('targetCompletelyDone', (_c, s, a) => isCompletelyDone(s, scopeIdOf(a)));
const isArmed = guard('timerArmed', (_c, s, a) => targetOf(s, a).created && targetOf(s, a).timer);
const isTargetRoot = guard('targetIsRoot', (_c, s, a) => scopeIdOf(a) === s.root);
const isTargetIdle = guard('closedOrEmpty', (_c, s, a) => {
  const t = targetOf(s, a);
  return t.closed || (t.coroutines.length === 0 && t.children.length === 0);
});
/** The update takes the root to `to` (for diagram edges that leave the root's status). */
const rootGoesTo = (to: ScopeStatus, u: ScopeUpdate): ScopeGuard =>
  guard(`rootBecomes${to}`, (c, s, a) => {
    const r = u.fn(c, s, a);
    return r.kind === 'ok' && status(r.state) === to && status(s) !== to;
  });
/** The update leaves the root's status as it was. */
const rootStays = (u: ScopeUpdate): ScopeGuard =>
  guard('rootUnchanged', (c, s, a) => {
    const r = u.fn(c, s, a);
    return r.kind === 'error' || status(r.state) === status(s);
  });

/** A finished coroutine keeps only the flags its predicates and the invariants read. */
function complete(co: ScopedCoroutineRecord): void {
  Object.assign(co, { status: 'COMPLETED', protected: false, pending: null, deferred: null, stored: null, unwinding: null });
}

const createScope = update('createChildScope', (c, s, a) => {
  const spec = specOf(c, scopeIdOf(a));
  const d = draft(s);
  const parent = d.scopes[spec.parent as string];
  d.scopes[spec.id] = freshScope(true, spec.safe ?? parent.safe);
  parent.children.push(spec.id);
  return ok(d);
});
const refuseInherit = update('throwInheritFromDisposed', (_c, s) => fail(s, INHERIT_DISPOSED_MESSAGE));
const refuseDisposedSpawn = update('throwScopeDisposed', (_c, s) => fail(s, DISPOSED_MESSAGE));
const refuseClosedSpawn = update('throwScopeClosed', (_c, s) => fail(s, CLOSED_MESSAGE));
const register = update('registerCoroutine', (c, s, a) => {
  const id = coroutineIdOf(a);
  const d = draft(s);
  const scope = d.scopes[scopeOfCoroutine(c, id)];
  d.coroutines[id].status = 'QUEUED';
  scope.coroutines.push(id);
  scope.active++;
  return ok(d);
});
const start = update('startBody', (_c, s, a) => {
  const d = draft(s);
  Object.assign(d.coroutines[coroutineIdOf(a)], { status: 'RUNNING', started: true });
  d.current = coroutineIdOf(a);
  return ok(d);
});
const finishIgnored = update('finalizeIgnored', (c, s, a) => {
  const id = coroutineIdOf(a);
  const d = draft(s);
  const co = d.coroutines[id];
  const outcome = { kind: 'cancelled' as const, reason: co.pending ?? SCOPE_CANCELLED };
  complete(co);
  const outputs: ScopeOutput[] = [{ type: 'completed', coroutine: id, outcome }];
  leaveScope(c, d, id, outputs);
  return ok(d, outputs);
});
const suspend = update('suspendCurrent', (_c, s) => {
  const d = draft(s);
  currentOf(d).status = 'SUSPENDED';
  d.current = null;
  return ok(d);
});
const resume = update('resumeThrowingPending', (_c, s, a) => {
  const d = draft(s);
  const co = d.coroutines[coroutineIdOf(a)];
  Object.assign(co, { status: 'RUNNING', unwinding: co.pending, pending: null });
  d.current = coroutineIdOf(a);
  return ok(d);
});
const enterProtect = update('setProtected', (_c, s) => {
  const d = draft(s);
  currentOf(d).protected = true;
  return ok(d);
});
const leaveProtect = update('clearProtectedAndThrowDeferred', (_c, s) => {
  const d = draft(s);
  const co = currentOf(d);
  co.protected = false;
  if (co.deferred !== null) Object.assign(co, { cancelled: true, unwinding: co.deferred, deferred: null });
  return ok(d);
});
const finishCurrent = update('finishAndLeaveScope', (c, s) => {
  const d = draft(s);
  const id = d.current as string;
  const co = currentOf(d);
  const reason = co.stored ?? co.unwinding;
  const outcome = reason !== null ? { kind: 'cancelled' as const, reason } : { kind: 'returned' as const };
  complete(co);
  d.current = null;
  const outputs: ScopeOutput[] = [{ type: 'completed', coroutine: id, outcome }];
  leaveScope(c, d, id, outputs);
  return ok(d, outputs);
});
const failCurrent = update('catchOrCancel', (c, s) => {
  const d = draft(s);
  const id = d.current as string;
  const co = currentOf(d);
  complete(co);
  d.current = null;
  const outputs: ScopeOutput[] = [{ type: 'completed', coroutine: id, outcome: { kind: 'failed' } }];
  const steps: CascadeStep[] = [];
  const origin = scopeOfCoroutine(c, id);
  const safe = d.scopes[origin].safe;
  d.failure = failTogether(c, d, id, steps, outputs);
  d.cascade = { origin, cause: 'fail', method: null, safe, given: null, issuer: null, steps };
  leaveScope(c, d, id, outputs);
  return ok(d, outputs);
});

/** A user cancel (`cancel`/`dispose`/`disposeSafely`, SCP-4..7, SCP-10) or the fired timer (SCP-11). */
function userCancel(c: ScopeConfig, s: ScopeMachineState, a: ScopeAction, cause: CascadeWitness['cause']): Result {
  const d = draft(s);
  const scope = scopeIdOf(a);
  const method = a.type === 'cancel' ? a.method : null;
  const safe = method === 'disposeSafely' || d.scopes[scope].safe;
  const given = a.type === 'cancel' ? (a.reason ?? null) : null;
  const reason = cause === 'timeout' ? TIMEOUT_CANCELLED : (given ?? SCOPE_CANCELLED);
  const steps: CascadeStep[] = [];
  const outputs: ScopeOutput[] = [];
  if (cause === 'timeout') d.scopes[scope].timer = false;
  cancelScope(c, d, scope, reason, safe, steps, outputs);
  d.cascade = { origin: scope, cause, method, safe, given, issuer: cause === 'timeout' ? null : d.current, steps };
  return ok(d, outputs);
}
const ignoreDisposed = update('ignoreDisposed', (_c, s) => ok(s));
const ignoreClosed = update('ignoreClosed', (c, s, a) => userCancel(c, s, a, 'cancel'));
const closeScope = update('closeAndRunFinally', (c, s, a) => userCancel(c, s, a, 'cancel'));
const cancelSubtree = update('cancelSubtree', (c, s, a) => userCancel(c, s, a, 'cancel'));
const ignoreTimeout = update('ignoreDisposeAfterTimeout', (_c, s) => ok(s));
const armTimer = update('armTimer', (_c, s, a) => {
  const d = draft(s);
  d.scopes[scopeIdOf(a)].timer = true;
  return ok(d);
});
const dropTimer = update('dropTimer', (_c, s, a) => {
  const d = draft(s);
  d.scopes[scopeIdOf(a)].timer = false;
  return ok(d);
});
const fireTimer = update('cancelOnTimeout', (c, s, a) => userCancel(c, s, a, 'timeout'));
const callFinallyNow = update('callFinallyNow', (_c, s, a) => {
  const d = draft(s);
  d.scopes[scopeIdOf(a)].finallyRuns++;
  return ok(d, [{ type: 'finallyCalled', scope: scopeIdOf(a) }]);
});
const queueFinally = update('queueFinallyHandler', (_c, s, a) => {
  const d = draft(s);
  d.scopes[scopeIdOf(a)].finallyPending = true;
  return ok(d);
});
const refuseHandler = update('throwHandlerOnDisposed', (_c, s) => fail(s, DISPOSED_MESSAGE));
const installHandler = update('installHandler', (c, s, a) => {
  const d = draft(s);
  const spec = specOf(c, scopeIdOf(a));
  const r = d.scopes[spec.id];
  if (a.type === 'setExceptionHandler') r.exceptionHandler = spec.exceptionHandler ?? 'rethrow';
  else r.childScopeExceptionHandler = spec.childScopeExceptionHandler ?? 'rethrow';
  return ok(d);
});

/** Every transition of the scope machine, as data. */
export const transitions: readonly ScopeTransition[] = [
  { requirement: 'SCP-19', from: ALL, on: 'inherit', to: 'same', guard: all(guard('notCreated', (c, s, a) => !targetOf(s, a).created), parentDisposed), update: refuseInherit },
  { requirement: 'SCP-1', from: LIVE, on: 'inherit', to: 'same', guard: parentAlive, update: createScope },
  { requirement: 'SCP-3', from: ALL, on: 'spawn', to: 'same', guard: all(isSpawnable, isSpawnTargetDisposed), update: refuseDisposedSpawn },
  { requirement: 'SCP-3', from: LIVE, on: 'spawn', to: 'same', guard: all(isSpawnable, isSpawnTargetClosed), update: refuseClosedSpawn },
  { requirement: 'SCP-8', from: LIVE, on: 'spawn', to: 'same', guard: all(isSpawnable, isSpawnTargetCancelled), update: register },
  { requirement: 'SCP-18', from: LIVE, on: 'spawn', to: 'same', guard: isSpawnable, update: register },
  { requirement: 'SCP-5', from: LIVE, on: 'start', to: 'same', guard: all(noCurrent, isQueued), update: start },
  { requirement: 'SCP-5', from: ['CANCELLED', 'CLOSED'], on: 'start', to: 'DISPOSED', guard: all(noCurrent, isIgnored, rootGoesTo('DISPOSED', finishIgnored)), update: finishIgnored },
  { requirement: 'SCP-5', from: LIVE, on: 'start', to: 'same', guard: all(noCurrent, isIgnored, rootStays(finishIgnored)), update: finishIgnored },
  { requirement: 'SCP-20', from: LIVE, on: 'suspend', to: 'same', guard: hasCurrent, update: suspend },
  { requirement: 'SCP-6', from: LIVE, on: 'resume', to: 'same', guard: all(noCurrent, isSuspended), update: resume },
  { requirement: 'CAN-5', from: LIVE, on: 'protect', to: 'same', guard: all(hasCurrent, guard('notProtected', (c, s, a) => !isProtected.fn(c, s, a))), update: enterProtect },
  { requirement: 'CAN-5', from: LIVE, on: 'unprotect', to: 'same', guard: isProtected, update: leaveProtect },
  { requirement: 'SCP-12', from: ['CANCELLED', 'CLOSED'], on: 'return', to: 'DISPOSED', guard: all(hasCurrent, notProtected, rootGoesTo('DISPOSED', finishCurrent)), update: finishCurrent },
  { requirement: 'SCP-12', from: LIVE, on: 'return', to: 'same', guard: all(hasCurrent, notProtected, rootStays(finishCurrent)), update: finishCurrent },
  { requirement: 'SCP-14', from: LIVE, on: 'fail', to: 'DISPOSED', guard: all(hasCurrent, notProtected, rootGoesTo('DISPOSED', failCurrent)), update: failCurrent },
  { requirement: 'SCP-14', from: ['OPEN'], on: 'fail', to: 'CANCELLED', guard: all(hasCurrent, notProtected, rootGoesTo('CANCELLED', failCurrent)), update: failCurrent },
  { requirement: 'SCP-14', from: LIVE, on: 'fail', to: 'same', guard: all(hasCurrent, notProtected, rootStays(failCurrent)), update: failCurrent },
  { requirement: 'SCP-19', from: ALL, on: 'cancel', to: 'same', guard: all(isCreated, isTargetDisposed), update: ignoreDisposed },
  { requirement: 'SCP-7', from: LIVE, on: 'cancel', to: 'same', guard: all(isCreated, isTargetClosed), update: ignoreClosed },
  { requirement: 'SCP-7', from: ['OPEN', 'CANCELLED'], on: 'cancel', to: 'CLOSED', guard: all(isTargetRoot, isTargetDone), update: closeScope },
  { requirement: 'SCP-7', from: LIVE, on: 'cancel', to: 'same', guard: all(isCreated, isTargetDone), update: closeScope },
  { requirement: 'SCP-4', from: ['OPEN'], on: 'cancel', to: 'CANCELLED', guard: isTargetRoot, update: cancelSubtree },
  { requirement: 'SCP-4', from: LIVE, on: 'cancel', to: 'same', guard: isCreated, update: cancelSubtree },
  { requirement: 'SCP-11', from: ALL, on: 'disposeAfterTimeout', to: 'same', guard: all(isCreated, guard('disposedClosedOrEmpty', (c, s, a) => isTargetDisposed.fn(c, s, a) || isTargetIdle.fn(c, s, a))), update: ignoreTimeout },
  { requirement: 'SCP-11', from: LIVE, on: 'disposeAfterTimeout', to: 'same', guard: isCreated, update: armTimer },
  { requirement: 'SCP-11', from: ALL, on: 'timerFires', to: 'same', guard: all(isArmed, isTargetDisposed), update: dropTimer },
  { requirement: 'SCP-11', from: ['OPEN', 'CANCELLED'], on: 'timerFires', to: 'CLOSED', guard: all(isArmed, noCurrent, isTargetRoot, guard('notClosed', (c, s, a) => !isTargetClosed.fn(c, s, a)), isTargetDone), update: fireTimer },
  { requirement: 'SCP-11', from: ['OPEN'], on: 'timerFires', to: 'CANCELLED', guard: all(isArmed, noCurrent, isTargetRoot, guard('notDone', (c, s, a) => !isTargetDone.fn(c, s, a))), update: fireTimer },
  { requirement: 'SCP-11', from: LIVE, on: 'timerFires', to: 'same', guard: all(isArmed, noCurrent), update: fireTimer },
  { requirement: 'SCP-16', from: ALL, on: 'onFinally', to: 'same', guard: all(isCreated, isTargetDisposed), update: callFinallyNow },
  { requirement: 'SCP-16', from: LIVE, on: 'onFinally', to: 'same', guard: isCreated, update: queueFinally },
  { requirement: 'SCP-19', from: ALL, on: 'setExceptionHandler', to: 'same', guard: all(isCreated, isTargetDisposed), update: refuseHandler },
  { requirement: 'SCP-14', from: LIVE, on: 'setExceptionHandler', to: 'same', guard: isCreated, update: installHandler },
  { requirement: 'SCP-19', from: ALL, on: 'setChildScopeExceptionHandler', to: 'same', guard: all(isCreated, isTargetDisposed), update: refuseHandler },
  { requirement: 'SCP-14', from: LIVE, on: 'setChildScopeExceptionHandler', to: 'same', guard: isCreated, update: installHandler },
];

/** Apply one action: the first matching transition of {@link transitions} fires. */
export function step(config: ScopeConfig, state: ScopeMachineState, action: ScopeAction): StepResult<ScopeMachineState, ScopeOutput> {
  return stepBy({ transitions, status }, config, state, action);
}

/**
 * The actions `explore()` tries in `state`: creating child scopes, spawning,
 * scheduling, body moves of the current coroutine (an unwinding one only
 * returns or fails), `cancel()` and `disposeSafely()` on every created scope
 * (`dispose()` reaches exactly the states `cancel()` does), and —
 * when the config offers them — protect, timers, finally handlers and
 * exception handlers.
 */
export function enabled(config: ScopeConfig, state: ScopeMachineState): ScopeAction[] {
  const s = state;
  const actions: ScopeAction[] = [];
  for (const spec of config.scopes) {
    if (spec.parent !== null && !s.scopes[spec.id].created && s.scopes[spec.parent].created) actions.push({ type: 'inherit', scope: spec.id });
  }
  for (const co of config.coroutines) {
    const rec = s.coroutines[co.id];
    if (rec.status === 'CREATED' && s.scopes[co.scope].created) actions.push({ type: 'spawn', coroutine: co.id });
    if (s.current === null && (rec.status === 'QUEUED' || rec.status === 'IGNORED')) actions.push({ type: 'start', coroutine: co.id });
    if (s.current === null && rec.status === 'SUSPENDED') actions.push({ type: 'resume', coroutine: co.id });
  }
  if (s.current !== null) {
    const co = currentOf(s);
    if (co.unwinding === null) actions.push({ type: 'suspend' });
    if (config.protect && !co.protected && co.unwinding === null) actions.push({ type: 'protect' });
    if (co.protected) actions.push({ type: 'unprotect' });
    else actions.push({ type: 'return' }, { type: 'fail' });
  }
  for (const spec of config.scopes) {
    const r = s.scopes[spec.id];
    if (!r.created) continue;
    actions.push({ type: 'cancel', scope: spec.id, method: 'cancel' }, { type: 'cancel', scope: spec.id, method: 'disposeSafely' });
    if (config.timers && !r.timer) actions.push({ type: 'disposeAfterTimeout', scope: spec.id });
    if (config.timers && r.timer && s.current === null) actions.push({ type: 'timerFires', scope: spec.id });
    if (config.finally && !r.finallyPending && r.finallyRuns === 0) actions.push({ type: 'onFinally', scope: spec.id });
    if (spec.exceptionHandler && r.exceptionHandler === null) actions.push({ type: 'setExceptionHandler', scope: spec.id });
    if (spec.childScopeExceptionHandler && r.childScopeExceptionHandler === null) actions.push({ type: 'setChildScopeExceptionHandler', scope: spec.id });
  }
  return actions;
}

/** The scope machine: a forest of scopes, their coroutines, cancels, fail-together and disposal. */
export const machine: Machine<ScopeConfig, ScopeMachineState, ScopeAction, ScopeOutput> = {
  name: 'scope',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants,
};
