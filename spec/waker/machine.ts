/**
 * The waker machine: the waker's transition table, with the
 * standard callbacks, the fast path (SCH-5), the closed-before-suspend
 * replay (EVT-14) and the misuse errors (WAK-6, WAK-7).
 *
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
import type { Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import type { ErrorValue, Value } from '../../language/values.js';
import { invariants } from './invariants.js';
import { applyCancellation, chainLength, mergeResumeError } from './mergeErrors.js';
import type { WakerAction, WakerConfig, WakerEventKind, WakerOutcome, WakerOutput, WakerState, WakerStatus } from './model.js';

/** A transition of the waker machine. */
export type WakerTransition = Transition<WakerConfig, WakerState, WakerAction, WakerOutput>;

/** A named guard of the waker machine. */
export type WakerGuard = Named<(config: WakerConfig, state: WakerState, action: WakerAction) => boolean>;

/** A named update of the waker machine. */
export type WakerUpdate = Named<
  (config: WakerConfig, state: WakerState, action: WakerAction) => StepResult<WakerState, WakerOutput>
>;

/** What a fired event hands to the waker: a value, an error, or a plain wake-up (`{}`). */
export type EventOutcome = WakerOutcome;

/** `Async\AsyncException("Cannot resume a coroutine that has not been suspended")` (WAK-6). */
export const NOT_SUSPENDED_MESSAGE = 'Cannot resume a coroutine that has not been suspended';
/** The `E_ERROR` of executing a coroutine whose waker is still `WAITING` (WAK-6). */
export const NOT_RESOLVED_MESSAGE = 'Attempt to resume a coroutine that has not been resolved';
/** The `Error` of subscribing to a closed event (WAK-7). */
export const TERMINATED_MESSAGE = 'The event cannot be used after it has been terminated';

/**
 * The outcome the standard callback of an event of `kind` delivers (WAK-8).
 *
 * @param kind - the callback kind.
 * @param id - the event id (a `resolve` event's result, a `fail` event's message).
 * @returns the outcome.
 */
export function eventOutcome(kind: WakerEventKind, id: string): EventOutcome {
  switch (kind) {
    case 'resolve':
      return { value: id };
    case 'fail':
      return { error: { class: 'RuntimeException', message: `${id} failed` } };
    case 'token':
      return { error: { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled' } };
    case 'timeout':
      return { error: { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' } };
    case 'timer':
      return {};
  }
}

const ok = (state: WakerState, outputs: WakerOutput[] = []): StepResult<WakerState, WakerOutput> => ({ kind: 'ok', state, outputs });
const fail = (state: WakerState, type: string, message: string): StepResult<WakerState, WakerOutput> => ({
  kind: 'error',
  state,
  error: { type, message },
});
const guard = (name: string, fn: WakerGuard['fn']): WakerGuard => ({ name, fn });
const update = (name: string, fn: WakerUpdate['fn']): WakerUpdate => ({ name, fn });
const all = (...gs: WakerGuard[]): WakerGuard =>
  guard(gs.map((g) => g.name).join(' ∧ '), (c, s, a) => gs.every((g) => g.fn(c, s, a)));
const eventOf = (a: WakerAction): string => ('event' in a ? a.event : '');
const kindOf = (c: WakerConfig, id: string): WakerEventKind => c.events.find((e) => e.id === id)?.kind ?? 'resolve';
/** The outcome a `fire` delivers: the one it carries (values by reference), else the one its event's callback kind gives (WAK-8). */
const firedOutcome = (c: WakerConfig, a: WakerAction, id: string): EventOutcome =>
  (a.type === 'fire' && a.outcome) || eventOutcome(kindOf(c, id), id);

/** A coroutine that has never been spawned: waker `NO_STATUS`, not started, not queued, every event open. */
export function initial(config: WakerConfig): WakerState {
  return {
    status: 'NO_STATUS',
    started: false,
    location: 'away',
    schedulerContext: false,
    subscriptions: [],
    eventsStarted: false,
    closed: Object.fromEntries(config.events.map((e) => [e.id, false])),
    queued: 0,
    resumedPending: false,
    result: undefined,
    resultFrom: null,
    error: undefined,
    suspendSite: null,
  };
}

/** The waker status (the diagram node). */
export function status(state: WakerState): WakerStatus {
  return state.status;
}

/** `IN_QUEUE(waker)`: the status is `QUEUED` or `IGNORED`. */
export function isInQueue(status: WakerStatus): boolean {
  return status === 'QUEUED' || status === 'IGNORED';
}

/** Apply the first wake-up: its value (or plain wake-up) becomes the result; an error merges (WAK-3, WAK-4). */
function wake(s: WakerState, from: string, outcome: EventOutcome): WakerState {
  if ('error' in outcome) return { ...s, error: mergeResumeError(s.error, outcome.error), resultFrom: from };
  return { ...s, result: 'value' in outcome ? outcome.value : undefined, resultFrom: from };
}

/** A later trigger of an already queued waker: errors merge (WAK-5), results are ignored (WAK-4). */
function absorb(s: WakerState, outcome: EventOutcome): WakerState {
  return 'error' in outcome ? { ...s, error: mergeResumeError(s.error, outcome.error) } : s;
}

/** `async_coroutine_resume` enqueueing: push to the tail; stop events now, or defer in scheduler context (WAK-2). */
function enqueue(s: WakerState): WakerState {
  const q = { ...s, status: 'QUEUED' as const, queued: s.queued + 1 };
  if (s.schedulerContext && s.subscriptions.length > 0) return { ...q, resumedPending: true };
  return { ...q, subscriptions: [], eventsStarted: false };
}

const isRunning = guard('running', (_c, s) => s.location === 'running');
const isAway = guard('away', (_c, s) => s.location === 'away');
const isTicking = guard('ticking', (_c, s) => s.location === 'ticking');
const inContext = guard('inSchedulerContext', (_c, s) => s.schedulerContext);
const outOfContext = guard('outsideSchedulerContext', (_c, s) => !s.schedulerContext);
const notStarted = guard('notStarted', (_c, s) => !s.started);
const isEventClosed = guard('eventClosed', (_c, s, a) => s.closed[eventOf(a)] === true);
const isEventOpen = guard('eventOpen', (_c, s, a) => s.closed[eventOf(a)] === false);
const isSubscribed = guard('subscribed', (_c, s, a) => s.subscriptions.some((x) => x.event === eventOf(a)));
const notSubscribed = guard('notSubscribed', (_c, s, a) => !s.subscriptions.some((x) => x.event === eventOf(a)));
const isArmedSubscription = all(isSubscribed, guard('eventsStarted', (_c, s) => s.eventsStarted), isEventOpen);
const hasSubscriptions = guard('hasSubscriptions', (_c, s) => s.subscriptions.length > 0);
const noSubscriptions = guard('noSubscriptions', (_c, s) => s.subscriptions.length === 0);
const hasClosedSubscription = guard('closedSubscription', (_c, s) => s.subscriptions.some((x) => s.closed[x.event]));

const markQueued = update('enqueueNotStarted', (_c, s) => ok({ ...s, status: 'QUEUED', queued: s.queued + 1 }));
const throwTerminated = update('throwTerminated', (_c, s) => fail(s, 'Error', TERMINATED_MESSAGE));
const subscribe = update('subscribe', (_c, s, a) =>
  ok({ ...s, subscriptions: [...s.subscriptions, { event: eventOf(a), openWhenSubscribed: !s.closed[eventOf(a)] }] }),
);
const siteOf = (a: WakerAction): string => ('site' in a ? a.site : '?');
const replayClosed = update('replayClosedAndFastPath', (c, s, a) => {
  const first = s.subscriptions.find((x) => s.closed[x.event]);
  const event = first ? first.event : '';
  const woken = wake(s, event, eventOutcome(kindOf(c, event), event));
  return ok(
    { ...woken, status: 'RESULT', location: 'ticking', subscriptions: [], eventsStarted: false, suspendSite: siteOf(a) },
    [{ type: 'replayed', event }],
  );
});
const startWaiting = update('startEvents', (_c, s, a) =>
  ok({ ...s, status: 'WAITING', eventsStarted: true, location: 'ticking', suspendSite: siteOf(a) }),
);
const returnImmediately = update('returnImmediately', (_c, s) => ok(s, [{ type: 'returned' }]));
const selfEnqueue = update('selfEnqueue', (_c, s, a) =>
  ok({ ...s, status: 'QUEUED', queued: s.queued + 1, location: 'ticking', suspendSite: siteOf(a) }),
);
const closeEvent = (s: WakerState, id: string): WakerState => ({ ...s, closed: { ...s.closed, [id]: true } });
const fastPathWake = update('fastPathWake', (c, s, a) => {
  const id = eventOf(a);
  const woken = wake(closeEvent(s, id), id, firedOutcome(c, a, id));
  return ok({ ...woken, status: 'RESULT', subscriptions: [], eventsStarted: false });
});
const wakeAndEnqueue = update('wakeAndEnqueue', (c, s, a) => {
  const id = eventOf(a);
  return ok(enqueue(wake(closeEvent(s, id), id, firedOutcome(c, a, id))));
});
const mergeLater = update('mergeLaterTrigger', (c, s, a) => {
  const id = eventOf(a);
  return ok(absorb(closeEvent(s, id), firedOutcome(c, a, id)));
});
const isUnarmed = guard('notArmedSubscription', (c, s, a) => !isArmedSubscription.fn(c, s, a));
const leaveCpu = update('switchToOther', (_c, s) => ok({ ...s, location: 'away' }));
const settleOnly = update('closeUnarmed', (_c, s, a) => ok(closeEvent(s, eventOf(a))));
const throwNotSuspended = update('throwNotSuspended', (_c, s) => fail(s, 'Async\\AsyncException', NOT_SUSPENDED_MESSAGE));
const resumeErrorOf = (a: WakerAction): EventOutcome => (a.type === 'resume' && a.error ? { error: a.error } : {});
const resumeWaiting = update('resumeAndEnqueue', (_c, s, a) => ok(enqueue(wake(s, 'resume', resumeErrorOf(a)))));
const resumeQueued = update('mergeResumeError', (_c, s, a) => ok(absorb(s, resumeErrorOf(a))));
const cancellationOf = (a: WakerAction): ErrorValue =>
  a.type === 'cancel' ? a.cancellation : { class: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' };
const ignoreNotStarted = update('ignoreNotStarted', (_c, s, a) =>
  ok({ ...s, status: 'IGNORED', queued: s.queued > 0 ? s.queued : 1, error: applyCancellation(s.error, cancellationOf(a)) }),
);
const cancelWaiting = update('cancelAndEnqueue', (_c, s, a) =>
  ok(enqueue({ ...s, error: applyCancellation(s.error, cancellationOf(a)), resultFrom: s.resultFrom ?? 'cancel' })),
);
const cancelQueued = update('applyCancellation', (_c, s, a) => ok({ ...s, error: applyCancellation(s.error, cancellationOf(a)) }));
const enterContext = update('enterSchedulerContext', (_c, s) => ok({ ...s, schedulerContext: true }));
const leaveContext = update('processResumedCoroutines', (_c, s) =>
  ok(
    s.resumedPending
      ? { ...s, schedulerContext: false, resumedPending: false, subscriptions: [], eventsStarted: false }
      : { ...s, schedulerContext: false },
  ),
);
const switchIntoQueued = update('switchIn', (_c, s) =>
  ok({ ...s, status: 'RESULT', location: 'running', started: true, queued: s.queued - 1 }),
);
const throwNotResolved = update('errorNotResolved', (_c, s) => fail(s, 'E_ERROR', NOT_RESOLVED_MESSAGE));
const dequeueIgnored = update('dequeueIgnored', (_c, s) =>
  ok({ ...s, status: 'RESULT', location: 'finalizing', queued: s.queued - 1 }),
);
const continueWithoutSwitch = update('continueWithoutSwitch', (_c, s) => ok({ ...s, location: 'running' }));
const deliver = update('cleanAndDeliver', (_c, s) => {
  const output: WakerOutput = s.error
    ? { type: 'thrown', error: s.error }
    : s.result !== undefined
      ? { type: 'awaited', value: s.result }
      : { type: 'returned' };
  return ok({ ...s, status: 'NO_STATUS', result: undefined, resultFrom: null, error: undefined }, [output]);
});
const destroy = update('destroyWaker', (_c, s) =>
  ok({ ...s, status: 'DESTROYED', location: 'away', subscriptions: [], eventsStarted: false, result: undefined, error: undefined }, [
    s.location === 'finalizing' && s.error ? { type: 'finalized', error: s.error } : { type: 'finalized' },
  ]),
);
const isFinishable = guard(
  'bodyEndedOrIgnored',
  (_c, s) => s.queued === 0 && ((s.location === 'running' && s.status === 'NO_STATUS') || s.location === 'finalizing'),
);

/** Every transition of the waker, as data. */
export const transitions: readonly WakerTransition[] = [
  { requirement: 'WAK-1', from: ['NO_STATUS'], on: 'spawn', to: 'QUEUED', guard: all(notStarted, isAway), update: markQueued },
  { requirement: 'WAK-7', from: ['NO_STATUS'], on: 'resumeWhen', to: 'NO_STATUS', guard: all(isRunning, isEventClosed), update: throwTerminated },
  { requirement: 'WAK-7', from: ['NO_STATUS'], on: 'resumeWhen', to: 'NO_STATUS', guard: all(isRunning, notSubscribed), update: subscribe },
  { requirement: 'EVT-14', from: ['NO_STATUS'], on: 'suspend', to: 'RESULT', guard: all(isRunning, hasClosedSubscription), update: replayClosed },
  { requirement: 'WAK-2', from: ['NO_STATUS'], on: 'suspend', to: 'WAITING', guard: all(isRunning, hasSubscriptions), update: startWaiting },
  { requirement: 'SCH-6', from: ['NO_STATUS'], on: 'suspend', to: 'NO_STATUS', guard: all(isRunning, noSubscriptions), update: returnImmediately },
  { requirement: 'SCH-1', from: ['NO_STATUS'], on: 'yield', to: 'QUEUED', guard: all(isRunning, noSubscriptions), update: selfEnqueue },
  { requirement: 'SCH-1', from: ['WAITING', 'QUEUED'], on: 'switchAway', to: 'same', guard: all(isTicking, outOfContext), update: leaveCpu },
  { requirement: 'SCH-5', from: ['WAITING'], on: 'fire', to: 'RESULT', guard: all(isArmedSubscription, isTicking, inContext), update: fastPathWake },
  { requirement: 'WAK-2', from: ['WAITING'], on: 'fire', to: 'QUEUED', guard: isArmedSubscription, update: wakeAndEnqueue },
  { requirement: 'WAK-4', from: ['QUEUED'], on: 'fire', to: 'QUEUED', guard: isArmedSubscription, update: mergeLater },
  { requirement: 'EVT-14', from: ['NO_STATUS', 'WAITING', 'QUEUED', 'IGNORED', 'RESULT'], on: 'settle', to: 'same', guard: all(isEventOpen, isUnarmed), update: settleOnly },
  { requirement: 'WAK-6', from: ['NO_STATUS'], on: 'resume', to: 'NO_STATUS', guard: outOfContext, update: throwNotSuspended },
  { requirement: 'WAK-3', from: ['WAITING'], on: 'resume', to: 'QUEUED', update: resumeWaiting },
  { requirement: 'WAK-5', from: ['QUEUED'], on: 'resume', to: 'QUEUED', update: resumeQueued },
  { requirement: 'WAK-5', from: ['NO_STATUS', 'QUEUED'], on: 'cancel', to: 'IGNORED', guard: all(notStarted, guard('notRunning', (_c, s) => s.location !== 'running')), update: ignoreNotStarted },
  { requirement: 'WAK-5', from: ['WAITING'], on: 'cancel', to: 'QUEUED', update: cancelWaiting },
  { requirement: 'WAK-5', from: ['QUEUED', 'IGNORED'], on: 'cancel', to: 'same', update: cancelQueued },
  {
    requirement: 'WAK-2',
    from: ['NO_STATUS', 'WAITING', 'QUEUED', 'IGNORED', 'RESULT'],
    on: 'enterSchedulerContext',
    to: 'same',
    guard: all(outOfContext, guard('notRunning', (_c, s) => s.location !== 'running')),
    update: enterContext,
  },
  { requirement: 'WAK-2', from: ['NO_STATUS', 'WAITING', 'QUEUED', 'IGNORED', 'RESULT'], on: 'leaveSchedulerContext', to: 'same', guard: inContext, update: leaveContext },
  {
    requirement: 'WAK-3',
    from: ['QUEUED'],
    on: 'switchIn',
    to: 'RESULT',
    guard: all(outOfContext, guard('awayOrTicking', (_c, s) => s.location === 'away' || s.location === 'ticking')),
    update: switchIntoQueued,
  },
  { requirement: 'WAK-6', from: ['WAITING'], on: 'switchIn', to: 'WAITING', guard: isAway, update: throwNotResolved },
  { requirement: 'WAK-1', from: ['IGNORED'], on: 'switchIn', to: 'RESULT', guard: outOfContext, update: dequeueIgnored },
  { requirement: 'SCH-5', from: ['RESULT'], on: 'fastReturn', to: 'RESULT', guard: all(isTicking, outOfContext), update: continueWithoutSwitch },
  { requirement: 'WAK-3', from: ['RESULT'], on: 'clean', to: 'NO_STATUS', guard: isRunning, update: deliver },
  { requirement: 'WAK-6', from: ['NO_STATUS', 'RESULT'], on: 'finalize', to: 'DESTROYED', guard: isFinishable, update: destroy },
];

/** Apply one action: the first matching transition of {@link transitions} fires. */
export function step(config: WakerConfig, state: WakerState, action: WakerAction): StepResult<WakerState, WakerOutput> {
  return stepBy({ transitions, status }, config, state, action);
}

/** The error values `explore()` feeds to `resume` and `cancel`. */
export const SAMPLE_ERRORS = {
  exception: { class: 'RuntimeException', message: 'resumed with error' } as ErrorValue,
  cancellation: { class: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' } as ErrorValue,
};

/** The actions `explore()` tries: every event operation on every event, resumes, cancels, context moves and scheduling. */
export function enabled(config: WakerConfig, state: WakerState): WakerAction[] {
  if (state.status === 'DESTROYED') return [];
  const actions: WakerAction[] = [{ type: 'spawn' }];
  for (const e of config.events) {
    actions.push({ type: 'resumeWhen', event: e.id }, { type: 'fire', event: e.id }, { type: 'settle', event: e.id });
  }
  actions.push({ type: 'suspend', site: 'L1' }, { type: 'yield', site: 'L2' }, { type: 'resume' });
  if (chainLength(state.error) < config.maxErrorChain) {
    actions.push({ type: 'resume', error: SAMPLE_ERRORS.exception }, { type: 'cancel', cancellation: SAMPLE_ERRORS.cancellation });
  }
  actions.push(
    { type: 'enterSchedulerContext' },
    { type: 'leaveSchedulerContext' },
    { type: 'switchIn' },
    { type: 'switchAway' },
    { type: 'fastReturn' },
    { type: 'clean' },
    { type: 'finalize' },
  );
  return actions;
}

/** The waker machine: one coroutine's waker, its events, its queue slot and the scheduler context. */
export const machine: Machine<WakerConfig, WakerState, WakerAction, WakerOutput> = {
  name: 'waker',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants,
};
