/**
 * The lifecycle machine of one scope (`scopeLifecycle`): a single
 * `Async\Scope` over its own status — `OPEN`, `CANCELLED`, `CLOSED`,
 * `DISPOSED` — with child creation, cancel, the fail-together path,
 * `disposeAfterTimeout`, disposal and finally handlers as transitions, and
 * the cascade as the machine's outputs (cancel the children, cancel the own
 * coroutines, notify the waiters, run the finally handlers, leave the parent).
 *
 * @remarks Unlike the forest machine (`machine.ts`, a fixed configured tree
 * for exploration), this machine knows one scope only, so a system that
 * creates scopes at run time steps one instance per scope. What it needs to
 * know about the rest of the tree comes with the action as an observation
 * (`subtreeDone`: `active + zombie == 0` and every child completely done;
 * `drained`: the same with every child disposable) — the machine decides,
 * the system carries out the outputs on its tree and its coroutines.
 * Follows php-async's `scope.c`: `scope_catch_or_cancel` (a CLOSED or
 * disposed scope ignores the cancel; a completely done one is closed;
 * otherwise CANCELLED, children, own coroutines), `scope_can_be_disposed`
 * (CANCELLED, no coroutine, zombie or not, every child disposable) and
 * `async_scope_dispose` (children first, finally handlers, leave the parent).
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import type { Invariant, Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { firingTransition, stepBy } from '../kernel/machine.js';
import type { ScopeStatus } from './model.js';
import { DISPOSED_MESSAGE, INHERIT_DISPOSED_MESSAGE } from './model.js';

/** The configuration of the lifecycle machine: none (the observations come with the actions). */
export type ScopeLifecycleConfig = Record<string, never>;

/**
 * The state of one scope: its flags, from which its status derives
 * (`DISPOSED` > `CLOSED` > `CANCELLED` > `OPEN`). The flags are sticky: a
 * cancelled scope that is closed or disposed still reports
 * `isCancelled()`, a closed one that is disposed still reports `isClosed()`.
 */
export interface ScopeLifecycleState {
  /** `ZEND_ASYNC_SCOPE_F_CANCELLED`. */
  cancelled: boolean;
  /** `ZEND_ASYNC_SCOPE_F_CLOSED`. */
  closed: boolean;
  /** The internal scope was disposed. */
  disposed: boolean;
  /** Its finally handlers have been scheduled (once, SCP-16). */
  finallyRan: boolean;
}

/**
 * An action on one scope. `subtreeDone` and `drained` are the system's
 * observations of the scope's coroutines and children, see the module
 * remarks.
 */
export type ScopeLifecycleAction =
  | { type: 'inherit' }
  | { type: 'configure' }
  | { type: 'cancel'; subtreeDone: boolean }
  | { type: 'timerFires'; subtreeDone: boolean }
  | { type: 'fail' }
  | { type: 'disposeAfterTimeout'; idle: boolean }
  | { type: 'dispose'; drained: boolean }
  | { type: 'onFinally' };

/**
 * What a step asks the system to do, in order: `childCreated` (the new child
 * copies the scope's safety, SCP-2), `timedOut` (the `disposeAfterTimeout`
 * cancel is announced), `cancelChildren`, `cancelCoroutines` and
 * `notifyWaiters` (the cascade, SCP-4, SCP-14), `runFinally` (schedule the
 * registered finally handlers, SCP-16), `callFinallyNow` (a handler
 * registered after they ran is called at once), `queueFinally`, `armTimer`
 * (SCP-11) and `leaveParent` (a disposed scope leaves its parent's children,
 * SCP-12).
 */
export type ScopeLifecycleOutput = {
  type:
    | 'childCreated' | 'timedOut' | 'cancelChildren' | 'cancelCoroutines' | 'notifyWaiters'
    | 'runFinally' | 'callFinallyNow' | 'queueFinally' | 'armTimer' | 'leaveParent';
};

/** A transition of the lifecycle machine. */
export type ScopeLifecycleTransition = Transition<ScopeLifecycleConfig, ScopeLifecycleState, ScopeLifecycleAction, ScopeLifecycleOutput>;

/** The result of one step of the lifecycle machine. */
export type ScopeLifecycleResult = StepResult<ScopeLifecycleState, ScopeLifecycleOutput>;
type Result = ScopeLifecycleResult;
type Guard = Named<(c: ScopeLifecycleConfig, s: ScopeLifecycleState, a: ScopeLifecycleAction) => boolean>;
type Update = Named<(c: ScopeLifecycleConfig, s: ScopeLifecycleState, a: ScopeLifecycleAction) => Result>;

const out = (...types: ScopeLifecycleOutput['type'][]): ScopeLifecycleOutput[] => types.map((type) => ({ type }));
const ok = (state: ScopeLifecycleState, outputs: ScopeLifecycleOutput[] = []): Result => ({ kind: 'ok', state, outputs });
const refuse = (s: ScopeLifecycleState, message: string): Result => ({ kind: 'error', state: s, error: { type: 'Async\\AsyncException', message } });
const guard = (name: string, fn: Guard['fn']): Guard => ({ name, fn });
const update = (name: string, fn: Update['fn']): Update => ({ name, fn });

/** A fresh scope: `new Scope()` or `Scope::inherit()` (SCP-1). */
export function initial(): ScopeLifecycleState {
  return { cancelled: false, closed: false, disposed: false, finallyRan: false };
}

/** The status of a scope: `DISPOSED` > `CLOSED` > `CANCELLED` > `OPEN`. */
export function status(s: ScopeLifecycleState): ScopeStatus {
  if (s.disposed) return 'DISPOSED';
  if (s.closed) return 'CLOSED';
  return s.cancelled ? 'CANCELLED' : 'OPEN';
}

/** Schedule the finally handlers once (SCP-16): the outputs of closing or disposing. */
const finallyOnce = (s: ScopeLifecycleState): ScopeLifecycleOutput[] => (s.finallyRan ? [] : out('runFinally'));

/**
 * `SCOPE_IS_COMPLETELY_DONE` of the scope: CLOSED ∨ CANCELLED ∨ the subtree
 * observed done (SCP-7).
 */
export function completelyDone(s: ScopeLifecycleState, subtreeDone: boolean): boolean {
  return s.closed || s.cancelled || subtreeDone;
}

/** `scope_can_be_disposed` with the object alive: not disposed, CANCELLED, and the subtree observed drained (SCP-12). */
export function canBeDisposed(s: Pick<ScopeLifecycleState, 'cancelled' | 'disposed'>, drained: boolean): boolean {
  return !s.disposed && s.cancelled && drained;
}

const subtreeDone = guard('completelyDone', (_c, s, a) => completelyDone(s, 'subtreeDone' in a && a.subtreeDone));
const disposable = guard('canBeDisposed', (_c, s, a) => canBeDisposed(s, a.type === 'dispose' && a.drained));
const idle = guard('idle', (_c, _s, a) => a.type === 'disposeAfterTimeout' && a.idle);
const hasRun = guard('finallyRan', (_c, s) => s.finallyRan);

const createChild = update('createChild', (_c, s) => ok(s, out('childCreated')));
const refuseInherit = update('throwInheritFromDisposed', (_c, s) => refuse(s, INHERIT_DISPOSED_MESSAGE));
const configure = update('configure', (_c, s) => ok(s));
const refuseDisposed = update('throwScopeDisposed', (_c, s) => refuse(s, DISPOSED_MESSAGE));
const ignore = update('ignore', (_c, s) => ok(s));
const close = update('closeAndRunFinally', (_c, s) => ok({ ...s, closed: true, finallyRan: true }, finallyOnce(s)));
const cascade = update('cancelSubtree', (_c, s) => ok({ ...s, cancelled: true }, out('cancelChildren', 'cancelCoroutines', 'notifyWaiters')));
const timeoutClose = update('announceAndClose', (_c, s) => ok({ ...s, closed: true, finallyRan: true }, [...out('timedOut'), ...finallyOnce(s)]));
const timeoutCascade = update('announceAndCancelSubtree', (_c, s) =>
  ok({ ...s, cancelled: true }, out('timedOut', 'cancelChildren', 'cancelCoroutines', 'notifyWaiters')));
const armTimer = update('armTimer', (_c, s) => ok(s, out('armTimer')));
const dispose = update('disposeAndLeaveParent', (_c, s) => ok({ ...s, disposed: true, finallyRan: true }, [...finallyOnce(s), ...out('leaveParent')]));
const callNow = update('callFinallyNow', (_c, s) => ok(s, out('callFinallyNow')));
const queueFinally = update('queueFinallyHandler', (_c, s) => ok(s, out('queueFinally')));

const LIVE: ScopeStatus[] = ['OPEN', 'CANCELLED', 'CLOSED'];
const NOT_CLOSED: ScopeStatus[] = ['OPEN', 'CANCELLED'];
const ALL: ScopeStatus[] = [...LIVE, 'DISPOSED'];

/** The transitions that move a scope's status: cancel, the fired timer, fail-together, disposal (the cascade is their output). */
export const statusTransitions: readonly ScopeLifecycleTransition[] = [
  { requirement: 'SCP-19', from: ['DISPOSED'], on: 'cancel', to: 'DISPOSED', update: ignore },
  { requirement: 'SCP-7', from: ['CLOSED'], on: 'cancel', to: 'CLOSED', update: ignore },
  { requirement: 'SCP-7', from: NOT_CLOSED, on: 'cancel', to: 'CLOSED', guard: subtreeDone, update: close },
  { requirement: 'SCP-4', from: ['OPEN'], on: 'cancel', to: 'CANCELLED', update: cascade },
  { requirement: 'SCP-11', from: ['CLOSED', 'DISPOSED'], on: 'timerFires', to: 'same', update: ignore },
  { requirement: 'SCP-11', from: NOT_CLOSED, on: 'timerFires', to: 'CLOSED', guard: subtreeDone, update: timeoutClose },
  { requirement: 'SCP-11', from: ['OPEN'], on: 'timerFires', to: 'CANCELLED', update: timeoutCascade },
  { requirement: 'SCP-14', from: ['OPEN'], on: 'fail', to: 'CANCELLED', update: cascade },
  { requirement: 'SCP-14', from: ['CANCELLED', 'CLOSED', 'DISPOSED'], on: 'fail', to: 'same', update: cascade },
  { requirement: 'SCP-12', from: ['CANCELLED', 'CLOSED'], on: 'dispose', to: 'DISPOSED', guard: disposable, update: dispose },
];

/** The operations on the scope object that leave its status as it is: child creation, settings, `disposeAfterTimeout()`, `finally()`. */
export const objectTransitions: readonly ScopeLifecycleTransition[] = [
  { requirement: 'SCP-19', from: ['DISPOSED'], on: 'inherit', to: 'DISPOSED', update: refuseInherit },
  { requirement: 'SCP-1', from: LIVE, on: 'inherit', to: 'same', update: createChild },
  { requirement: 'SCP-19', from: ['DISPOSED'], on: 'configure', to: 'DISPOSED', update: refuseDisposed },
  { requirement: 'SCP-14', from: LIVE, on: 'configure', to: 'same', update: configure },
  { requirement: 'SCP-11', from: ['CLOSED', 'DISPOSED'], on: 'disposeAfterTimeout', to: 'same', update: ignore },
  { requirement: 'SCP-11', from: NOT_CLOSED, on: 'disposeAfterTimeout', to: 'same', guard: idle, update: ignore },
  { requirement: 'SCP-11', from: NOT_CLOSED, on: 'disposeAfterTimeout', to: 'same', update: armTimer },
  { requirement: 'SCP-16', from: ALL, on: 'onFinally', to: 'same', guard: hasRun, update: callNow },
  { requirement: 'SCP-16', from: ALL, on: 'onFinally', to: 'same', update: queueFinally },
];

/** Every transition of the lifecycle machine, as data. */
export const transitions: readonly ScopeLifecycleTransition[] = [...statusTransitions, ...objectTransitions];

/** The two parts of the lifecycle machine, for the state diagrams: `scopeLifecycle` (the status) and `scopeObject` (the operations that keep it). */
export const parts: readonly { name: string; module: string; transitions: readonly ScopeLifecycleTransition[] }[] = [
  { name: 'scopeLifecycle', module: 'scope', transitions: statusTransitions },
  { name: 'scopeObject', module: 'scope', transitions: objectTransitions },
];

/** Apply one action: the first matching transition fires; a `dispose` of a scope that cannot be disposed is `Unhandled`. */
export function step(config: ScopeLifecycleConfig, state: ScopeLifecycleState, action: ScopeLifecycleAction): ScopeLifecycleResult {
  return stepBy({ transitions, status }, config, state, action);
}

const TABLE = { transitions, status };
const NO_CONFIG: ScopeLifecycleConfig = {};

/**
 * Step a scope record in place (the system's plain mutable record holds the
 * machine's state): the fired transition's flags are written back.
 *
 * @returns the outputs, or `undefined` when no transition is enabled (a
 *   `dispose` the scope refuses).
 * @throws Error carrying the refusal's message when the machine refuses with an error; callers map it with {@link refusal} first.
 */
export function stepScope(record: ScopeLifecycleState, action: ScopeLifecycleAction): ScopeLifecycleOutput[] | undefined {
  const t = firingTransition(TABLE, NO_CONFIG, record, action);
  if (!t) return undefined;
  const r = t.update.fn(NO_CONFIG, record, action);
  if (r.kind === 'error') throw new Error(`spec: scope ${action.type} refused (${r.error.message})`);
  record.cancelled = r.state.cancelled;
  record.closed = r.state.closed;
  record.disposed = r.state.disposed;
  record.finallyRan = r.state.finallyRan;
  return r.outputs;
}

/** The error message the machine refuses `action` with in `record`'s state, if it does (SCP-19). */
export function refusal(record: ScopeLifecycleState, action: ScopeLifecycleAction): string | undefined {
  const t = firingTransition(TABLE, NO_CONFIG, record, action);
  if (!t) return undefined;
  const r = t.update.fn(NO_CONFIG, record, action);
  return r.kind === 'error' ? r.error.message : undefined;
}

/** The actions `explore()` tries: every action, with each value of its observation. */
export function enabled(): ScopeLifecycleAction[] {
  return [
    { type: 'inherit' }, { type: 'configure' }, { type: 'fail' }, { type: 'onFinally' },
    ...[true, false].flatMap((b): ScopeLifecycleAction[] => [
      { type: 'cancel', subtreeDone: b }, { type: 'timerFires', subtreeDone: b },
      { type: 'disposeAfterTimeout', idle: b }, { type: 'dispose', drained: b },
    ]),
  ];
}

/** An invariant of the lifecycle machine. */
export type ScopeLifecycleInvariant = Invariant<ScopeLifecycleConfig, ScopeLifecycleState>;

/** SCP-12: only a cancelled scope is disposed. */
export const disposedWasCancelled: ScopeLifecycleInvariant = {
  id: 'SCP-12',
  title: 'DISPOSED ⇒ CANCELLED (scope_can_be_disposed requires the flag)',
  holds: (s) => !s.disposed || s.cancelled,
};

/** SCP-16: a closed or disposed scope has scheduled its finally handlers. */
export const endedRanFinally: ScopeLifecycleInvariant = {
  id: 'SCP-16',
  title: 'CLOSED ∨ DISPOSED ⇒ the finally handlers were scheduled',
  holds: (s) => !(s.closed || s.disposed) || s.finallyRan,
};

/** SCP-7: a scope is closed only by a cancel that found it completely done, so CLOSED is never reached from a live subtree without cancelling it first. */
export const finallyOnlyWhenEnded: ScopeLifecycleInvariant = {
  id: 'SCP-16',
  title: 'finally handlers scheduled ⇒ CLOSED ∨ DISPOSED',
  holds: (s) => !s.finallyRan || s.closed || s.disposed,
};

/** Every invariant of the lifecycle machine. */
export const lifecycleInvariants: readonly ScopeLifecycleInvariant[] = [disposedWasCancelled, endedRanFinally, finallyOnlyWhenEnded];

/** The lifecycle machine of one scope. */
export const lifecycleMachine: Machine<ScopeLifecycleConfig, ScopeLifecycleState, ScopeLifecycleAction, ScopeLifecycleOutput> = {
  name: 'scopeLifecycle',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants: lifecycleInvariants,
};
