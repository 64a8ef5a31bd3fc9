/**
 * Conformance properties of coroutines: spawn (COR-1), terminal outcomes
 * (COR-3), exception precedence (COR-4), finalize order (COR-5), predicate
 * consistency (COR-6) and `finally()` handlers (COR-7).
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import { isCancellation, type ErrorValue } from '../../spec/system/scenario.js';
import type { Trace } from '../../spec/system/trace.js';
import {
  finallyScenario, finishedOutcomeScenario, predicateScenario, selfCancelThrowScenario, spawnBatchScenario,
} from '../arbitraries/coroutineScenarios.js';
import { parseOnFinallyMarker, parseThrowMarker } from '../arbitraries/markers.js';
import { focused } from './event.props.js';
import {
  at, finallyMayReplaceErrors, finishIndex, highPriority, isKind, markedAwaits, nextOf, same, showError, startIndex, suspendedOn, suspensions,
} from './traceQueries.js';

/**
 * COR-1: spawn does not run the coroutine.
 *
 * @remarks The full rule: a spawned coroutine does not start before its spawner suspends or finishes; coroutines spawned without a suspension between start in spawn order
 */
export const cor1 = defineProperty({
  id: 'COR-1',
  rule: 'a spawned coroutine starts only after its spawner suspends or finishes; spawns start in spawn order',
  needs: ['core'],
  arbitrary: focused(spawnBatchScenario()),
  check({ scenario, actual }) {
    const high = highPriority(scenario);
    const batches = new Map<string, string[]>();
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind === 'suspended' || e.kind === 'completed' || e.kind === 'failed') batches.delete(e.actor);
      if (e.kind !== 'spawned') continue;
      const s = startIndex(actual, e.coroutine);
      if (s !== -1) {
        const yielded = actual.slice(i + 1, s).some((x) => x.actor === e.actor && ['suspended', 'completed', 'failed'].includes(x.kind));
        if (!yielded) return `${e.coroutine} spawned at ${at(actual, i)} started at ${at(actual, s)} before its spawner ${e.actor} suspended or finished`;
      }
      if (high.has(e.coroutine)) continue;
      const batch = batches.get(e.actor) ?? [];
      for (const earlier of batch) {
        const se = startIndex(actual, earlier);
        if (s !== -1 && se !== -1 && se > s) {
          return `${earlier} and ${e.coroutine} were spawned by ${e.actor} in that order without a suspension between, but ${e.coroutine} started first (${at(actual, s)} before ${at(actual, se)})`;
        }
      }
      batches.set(e.actor, [...batch, e.coroutine]);
    }
    return undefined;
  },
});

/**
 * COR-3: a finished coroutine's outcome is terminal.
 *
 * @remarks The full rule: a finished coroutine's outcome never changes: repeated awaits and queries give the same result or error, and cancel() after completion has no effect
 */
export const cor3 = defineProperty({
  id: 'COR-3',
  rule: 'a finished coroutine\'s outcome never changes: awaits and queries repeat it, cancel() after completion does nothing',
  needs: ['core'],
  arbitrary: focused(finishedOutcomeScenario()),
  check({ scenario, actual }) {
    const cancelled = new Map<string, { value: unknown; index: number }>();
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind !== 'query' && !(e.kind === 'log')) continue;
      const target = e.kind === 'query' ? e.target : undefined;
      if (target === undefined) continue;
      const f = finishIndex(actual, target);
      if (f === -1 || f > i || e.kind !== 'query') continue;
      const done = actual[f];
      const error = done.kind === 'failed' ? done.error : null;
      const value = done.kind === 'completed' ? done.value : null;
      const expected: Record<string, unknown> = { isCompleted: true, getResult: value, getException: error };
      if (e.what in expected && !same(e.value, expected[e.what])) {
        return `${target} finished at ${at(actual, f)} but ${e.what} at ${at(actual, i)} gives ${JSON.stringify(e.value)}, expected ${JSON.stringify(expected[e.what])}`;
      }
      if (e.what === 'isCancelled') {
        const first = cancelled.get(target);
        if (first && first.value !== e.value) return `${target}.isCancelled changed after completion: ${String(first.value)} at ${at(actual, first.index)}, ${String(e.value)} at ${at(actual, i)}`;
        if (!first) cancelled.set(target, { value: e.value, index: i });
      }
    }
    for (const { index, actor, marker } of markedAwaits(actual)) {
      if (marker.kind !== 'coroutine') continue;
      const f = finishIndex(actual, marker.id);
      if (f === -1 || f > index) continue;
      const done = actual[f];
      const j = nextOf(actual, actor, index);
      const x = actual[j];
      if (done.kind === 'completed' && !(isKind(x, 'awaited') && same(x.value, done.value))) {
        return `${actor} awaiting ${marker.id} (completed with ${JSON.stringify(done.value)} at ${at(actual, f)}) got ${x ? x.kind : 'nothing'} at ${at(actual, j)}`;
      }
      if (done.kind === 'failed' && isKind(x, 'caught') && !finallyMayReplaceErrors(scenario) && !same(x.error, done.error)) {
        return `${actor} awaiting ${marker.id} (failed with ${showError(done.error)} at ${at(actual, f)}) caught ${showError(x.error)} at ${at(actual, j)}`;
      }
      if (done.kind === 'failed' && (isKind(x, 'awaited') || suspendedOn(x, 'coroutine', marker.id))) {
        return `${actor} awaiting ${marker.id} (failed at ${at(actual, f)}) got ${x.kind} at ${at(actual, j)} instead of its error`;
      }
    }
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if ((e.kind === 'completed' || e.kind === 'failed') && finishIndex(actual, e.actor) !== i) {
        return `${e.actor} finishes a second time at ${at(actual, i)}`;
      }
    }
    return undefined;
  },
});

function chainHas(e: ErrorValue | undefined, p: (x: ErrorValue) => boolean): boolean {
  for (let x = e; x; x = x.previous) if (p(x)) return true;
  return false;
}

/**
 * COR-4: a thrown error beats a stored self-cancellation.
 *
 * @remarks The full rule: a coroutine that cancelled itself and then throws an ordinary exception fails with that exception, the cancellation kept in its previous chain
 */
export const cor4 = defineProperty({
  id: 'COR-4',
  rule: 'a self-cancelled coroutine that throws fails with that exception, the cancellation in its previous chain',
  needs: ['core'],
  arbitrary: focused(selfCancelThrowScenario()),
  check({ scenario, actual }) {
    if (finallyMayReplaceErrors(scenario)) return undefined;
    for (let m = 0; m < actual.length; m++) {
      const e = actual[m];
      const cls = e.kind === 'log' ? parseThrowMarker(e.value) : undefined;
      if (!cls || isCancellation({ class: cls, message: '' })) continue;
      const selfCancel = actual.findIndex((x, k) => k < m && x.kind === 'cancel' && x.actor === e.actor && x.target === e.actor);
      if (selfCancel === -1) continue;
      const j = nextOf(actual, e.actor, m);
      const f = actual[j];
      if (!isKind(f, 'failed')) continue;
      if (f.error.class !== cls || !chainHas(f.error.previous, isCancellation)) {
        return `${e.actor} cancelled itself at ${at(actual, selfCancel)} then threw ${cls} at ${at(actual, m)}, but failed at ${at(actual, j)} with ${showError(f.error)}${f.error.previous ? ` (previous ${showError(f.error.previous)})` : ''}`;
      }
    }
    return undefined;
  },
});

/**
 * COR-5: completion, then finally handlers, then awaiters.
 *
 * @remarks The full rule: a coroutine's completed/failed precedes its finally handlers, which precede the resumption of the coroutines awaiting it
 */
export const cor5 = defineProperty({
  id: 'COR-5',
  rule: 'a coroutine\'s completed/failed precedes its finally handlers, which precede its awaiters\' resumption',
  needs: ['core'],
  arbitrary: focused(finallyScenario()),
  check({ actual }) {
    const lastFinally = new Map<string, number>();
    for (let k = 0; k < actual.length; k++) {
      const e = actual[k];
      if (e.kind !== 'finally') continue;
      const f = finishIndex(actual, e.target);
      if (f === -1 || f > k) return `finally handler ${e.handler} of ${e.target} ran at ${at(actual, k)} before ${e.target} finished${f === -1 ? '' : ` at ${at(actual, f)}`}`;
      if (e.actor === `finally:${e.target}`) lastFinally.set(e.target, k);
    }
    for (const s of suspensions(actual)) {
      if (!s.on.startsWith('coroutine:') || s.resumed === -1) continue;
      const c = s.on.slice(10);
      const f = finishIndex(actual, c);
      const last = lastFinally.get(c);
      if (f === -1 || f < s.index || f > s.resumed || last === undefined) continue;
      if (last > s.resumed) return `${s.actor} awaiting ${c} resumed at ${at(actual, s.resumed)} before ${c}'s finally handlers finished at ${at(actual, last)}`;
    }
    return undefined;
  },
});

const PREDICATES = ['isStarted', 'isQueued', 'isRunning', 'isSuspended', 'isCancelled', 'isCancellationRequested', 'isCompleted'];

/**
 * COR-6: predicates agree with each other and with the trace.
 *
 * @remarks The full rule: coroutine predicates are consistent: isCompleted ⇒ ¬isRunning ∧ ¬isSuspended, isCancelled ⇒ isCompleted, never isCancelled ∧ isCancellationRequested, isQueued ∧ ¬isStarted right after spawn
 */
export const cor6 = defineProperty({
  id: 'COR-6',
  rule: 'coroutine predicates are consistent at every query (completed, running, suspended, cancelled, queued)',
  needs: ['core'],
  arbitrary: focused(predicateScenario()),
  check({ actual }) {
    for (let i = 0; i < actual.length; ) {
      if (actual[i].kind !== 'query') {
        i++;
        continue;
      }
      const groups = new Map<string, Record<string, unknown>>();
      const first = i;
      for (; i < actual.length && actual[i].kind === 'query'; i++) {
        const q = actual[i] as Extract<Trace[number], { kind: 'query' }>;
        if (!PREDICATES.includes(q.what)) continue;
        groups.set(q.target, { ...(groups.get(q.target) ?? {}), [q.what]: q.value });
      }
      for (const [target, p] of groups) {
        const where = `for ${target} in the queries at ${at(actual, first)}..#${i - 1}`;
        const f = finishIndex(actual, target);
        const finished = f !== -1 && f < first;
        if (p.isCompleted !== undefined && p.isCompleted !== finished) return `isCompleted is ${String(p.isCompleted)} ${where}, but ${target} ${finished ? 'finished' : 'has not finished'}`;
        if (p.isCancelled === true && !finished) return `isCancelled is true ${where}, but ${target} has not finished`;
        if (p.isCompleted === true && (p.isRunning === true || p.isSuspended === true)) return `isCompleted with isRunning/isSuspended ${where}`;
        if (p.isCancelled === true && p.isCompleted === false) return `isCancelled without isCompleted ${where}`;
        if (p.isCancelled === true && p.isCancellationRequested === true) return `both isCancelled and isCancellationRequested ${where}`;
        if (p.isCancellationRequested === true && finished) return `isCancellationRequested is true ${where}, but ${target} finished`;
      }
    }
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind !== 'spawned') continue;
      for (let k = i + 1; k < actual.length; k++) {
        const x = actual[k];
        if (x.actor !== e.actor || ['suspended', 'completed', 'failed', 'shutdown'].includes(x.kind)) break;
        if (x.kind === 'cancel' && x.target === e.coroutine) break;
        if (x.kind === 'query' && x.target === e.coroutine && ((x.what === 'isQueued' && x.value !== true) || (x.what === 'isStarted' && x.value !== false))) {
          return `${e.coroutine} spawned at ${at(actual, i)}: ${x.what} is ${JSON.stringify(x.value)} at ${at(actual, k)} right after spawn`;
        }
      }
    }
    return undefined;
  },
});

/**
 * COR-7: finally() handlers.
 *
 * @remarks The full rule: finally() on a finished coroutine runs at once by the caller; otherwise the handlers run after completion, in registration order, each exactly once
 */
export const cor7 = defineProperty({
  id: 'COR-7',
  rule: 'finally() on a finished coroutine runs at once; otherwise after completion, in registration order, once each',
  needs: ['core'],
  arbitrary: focused(finallyScenario()),
  check({ actual }) {
    const pending = new Map<string, string[]>();
    for (let m = 0; m < actual.length; m++) {
      const e = actual[m];
      const mark = e.kind === 'log' ? parseOnFinallyMarker(e.value) : undefined;
      if (!mark) continue;
      const f = finishIndex(actual, mark.target);
      if (f !== -1 && f < m) {
        const x = actual[m + 1];
        if (!isKind(x, 'finally') || x.actor !== e.actor || x.handler !== mark.handler) {
          return `${e.actor} registered ${mark.handler} on finished ${mark.target} at ${at(actual, m)}; expected its finally event by ${e.actor} at ${at(actual, m + 1)}`;
        }
      } else pending.set(mark.target, [...(pending.get(mark.target) ?? []), mark.handler]);
    }
    for (const [target, handlers] of pending) {
      const ran = actual.flatMap((e, k) => (e.kind === 'finally' && e.target === target && e.actor === `finally:${target}` ? [{ handler: e.handler, k }] : []));
      if (!same(ran.map((r) => r.handler), handlers)) {
        return `finally handlers of ${target} registered as [${handlers.join(', ')}] ran as [${ran.map((r) => `${r.handler}@#${r.k}`).join(', ')}]`;
      }
    }
    return undefined;
  },
});

/** The coroutine properties in catalogue order. */
export const coroutineProperties: ConformanceProperty[] = [cor1, cor3, cor4, cor5, cor6, cor7];
