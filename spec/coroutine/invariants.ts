/**
 * Invariants of the coroutine machine, named after what stays true; their
 * ids are COR requirement IDs (and CAN-8 for the predicate lattice).
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { Invariant } from '../kernel/machine.js';
import { isCancellation } from '../../language/values.js';
import type { CoroutineConfig, CoroutineState } from './model.js';
import { predicates } from './predicates.js';

/** An invariant of the coroutine machine. */
export type CoroutineInvariant = Invariant<CoroutineConfig, CoroutineState>;

const view = (s: CoroutineState) =>
  predicates({ started: s.started, cancelled: s.cancelled, finished: s.closed, wakerStatus: s.waker, deferredCancellation: s.deferred !== undefined });

/** COR-1: a spawned, not started coroutine is registered and queued. */
export const spawnedIsQueued: CoroutineInvariant = {
  id: 'COR-1',
  title: 'a spawned coroutine that has not started is registered with waker QUEUED (or IGNORED once cancelled)',
  holds: (s) => s.started || s.closed || !s.registered || s.waker === 'QUEUED' || s.waker === 'IGNORED',
};

/** COR-2: a coroutine is only ever registered into an open scope. */
export const registeredOnlyInOpenScope: CoroutineInvariant = {
  id: 'COR-2',
  title: 'no coroutine is registered into a closed scope',
  holds: (s, c) => !c.scopeClosed || (!s.registered && !s.closed),
};

/** COR-3: once closed, result and exception stay what they were at completion. */
export const outcomeIsTerminal: CoroutineInvariant = {
  id: 'COR-3',
  title: 'result and exception never change after completion',
  holds: (s) => {
    if (!s.closed) return s.outcomeAtClose === null;
    const o = s.outcomeAtClose;
    if (!o) return false;
    return 'error' in o ? s.exception === o.error && s.result === undefined : s.exception === undefined && s.result === o.value;
  },
};

/** COR-5: a completed coroutine is unregistered, its waker destroyed and not queued; finally handlers run only after completion. */
export const completionReleasesEverything: CoroutineInvariant = {
  id: 'COR-5',
  title: 'completed ⇒ unregistered, waker gone, not running; finally handlers never run before completion',
  holds: (s) => (!s.closed || (!s.registered && !s.running && s.waker === 'NO_STATUS')) && (!s.finallyRan || s.closed),
};

/** COR-6: the predicates form a consistent lattice in every reachable state. */
export const predicatesConsistent: CoroutineInvariant = {
  id: 'COR-6',
  title: 'completed ⇒ ¬running ∧ ¬suspended; cancelled ⇒ completed; requested ⇒ ¬completed',
  holds: (s) => {
    const p = view(s);
    return (
      (!p.isCompleted || (!p.isRunning && !p.isSuspended)) &&
      (!p.isCancelled || p.isCompleted) &&
      (!p.isCancellationRequested || !p.isCompleted) &&
      (s.started || s.closed || !s.registered || s.waker !== 'QUEUED' || (p.isQueued && !p.isStarted))
    );
  },
};

/** CAN-8: cancellation requested and cancelled are never both true. */
export const requestedAndCancelledExclusive: CoroutineInvariant = {
  id: 'CAN-8',
  title: 'isCancellationRequested and isCancelled are never both true',
  holds: (s) => {
    const p = view(s);
    return !(p.isCancellationRequested && p.isCancelled);
  },
};

/** COR-7: handlers registered before completion are all run once the finally pass happened. */
export const finallyHandlersDrained: CoroutineInvariant = {
  id: 'COR-7',
  title: 'after the finally pass no registered handler is left pending',
  holds: (s) => !s.finallyRan || s.finallyPending === 0 || s.closed,
};

/** COR-8: a completed coroutine's exception fate follows its class and the outside reference. */
export const exceptionFateDecided: CoroutineInvariant = {
  id: 'COR-8',
  title: 'cancellations are silent; other uncaught exceptions are stored (outside reference) or rethrown',
  holds: (s, c) => {
    if (!s.closed) return s.fate === 'none';
    if (!s.exception) return s.fate === 'none';
    if (isCancellation(s.exception)) return s.fate === 'silent';
    return s.fate === (c.outsideReference ? 'stored' : 'rethrown');
  },
};

/** COR-9: ENTER precedes running, LEAVE precedes every suspension, FINISH closes a started coroutine. */
export const switchHandlersBracketRuns: CoroutineInvariant = {
  id: 'COR-9',
  title: 'running ⇒ last switch call ENTER; suspended ⇒ LEAVE; completed after start ⇒ FINISH',
  holds: (s) => {
    if (s.closed) return !s.started || s.lastSwitch === 'FINISH';
    if (s.running) return s.lastSwitch === 'ENTER';
    if (s.started) return s.lastSwitch === 'LEAVE';
    return s.lastSwitch === null;
  },
};

/** COR-10: the internal context is released at completion. */
export const internalContextReleased: CoroutineInvariant = {
  id: 'COR-10',
  title: 'a completed coroutine holds no internal context',
  holds: (s) => !s.closed || s.internalContext === 0,
};

/** COR-11: whatever cancel stores — deferred, pending or self-cancel exception — is a cancellation. */
export const cancelStoresOnlyCancellations: CoroutineInvariant = {
  id: 'COR-11',
  title: 'deferred cancellations are always AsyncCancellation instances',
  holds: (s) => s.deferred === undefined || isCancellation(s.deferred),
};

/** COR-12: every registered or finished coroutine knows its spawn location. */
export const spawnLocationRecorded: CoroutineInvariant = {
  id: 'COR-12',
  title: 'a spawned coroutine has a spawn location',
  holds: (s) => (!s.registered && !s.closed) || s.spawnLocation !== null,
};

/** Every invariant of the coroutine machine. */
export const invariants: readonly CoroutineInvariant[] = [
  spawnedIsQueued,
  registeredOnlyInOpenScope,
  outcomeIsTerminal,
  completionReleasesEverything,
  predicatesConsistent,
  requestedAndCancelledExclusive,
  finallyHandlersDrained,
  exceptionFateDecided,
  switchHandlersBracketRuns,
  internalContextReleased,
  cancelStoresOnlyCancellations,
  spawnLocationRecorded,
];
