/**
 * The coroutine machine: the coroutine's transition table, including
 * the cancel algorithm (protection, `is_safely`, deferred
 * cancellation), finally handlers and completion.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import type { ErrorValue } from '../../language/values.js';
import { isCancellation } from '../../language/values.js';
import { applyCancellation, chainLength, mergeResumeError } from '../waker/mergeErrors.js';
import { invariants } from './invariants.js';
import type { CoroutineAction, CoroutineConfig, CoroutineOutput, CoroutineState, CoroutineStatus, ExceptionFate } from './model.js';
import { finishOutcome } from './predicates.js';

/** A transition of the coroutine machine. */
export type CoroutineTransition = Transition<CoroutineConfig, CoroutineState, CoroutineAction, CoroutineOutput>;

/** A named guard of the coroutine machine. */
export type CoroutineGuard = Named<(config: CoroutineConfig, state: CoroutineState, action: CoroutineAction) => boolean>;

/** A named update of the coroutine machine. */
export type CoroutineUpdate = Named<
  (config: CoroutineConfig, state: CoroutineState, action: CoroutineAction) => StepResult<CoroutineState, CoroutineOutput>
>;

/** `AsyncException("Cannot spawn a coroutine in a closed scope")` (COR-2). */
export const CLOSED_SCOPE_MESSAGE = 'Cannot spawn a coroutine in a closed scope';

const ok = (state: CoroutineState, outputs: CoroutineOutput[] = []): StepResult<CoroutineState, CoroutineOutput> => ({ kind: 'ok', state, outputs });
const guard = (name: string, fn: CoroutineGuard['fn']): CoroutineGuard => ({ name, fn });
const update = (name: string, fn: CoroutineUpdate['fn']): CoroutineUpdate => ({ name, fn });
const errorOf = (a: CoroutineAction): ErrorValue | undefined => ('error' in a ? a.error : undefined);

/** A coroutine allocated but not spawned (`CREATED`). */
export function initial(_config: CoroutineConfig): CoroutineState {
  return {
    registered: false,
    started: false,
    cancelled: false,
    zombie: false,
    protected: false,
    closed: false,
    running: false,
    waker: 'NO_STATUS',
    pendingError: undefined,
    inFlight: undefined,
    exception: undefined,
    result: undefined,
    deferred: undefined,
    finallyPending: 0,
    finallyRan: false,
    outcomeAtClose: null,
    fate: 'none',
    lastSwitch: null,
    internalContext: 0,
    spawnLocation: null,
  };
}

/** The named state of a coroutine. */
export function status(s: CoroutineState): CoroutineStatus {
  if (s.closed) return 'COMPLETED';
  if (s.running) return 'RUNNING';
  if (s.waker === 'IGNORED') return 'IGNORED';
  if (s.started) return 'SUSPENDED';
  return s.registered ? 'QUEUED' : 'CREATED';
}

/** COR-8: what happens to the exception a coroutine completed with. */
export function exceptionFate(config: CoroutineConfig, exception: ErrorValue | undefined): ExceptionFate {
  if (!exception) return 'none';
  if (isCancellation(exception)) return 'silent';
  return config.outsideReference ? 'stored' : 'rethrown';
}

/** COR-5: finalize — close, FINISH, release the internal context, schedule finally handlers, destroy the waker, unregister. */
function complete(c: CoroutineConfig, s: CoroutineState, exception: ErrorValue | undefined, value: CoroutineState['result']): StepResult<CoroutineState, CoroutineOutput> {
  const fate = exceptionFate(c, exception);
  const outputs: CoroutineOutput[] = [exception ? { type: 'failed', error: exception } : { type: 'completed', value: value ?? null }];
  if (exception && fate === 'rethrown') outputs.push({ type: 'rethrown', error: exception });
  return ok(
    {
      ...s,
      closed: true,
      running: false,
      registered: false,
      waker: 'NO_STATUS',
      pendingError: undefined,
      inFlight: undefined,
      exception,
      result: exception ? undefined : (value ?? null),
      outcomeAtClose: exception ? { error: exception } : { value: value ?? null },
      fate,
      lastSwitch: s.started ? 'FINISH' : s.lastSwitch,
      internalContext: 0,
    },
    outputs,
  );
}

const isCancellationArg = guard('argumentIsCancellation', (_c, _s, a) => {
  const e = errorOf(a);
  return e !== undefined && isCancellation(e);
});
const isWrongArg = guard('argumentNotCancellation', (c, s, a) => !isCancellationArg.fn(c, s, a));
const canSpawn = guard('scopeOpen', (c) => !c.scopeClosed);
const isScopeClosed = guard('scopeClosed', (c) => c.scopeClosed);
const isWaiting = guard('wakerWaiting', (_c, s) => s.waker === 'WAITING');
const isQueuedWaker = guard('wakerQueued', (_c, s) => s.waker === 'QUEUED');
const hasInFlight = guard('errorInFlight', (_c, s) => s.inFlight !== undefined);
const notProtected = guard('notProtected', (_c, s) => !s.protected);
const isProtected = guard('protected', (_c, s) => s.protected);
const isSafely = guard('isSafely', (c, s, a) => a.type === 'cancel' && a.safely === true && isCancellationArg.fn(c, s, a));
const canAddFinally = guard('belowMaxFinally', (c, s) => s.finallyPending < c.maxFinally);
const and = (...gs: CoroutineGuard[]): CoroutineGuard => guard(gs.map((g) => g.name).join(' ∧ '), (c, s, a) => gs.every((g) => g.fn(c, s, a)));

const register = update('registerAndEnqueue', (_c, s) => ok({ ...s, registered: true, waker: 'QUEUED', spawnLocation: 'scenario:1' }));
const refuseSpawn = update('throwClosedScope', (_c, s) => ({ kind: 'error', state: s, error: { type: 'Async\\AsyncException', message: CLOSED_SCOPE_MESSAGE } }));
const start = update('start', (_c, s) => ok({ ...s, started: true, running: true, waker: 'NO_STATUS', lastSwitch: 'ENTER' }));
const resumeAtSuspension = update('resumeThrowingPending', (_c, s) =>
  ok({ ...s, running: true, waker: 'NO_STATUS', inFlight: s.pendingError ?? s.inFlight, pendingError: undefined, lastSwitch: 'ENTER' }),
);
const finalizeIgnored = update('finalizeIgnored', (c, s) => complete(c, { ...s, waker: 'RESULT' }, s.pendingError, undefined));
const selfEnqueue = update('selfEnqueue', (_c, s) => ok({ ...s, running: false, waker: 'QUEUED', lastSwitch: 'LEAVE' }));
const park = update('park', (_c, s) => ok({ ...s, running: false, waker: 'WAITING', lastSwitch: 'LEAVE' }));
const wake = update('wake', (_c, s, a) => {
  const e = errorOf(a);
  return ok({ ...s, waker: 'QUEUED', pendingError: e ? mergeResumeError(s.pendingError, e) : s.pendingError });
});
const throwError = update('throw', (_c, s, a) => ok({ ...s, inFlight: errorOf(a) }));
const catchError = update('catch', (_c, s) => ok({ ...s, inFlight: undefined }));
const enterProtect = update('setProtected', (_c, s) => ok({ ...s, protected: true }));
const leaveProtect = update('clearProtectedAndDeliverDeferred', (_c, s) =>
  ok(s.deferred ? { ...s, protected: false, cancelled: true, inFlight: s.deferred, deferred: undefined } : { ...s, protected: false }),
);
const setContext = update('setInternalContext', (_c, s) => ok({ ...s, internalContext: 1 }));
const noop = update('noop', (_c, s) => ok(s));
const throwTypeError = update('throwTypeError', (_c, s) => ({
  kind: 'error',
  state: s,
  error: { type: 'TypeError', message: 'Coroutine::cancel(): Argument #1 ($cancellation) must be of type ?Async\\AsyncCancellation' },
}));
const selfCancel = update('markCancelledAndStore', (_c, s, a) => ok({ ...s, cancelled: true, exception: s.exception ?? errorOf(a) }));
const deferCancel = update('deferCancellation', (_c, s, a) => ok({ ...s, deferred: s.deferred ?? errorOf(a) }));
const ignoreNotStarted = update('ignoreNotStarted', (_c, s, a) =>
  ok({ ...s, cancelled: true, waker: 'IGNORED', pendingError: applyCancellation(s.pendingError, errorOf(a) as ErrorValue) }),
);
const zombify = update('markZombie', (_c, s) => ok({ ...s, cancelled: true, zombie: true }));
const cancelSuspended = update('applyCancellationAndEnqueue', (_c, s, a) =>
  ok({ ...s, cancelled: true, waker: 'QUEUED', pendingError: applyCancellation(s.pendingError, errorOf(a) as ErrorValue) }),
);
const finish = update('finalize', (c, s) => {
  const outcome = finishOutcome(s.exception, s.inFlight ? { error: s.inFlight } : { value: 'v' });
  return 'error' in outcome ? complete(c, s, outcome.error, undefined) : complete(c, s, undefined, outcome.value);
});
const addFinally = update('queueFinallyHandler', (_c, s) => ok({ ...s, finallyPending: s.finallyPending + 1 }));
const callFinallyNow = update('callFinallyNow', (_c, s) => ok(s, [{ type: 'finallyCalled', handler: 0 }]));
const runFinally = update('runFinallyHandlers', (_c, s) =>
  ok({ ...s, finallyPending: 0, finallyRan: true }, Array.from({ length: s.finallyPending }, (_, i) => ({ type: 'finallyCalled' as const, handler: i + 1 }))),
);

const ALIVE: CoroutineStatus[] = ['CREATED', 'QUEUED', 'RUNNING', 'SUSPENDED', 'IGNORED'];

/** Every transition of the coroutine, as data (with the cancel algorithm). */
export const transitions: readonly CoroutineTransition[] = [
  { requirement: 'COR-2', from: ['CREATED'], on: 'spawn', to: 'CREATED', guard: isScopeClosed, update: refuseSpawn },
  { requirement: 'COR-1', from: ['CREATED'], on: 'spawn', to: 'QUEUED', guard: canSpawn, update: register },
  { requirement: 'COR-1', from: ['QUEUED'], on: 'pick', to: 'RUNNING', update: start },
  { requirement: 'COR-6', from: ['SUSPENDED'], on: 'pick', to: 'RUNNING', guard: isQueuedWaker, update: resumeAtSuspension },
  { requirement: 'COR-5', from: ['IGNORED'], on: 'pick', to: 'COMPLETED', update: finalizeIgnored },
  { requirement: 'COR-6', from: ['RUNNING'], on: 'suspend', to: 'SUSPENDED', guard: notProtected, update: selfEnqueue },
  { requirement: 'COR-6', from: ['RUNNING'], on: 'await', to: 'SUSPENDED', update: park },
  { requirement: 'COR-6', from: ['SUSPENDED'], on: 'wake', to: 'SUSPENDED', guard: isWaiting, update: wake },
  { requirement: 'COR-4', from: ['RUNNING'], on: 'throw', to: 'RUNNING', update: throwError },
  { requirement: 'COR-4', from: ['RUNNING'], on: 'catch', to: 'RUNNING', guard: hasInFlight, update: catchError },
  { requirement: 'COR-6', from: ['RUNNING'], on: 'protect', to: 'RUNNING', guard: and(notProtected, guard('noErrorInFlight', (_c, s) => !s.inFlight)), update: enterProtect },
  { requirement: 'COR-6', from: ['RUNNING'], on: 'unprotect', to: 'RUNNING', guard: isProtected, update: leaveProtect },
  { requirement: 'COR-10', from: ['RUNNING'], on: 'setContext', to: 'RUNNING', update: setContext },
  { requirement: 'COR-3', from: ['COMPLETED'], on: 'cancel', to: 'COMPLETED', update: noop },
  { requirement: 'COR-11', from: ALIVE, on: 'cancel', to: 'same', guard: isWrongArg, update: throwTypeError },
  { requirement: 'COR-4', from: ['RUNNING'], on: 'cancel', to: 'RUNNING', update: selfCancel },
  { requirement: 'COR-6', from: ['SUSPENDED'], on: 'cancel', to: 'SUSPENDED', guard: isProtected, update: deferCancel },
  { requirement: 'COR-1', from: ['QUEUED', 'IGNORED'], on: 'cancel', to: 'IGNORED', update: ignoreNotStarted },
  { requirement: 'COR-6', from: ['SUSPENDED'], on: 'cancel', to: 'SUSPENDED', guard: isSafely, update: zombify },
  { requirement: 'COR-6', from: ['SUSPENDED'], on: 'cancel', to: 'SUSPENDED', update: cancelSuspended },
  { requirement: 'COR-4', from: ['RUNNING'], on: 'finish', to: 'COMPLETED', guard: notProtected, update: finish },
  { requirement: 'COR-7', from: ALIVE, on: 'onFinally', to: 'same', guard: canAddFinally, update: addFinally },
  { requirement: 'COR-7', from: ['COMPLETED'], on: 'onFinally', to: 'COMPLETED', update: callFinallyNow },
  { requirement: 'COR-7', from: ['COMPLETED'], on: 'runFinally', to: 'COMPLETED', guard: guard('finallyPending', (_c, s) => s.finallyPending > 0), update: runFinally },
];

/** Apply one action: the first matching transition of {@link transitions} fires. */
export function step(config: CoroutineConfig, state: CoroutineState, action: CoroutineAction): StepResult<CoroutineState, CoroutineOutput> {
  return stepBy({ transitions, status }, config, state, action);
}

/** The error values `explore()` uses. */
export const SAMPLE_ERRORS = {
  exception: { class: 'RuntimeException', message: 'boom' } as ErrorValue,
  cancellation: { class: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' } as ErrorValue,
};

/** The actions `explore()` tries: scheduling, body moves, cancels (plain, safely, wrongly typed), finally handlers. */
export function enabled(config: CoroutineConfig, state: CoroutineState): CoroutineAction[] {
  const { exception, cancellation } = SAMPLE_ERRORS;
  const roomy = chainLength(state.pendingError) < config.maxErrorChain;
  const actions: CoroutineAction[] = [{ type: 'spawn' }, { type: 'pick' }, { type: 'suspend' }, { type: 'await' }, { type: 'wake' }];
  if (roomy) actions.push({ type: 'wake', error: exception });
  actions.push({ type: 'throw', error: exception }, { type: 'throw', error: cancellation }, { type: 'catch' });
  actions.push({ type: 'protect' }, { type: 'unprotect' }, { type: 'setContext' }, { type: 'finish' });
  actions.push({ type: 'cancel', error: cancellation }, { type: 'cancel', error: exception });
  if (config.scopeClosed === false) actions.push({ type: 'cancel', error: cancellation, safely: true });
  actions.push({ type: 'onFinally' }, { type: 'runFinally' });
  return actions;
}

/** The coroutine machine: one coroutine from spawn to completion and its finally handlers. */
export const machine: Machine<CoroutineConfig, CoroutineState, CoroutineAction, CoroutineOutput> = {
  name: 'coroutine',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants,
};
