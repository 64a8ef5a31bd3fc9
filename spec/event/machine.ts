/**
 * The event machine: lifecycle, activity counting and the notify pass
 *, with the tombstone semantics that implement the intended
 * guarantee of EVT-6 (a decision recorded in the catalogue).
 *
 * @see https://true-async.github.io/en/architecture/events.html
 * @module
 */
import type { Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import { invariants } from './invariants.js';
import type { EventAction, EventConfig, EventOutput, EventState, EventStatus, NotifyPass, PassOrigin } from './model.js';
import { CLOSED_EVENT_WARNING, NESTED_NOTIFY_WARNING, TERMINATED_EVENT_MESSAGE } from './model.js';

/** A transition of the event machine. */
export type EventTransition = Transition<EventConfig, EventState, EventAction, EventOutput>;

/** A named guard of the event machine. */
export type EventGuard = Named<(config: EventConfig, state: EventState, action: EventAction) => boolean>;

/** A named update of the event machine. */
export type EventUpdate = Named<
  (config: EventConfig, state: EventState, action: EventAction) => StepResult<EventState, EventOutput>
>;

const ok = (state: EventState, outputs: EventOutput[] = []): StepResult<EventState, EventOutput> => ({
  kind: 'ok',
  state,
  outputs,
});
const guard = (name: string, fn: EventGuard['fn']): EventGuard => ({ name, fn });
const update = (name: string, fn: EventUpdate['fn']): EventUpdate => ({ name, fn });
const cbOf = (a: EventAction): string => ('callback' in a ? a.callback : '');

/**
 * A fresh event: `ref_count=1` (held by its PHP object), `loop_ref_count=0`,
 * no flags, no callbacks ("construct").
 */
export function initial(config: EventConfig): EventState {
  return {
    started: false,
    closed: false,
    wasClosed: false,
    disposeCount: 0,
    refCount: 1,
    extraRefs: 0,
    objectAlive: true,
    loopRefCount: 0,
    armed: false,
    activeEventCount: 0,
    vector: [],
    callbackRefs: Object.fromEntries(config.callbacks.map((id) => [id, 0])),
    iterators: 0,
    pass: null,
    stored: false,
  };
}

/** The status of an event, derived from its flags and counters. */
export function status(state: EventState): EventStatus {
  if (state.disposeCount > 0) return 'DISPOSED';
  if (state.closed) return 'CLOSED';
  if (state.loopRefCount > 0) return 'ACTIVE';
  return state.started ? 'STOPPED' : 'CREATED';
}

/** Whether a notify pass is registered on the vector. */
export function isNotifying(state: EventState): boolean {
  return state.pass !== null && state.pass.running;
}

/** Callback ids present and not tombstoned, in vector order. */
export function liveCallbacks(state: EventState): string[] {
  return state.vector.filter((e) => !e.removed).map((e) => e.id);
}

function disarm(config: EventConfig, s: EventState): EventState {
  if (!s.armed) return { ...s, loopRefCount: 0 };
  return {
    ...s,
    loopRefCount: 0,
    armed: false,
    activeEventCount: config.hidden ? s.activeEventCount : Math.max(0, s.activeEventCount - 1),
  };
}

function beginPass(s: EventState, origin: PassOrigin): EventState {
  const pass: NotifyPass = {
    running: true,
    origin,
    closedAtStart: s.closed,
    next: 0,
    current: null,
    invoked: [],
    skipped: [],
    appended: [],
    exception: false,
    exceptionAfter: null,
    liveAtEnd: null,
  };
  return { ...s, refCount: s.refCount + 1, iterators: s.iterators + 1, pass };
}

/** `dispose()`: a final `stop()` if still armed, every callback released, the vector emptied (EVT-1, EVT-5). */
function dispose(config: EventConfig, s: EventState, outputs: EventOutput[]): EventState {
  const stopped = disarm(config, s);
  const callbackRefs = { ...stopped.callbackRefs };
  for (const e of stopped.vector) {
    if (e.removed) continue;
    callbackRefs[e.id] = Math.max(0, callbackRefs[e.id] - 1);
    outputs.push({ type: 'callbackDisposed', callback: e.id });
  }
  outputs.push({ type: 'disposed' });
  return { ...stopped, vector: [], callbackRefs, refCount: 0, disposeCount: stopped.disposeCount + 1 };
}

/** `ZEND_ASYNC_EVENT_RELEASE`: drop one ownership reference; the last one disposes (EVT-1). */
function releaseRef(config: EventConfig, s: EventState, outputs: EventOutput[]): EventState {
  if (s.refCount > 1) return { ...s, refCount: s.refCount - 1 };
  return dispose(config, s, outputs);
}

function endPass(config: EventConfig, s: EventState, stoppedByException: boolean): StepResult<EventState, EventOutput> {
  const pass = s.pass as NotifyPass;
  const outputs: EventOutput[] = [{ type: 'passEnded', stoppedByException }];
  const vector = s.vector.filter((e) => !e.removed);
  const ended: NotifyPass = {
    ...pass,
    running: false,
    current: null,
    liveAtEnd: stoppedByException ? null : vector.map((e) => e.id),
  };
  const next = releaseRef(config, { ...s, vector, iterators: s.iterators - 1, pass: ended }, outputs);
  return ok(next, outputs);
}

const isKnownAbsent = guard('callbackAbsent', (_c, s, a) => !s.vector.some((e) => e.id === cbOf(a)));
const isLivePresent = guard('callbackLive', (_c, s, a) => s.vector.some((e) => e.id === cbOf(a) && !e.removed));
const isNotFound = guard('callbackNotLive', (_c, s, a) => !s.vector.some((e) => e.id === cbOf(a) && !e.removed));
const isRemovalDuringPass = guard(
  'liveAndNotifying',
  (c, s, a) => isNotifying(s) && isLivePresent.fn(c, s, a),
);
const isRemovalOutsidePass = guard(
  'liveAndIdle',
  (c, s, a) => !isNotifying(s) && isLivePresent.fn(c, s, a),
);

const appendCallback = update('appendCallback', (_c, s, a) => {
  const id = cbOf(a);
  const pass = isNotifying(s) && s.pass ? { ...s.pass, appended: [...s.pass.appended, id] } : s.pass;
  return ok({
    ...s,
    vector: [...s.vector, { id, removed: false }],
    callbackRefs: { ...s.callbackRefs, [id]: s.callbackRefs[id] + 1 },
    pass,
  });
});

const refuseClosedSubscription = update('throwTerminated', (_c, s) => ({
  kind: 'error',
  state: s,
  error: { type: 'Error', message: TERMINATED_EVENT_MESSAGE },
}));

const tombstoneCallback = update('tombstoneCallback', (_c, s, a) => {
  const id = cbOf(a);
  const pass = s.pass as NotifyPass;
  const index = s.vector.findIndex((e) => e.id === id && !e.removed);
  const beforeTurn = index >= pass.next;
  return ok(
    {
      ...s,
      vector: s.vector.map((e, i) => (i === index ? { ...e, removed: true } : e)),
      callbackRefs: { ...s.callbackRefs, [id]: Math.max(0, s.callbackRefs[id] - 1) },
      pass: beforeTurn ? { ...pass, skipped: [...pass.skipped, id] } : pass,
    },
    [
      { type: 'removed', callback: id, found: true },
      { type: 'callbackDisposed', callback: id },
    ],
  );
});

const spliceCallback = update('spliceCallback', (_c, s, a) => {
  const id = cbOf(a);
  return ok(
    {
      ...s,
      vector: s.vector.filter((e) => e.id !== id),
      callbackRefs: { ...s.callbackRefs, [id]: Math.max(0, s.callbackRefs[id] - 1) },
    },
    [
      { type: 'removed', callback: id, found: true },
      { type: 'callbackDisposed', callback: id },
    ],
  );
});

const reportNotFound = update('reportNotFound', (_c, s, a) => ok(s, [{ type: 'removed', callback: cbOf(a), found: false }]));

const arm = update('arm', (c, s) =>
  ok({
    ...s,
    started: true,
    loopRefCount: 1,
    armed: true,
    activeEventCount: c.hidden ? s.activeEventCount : s.activeEventCount + 1,
  }),
);
const incrementLoopRef = update('incrementLoopRef', (_c, s) => ok({ ...s, loopRefCount: s.loopRefCount + 1 }));
const decrementLoopRef = update('decrementLoopRef', (_c, s) => ok({ ...s, loopRefCount: s.loopRefCount - 1 }));
const disarmHandle = update('disarm', (c, s) => ok(disarm(c, s)));
const noop = update('noop', (_c, s) => ok(s));

const notifyPeriodic = update('notifyStayActive', (_c, s) => ok(beginPass(s, 'fire')));
const closeThenNotify = update('closeThenNotify', (c, s) =>
  ok(beginPass({ ...disarm(c, s), closed: true, wasClosed: true, stored: true }, 'fire')),
);
const startPass = update('startPass', (_c, s) => ok(beginPass(s, 'notify')));
const closeAndNotify = update('closeAndNotify', (c, s) =>
  ok(beginPass({ ...disarm(c, s), closed: true, wasClosed: true, stored: true }, 'close')),
);
const warnNested = update('warnNested', (_c, s) => ok(s, [{ type: 'warning', message: NESTED_NOTIFY_WARNING }]));
const closeAndWarnNested = update('closeAndWarnNested', (c, s) =>
  ok({ ...disarm(c, s), closed: true, wasClosed: true, stored: true }, [
    { type: 'warning', message: NESTED_NOTIFY_WARNING },
  ]),
);

const hasNextLive = (s: EventState): boolean => {
  const pass = s.pass as NotifyPass;
  return s.vector.slice(pass.next).some((e) => !e.removed);
};
const isExceptionPending = guard('exceptionPending', (_c, s) => isNotifying(s) && (s.pass as NotifyPass).exception);
const isNextLive = guard('nextCallbackLive', (_c, s) => isNotifying(s) && !(s.pass as NotifyPass).exception && hasNextLive(s));
const isPassExhausted = guard(
  'passExhausted',
  (_c, s) => isNotifying(s) && !(s.pass as NotifyPass).exception && !hasNextLive(s),
);

const invokeNext = update('invokeNext', (_c, s) => {
  const pass = s.pass as NotifyPass;
  let i = pass.next;
  while (s.vector[i].removed) i++;
  const id = s.vector[i].id;
  return ok({ ...s, pass: { ...pass, next: i + 1, current: id, invoked: [...pass.invoked, id] } }, [
    { type: 'invoked', callback: id },
  ]);
});
const stopPass = update('stopPassOnException', (c, s) => endPass(c, s, true));
const finishPass = update('finishPass', (c, s) => endPass(c, s, false));

const isCallbackRunning = guard(
  'callbackRunning',
  (_c, s) => isNotifying(s) && (s.pass as NotifyPass).current !== null && !(s.pass as NotifyPass).exception,
);
const raiseException = update('raiseException', (_c, s) => {
  const pass = s.pass as NotifyPass;
  return ok({ ...s, pass: { ...pass, exception: true, exceptionAfter: pass.invoked.length } });
});

const canAddRef = guard('belowMaxRefs', (c, s) => s.extraRefs < c.maxExtraRefs);
const addRef = update('addRef', (_c, s) => ok({ ...s, refCount: s.refCount + 1, extraRefs: s.extraRefs + 1 }));
const hasExtraRef = guard('hasExtraRef', (_c, s) => s.extraRefs > 0);
const dropExtraRef = update('dropExtraRef', (c, s) => {
  const outputs: EventOutput[] = [];
  return ok(releaseRef(c, { ...s, extraRefs: s.extraRefs - 1 }, outputs), outputs);
});
const isLastEmbeddedRef = guard(
  'lastEmbeddedRef',
  (c, s) => !c.reference && s.extraRefs === 0 && s.objectAlive,
);
const releaseObject = update('releaseObject', (c, s) => {
  const outputs: EventOutput[] = [];
  return ok(releaseRef(c, { ...s, objectAlive: false }, outputs), outputs);
});
const isReferenceObjectAlive = guard('referenceObjectAlive', (c, s) => c.reference && s.objectAlive);

const isReplayable = guard('replayable', (c) => c.replayable);
const isNotReplayable = guard('notReplayable', (c) => !c.replayable);
const replayStored = update('replayStored', (_c, s) => ok(s, [{ type: 'replayed' }]));
const refuseReplay = update('refuseReplay', (_c, s) => ok(s, [{ type: 'replayRefused' }]));
const warnNotReplayable = update('warnNotReplayable', (_c, s) =>
  ok(s, [
    { type: 'warning', message: CLOSED_EVENT_WARNING },
    { type: 'awaited', value: null },
  ]),
);

const OPEN: EventStatus[] = ['CREATED', 'ACTIVE', 'STOPPED'];
const LIVE: EventStatus[] = ['CREATED', 'ACTIVE', 'STOPPED', 'CLOSED'];
const notNotifying = guard('notNotifying', (_c, s) => !isNotifying(s));
const notifying = guard('notifying', (_c, s) => isNotifying(s));
const both = (a: EventGuard, b: EventGuard): EventGuard => guard(`${a.name} ∧ ${b.name}`, (c, s, x) => a.fn(c, s, x) && b.fn(c, s, x));

/** Every transition of the event, as data. */
export const transitions: readonly EventTransition[] = [
  { requirement: 'EVT-5', from: OPEN, on: 'addCallback', to: 'same', guard: isKnownAbsent, update: appendCallback },
  // A callback added to a closed event is recorded (and found by a later removal) but never invoked: no pass runs on it again.
  { requirement: 'EVT-5', from: ['CLOSED'], on: 'addCallback', to: 'CLOSED', guard: isKnownAbsent, update: appendCallback },
  { requirement: 'EVT-11', from: ['CLOSED'], on: 'subscribe', to: 'CLOSED', update: refuseClosedSubscription },
  { requirement: 'EVT-5', from: OPEN, on: 'subscribe', to: 'same', guard: isKnownAbsent, update: appendCallback },
  { requirement: 'EVT-6', from: LIVE, on: 'removeCallback', to: 'same', guard: isRemovalDuringPass, update: tombstoneCallback },
  { requirement: 'EVT-5', from: LIVE, on: 'removeCallback', to: 'same', guard: isRemovalOutsidePass, update: spliceCallback },
  { requirement: 'EVT-5', from: LIVE, on: 'removeCallback', to: 'same', guard: isNotFound, update: reportNotFound },
  { requirement: 'EVT-2', from: ['CREATED', 'STOPPED'], on: 'start', to: 'ACTIVE', update: arm },
  { requirement: 'EVT-2', from: ['ACTIVE'], on: 'start', to: 'ACTIVE', update: incrementLoopRef },
  { requirement: 'EVT-2', from: ['ACTIVE'], on: 'stop', to: 'ACTIVE', guard: guard('loopRefAboveOne', (_c, s) => s.loopRefCount > 1), update: decrementLoopRef },
  { requirement: 'EVT-2', from: ['ACTIVE'], on: 'stop', to: 'STOPPED', update: disarmHandle },
  { requirement: 'EVT-2', from: ['CREATED', 'STOPPED'], on: 'stop', to: 'same', update: noop },
  { requirement: 'EVT-2', from: ['CLOSED'], on: 'start', to: 'CLOSED', update: noop },
  { requirement: 'EVT-2', from: ['CLOSED'], on: 'stop', to: 'CLOSED', update: noop },
  {
    requirement: 'EVT-15',
    from: ['ACTIVE'],
    on: 'fire',
    to: 'ACTIVE',
    guard: both(guard('periodic', (c) => c.periodic), notNotifying),
    update: notifyPeriodic,
  },
  {
    requirement: 'EVT-15',
    from: ['ACTIVE'],
    on: 'fire',
    to: 'CLOSED',
    guard: both(guard('oneShot', (c) => !c.periodic), notNotifying),
    update: closeThenNotify,
  },
  { requirement: 'EVT-8', from: LIVE, on: 'notify', to: 'same', guard: notifying, update: warnNested },
  { requirement: 'EVT-6', from: OPEN, on: 'notify', to: 'same', update: startPass },
  { requirement: 'EVT-8', from: OPEN, on: 'close', to: 'CLOSED', guard: notifying, update: closeAndWarnNested },
  { requirement: 'EVT-11', from: OPEN, on: 'close', to: 'CLOSED', update: closeAndNotify },
  { requirement: 'EVT-9', from: LIVE, on: 'advance', to: 'same', guard: isExceptionPending, update: stopPass },
  { requirement: 'EVT-6', from: LIVE, on: 'advance', to: 'same', guard: isNextLive, update: invokeNext },
  { requirement: 'EVT-10', from: LIVE, on: 'advance', to: 'same', guard: isPassExhausted, update: finishPass },
  { requirement: 'EVT-9', from: LIVE, on: 'raise', to: 'same', guard: isCallbackRunning, update: raiseException },
  { requirement: 'EVT-1', from: LIVE, on: 'addRef', to: 'same', guard: canAddRef, update: addRef },
  { requirement: 'EVT-1', from: LIVE, on: 'release', to: 'same', guard: hasExtraRef, update: dropExtraRef },
  { requirement: 'EVT-1', from: LIVE, on: 'release', to: 'DISPOSED', guard: isLastEmbeddedRef, update: releaseObject },
  { requirement: 'EVT-16', from: LIVE, on: 'freeObject', to: 'same', guard: isReferenceObjectAlive, update: releaseObject },
  { requirement: 'EVT-12', from: ['CLOSED'], on: 'replay', to: 'CLOSED', guard: isReplayable, update: replayStored },
  { requirement: 'EVT-12', from: OPEN, on: 'replay', to: 'same', guard: isReplayable, update: refuseReplay },
  { requirement: 'EVT-13', from: ['CLOSED'], on: 'await', to: 'CLOSED', guard: isReplayable, update: replayStored },
  { requirement: 'EVT-13', from: ['CLOSED'], on: 'await', to: 'CLOSED', guard: isNotReplayable, update: warnNotReplayable },
];

/** Apply one action: the first matching transition of {@link transitions} fires. */
export function step(config: EventConfig, state: EventState, action: EventAction): StepResult<EventState, EventOutput> {
  return stepBy({ transitions, status }, config, state, action);
}

/**
 * The actions `explore()` tries in `state`: every vector operation on every
 * configured callback, the lifecycle operations, the pass's own moves
 * (`advance`, `raise`) and nested `notify`/`close` while a pass runs.
 */
export function enabled(config: EventConfig, state: EventState): EventAction[] {
  if (state.disposeCount > 0) return [];
  const actions: EventAction[] = [];
  for (const callback of config.callbacks) {
    const present = state.vector.some((e) => e.id === callback);
    if (!present) actions.push({ type: 'addCallback', callback });
    if (!present || state.closed) actions.push({ type: 'subscribe', callback });
    actions.push({ type: 'removeCallback', callback });
  }
  if (state.loopRefCount < config.maxLoopRefs) actions.push({ type: 'start' });
  actions.push({ type: 'stop' }, { type: 'fire' }, { type: 'notify' }, { type: 'close' }, { type: 'advance' }, { type: 'raise' });
  actions.push({ type: 'addRef' }, { type: 'release' }, { type: 'freeObject' }, { type: 'replay' }, { type: 'await' });
  return actions;
}

/** The event machine: one reactor event, its callback vector and the global `active_event_count`. */
export const machine: Machine<EventConfig, EventState, EventAction, EventOutput> = {
  name: 'event',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants,
};
