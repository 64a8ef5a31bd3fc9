/**
 * Conformance properties of wakers: one resumption per suspension (WAK-1),
 * no stale wake-ups (WAK-2), errors beat results (WAK-3), first outcome
 * wins (WAK-4), first cancellation wins (WAK-5), timeout tokens (WAK-8).
 *
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
import * as fc from 'fast-check';
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import type { Scenario } from '../../spec/system/scenario.js';
import { isCancellation } from '../../spec/system/scenario.js';
import type { Trace } from '../../spec/system/trace.js';
import { timeoutCancellation } from '../../spec/system/errors.js';
import {
  cancelWhileWaitingScenario, multiEventScenario, staleWakeScenario, timeoutScenario, wakeThenCancelScenario,
} from '../arbitraries/wakerScenarios.js';
import { focused } from './event.props.js';
import {
  at, callbackActions, hasZeroTimer, isKind, markedAwaits, nextOf, passes, same, showError, suspensions, type Suspension,
} from './traceQueries.js';

/** Index of the first event in (from, to) that names a notification of `on` (`trigger:t1`, `future:f1`, `coroutine:c`). */
function notifiedIn(trace: Trace, on: string, from: number, to: number): number {
  const [kind, id] = [on.slice(0, on.indexOf(':')), on.slice(on.indexOf(':') + 1)];
  for (let k = from + 1; k < to; k++) {
    const e = trace[k];
    if (kind === 'trigger' && (e.kind === 'fire' || e.kind === 'close') && e.event === id) return k;
    if (kind === 'future' && e.kind === 'settle' && e.event === id) return k;
    if (kind === 'coroutine' && e.actor === id && (e.kind === 'completed' || e.kind === 'failed')) return k;
  }
  return -1;
}

/** Index of the first cancellation reaching `actor` in (from, to): its `cancel`, a `shutdown` or a `deadlock`; -1 if none. */
function cancelledIn(trace: Trace, actor: string, from: number, to: number): number {
  for (let k = from + 1; k < to; k++) {
    const e = trace[k];
    if ((e.kind === 'cancel' && e.target === actor) || e.kind === 'shutdown' || e.kind === 'deadlock') return k;
  }
  return -1;
}

/** The reason a cancellation source at `k` carries. */
function reasonAt(trace: Trace, k: number): string {
  const e = trace[k];
  if (e.kind === 'cancel') return e.reason;
  return e.kind === 'shutdown' ? 'Graceful shutdown' : 'Deadlock detected';
}

/**
 * Why a plain (error-free) resumption of suspension `s` cannot be explained,
 * or `undefined`: a timer suspension resumed without the clock moving, or an
 * event suspension resumed though the event never notified.
 */
function unexplainedWake(trace: Trace, scenario: Scenario, s: Suspension): string | undefined {
  const r = trace[s.resumed];
  if (!isKind(r, 'resumed') || r.error) return undefined;
  if (s.on === 'queue') return undefined;
  if (s.on === 'timer') {
    if (r.t > trace[s.index].t || hasZeroTimer(scenario)) return undefined;
    return `${s.actor} suspended on a timer at ${at(trace, s.index)} resumed at ${at(trace, s.resumed)} without the clock advancing`;
  }
  if (notifiedIn(trace, s.on, s.index, s.resumed) !== -1) return undefined;
  return `${s.actor} suspended on ${s.on} at ${at(trace, s.index)} resumed at ${at(trace, s.resumed)} though ${s.on} never notified`;
}

/**
 * WAK-1: one resumption per suspension.
 *
 * @remarks The full rule: a coroutine never resumes twice for one suspension (each resumed matches exactly one preceding suspended and a real wake-up)
 */
export const wak1 = defineProperty({
  id: 'WAK-1',
  rule: 'a coroutine never resumes twice for one suspension: each resumed matches one suspended and a real wake-up',
  needs: ['core'],
  arbitrary: focused(wakeThenCancelScenario()),
  check({ scenario, actual }) {
    const pending = new Map<string, number>();
    const finished = new Map<string, number>();
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (finished.has(e.actor)) return `${e.actor} acts at ${at(actual, i)} after it finished at ${at(actual, finished.get(e.actor)!)}`;
      if (e.kind === 'completed' || e.kind === 'failed') finished.set(e.actor, i);
      if (e.kind === 'suspended') {
        if (pending.has(e.actor)) return `${e.actor} suspends at ${at(actual, i)} while still suspended since ${at(actual, pending.get(e.actor)!)}`;
        pending.set(e.actor, i);
      }
      if (e.kind === 'resumed') {
        if (!pending.has(e.actor)) return `${e.actor} resumes at ${at(actual, i)} without a pending suspension`;
        pending.delete(e.actor);
      }
    }
    for (const s of suspensions(actual)) {
      const why = unexplainedWake(actual, scenario, s);
      if (why) return why;
    }
    return undefined;
  },
});

/**
 * WAK-2: once woken, stale subscriptions no longer wake.
 *
 * @remarks The full rule: after a coroutine was woken, the events it waited on no longer wake it (each wake-up delivers a value of the event it waits on)
 */
export const wak2 = defineProperty({
  id: 'WAK-2',
  rule: 'after a coroutine was woken, the events it waited on no longer wake it',
  needs: ['core'],
  arbitrary: focused(fc.oneof(staleWakeScenario(), wakeThenCancelScenario())),
  check({ scenario, actual }) {
    for (const s of suspensions(actual)) {
      const why = unexplainedWake(actual, scenario, s);
      if (why) return why;
      const r = actual[s.resumed];
      const a = actual[s.resumed + 1];
      if (!isKind(r, 'resumed') || r.error || !isKind(a, 'awaited') || a.actor !== s.actor || s.on === 'queue') continue;
      const allowed: unknown[] = [];
      if (s.on === 'timer') allowed.push(null);
      const [kind, id] = [s.on.slice(0, s.on.indexOf(':')), s.on.slice(s.on.indexOf(':') + 1)];
      for (let k = s.index + 1; k < s.resumed; k++) {
        const e = actual[k];
        if (kind === 'trigger' && e.kind === 'fire' && e.event === id) allowed.push(e.value);
        if (kind === 'trigger' && e.kind === 'close' && e.event === id) allowed.push(null);
        if (kind === 'future' && e.kind === 'settle' && e.event === id && !e.error) allowed.push(e.value ?? null);
        if (kind === 'coroutine' && e.kind === 'completed' && e.actor === id) allowed.push(e.value);
      }
      if (!allowed.some((v) => same(v, a.value))) {
        return `${s.actor} waiting on ${s.on} since ${at(actual, s.index)} awaited ${JSON.stringify(a.value)} at ${at(actual, s.resumed + 1)}, which ${s.on} never delivered`;
      }
    }
    return undefined;
  },
});

/** WAK-3: a pending error beats a pending result. */
export const wak3 = defineProperty({
  id: 'WAK-3',
  rule: 'a coroutine woken with a value and cancelled before it runs throws the cancellation at its suspension point',
  needs: ['core'],
  arbitrary: focused(fc.oneof({ weight: 3, arbitrary: cancelWhileWaitingScenario() }, { weight: 1, arbitrary: wakeThenCancelScenario() })),
  check({ actual }) {
    for (const s of suspensions(actual)) {
      if (s.resumed === -1) continue;
      const c = cancelledIn(actual, s.actor, s.index, s.resumed);
      if (c === -1) continue;
      const r = actual[s.resumed];
      if (!isKind(r, 'resumed') || !r.error || !isCancellation(r.error)) {
        return `${s.actor} cancelled at ${at(actual, c)} while suspended resumed at ${at(actual, s.resumed)} with ${isKind(r, 'resumed') ? showError(r.error) : 'no error'} instead of a cancellation`;
      }
    }
    return undefined;
  },
});

/** Whether the notify pass starting at `k` was stopped by a throwing user callback (so wakers may not have been reached). */
function passMayStop(trace: Trace, scenario: Scenario, k: number): boolean {
  const actions = callbackActions(scenario);
  const pass = passes(trace, scenario).find((p) => p.start === k);
  return (pass?.events ?? []).some((i) => {
    const e = trace[i];
    return e.kind === 'callback' && (actions.get(`${e.event}\u0000${e.callback}`) ?? []).some((a) => a.do === 'throw');
  });
}

/** The value a notification at `k` delivers to a target waiter (`undefined` for an error). */
function deliveredValue(trace: Trace, k: number): unknown {
  const n = trace[k];
  if (n.kind === 'fire' || n.kind === 'completed') return n.value;
  if (n.kind === 'settle') return n.error ? undefined : n.value ?? null;
  return null;
}

/** A plain wake-up delivers the value of the first notification of the awaited event (a trigger fired twice: the first value). */
function firstNotificationWins(trace: Trace, scenario: Scenario): string | undefined {
  for (const s of suspensions(trace)) {
    if (s.on === 'queue' || s.on === 'timer' || s.resumed === -1) continue;
    const r = trace[s.resumed];
    const a = trace[s.resumed + 1];
    if (!isKind(r, 'resumed') || r.error || !isKind(a, 'awaited') || a.actor !== s.actor) continue;
    const first = notifiedIn(trace, s.on, s.index, s.resumed);
    if (first === -1 || passMayStop(trace, scenario, first)) continue;
    const later = trace.slice(first + 1, s.resumed).some((_, j) => passMayStop(trace, scenario, first + 1 + j));
    const value = deliveredValue(trace, first);
    if (later || value === undefined) continue;
    if (!same(value, a.value)) {
      return `${s.actor} waiting on ${s.on} since ${at(trace, s.index)} was first notified at ${at(trace, first)} with ${JSON.stringify(value)} but awaited ${JSON.stringify(a.value)} at ${at(trace, s.resumed + 1)}`;
    }
  }
  return undefined;
}

/**
 * WAK-4: first outcome wins.
 *
 * @remarks The full rule: a coroutine waiting on several events (target, token, repeated fires) gets the outcome of whichever notifies first
 */
export const wak4 = defineProperty({
  id: 'WAK-4',
  rule: 'a coroutine waiting on several events gets the outcome of whichever notifies first',
  needs: ['core'],
  arbitrary: focused(multiEventScenario()),
  check({ scenario, actual }) {
    const repeated = firstNotificationWins(actual, scenario);
    if (repeated) return repeated;
    for (const { index, actor, marker } of markedAwaits(actual)) {
      if (!marker.token || marker.kind === 'timer') continue;
      const s = nextOf(actual, actor, index);
      if (!isKind(actual[s], 'suspended')) continue;
      const r = actual.findIndex((e, k) => k > s && e.actor === actor && e.kind === 'resumed');
      if (r === -1) continue;
      const tg = notifiedIn(actual, `${marker.kind}:${marker.id}`, s, r);
      const tk = notifiedIn(actual, `${marker.token.kind}:${marker.token.id}`, s, r);
      const c = cancelledIn(actual, actor, s, r);
      const firsts = [tg, tk, c].filter((k) => k !== -1);
      if (firsts.length === 0) continue;
      const first = Math.min(...firsts);
      // A cancellation arriving before the resume wins over any result (WAK-3), so only
      // resumptions without one tell which notification came first.
      if (c !== -1 || passMayStop(actual, scenario, first)) continue;
      const res = actual[r] as Extract<Trace[number], { kind: 'resumed' }>;
      const n = actual[first];
      if (first === tk && first !== tg) {
        if (res.error?.class !== 'Async\\OperationCanceledException') {
          return `${actor}'s token ${marker.token.id} notified first at ${at(actual, first)}, but it resumed at ${at(actual, r)} with ${showError(res.error)}`;
        }
        continue;
      }
      const error = n.kind === 'settle' || n.kind === 'failed' ? n.error : undefined;
      if (error) {
        if (!res.error || res.error.class !== error.class || res.error.message !== error.message) {
          return `${actor}'s target ${marker.id} failed first at ${at(actual, first)}, but it resumed at ${at(actual, r)} with ${showError(res.error)}`;
        }
        continue;
      }
      const value = n.kind === 'fire' || n.kind === 'settle' || n.kind === 'completed' ? n.value ?? null : null;
      const a = actual[r + 1];
      if (res.error || !isKind(a, 'awaited') || !same(a.value, value)) {
        return `${actor}'s target ${marker.id} notified first at ${at(actual, first)} with ${JSON.stringify(value)}, but it resumed at ${at(actual, r)} with ${res.error ? showError(res.error) : JSON.stringify(isKind(a, 'awaited') ? a.value : undefined)}`;
      }
    }
    return undefined;
  },
});

/**
 * A coroutine woken with a non-cancellation error (its awaited future or
 * coroutine failed) and cancelled before it runs resumes with the
 * cancellation, the pending error chained as its `previous` (trace-semantics §3.2 step 5).
 */
function cancellationChainsPendingError(trace: Trace): string | undefined {
  for (const s of suspensions(trace)) {
    if (s.resumed === -1 || !(s.on.startsWith('future:') || s.on.startsWith('coroutine:'))) continue;
    const first = notifiedIn(trace, s.on, s.index, s.resumed);
    if (first === -1) continue;
    const n = trace[first];
    const failure = n.kind === 'settle' || n.kind === 'failed' ? n.error : undefined;
    if (!failure || isCancellation(failure)) continue;
    const c = trace.findIndex((e, k) => k > first && k < s.resumed && e.kind === 'cancel' && e.target === s.actor);
    if (c === -1 || cancelledIn(trace, s.actor, s.index, first) !== -1) continue;
    const r = trace[s.resumed];
    const got = isKind(r, 'resumed') ? r.error : undefined;
    if (!got || !isCancellation(got) || !same(got.previous, failure)) {
      return `${s.actor} woken by the failure of ${s.on} at ${at(trace, first)} and cancelled at ${at(trace, c)} resumed at ${at(trace, s.resumed)} with ${showError(got)}${got?.previous ? ` (previous ${showError(got.previous)})` : ''}; expected the cancellation with previous ${showError(failure)}`;
    }
  }
  return undefined;
}

/** WAK-5: the first cancellation reason wins. */
export const wak5 = defineProperty({
  id: 'WAK-5',
  rule: 'when a waiting or not-started coroutine is cancelled several times, the first cancellation reason wins',
  needs: ['core'],
  arbitrary: focused(fc.oneof({ weight: 1, arbitrary: cancelWhileWaitingScenario() }, { weight: 1, arbitrary: wakeThenCancelScenario() })),
  check({ actual }) {
    for (const s of suspensions(actual)) {
      if (s.resumed === -1) continue;
      const c = cancelledIn(actual, s.actor, s.index, s.resumed);
      if (c === -1) continue;
      const earlier = actual.slice(s.index + 1, c);
      if (earlier.some((e) => ['fire', 'close', 'settle', 'completed', 'failed'].includes(e.kind) || e.t !== actual[c].t)) continue;
      const r = actual[s.resumed];
      if (isKind(r, 'resumed') && r.error?.class === 'Async\\AsyncCancellation' && r.error.message !== reasonAt(actual, c)) {
        return `${s.actor} first cancelled with "${reasonAt(actual, c)}" at ${at(actual, c)} resumed at ${at(actual, s.resumed)} with ${showError(r.error)}`;
      }
    }
    const chained = cancellationChainsPendingError(actual);
    if (chained) return chained;
    for (let f = 0; f < actual.length; f++) {
      const e = actual[f];
      if (e.kind !== 'failed' || e.error.class !== 'Async\\AsyncCancellation') continue;
      if (actual.slice(0, f).some((x) => x.actor === e.actor)) continue;
      const spawned = actual.findIndex((x) => x.kind === 'spawned' && x.coroutine === e.actor);
      const c = cancelledIn(actual, e.actor, spawned, f);
      if (c !== -1 && e.error.message !== reasonAt(actual, c)) {
        return `${e.actor}, cancelled before it started with "${reasonAt(actual, c)}" at ${at(actual, c)}, failed at ${at(actual, f)} with ${showError(e.error)}`;
      }
    }
    return undefined;
  },
});

/**
 * WAK-8: a timeout token's error and time.
 *
 * @remarks The full rule: a timeout fires as OperationCanceledException("Operation has been cancelled") with previous TimeoutException("Timeout occurred after N milliseconds") at start + N
 */
export const wak8 = defineProperty({
  id: 'WAK-8',
  rule: 'a timeout fires at start + N as OperationCanceledException with previous TimeoutException',
  needs: ['core'],
  arbitrary: focused(fc.oneof(timeoutScenario(), staleWakeScenario())),
  check({ actual }) {
    for (const { index, actor, marker } of markedAwaits(actual)) {
      if (marker.timeoutMs === undefined) continue;
      const n = marker.timeoutMs;
      const s = nextOf(actual, actor, index);
      if (!isKind(actual[s], 'suspended')) continue;
      const r = actual.findIndex((e, k) => k > s && e.actor === actor && e.kind === 'resumed');
      if (r === -1) continue;
      const res = actual[r] as Extract<Trace[number], { kind: 'resumed' }>;
      const due = actual[s].t + n;
      const target = marker.kind === 'timer' ? -1 : notifiedIn(actual, `${marker.kind}:${marker.id}`, s, r);
      const targetTimerFirst = marker.kind === 'timer' && Number(marker.id) <= n;
      const other = target !== -1 || targetTimerFirst || cancelledIn(actual, actor, s, r) !== -1;
      if (other) continue;
      if (!same(res.error, timeoutCancellation(n)) || res.t !== due) {
        return `${actor} awaiting ${marker.kind} ${marker.id} with timeoutMs ${n} from ${at(actual, s)} resumed at ${at(actual, r)} with ${showError(res.error)}${res.error?.previous ? ` (previous ${showError(res.error.previous)})` : ''}; expected the timeout at t=${due}`;
      }
    }
    return undefined;
  },
});

/** The waker properties in catalogue order. */
export const wakerProperties: ConformanceProperty[] = [wak1, wak2, wak3, wak4, wak5, wak8];
