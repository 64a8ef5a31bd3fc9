/**
 * Invariants of the waker machine, named after what stays true; their ids
 * are requirement IDs (WAK, and the scheduler/event rules the waker carries).
 *
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
import type { Invariant } from '../kernel/machine.js';
import type { WakerConfig, WakerState } from './model.js';

/** An invariant of the waker machine. */
export type WakerInvariant = Invariant<WakerConfig, WakerState>;

const inQueue = (s: WakerState): boolean => s.status === 'QUEUED' || s.status === 'IGNORED';

/** WAK-1: the coroutine is in the run queue at most once, and exactly when its waker is `QUEUED` or `IGNORED`. */
export const queuedAtMostOnce: WakerInvariant = {
  id: 'WAK-1',
  title: 'in coroutine_queue at most once; IN_QUEUE(waker) ⇔ present in the queue',
  holds: (s) => s.queued === (inQueue(s) ? 1 : 0),
};

/**
 * WAK-2: once enqueued, the waker's events are stopped and unsubscribed —
 * immediately, or (in scheduler context) when the context is left — and
 * never while the coroutine runs.
 */
export const eventsStoppedOnceQueued: WakerInvariant = {
  id: 'WAK-2',
  title: 'a queued coroutine has no live subscriptions unless its cleanup is deferred to process_resumed_coroutines',
  holds: (s) =>
    (!inQueue(s) || s.resumedPending || (s.subscriptions.length === 0 && !s.eventsStarted)) &&
    (!s.resumedPending || (s.schedulerContext && inQueue(s))) &&
    (s.location !== 'running' || !s.eventsStarted),
};

/** WAK-6: a coroutine never runs with an unresolved waker, and is never finalized while still queued. */
export const neverRunUnresolved: WakerInvariant = {
  id: 'WAK-6',
  title: 'a running coroutine has waker NO_STATUS or RESULT; a destroyed waker is not in the queue',
  holds: (s) =>
    (s.location !== 'running' || s.status === 'NO_STATUS' || s.status === 'RESULT') &&
    (s.status !== 'DESTROYED' || s.queued === 0),
};

/** WAK-7: every subscription made through the waker was made to an open event. */
export const subscribedOnlyToOpenEvents: WakerInvariant = {
  id: 'WAK-7',
  title: 'resume_when never subscribes to a closed event',
  holds: (s) => s.subscriptions.every((x) => x.openWhenSubscribed),
};

/** WAK-9: a parked coroutine always has a recorded suspend location. */
export const suspendSiteRecorded: WakerInvariant = {
  id: 'WAK-9',
  title: 'a WAITING waker records where the coroutine suspended',
  holds: (s) => s.status !== 'WAITING' || s.suspendSite !== null,
};

/** EVT-14: a coroutine never stays parked on an event that is already closed: the suspend replays it. */
export const waitingOnlyOnOpenEvents: WakerInvariant = {
  id: 'EVT-14',
  title: 'a WAITING waker is subscribed only to open events',
  holds: (s) => s.status !== 'WAITING' || s.subscriptions.every((x) => !s.closed[x.event]),
};

/** SCH-5: a waker resolved on the fast path is not in the queue. */
export const fastPathNeverQueues: WakerInvariant = {
  id: 'SCH-5',
  title: 'a RESULT waker is never in coroutine_queue',
  holds: (s) => s.status !== 'RESULT' || s.queued === 0,
};

/** Every invariant of the waker machine. */
export const invariants: readonly WakerInvariant[] = [
  queuedAtMostOnce,
  eventsStoppedOnceQueued,
  neverRunUnresolved,
  subscribedOnlyToOpenEvents,
  suspendSiteRecorded,
  waitingOnlyOnOpenEvents,
  fastPathNeverQueues,
];
