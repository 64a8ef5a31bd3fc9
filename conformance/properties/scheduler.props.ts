/**
 * Conformance properties of the scheduler: queue order (SCH-1, SCH-2),
 * fast paths (SCH-5, SCH-6), deadlock (SCH-8), graceful shutdown (SCH-9),
 * the main coroutine (SCH-10), loop termination (SCH-12) and silent
 * cancellations (SCH-13).
 *
 * @see https://true-async.github.io/en/architecture/scheduler.html
 * @module
 */
import * as fc from 'fast-check';
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import { isCancellation, type Scenario } from '../../spec/system/scenario.js';
import type { Trace } from '../../spec/system/trace.js';
import { error } from '../../spec/system/errors.js';
import { coreScenario } from '../arbitraries/coreScenario.js';
import { spawnBatchScenario } from '../arbitraries/coroutineScenarios.js';
import { AWAIT_START, settledAwaitScenario } from '../arbitraries/eventScenarios.js';
import {
  deadlockScenario, lonelySuspendScenario, shutdownScenario, uncaughtCancellationScenario, wideSpawnScenario,
} from '../arbitraries/schedulerScenarios.js';
import { focused } from './event.props.js';
import {
  at, finishIndex, highPriority, markedAwaits, registeredBefore, same, settledBefore, showError, spawnedIds, startIndex, suspendedOn, suspensions,
} from './traceQueries.js';

/** A visible enqueue and the dequeue that ends it (-1 if it never ran from there). */
interface QueueStay {
  who: string;
  enqueued: number;
  dequeued: number;
}

/** Enqueues the trace shows unambiguously: normal-priority spawns (until `started`) and `suspend()` (until `resumed`). */
function queueStays(trace: Trace, scenario: Scenario): QueueStay[] {
  const high = highPriority(scenario);
  const out: QueueStay[] = [];
  trace.forEach((e, i) => {
    if (e.kind === 'spawned' && !high.has(e.coroutine)) out.push({ who: e.coroutine, enqueued: i, dequeued: startIndex(trace, e.coroutine) });
  });
  for (const s of suspensions(trace)) if (s.on === 'queue') out.push({ who: s.actor, enqueued: s.index, dequeued: s.resumed });
  return out;
}

/** Where the trace breaks SCH-1: an enqueue that ran after a later one, or `undefined`. */
function fifoViolation(scenario: Scenario, actual: Trace): string | undefined {
  const stays = queueStays(actual, scenario).filter((s) => s.dequeued !== -1);
  for (const a of stays) {
    for (const b of stays) {
      if (a.enqueued < b.enqueued && a.dequeued > b.dequeued) {
        return `${a.who} enqueued at ${at(actual, a.enqueued)} before ${b.who} (${at(actual, b.enqueued)}) but ran after it (${at(actual, a.dequeued)} vs ${at(actual, b.dequeued)})`;
      }
    }
  }
  return undefined;
}

/** SCH-1: FIFO. */
export const sch1 = defineProperty({
  id: 'SCH-1',
  rule: 'normal-priority coroutines run in the order they were enqueued (spawn and suspend() enqueue at the tail)',
  needs: ['core'],
  arbitrary: focused(spawnBatchScenario()),
  check({ scenario, actual }) {
    return fifoViolation(scenario, actual);
  },
});

/** SCH-1, a long queue: FIFO also holds with more coroutines queued at once than a run queue's initial capacity. */
export const sch1QueueGrowth = defineProperty({
  id: 'SCH-1',
  aspect: 'queue-growth',
  rule: 'with 9–12 coroutines queued at once, normal-priority coroutines still run in the order they were enqueued',
  needs: ['core'],
  arbitrary: focused(wideSpawnScenario()),
  check({ scenario, actual }) {
    return fifoViolation(scenario, actual);
  },
});

/** SCH-2: high-priority spawn goes to the head. */
export const sch2 = defineProperty({
  id: 'SCH-2',
  rule: 'a coroutine spawned with high priority starts before every coroutine already queued',
  needs: ['core'],
  arbitrary: focused(spawnBatchScenario(), 2),
  check({ scenario, actual }) {
    const high = highPriority(scenario);
    const stays = queueStays(actual, scenario);
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind !== 'spawned' || !high.has(e.coroutine)) continue;
      const s = startIndex(actual, e.coroutine);
      if (s === -1) continue;
      for (const q of stays) {
        if (q.enqueued < i && q.dequeued > i && q.dequeued < s) {
          return `high-priority ${e.coroutine} spawned at ${at(actual, i)} started at ${at(actual, s)} after ${q.who}, queued since ${at(actual, q.enqueued)}, ran at ${at(actual, q.dequeued)}`;
        }
      }
    }
    return undefined;
  },
});

/**
 * SCH-5: the fast return path.
 *
 * @remarks The full rule: awaiting an already-finished coroutine or settled future continues without suspending and without another actor running in between
 */
export const sch5 = defineProperty({
  id: 'SCH-5',
  rule: 'awaiting a finished coroutine or settled future continues without suspending and with no actor in between',
  needs: ['core'],
  arbitrary: focused(settledAwaitScenario()),
  check({ actual }) {
    for (const { index, first, actor, marker } of markedAwaits(actual)) {
      if (marker.kind !== 'coroutine' && marker.kind !== 'future') continue;
      const stored = settledBefore(actual, marker.kind, marker.id, first);
      if (!stored) continue;
      // The generator logs AWAIT_START right before the await: no other actor may run between.
      let own = index;
      while (own >= 0 && actual[own].actor !== actor) own--;
      const start = actual[own];
      if (own >= 0 && own < index && start.kind === 'log' && start.value === AWAIT_START) {
        return `${actor} awaiting ${marker.kind} ${marker.id} (settled at ${at(actual, stored.index)}) let ${actual[own + 1].actor} run between the start of the await at ${at(actual, own)} and its return at ${at(actual, first)}`;
      }
      const x = actual[index + 1];
      // A stored value must come back at once as `awaited`; a stored error is thrown at once,
      // after which only a suspension on the awaited target itself would be wrong.
      const late = 'value' in stored ? x?.kind !== 'awaited' : suspendedOn(x, marker.kind, marker.id);
      if (!x || x.actor !== actor || late) {
        return `${actor} awaiting ${marker.kind} ${marker.id} (settled at ${at(actual, stored.index)}) did not continue at once: ${at(actual, first)}`;
      }
    }
    return undefined;
  },
});

/** SCH-6: suspend() does not advance the clock. */
export const sch6 = defineProperty({
  id: 'SCH-6',
  rule: 'a coroutine that calls suspend() resumes at the same virtual time (the clock never advances while it is queued)',
  needs: ['core'],
  arbitrary: focused(lonelySuspendScenario()),
  check({ actual }) {
    for (const s of suspensions(actual)) {
      if (s.on !== 'queue' || s.resumed === -1) continue;
      if (actual[s.resumed].t !== actual[s.index].t) {
        return `${s.actor} suspended on the queue at ${at(actual, s.index)} resumed at ${at(actual, s.resumed)} at another time`;
      }
    }
    return undefined;
  },
});

const DEADLOCK_CANCELLATION = error('Async\\AsyncCancellation', 'Deadlock detected');

/** Coroutines suspended on a timer (delay or timer await) across index `i`. */
function sleepingAt(trace: Trace, i: number): string[] {
  return suspensions(trace).filter((s) => s.on === 'timer' && s.index < i && (s.resumed === -1 || s.resumed > i)).map((s) => s.actor);
}

/**
 * SCH-8: deadlock detection and resolution.
 *
 * @remarks The full rule: when only coroutines waiting on events that cannot fire remain, a deadlock is declared, each is woken with AsyncCancellation("Deadlock detected"), and exit carries the DeadlockError
 */
export const sch8 = defineProperty({
  id: 'SCH-8',
  rule: 'when only waits that cannot end remain, a deadlock wakes each with "Deadlock detected" and exit has DeadlockError',
  needs: ['core'],
  arbitrary: focused(deadlockScenario()),
  check({ actual }) {
    let last: number | undefined;
    for (let d = 0; d < actual.length; d++) {
      const e = actual[d];
      if (e.kind !== 'deadlock') continue;
      const waiting = registeredBefore(actual, d);
      if (e.waiting !== waiting.length) return `deadlock at ${at(actual, d)} reports ${e.waiting} waiting, but ${waiting.length} coroutines are registered (${waiting.join(', ')})`;
      const sleeping = sleepingAt(actual, d);
      if (sleeping.length > 0) return `deadlock declared at ${at(actual, d)} while ${sleeping.join(', ')} wait on a timer`;
      for (const id of waiting) {
        const k = actual.findIndex((x, j) => j > d && x.actor === id);
        const x = actual[k];
        if (!x || x.kind !== 'resumed' || !same(x.error, DEADLOCK_CANCELLATION)) {
          return `${id}, waiting at the deadlock ${at(actual, d)}, should resume with AsyncCancellation("Deadlock detected"), got ${at(actual, k)}`;
        }
      }
      last = e.waiting;
    }
    const exit = actual.length - 1;
    const left = registeredBefore(actual, exit);
    if (left.length > 0) return `the run ended at ${at(actual, exit)} with ${left.join(', ')} still waiting and no deadlock resolved them`;
    if (last !== undefined) {
      const x = actual[exit];
      const message = `Deadlock detected: no active coroutines, ${last} coroutines in waiting`;
      if (x.kind !== 'exit' || x.error?.class !== 'Async\\DeadlockError' || x.error.message !== message) {
        return `after a deadlock the exit should carry DeadlockError("${message}"), got ${x.kind === 'exit' ? showError(x.error) : x.kind}`;
      }
    }
    return undefined;
  },
});

/** SCH-9: graceful shutdown. */
export const sch9 = defineProperty({
  id: 'SCH-9',
  rule: 'after shutdown no coroutine that had not started ever starts, and every registered coroutine ends',
  needs: ['core'],
  arbitrary: focused(shutdownScenario()),
  check({ actual }) {
    const i = actual.findIndex((e) => e.kind === 'shutdown');
    if (i === -1) return undefined;
    for (const id of registeredBefore(actual, i)) {
      const s = startIndex(actual, id);
      const f = finishIndex(actual, id);
      if (s > i) return `${id}, not started at the shutdown ${at(actual, i)}, started at ${at(actual, s)}`;
      if (f === -1) return `${id}, registered at the shutdown ${at(actual, i)}, never finished`;
      const done = actual[f];
      if (s === -1 && (done.kind !== 'failed' || !isCancellation(done.error))) {
        return `${id}, not started at the shutdown ${at(actual, i)}, should fail with a cancellation, got ${at(actual, f)}`;
      }
    }
    return undefined;
  },
});

/** SCH-10: main first, others drained after it. */
export const sch10 = defineProperty({
  id: 'SCH-10',
  rule: 'main starts first at t=0, and the remaining coroutines are run to completion after main finishes',
  needs: ['core'],
  arbitrary: fc.oneof(spawnBatchScenario(), coreScenario()),
  check({ actual }) {
    const first = actual[0];
    if (first.actor !== 'main' || first.kind !== 'started' || first.t !== 0) return `the first event should be main started at t=0, got ${at(actual, 0)}`;
    const m = finishIndex(actual, 'main');
    if (m === -1) return 'main never finished';
    for (const id of spawnedIds(actual)) {
      if (finishIndex(actual, id) === -1) return `${id} was never run to completion (main finished at ${at(actual, m)})`;
    }
    return undefined;
  },
});

/**
 * SCH-12: loop termination.
 *
 * @remarks The full rule: exit is the last and only exit event, it comes after every coroutine finished, and the loop never ends or deadlocks while a timer is armed
 */
export const sch12 = defineProperty({
  id: 'SCH-12',
  rule: 'exit is the last and only exit event, after every coroutine finished; an armed timer keeps the loop running',
  needs: ['core'],
  arbitrary: fc.oneof(deadlockScenario(), lonelySuspendScenario(), coreScenario()),
  check({ actual }) {
    const exits = actual.flatMap((e, i) => (e.kind === 'exit' ? [i] : []));
    if (exits.length !== 1 || exits[0] !== actual.length - 1) return `exit must be the one last event; exit events at ${exits.map((i) => `#${i}`).join(', ')}`;
    for (const id of ['main', ...spawnedIds(actual)]) {
      if (finishIndex(actual, id) === -1) return `${id} never finished before the exit ${at(actual, exits[0])}`;
    }
    for (let i = 0; i < actual.length; i++) {
      if (actual[i].kind !== 'exit' && actual[i].kind !== 'deadlock') continue;
      const sleeping = sleepingAt(actual, i);
      if (sleeping.length > 0) return `${at(actual, i)} while ${sleeping.join(', ')} still wait on an armed timer`;
    }
    return undefined;
  },
});

/** SCH-13: uncaught cancellations are silent. */
export const sch13 = defineProperty({
  id: 'SCH-13',
  rule: 'an uncaught cancellation (escaping any coroutine, main included) starts no shutdown and gives no exit error',
  needs: ['core'],
  arbitrary: focused(uncaughtCancellationScenario()),
  check({ actual }) {
    const m = finishIndex(actual, 'main');
    const done = m === -1 ? undefined : actual[m];
    const mainError = done?.kind === 'failed' && !isCancellation(done.error);
    const deadlock = actual.findIndex((e) => e.kind === 'deadlock');
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind === 'shutdown' && e.actor === 'scheduler' && !(mainError && m < i)) {
        return `the scheduler started a shutdown at ${at(actual, i)} though main did not fail with an ordinary exception`;
      }
    }
    const exit = actual[actual.length - 1];
    if (exit.kind === 'exit' && exit.error && !mainError && deadlock === -1) {
      return `exit carries ${showError(exit.error)} though no deadlock occurred and main did not fail with an ordinary exception`;
    }
    return undefined;
  },
});

/** The scheduler properties in catalogue order. */
export const schedulerProperties: ConformanceProperty[] = [sch1, sch1QueueGrowth, sch2, sch5, sch6, sch8, sch9, sch10, sch12, sch13];
