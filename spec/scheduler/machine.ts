/**
 * The scheduler machine: lazy launch (SCH-10), the run queue (SCH-1, SCH-2),
 * microtasks (SCH-3, SCH-4), one tick of `scheduler_next_tick` (
 * microtasks, reactor, fast return, deadlock check, switch), deadlock
 * resolution (SCH-8), graceful shutdown (SCH-9, SCH-11) and loop termination
 * (SCH-12).
 *
 * @see https://true-async.github.io/en/architecture/scheduler-reactor.html
 * @module
 */
import type { Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import type { ErrorValue } from '../../language/values.js';
import { isCancellation } from '../../language/values.js';
import { applyCancellation } from '../waker/mergeErrors.js';
import { invariants } from './invariants.js';
import type { CoroutineRecord, SchedulerAction, SchedulerConfig, SchedulerOutput, SchedulerState, SchedulerStatus } from './model.js';
import {
  DEADLOCK_CANCELLATION,
  MAIN,
  MICROTASK_ERROR,
  SCHEDULER_CONTEXT_MESSAGE,
  SHUTDOWN_CANCELLATION,
  STOP_FROM_SCHEDULER_MESSAGE,
  deadlockMessage,
} from './model.js';
import { RunQueue, popHead, pushFront, pushTail } from './runQueue.js';

/** A transition of the scheduler machine. */
export type SchedulerTransition = Transition<SchedulerConfig, SchedulerState, SchedulerAction, SchedulerOutput>;

/** A named guard of the scheduler machine. */
export type SchedulerGuard = Named<(config: SchedulerConfig, state: SchedulerState, action: SchedulerAction) => boolean>;

/** A named update of the scheduler machine. */
export type SchedulerUpdate = Named<
  (config: SchedulerConfig, state: SchedulerState, action: SchedulerAction) => StepResult<SchedulerState, SchedulerOutput>
>;

type Result = StepResult<SchedulerState, SchedulerOutput>;
const ok = (state: SchedulerState, outputs: SchedulerOutput[] = []): Result => ({ kind: 'ok', state, outputs });
const fail = (state: SchedulerState, message: string): Result => ({
  kind: 'error',
  state,
  error: { type: 'Async\\AsyncException', message },
});
const guard = (name: string, fn: SchedulerGuard['fn']): SchedulerGuard => ({ name, fn });
const update = (name: string, fn: SchedulerUpdate['fn']): SchedulerUpdate => ({ name, fn });
const all = (...gs: SchedulerGuard[]): SchedulerGuard =>
  guard(gs.map((g) => g.name).join(' ∧ '), (c, s, a) => gs.every((g) => g.fn(c, s, a)));
const idOf = (a: SchedulerAction): string => ('id' in a ? a.id : '');

/** The extension loaded, the scheduler not launched: no coroutine, no microtask (SCH-10). */
export function initial(config: SchedulerConfig): SchedulerState {
  return {
    status: 'READY',
    current: null,
    suspender: null,
    coroutines: {},
    queue: new RunQueue(),
    microtasks: [],
    tasks: Object.fromEntries(
      config.microtasks.map((id) => [id, { cancelled: false, refCount: 0, handlerRuns: 0, dtorRuns: 0, ranCancelled: false }]),
    ),
    added: [],
    popped: [],
    exceptionPending: false,
    microtaskThrew: false,
    schedulerContext: false,
    gracefulShutdown: false,
    deadlock: null,
    finished: [],
    mainYielded: false,
    reported: [],
  };
}

/** Where the scheduler is (the diagram node). */
export function status(state: SchedulerState): SchedulerStatus {
  return state.status;
}

/** `active_event_count`: registered coroutines parked on a reactor event. */
export function activeEvents(state: SchedulerState): number {
  return Object.values(state.coroutines).filter((c) => c.waker === 'WAITING' && c.waitsOn === 'reactor').length;
}

/** How many coroutines are registered (zombies and `main` included). */
export function registeredCount(state: SchedulerState): number {
  return Object.keys(state.coroutines).length;
}

const withCoroutine = (s: SchedulerState, id: string, patch: Partial<CoroutineRecord>): SchedulerState => ({
  ...s,
  coroutines: { ...s.coroutines, [id]: { ...s.coroutines[id], ...patch } },
});
const priorityOf = (c: SchedulerConfig, id: string): number => c.coroutines.find((x) => x.id === id)?.priority ?? 0;
const fresh = (priority: number): CoroutineRecord => ({ priority, started: false, waker: 'QUEUED', waitsOn: null, cancelled: false });

/** Register a spawned coroutine and enqueue it: tail, or head for priority > 0 (SCH-1, SCH-2). */
function register(c: SchedulerConfig, s: SchedulerState, id: string): SchedulerState {
  const priority = priorityOf(c, id);
  const queue = priority > 0 ? pushFront(s.queue, id) : pushTail(s.queue, id);
  return { ...s, coroutines: { ...s.coroutines, [id]: fresh(priority) }, queue };
}

/**
 * `async_coroutine_cancel` on every registered coroutine (deadlock resolution,
 * graceful shutdown): a not-started one becomes `IGNORED`, a waiting one is
 * enqueued with the cancellation, the running one gets it thrown at once.
 */
function cancelAll(s: SchedulerState, cancellation: ErrorValue, outputs: SchedulerOutput[]): SchedulerState {
  let next = s;
  for (const [id, co] of Object.entries(s.coroutines)) {
    if (id === s.current && s.status === 'RUNNING') {
      next = withCoroutine(next, id, { cancelled: true });
      outputs.push({ type: 'thrown', id, error: cancellation });
      continue;
    }
    const error = applyCancellation(co.error, cancellation);
    if (!co.started && co.waker === 'QUEUED') next = withCoroutine(next, id, { waker: 'IGNORED', error, cancelled: true });
    else if (co.waker === 'WAITING') {
      next = { ...withCoroutine(next, id, { waker: 'QUEUED', waitsOn: null, error, cancelled: true }), queue: pushTail(next.queue, id) };
    } else next = withCoroutine(next, id, { error, cancelled: true });
  }
  return next;
}

/** `start_graceful_shutdown`: set the flag and cancel every coroutine (SCH-9). */
function startShutdown(s: SchedulerState, outputs: SchedulerOutput[]): SchedulerState {
  return cancelAll({ ...s, gracefulShutdown: true }, SHUTDOWN_CANCELLATION, outputs);
}

const beginTick = (s: SchedulerState, suspender: string | null): SchedulerState => ({
  ...s,
  status: 'MICROTASKS',
  schedulerContext: true,
  suspender,
  mainYielded: s.mainYielded || s.current === MAIN,
});

const isRegistered = guard('registered', (_c, s, a) => idOf(a) in s.coroutines);
const isSpawnable = guard('spawnable', (_c, s, a) => !(idOf(a) in s.coroutines) && !s.finished.includes(idOf(a)) && !s.gracefulShutdown);
const isHighPriority = guard('highPriority', (c, _s, a) => priorityOf(c, idOf(a)) > 0);
const isTaskCancelled = guard('microtaskCancelled', (_c, s, a) => s.tasks[idOf(a)]?.cancelled === true);
const isTaskNew = guard('microtaskNotQueued', (_c, s, a) => !s.added.includes(idOf(a)));
const isWaitingOn = (target: 'reactor' | 'other'): SchedulerGuard =>
  guard(`waitingOn_${target}`, (_c, s, a) => s.coroutines[idOf(a)]?.waker === 'WAITING' && s.coroutines[idOf(a)]?.waitsOn === target);
const awaitsEvent = guard('awaitsEvent', (_c, _s, a) => a.type === 'await' && a.on !== 'completed');
const awaitsCompleted = guard('awaitsCompleted', (_c, _s, a) => a.type === 'await' && a.on === 'completed');
const isSuspender = guard('isSuspender', (_c, s, a) => idOf(a) === s.suspender);
const isShuttingDown = guard('shuttingDown', (_c, s) => s.gracefulShutdown);
const hasMicrotask = guard('microtaskQueued', (_c, s) => s.microtasks.length > 0 && !s.exceptionPending);
const headCancelled = guard('headCancelled', (_c, s) => s.tasks[s.microtasks[0]]?.cancelled === true);
const throws = guard('handlerThrows', (_c, _s, a) => a.type === 'runMicrotask' && a.throws);
const microtasksDone = guard('microtasksExhausted', (_c, s) => s.microtasks.length === 0 && !s.exceptionPending);
const isExceptionPending = guard('exceptionPending', (_c, s) => s.exceptionPending);
const canFastReturn = guard('suspenderResolved', (_c, s) => s.suspender !== null && s.coroutines[s.suspender]?.waker === 'RESULT');
const nothingRunnable = guard('nothingRunnable', (_c, s) => s.queue.length === 0 && s.microtasks.length === 0 && activeEvents(s) === 0);
const noneRegistered = guard('noneRegistered', (_c, s) => registeredCount(s) === 0);
const someRegistered = guard('someRegistered', (_c, s) => registeredCount(s) > 0);
const headIgnored = guard('headIgnored', (_c, s) => s.queue.length > 0 && s.coroutines[s.queue.at(0)!.id]?.waker === 'IGNORED');
const queueNonEmpty = guard('queueNonEmpty', (_c, s) => s.queue.length > 0);
const queueEmpty = guard('queueEmpty', (_c, s) => s.queue.length === 0);

const launch = update('launchAndSpawn', (c, s, a) => {
  const main: CoroutineRecord = { priority: 0, started: true, waker: 'NO_STATUS', waitsOn: null, cancelled: false };
  return ok(register(c, { ...s, status: 'RUNNING', current: MAIN, coroutines: { [MAIN]: main } }, idOf(a)));
});
const spawnTail = update('pushTail', (c, s, a) => ok(register(c, s, idOf(a))));
const spawnFront = update('pushFront', (c, s, a) => ok(register(c, s, idOf(a))));
const noop = update('noop', (_c, s) => ok(s, [{ type: 'returned' }]));
const endScript = update('endScript', (_c, s) => ok({ ...s, status: 'FINISHED' }, [{ type: 'finished' }]));
const ignoreCancelledTask = update('ignoreCancelledMicrotask', (_c, s) => ok(s));
const enqueueTask = update('enqueueMicrotask', (_c, s, a) => {
  const id = idOf(a);
  const task = s.tasks[id];
  return ok({ ...s, microtasks: [...s.microtasks, id], added: [...s.added, id], tasks: { ...s.tasks, [id]: { ...task, refCount: task.refCount + 1 } } });
});
const cancelTask = update('cancelMicrotask', (_c, s, a) => ok({ ...s, tasks: { ...s.tasks, [idOf(a)]: { ...s.tasks[idOf(a)], cancelled: true } } }));
const resumeOther = update('resumeToTail', (_c, s, a) =>
  ok({ ...withCoroutine(s, idOf(a), { waker: 'QUEUED', waitsOn: null }), queue: pushTail(s.queue, idOf(a)) }),
);
const park = update('parkAndTick', (_c, s, a) => {
  const on = a.type === 'await' && a.on !== 'completed' ? a.on : 'other';
  return ok(beginTick(withCoroutine(s, s.current as string, { waker: 'WAITING', waitsOn: on }), s.current));
});
const selfEnqueue = update('selfEnqueueAndTick', (_c, s) =>
  ok(beginTick({ ...withCoroutine(s, s.current as string, { waker: 'QUEUED' }), queue: pushTail(s.queue, s.current as string) }, s.current)),
);
const endCoroutine = update('endCoroutine', (_c, s, a) => {
  const id = s.current as string;
  const rest = { ...s.coroutines };
  delete rest[id];
  const escaping = a.type === 'end' ? a.escaping : undefined;
  const reported = escaping && !isCancellation(escaping) ? [...s.reported, escaping] : s.reported;
  return ok(beginTick({ ...s, coroutines: rest, finished: [...s.finished, id], reported }, null));
});
const shutdown = update('startGracefulShutdown', (_c, s) => {
  const outputs: SchedulerOutput[] = [];
  return ok(startShutdown(s, outputs), outputs);
});
const refuseStop = update('throwStopFromScheduler', (_c, s) => fail(s, STOP_FROM_SCHEDULER_MESSAGE));
const refuseInContext = update('throwSchedulerContext', (_c, s) => fail(s, SCHEDULER_CONTEXT_MESSAGE));

/** Pop the head microtask: handler unless cancelled, `ref_count--`, `dtor` at 0 (SCH-4). */
function popTask(s: SchedulerState, runHandler: boolean, threw: boolean): Result {
  const [id, ...rest] = s.microtasks;
  const task = s.tasks[id];
  const refCount = task.refCount > 0 ? task.refCount - 1 : 0;
  const outputs: SchedulerOutput[] = runHandler ? [{ type: 'handler', microtask: id }] : [];
  if (refCount <= 0) outputs.push({ type: 'dtor', microtask: id });
  const next = {
    ...task,
    refCount,
    handlerRuns: task.handlerRuns + (runHandler ? 1 : 0),
    dtorRuns: task.dtorRuns + (refCount <= 0 ? 1 : 0),
    ranCancelled: task.ranCancelled || (runHandler && task.cancelled),
  };
  const exceptionPending = s.exceptionPending || threw;
  return ok(
    { ...s, microtasks: rest, popped: [...s.popped, id], tasks: { ...s.tasks, [id]: next }, exceptionPending, microtaskThrew: s.microtaskThrew || threw },
    outputs,
  );
}
const skipCancelledTask = update('skipCancelledHandler', (_c, s) => popTask(s, false, false));
const runTask = update('runMicrotask', (_c, s) => popTask(s, true, false));
const runThrowingTask = update('runMicrotaskThatThrows', (_c, s) => popTask(s, true, true));
const toReactor = update('enterReactor', (_c, s) => ok({ ...s, status: 'REACTOR' }));
const handleException = update('chainExitAndShutdown', (_c, s) => {
  const outputs: SchedulerOutput[] = [];
  const exitException: ErrorValue = { ...MICROTASK_ERROR, ...(s.exitException ? { previous: s.exitException } : {}) };
  const base = { ...s, exceptionPending: false, exitException, status: 'REACTOR' as const };
  return ok(s.gracefulShutdown ? base : startShutdown(base, outputs), outputs);
});
const fastPath = update('resolveInPlace', (_c, s, a) => ok(withCoroutine(s, idOf(a), { waker: 'RESULT', waitsOn: null })));
const fireToTail = update('wakeToTail', (_c, s, a) =>
  ok({ ...withCoroutine(s, idOf(a), { waker: 'QUEUED', waitsOn: null }), queue: pushTail(s.queue, idOf(a)) }),
);
const fireFromIdle = update('wakeFromIdle', (_c, s, a) =>
  ok({ ...withCoroutine(s, idOf(a), { waker: 'QUEUED', waitsOn: null }), queue: pushTail(s.queue, idOf(a)), status: 'SWITCH', schedulerContext: false }),
);
const leaveReactor = update('leaveSchedulerContext', (_c, s) => ok({ ...s, status: 'SWITCH', schedulerContext: false }));
const idleTick = update('idleTick', (_c, s) => ok({ ...s, status: 'MICROTASKS', schedulerContext: true, suspender: null }));

/** Switch into `id` (RESULT then clean): its pending error is thrown at the suspension point. */
function enter(s: SchedulerState, id: string, outputs: SchedulerOutput[]): SchedulerState {
  const co = s.coroutines[id];
  if (co.error) outputs.push({ type: 'thrown', id, error: co.error });
  const coroutines = { ...s.coroutines, [id]: { ...co, started: true, waker: 'NO_STATUS' as const, error: undefined } };
  delete coroutines[id].error;
  return { ...s, coroutines, status: 'RUNNING', current: id, suspender: null };
}
const fastReturn = update('fastReturn', (_c, s) => {
  const outputs: SchedulerOutput[] = [{ type: 'returned' }];
  return ok(enter(s, s.suspender as string, outputs), outputs);
});
const finishLoop = update('finishLoop', (_c, s) => ok({ ...s, status: 'FINISHED', current: null, suspender: null }, [{ type: 'finished' }]));
const resolveDeadlock = update('resolveDeadlock', (_c, s) => {
  const waiting = registeredCount(s);
  const exitException: ErrorValue = {
    class: 'Async\\DeadlockError',
    message: deadlockMessage(waiting),
    ...(s.exitException ? { previous: s.exitException } : {}),
  };
  const deadlock = { queue: s.queue.length, microtasks: s.microtasks.length, activeEvents: activeEvents(s), registered: waiting, uncancelled: 0 };
  const outputs: SchedulerOutput[] = [{ type: 'deadlock', waiting }];
  const next = cancelAll({ ...s, exitException, deadlock }, DEADLOCK_CANCELLATION, outputs);
  const uncancelled = Object.values(next.coroutines).filter((c) => !c.cancelled).length;
  return ok({ ...next, deadlock: { ...deadlock, uncancelled } }, outputs);
});
const finalizeIgnored = update('finalizeIgnored', (_c, s) => {
  const { head, rest } = popHead(s.queue);
  const id = (head as { id: string }).id;
  const coroutines = { ...s.coroutines };
  delete coroutines[id];
  return ok({ ...s, queue: rest, coroutines, finished: [...s.finished, id] }, [{ type: 'finalized', id }]);
});
const switchToHead = update('switchToHead', (_c, s) => {
  const { head, rest } = popHead(s.queue);
  const id = (head as { id: string }).id;
  const outputs: SchedulerOutput[] = [{ type: 'switched', to: id }];
  return ok(enter({ ...s, queue: rest }, id, outputs), outputs);
});
const blockInReactor = update('blockInReactor', (_c, s) =>
  ok({ ...s, status: 'IDLE', current: null, suspender: null }, [{ type: 'switched', to: null }]),
);

/** Every transition of the scheduler, as data. */
export const transitions: readonly SchedulerTransition[] = [
  { requirement: 'SCH-10', from: ['READY'], on: 'spawn', to: 'RUNNING', update: launch },
  { requirement: 'SCH-6', from: ['READY'], on: 'suspend', to: 'READY', update: noop },
  { requirement: 'SCH-12', from: ['READY'], on: 'end', to: 'FINISHED', update: endScript },
  { requirement: 'SCH-2', from: ['RUNNING'], on: 'spawn', to: 'RUNNING', guard: all(isSpawnable, isHighPriority), update: spawnFront },
  { requirement: 'SCH-1', from: ['RUNNING'], on: 'spawn', to: 'RUNNING', guard: isSpawnable, update: spawnTail },
  { requirement: 'SCH-4', from: ['RUNNING', 'MICROTASKS'], on: 'addMicrotask', to: 'same', guard: isTaskCancelled, update: ignoreCancelledTask },
  { requirement: 'SCH-4', from: ['RUNNING', 'MICROTASKS'], on: 'addMicrotask', to: 'same', guard: isTaskNew, update: enqueueTask },
  { requirement: 'SCH-4', from: ['RUNNING', 'MICROTASKS'], on: 'cancelMicrotask', to: 'same', update: cancelTask },
  { requirement: 'SCH-1', from: ['RUNNING'], on: 'resume', to: 'RUNNING', guard: isWaitingOn('other'), update: resumeOther },
  { requirement: 'SCH-7', from: ['MICROTASKS'], on: 'await', to: 'MICROTASKS', update: refuseStop },
  { requirement: 'SCH-5', from: ['RUNNING'], on: 'await', to: 'RUNNING', guard: awaitsCompleted, update: noop },
  { requirement: 'SCH-3', from: ['RUNNING'], on: 'await', to: 'MICROTASKS', guard: awaitsEvent, update: park },
  { requirement: 'SCH-6', from: ['RUNNING'], on: 'emptySuspend', to: 'RUNNING', update: noop },
  { requirement: 'SCH-7', from: ['MICROTASKS'], on: 'suspend', to: 'MICROTASKS', update: refuseInContext },
  { requirement: 'SCH-1', from: ['RUNNING'], on: 'suspend', to: 'MICROTASKS', update: selfEnqueue },
  { requirement: 'SCH-13', from: ['RUNNING'], on: 'end', to: 'MICROTASKS', update: endCoroutine },
  { requirement: 'SCH-7', from: ['MICROTASKS'], on: 'shutdown', to: 'MICROTASKS', update: refuseInContext },
  { requirement: 'SCH-9', from: ['RUNNING'], on: 'shutdown', to: 'RUNNING', guard: isShuttingDown, update: noop },
  { requirement: 'SCH-9', from: ['RUNNING'], on: 'shutdown', to: 'RUNNING', update: shutdown },
  { requirement: 'SCH-4', from: ['MICROTASKS'], on: 'runMicrotask', to: 'MICROTASKS', guard: all(hasMicrotask, headCancelled), update: skipCancelledTask },
  { requirement: 'SCH-4', from: ['MICROTASKS'], on: 'runMicrotask', to: 'MICROTASKS', guard: all(hasMicrotask, throws), update: runThrowingTask },
  { requirement: 'SCH-3', from: ['MICROTASKS'], on: 'runMicrotask', to: 'MICROTASKS', guard: hasMicrotask, update: runTask },
  { requirement: 'SCH-3', from: ['MICROTASKS'], on: 'leaveMicrotasks', to: 'REACTOR', guard: microtasksDone, update: toReactor },
  { requirement: 'SCH-11', from: ['MICROTASKS'], on: 'leaveMicrotasks', to: 'REACTOR', guard: isExceptionPending, update: handleException },
  { requirement: 'SCH-5', from: ['REACTOR'], on: 'fire', to: 'REACTOR', guard: all(isWaitingOn('reactor'), isSuspender), update: fastPath },
  { requirement: 'SCH-1', from: ['REACTOR'], on: 'fire', to: 'REACTOR', guard: isWaitingOn('reactor'), update: fireToTail },
  { requirement: 'SCH-3', from: ['REACTOR'], on: 'leaveReactor', to: 'SWITCH', update: leaveReactor },
  { requirement: 'SCH-5', from: ['SWITCH'], on: 'next', to: 'RUNNING', guard: canFastReturn, update: fastReturn },
  { requirement: 'SCH-12', from: ['SWITCH'], on: 'next', to: 'FINISHED', guard: all(nothingRunnable, noneRegistered), update: finishLoop },
  { requirement: 'SCH-8', from: ['SWITCH'], on: 'next', to: 'SWITCH', guard: all(nothingRunnable, someRegistered), update: resolveDeadlock },
  { requirement: 'SCH-9', from: ['SWITCH'], on: 'next', to: 'SWITCH', guard: headIgnored, update: finalizeIgnored },
  { requirement: 'SCH-1', from: ['SWITCH'], on: 'next', to: 'RUNNING', guard: queueNonEmpty, update: switchToHead },
  { requirement: 'SCH-12', from: ['SWITCH'], on: 'next', to: 'IDLE', guard: queueEmpty, update: blockInReactor },
  { requirement: 'SCH-1', from: ['IDLE'], on: 'fire', to: 'SWITCH', guard: all(isRegistered, isWaitingOn('reactor')), update: fireFromIdle },
  { requirement: 'SCH-3', from: ['IDLE'], on: 'tick', to: 'MICROTASKS', guard: hasMicrotask, update: idleTick },
];

/** Apply one action: the first matching transition of {@link transitions} fires. */
export function step(config: SchedulerConfig, state: SchedulerState, action: SchedulerAction): StepResult<SchedulerState, SchedulerOutput> {
  return stepBy({ transitions, status }, config, state, action);
}

/** The actions `explore()` tries in `state` (a cancelled coroutine only ends: it runs its `finally` and returns). */
export function enabled(config: SchedulerConfig, state: SchedulerState): SchedulerAction[] {
  const s = state;
  const spawns: SchedulerAction[] = config.coroutines.filter((c) => isSpawnable.fn(config, s, { type: 'spawn', id: c.id })).map((c) => ({ type: 'spawn', id: c.id }));
  const tasks: SchedulerAction[] = [];
  for (const id of config.microtasks) {
    if (!s.added.includes(id)) tasks.push({ type: 'addMicrotask', id });
    if (!s.tasks[id].cancelled && !s.popped.includes(id)) tasks.push({ type: 'cancelMicrotask', id });
  }
  const waiting = (on: 'reactor' | 'other'): string[] =>
    Object.keys(s.coroutines).filter((id) => s.coroutines[id].waker === 'WAITING' && s.coroutines[id].waitsOn === on);
  switch (s.status) {
    case 'READY':
      return [...spawns, { type: 'suspend' }, { type: 'end' }];
    case 'RUNNING': {
      const self = s.coroutines[s.current as string];
      const actions: SchedulerAction[] = [...spawns, ...tasks, ...waiting('other').map((id): SchedulerAction => ({ type: 'resume', id }))];
      if (!self.cancelled) {
        actions.push({ type: 'await', on: 'reactor' }, { type: 'await', on: 'other' }, { type: 'await', on: 'completed' });
        actions.push({ type: 'emptySuspend' }, { type: 'suspend' }, { type: 'shutdown' }, { type: 'end' });
      } else actions.push({ type: 'shutdown' }, { type: 'end', escaping: SHUTDOWN_CANCELLATION });
      return actions;
    }
    case 'MICROTASKS':
      return [
        { type: 'runMicrotask', throws: false },
        { type: 'runMicrotask', throws: true },
        ...tasks,
        { type: 'leaveMicrotasks' },
        { type: 'await', on: 'reactor' },
        { type: 'suspend' },
        { type: 'shutdown' },
      ];
    case 'REACTOR':
      return [...waiting('reactor').map((id): SchedulerAction => ({ type: 'fire', id })), { type: 'leaveReactor' }];
    case 'SWITCH':
      return [{ type: 'next' }];
    case 'IDLE':
      return [...waiting('reactor').map((id): SchedulerAction => ({ type: 'fire', id })), { type: 'tick' }];
    case 'FINISHED':
      return [];
  }
}

/** The scheduler machine: the run queue, microtasks, ticks, deadlock, shutdown and termination. */
export const machine: Machine<SchedulerConfig, SchedulerState, SchedulerAction, SchedulerOutput> = {
  name: 'scheduler',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants,
};
