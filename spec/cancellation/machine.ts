/**
 * The cancellation machine: `async_coroutine_cancel` on one
 * coroutine — already finished (no-op), self-cancel (CAN-3), protected
 * (deferred, CAN-5), not started (`IGNORED`, CAN-2), safe (zombie), pending
 * cancellation kept (CAN-4) or applied and the coroutine woken (CAN-2) —
 * with `protect()` as one boolean flag (CAN-6), unwinding and overriding
 * exceptions (CAN-4), completion (CAN-7) and system cancellations that clear
 * `PROTECTED` first (CAN-11).
 *
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 * @module
 */
import { finishOutcome } from '../coroutine/predicates.js';
import type { Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import type { ErrorValue } from '../../language/values.js';
import { isCancellation } from '../../language/values.js';
import { applyCancellation, chainLength, chainPrevious } from '../waker/mergeErrors.js';
import { invariants } from './invariants.js';
import type { CancellationAction, CancellationConfig, CancellationOutput, CancellationState, CancellationStatus } from './model.js';
import { BODY_ERROR, GRACEFUL_SHUTDOWN, SELF_CANCELLATION } from './model.js';

/** A transition of the cancellation machine. */
export type CancellationTransition = Transition<CancellationConfig, CancellationState, CancellationAction, CancellationOutput>;

/** A named guard of the cancellation machine. */
export type CancellationGuard = Named<(config: CancellationConfig, state: CancellationState, action: CancellationAction) => boolean>;

/** A named update of the cancellation machine. */
export type CancellationUpdate = Named<
  (config: CancellationConfig, state: CancellationState, action: CancellationAction) => StepResult<CancellationState, CancellationOutput>
>;

type Result = StepResult<CancellationState, CancellationOutput>;
const ok = (state: CancellationState, outputs: CancellationOutput[] = []): Result => ({ kind: 'ok', state, outputs });
const guard = (name: string, fn: CancellationGuard['fn']): CancellationGuard => ({ name, fn });
const update = (name: string, fn: CancellationUpdate['fn']): CancellationUpdate => ({ name, fn });
const all = (...gs: CancellationGuard[]): CancellationGuard =>
  guard(gs.map((g) => g.name).join(' ∧ '), (c, s, a) => gs.every((g) => g.fn(c, s, a)));
const reasonOf = (a: CancellationAction): ErrorValue => ('reason' in a ? a.reason : SELF_CANCELLATION);

/** A coroutine spawned and queued, not started. */
export function initial(_config: CancellationConfig): CancellationState {
  return {
    started: false,
    finished: false,
    running: false,
    waker: 'QUEUED',
    cancelled: false,
    protected: false,
    protectDepth: 0,
    zombie: false,
    outcome: null,
    cancels: 0,
    ranBody: false,
    ignored: false,
    filledBy: {},
    thrownWhileProtected: false,
    lastProtectOp: null,
    systemCleared: false,
  };
}

/** The named state (the diagram node). */
export function status(s: CancellationState): CancellationStatus {
  if (s.finished) return 'COMPLETED';
  if (s.running) return s.protected ? 'PROTECTED' : 'RUNNING';
  if (!s.started) return s.waker === 'IGNORED' ? 'IGNORED' : 'QUEUED';
  return s.waker === 'WAITING' ? 'WAITING' : 'WOKEN';
}

/** Throw `error` into the running body (an error already in flight is chained at the end of its `previous`; a cancellation ends any override). */
function deliver(s: CancellationState, error: ErrorValue, outputs: CancellationOutput[]): CancellationState {
  outputs.push({ type: 'thrown', error });
  const next: CancellationState = {
    ...s,
    inFlight: s.inFlight ? chainPrevious(error, s.inFlight) : error,
    thrownWhileProtected: s.thrownWhileProtected || (s.protected && isCancellation(error)),
  };
  if (isCancellation(error)) delete next.overridden;
  return next;
}

const counted = (s: CancellationState): CancellationState => ({ ...s, cancels: s.cancels + 1 });

const isProtected = guard('protected', (_c, s) => s.protected);
const isSafely = guard('isSafely', (_c, _s, a) => a.type === 'cancel' && a.safely === true);
const keepsPending = guard('cancelledWithPendingCancellation', (_c, s) => s.cancelled && s.pending !== undefined && isCancellation(s.pending));
const hasInFlight = guard('errorInFlight', (_c, s) => s.inFlight !== undefined);
const noInFlight = guard('noErrorInFlight', (_c, s) => s.inFlight === undefined);
const inProtect = guard('insideProtect', (_c, s) => s.protectDepth > 0);
const hasDeferred = guard('deferredCancellation', (_c, s) => s.deferred !== undefined);
const outsideProtect = guard('outsideProtect', (_c, s) => s.protectDepth === 0);

const start = update('startBody', (_c, s) => ok({ ...s, started: true, running: true, waker: 'NO_STATUS', ranBody: true }));
const finalizeIgnored = update('finalizeIgnored', (_c, s) => {
  const outcome = { error: s.pending ?? SELF_CANCELLATION };
  const rest = { ...s, finished: true, waker: 'NO_STATUS' as const, outcome, filledBy: {} };
  delete rest.pending;
  return ok(rest, [{ type: 'completed', outcome }]);
});
const resume = update('resumeAtSuspension', (_c, s) => {
  const outputs: CancellationOutput[] = [];
  let next: CancellationState = { ...s, running: true, waker: 'NO_STATUS' };
  if (s.pending) {
    next = deliver(next, s.pending, outputs);
    delete next.pending;
    next.filledBy = { ...next.filledBy };
    delete next.filledBy.pending;
  }
  return ok(next, outputs);
});
const park = update('park', (_c, s) => ok({ ...s, running: false, waker: 'WAITING' }));
const wake = update('wake', (_c, s) => ok({ ...s, waker: 'QUEUED' }));
const selfCancel = update('markCancelledAndStore', (_c, s) => {
  const next = counted({ ...s, cancelled: true });
  if (s.stored === undefined) return ok({ ...next, stored: SELF_CANCELLATION, filledBy: { ...s.filledBy, stored: SELF_CANCELLATION } });
  return ok(next);
});
const noop = update('noop', (_c, s) => ok(s));
const defer = update('deferCancellation', (_c, s, a) => {
  const next = counted(s);
  if (s.deferred !== undefined) return ok(next);
  return ok({ ...next, deferred: reasonOf(a), filledBy: { ...s.filledBy, deferred: reasonOf(a) } });
});
const ignoreNotStarted = update('ignoreNotStarted', (_c, s, a) => {
  const pending = applyCancellation(s.pending, reasonOf(a));
  return ok(counted({ ...s, cancelled: true, waker: 'IGNORED', ignored: true, pending, filledBy: { ...s.filledBy, pending: s.filledBy.pending ?? pending } }));
});
const zombify = update('markZombie', (_c, s) => ok(counted({ ...s, cancelled: true, zombie: true })));
const keep = update('keepPendingCancellation', (_c, s) => ok(counted({ ...s, cancelled: true })));
const apply = update('applyCancellationAndEnqueue', (_c, s, a) => {
  const pending = applyCancellation(s.pending, reasonOf(a));
  return ok(counted({ ...s, cancelled: true, waker: 'QUEUED', pending, filledBy: { ...s.filledBy, pending: s.filledBy.pending ?? pending } }));
});
const enterProtect = update('setProtected', (_c, s) =>
  ok({ ...s, protected: true, protectDepth: s.protectDepth + 1, lastProtectOp: 'enter', systemCleared: false }),
);
const leaveProtect = update('clearProtected', (_c, s) => ok({ ...s, protected: false, protectDepth: s.protectDepth - 1, lastProtectOp: 'leave' }));
const leaveProtectThrowing = update('clearProtectedAndThrowDeferred', (_c, s) => {
  const outputs: CancellationOutput[] = [];
  const cleared: CancellationState = { ...s, protected: false, protectDepth: s.protectDepth - 1, lastProtectOp: 'leave', cancelled: true };
  const next = deliver(cleared, s.deferred as ErrorValue, outputs);
  delete next.deferred;
  next.filledBy = { ...next.filledBy };
  delete next.filledBy.deferred;
  return ok(next, outputs);
});
const throwError = update('throwOverInFlight', (_c, s, a) => {
  const error = a.type === 'throw' ? a.error : BODY_ERROR;
  const overridden = s.inFlight && isCancellation(s.inFlight) && !isCancellation(error) ? s.inFlight : s.overridden;
  return ok({ ...s, inFlight: s.inFlight ? chainPrevious(error, s.inFlight) : error, overridden });
});
const catchError = update('catchInFlight', (_c, s) => {
  const next = { ...s };
  delete next.inFlight;
  delete next.overridden;
  return ok(next);
});
const finalize = update('finalize', (_c, s) => {
  const outcome = finishOutcome(s.stored, s.inFlight ? { error: s.inFlight } : { value: 'v' });
  const outputs: CancellationOutput[] = [{ type: 'completed', outcome }];
  const next: CancellationState = { ...s, finished: true, running: false, waker: 'NO_STATUS', outcome };
  delete next.inFlight;
  if ('error' in outcome && !isCancellation(outcome.error)) {
    next.propagated = outcome.error;
    outputs.push({ type: 'propagated', error: outcome.error });
  }
  return ok(next, outputs);
});
const systemCancel = update('clearProtectedAndCancel', (_c, s, a) => {
  const base = counted({ ...s, protected: false, systemCleared: s.protected || s.systemCleared, cancelled: true, waker: 'QUEUED' as const });
  if (s.cancelled && s.pending !== undefined && isCancellation(s.pending)) return ok(base);
  const pending = applyCancellation(s.pending, reasonOf(a));
  return ok({ ...base, pending, filledBy: { ...s.filledBy, pending: s.filledBy.pending ?? pending } });
});

/** CAN-11 on a coroutine not started: PROTECTED cleared (it cannot be set yet), then the cancel of CAN-2: `IGNORED`. */
const systemCancelNotStarted = update('clearProtectedAndIgnore', (c, s, a) =>
  ignoreNotStarted.fn(c, { ...s, protected: false, systemCleared: s.protected || s.systemCleared }, a));
/** CAN-11 on the running coroutine (it called `graceful_shutdown()` itself): PROTECTED cleared, the cancellation stored as a self-cancel is (CAN-3). */
const systemCancelRunning = update('clearProtectedAndStore', (_c, s, a) => {
  const next = counted({ ...s, protected: false, systemCleared: s.protected || s.systemCleared, cancelled: true });
  if (s.stored !== undefined) return ok(next);
  return ok({ ...next, stored: reasonOf(a), filledBy: { ...s.filledBy, stored: reasonOf(a) } });
});

const BODY: CancellationStatus[] = ['RUNNING', 'PROTECTED'];
const PARKED: CancellationStatus[] = ['WAITING', 'WOKEN'];

/** Every transition of the cancellation machine, as data. */
export const transitions: readonly CancellationTransition[] = [
  { requirement: 'CAN-2', from: ['QUEUED'], on: 'start', to: 'RUNNING', update: start },
  { requirement: 'CAN-2', from: ['IGNORED'], on: 'start', to: 'COMPLETED', update: finalizeIgnored },
  { requirement: 'CAN-5', from: ['WOKEN'], on: 'start', to: 'PROTECTED', guard: isProtected, update: resume },
  { requirement: 'CAN-2', from: ['WOKEN'], on: 'start', to: 'RUNNING', update: resume },
  { requirement: 'CAN-2', from: BODY, on: 'await', to: 'WAITING', guard: noInFlight, update: park },
  { requirement: 'CAN-2', from: ['WAITING'], on: 'wake', to: 'WOKEN', update: wake },
  { requirement: 'CAN-2', from: ['COMPLETED'], on: 'cancel', to: 'COMPLETED', update: noop },
  { requirement: 'CAN-3', from: BODY, on: 'selfCancel', to: 'same', update: selfCancel },
  { requirement: 'CAN-5', from: PARKED, on: 'cancel', to: 'same', guard: isProtected, update: defer },
  { requirement: 'CAN-2', from: ['QUEUED', 'IGNORED'], on: 'cancel', to: 'IGNORED', update: ignoreNotStarted },
  { requirement: 'SCP-6', from: PARKED, on: 'cancel', to: 'same', guard: isSafely, update: zombify },
  { requirement: 'CAN-4', from: ['WOKEN'], on: 'cancel', to: 'WOKEN', guard: keepsPending, update: keep },
  { requirement: 'CAN-2', from: PARKED, on: 'cancel', to: 'WOKEN', update: apply },
  { requirement: 'CAN-11', from: PARKED, on: 'systemCancel', to: 'WOKEN', update: systemCancel },
  { requirement: 'CAN-11', from: ['COMPLETED'], on: 'systemCancel', to: 'COMPLETED', update: noop },
  { requirement: 'CAN-11', from: ['QUEUED', 'IGNORED'], on: 'systemCancel', to: 'IGNORED', update: systemCancelNotStarted },
  { requirement: 'CAN-11', from: BODY, on: 'systemCancel', to: 'RUNNING', update: systemCancelRunning },
  { requirement: 'CAN-5', from: BODY, on: 'protect', to: 'PROTECTED', guard: noInFlight, update: enterProtect },
  { requirement: 'CAN-5', from: BODY, on: 'unprotect', to: 'RUNNING', guard: all(inProtect, hasDeferred), update: leaveProtectThrowing },
  { requirement: 'CAN-6', from: BODY, on: 'unprotect', to: 'RUNNING', guard: inProtect, update: leaveProtect },
  { requirement: 'CAN-4', from: BODY, on: 'throw', to: 'same', update: throwError },
  { requirement: 'CAN-7', from: BODY, on: 'catch', to: 'same', guard: hasInFlight, update: catchError },
  { requirement: 'CAN-7', from: ['RUNNING'], on: 'finish', to: 'COMPLETED', guard: outsideProtect, update: finalize },
];

/** Apply one action: the first matching transition of {@link transitions} fires. */
export function step(config: CancellationConfig, state: CancellationState, action: CancellationAction): StepResult<CancellationState, CancellationOutput> {
  return stepBy({ transitions, status }, config, state, action);
}

/**
 * The actions `explore()` tries: scheduling, cancels with each configured
 * reason (safe ones when configured), self-cancel, graceful shutdown,
 * protect nesting up to `maxProtectDepth`, a thrown `RuntimeException`
 * (while the error chain is short), catch and finish. Cancel requests stop
 * at `maxCancels`.
 */
export function enabled(config: CancellationConfig, s: CancellationState): CancellationAction[] {
  const actions: CancellationAction[] = [{ type: 'start' }, { type: 'await' }, { type: 'wake' }];
  if (s.cancels < config.maxCancels) {
    for (const reason of config.reasons) {
      actions.push({ type: 'cancel', reason });
      if (config.safely) actions.push({ type: 'cancel', reason, safely: true });
    }
    actions.push({ type: 'selfCancel' }, { type: 'systemCancel', reason: GRACEFUL_SHUTDOWN });
  }
  if (s.protectDepth < config.maxProtectDepth) actions.push({ type: 'protect' });
  actions.push({ type: 'unprotect' });
  if (chainLength(s.inFlight) < 2) actions.push({ type: 'throw', error: BODY_ERROR });
  actions.push({ type: 'catch' }, { type: 'finish' });
  return actions;
}

/** The cancellation machine: one coroutine under every kind of cancellation. */
export const machine: Machine<CancellationConfig, CancellationState, CancellationAction, CancellationOutput> = {
  name: 'cancellation',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants,
};
