/**
 * Invariants of the scheduler machine, named after what stays true; their ids
 * are SCH requirement IDs.
 *
 * @see https://true-async.github.io/en/architecture/scheduler-reactor.html
 * @module
 */
import type { Invariant } from '../kernel/machine.js';
import type { ErrorValue } from '../../language/values.js';
import { isCancellation } from '../../language/values.js';
import type { SchedulerConfig, SchedulerState } from './model.js';
import { MAIN } from './model.js';

/** An invariant of the scheduler machine. */
export type SchedulerInvariant = Invariant<SchedulerConfig, SchedulerState>;

const activeEvents = (s: SchedulerState): number =>
  Object.values(s.coroutines).filter((c) => c.waker === 'WAITING' && c.waitsOn === 'reactor').length;
const registered = (s: SchedulerState): number => Object.keys(s.coroutines).length;
const chain = (e: ErrorValue | undefined): ErrorValue[] => (e ? [e, ...chain(e.previous)] : []);
const increasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1] < x);

/** SCH-1: normal-priority entries of the run queue are in push order (FIFO), and the queue holds only registered, queued coroutines. */
export const runQueueIsFifo: SchedulerInvariant = {
  id: 'SCH-1',
  title: 'tail-pushed coroutines run in enqueue order; every queued coroutine is registered with waker QUEUED or IGNORED',
  holds: (s) =>
    increasing(s.queue.entries().filter((e) => !e.front).map((e) => e.seq)) &&
    new Set(s.queue.entries().map((e) => e.id)).size === s.queue.length &&
    s.queue.entries().every((e) => s.coroutines[e.id] && (s.coroutines[e.id].waker === 'QUEUED' || s.coroutines[e.id].waker === 'IGNORED')),
};

/** SCH-2: high-priority spawns sit before every tail-pushed coroutine, the latest one first. */
export const highPriorityAtHead: SchedulerInvariant = {
  id: 'SCH-2',
  title: 'coroutines pushed at the head (priority > 0) precede all tail-pushed ones, newest first',
  holds: (s) => {
    const firstTail = s.queue.entries().findIndex((e) => !e.front);
    const fronts = s.queue.entries().filter((e) => e.front);
    return (firstTail < 0 || s.queue.entries().slice(firstTail).every((e) => !e.front)) && increasing(fronts.map((e) => -e.seq));
  },
};

/** SCH-3: microtasks run in FIFO order and to exhaustion before the tick goes on (unless one threw). */
export const microtasksBeforeSwitch: SchedulerInvariant = {
  id: 'SCH-3',
  title: 'microtasks are popped in the order they were queued, and none is left when the tick reaches the reactor or the switch',
  holds: (s) =>
    s.popped.every((id, i) => s.added[i] === id) &&
    ((s.status !== 'REACTOR' && s.status !== 'SWITCH') || s.microtasks.length === 0 || s.microtaskThrew),
};

/** SCH-4: a queued microtask holds a reference; a cancelled one never runs; handler and dtor run at most once, dtor only at `ref_count` 0. */
export const microtaskProtocol: SchedulerInvariant = {
  id: 'SCH-4',
  title: 'queued ⇒ ref_count ≥ 1; cancelled handlers never run; dtor once, at ref_count 0, after leaving the queue',
  holds: (s) =>
    Object.entries(s.tasks).every(
      ([id, t]) =>
        !t.ranCancelled &&
        t.handlerRuns <= 1 &&
        t.dtorRuns <= 1 &&
        (!s.microtasks.includes(id) || t.refCount >= 1) &&
        (t.dtorRuns === 0 || (t.refCount === 0 && !s.microtasks.includes(id))),
    ),
};

/** SCH-5: a coroutine resolved on the fast path (waker `RESULT`) is the suspending one and is never queued. */
export const fastPathNotQueued: SchedulerInvariant = {
  id: 'SCH-5',
  title: 'a RESULT waker belongs to the coroutine whose tick runs and is never in the run queue',
  holds: (s) =>
    Object.entries(s.coroutines).every(([id, c]) => c.waker !== 'RESULT' || (id === s.suspender && !s.queue.entries().some((e) => e.id === id))),
};

/**
 * SCH-8: the scheduler blocks in the reactor only when something can wake
 * it, and a deadlock is declared only when nothing can run: DeadlockError
 * joins the exit exception and every coroutine registered then was cancelled.
 */
export const deadlockOnlyWhenStuck: SchedulerInvariant = {
  id: 'SCH-8',
  title: 'IDLE ⇒ an active event or a microtask; a declared deadlock had an empty queue, no microtasks, no events and ≥1 coroutine',
  holds: (s) => {
    if (s.status === 'IDLE' && activeEvents(s) === 0 && s.microtasks.length === 0) return false;
    const d = s.deadlock;
    if (!d) return true;
    return (
      d.queue === 0 &&
      d.microtasks === 0 &&
      d.activeEvents === 0 &&
      d.registered >= 1 &&
      d.uncancelled === 0 &&
      chain(s.exitException).some((e) => e.class === 'Async\\DeadlockError')
    );
  },
};

/** SCH-9: during graceful shutdown every registered coroutine is cancelled, and none is queued to start its body. */
export const shutdownCancelsEveryone: SchedulerInvariant = {
  id: 'SCH-9',
  title: 'graceful shutdown ⇒ every registered coroutine cancelled; not-started ones are IGNORED',
  holds: (s) =>
    !s.gracefulShutdown ||
    Object.values(s.coroutines).every((c) => c.cancelled && (c.started || c.waker === 'IGNORED')),
};

/** SCH-10: spawned coroutines do not run before `main` suspended or ended; before launch nothing is registered. */
export const mainRunsFirst: SchedulerInvariant = {
  id: 'SCH-10',
  title: 'no spawned coroutine starts before main suspends or ends; READY ⇒ nothing registered',
  holds: (s) =>
    (s.status !== 'READY' || (registered(s) === 0 && s.queue.length === 0)) &&
    (s.mainYielded || Object.entries(s.coroutines).every(([id, c]) => id === MAIN || !c.started)),
};

/** SCH-11: an exception left by a microtask never stays pending past the microtask step; it starts graceful shutdown and joins the exit exception. */
export const schedulerExceptionShutsDown: SchedulerInvariant = {
  id: 'SCH-11',
  title: 'a microtask exception is handled before the reactor: graceful shutdown and exit_exception',
  holds: (s) =>
    (s.status === 'MICROTASKS' || !s.exceptionPending) &&
    (!s.microtaskThrew || s.exceptionPending || (s.gracefulShutdown && chain(s.exitException).some((e) => e.class === 'RuntimeException'))),
};

/** SCH-12: the loop ends only when no coroutine is registered, no microtask is queued and no event is active. */
export const loopEndsWhenEmpty: SchedulerInvariant = {
  id: 'SCH-12',
  title: 'FINISHED ⇒ no registered coroutine, empty queue, no microtask, no active event',
  holds: (s) =>
    s.status !== 'FINISHED' || (registered(s) === 0 && s.queue.length === 0 && s.microtasks.length === 0 && activeEvents(s) === 0),
};

/** SCH-13: a Cancellation escaping a coroutine is never reported as an error. */
export const cancellationIsSilent: SchedulerInvariant = {
  id: 'SCH-13',
  title: 'no Cancellation is ever reported as an uncaught error',
  holds: (s) => s.reported.every((e) => !isCancellation(e)),
};

/** Every invariant of the scheduler machine. */
export const invariants: readonly SchedulerInvariant[] = [
  runQueueIsFifo,
  highPriorityAtHead,
  microtasksBeforeSwitch,
  microtaskProtocol,
  fastPathNotQueued,
  deadlockOnlyWhenStuck,
  shutdownCancelsEveryone,
  mainRunsFirst,
  schedulerExceptionShutsDown,
  loopEndsWhenEmpty,
  cancellationIsSilent,
];
