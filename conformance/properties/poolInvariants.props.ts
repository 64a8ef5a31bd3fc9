/**
 * The eight properties of the pool invariants (circuit breaker and pool), checked
 * on the random interleavings of `breakerScenarios.ts`: the gate, the
 * transition function, the reporting count, harmless strategy faults,
 * capacity and conservation, FIFO without barging, no lost wake-up, and
 * close semantics.
 *
 * @remarks Every check reads the adapter's trace and the scenario (the
 * pool's configuration, the marker logs) only. The shared {@link replayPool}
 * follows one pool through the trace: its acquire and release calls, where
 * each resource is (idle, held, inside a release, destroyed), and the
 * *claims* — the moments a call took a place for a factory call or popped an
 * idle resource for `beforeAcquire`. A claim is not an event: it happens
 * right after the call's previous visible event, or — after a park — when the
 * waiter resumed, which the trace dates only by virtual time (a callable with
 * `delayMs` answers exactly `delayMs` later). Where the position of a claim
 * is not determined, the checks take the side that cannot blame a
 * conforming runtime.
 *
 * Properties 5–8 run on third-party pool libraries: their scenarios are the
 * third-party subset of the generator and their checks read only the events
 * `spawned`, `completed`, `failed`, `caught`, `log`, `query`, `acquire`,
 * `acquired`, `release`, `created`, `destroyed`, `hook`, `poolClose`, `exit`
 * and `suspended {on:"pool:<id>"}` (never `resumed`, `started` or timer
 * suspensions). Properties 1–4 need the breaker.
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import { isCancellation, type ErrorValue, type PoolNewInstruction, type Scenario, type StrategySpec } from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import {
  IN_FLIGHT, RELEASED, TARGET_STATE, breakerScenario, parseBreakerMarker, parseStrategyMarker,
} from '../arbitraries/breakerScenarios.js';
import { at, instructions, isKind, same, showError } from './traceQueries.js';

/** The breaker's states. */
export type BreakerState = 'ACTIVE' | 'INACTIVE' | 'RECOVERING';

/** `PoolException("Pool is closed")`. */
export const POOL_CLOSED: ErrorValue = { class: 'Async\\PoolException', message: 'Pool is closed' };
/** `ServiceUnavailableException(…)` (CB-3). */
export const SERVICE_UNAVAILABLE: ErrorValue = { class: 'Async\\ServiceUnavailableException', message: 'Service is unavailable (circuit breaker is open)' };
/** The factory's exception (`failOn`). */
export const FACTORY_FAILED: ErrorValue = { class: 'RuntimeException', message: 'factory failed' };
/** The destructor's exception (`throwFor`). */
export const DESTRUCTOR_FAILED: ErrorValue = { class: 'RuntimeException', message: 'destructor failed' };
/** The strategy's exception (`throwOn`, CB-7). */
export const STRATEGY_FAILED: ErrorValue = { class: 'RuntimeException', message: 'strategy failed' };

const isSU = (e: ErrorValue | undefined): boolean => e?.class === 'Async\\ServiceUnavailableException';
const isClosedError = (e: ErrorValue | undefined): boolean => e !== undefined && same(e, POOL_CLOSED);

// ---------------------------------------------------------------------------------------------
// The replay of one pool.

/** A pool's configuration as the checks need it. */
export interface PoolView {
  /** Pool id. */
  id: string;
  /** `max`. */
  max: number;
  /** `min`. */
  min: number;
  /** The factory's `delayMs` (`undefined`: it never suspends). */
  factoryDelay: number | undefined;
  /** Whether there is a `beforeAcquire` callable, and its `delayMs`. */
  beforeAcquire: boolean;
  /** Its `delayMs`. */
  acquireHookDelay: number | undefined;
  /** Whether there is a `beforeRelease` callable. */
  beforeRelease: boolean;
  /** Whether there is a healthcheck timer. */
  healthcheck: boolean;
}

/** The pools a scenario creates, by id. */
export function poolViews(scenario: Scenario): Map<string, PoolView> {
  const out = new Map<string, PoolView>();
  for (const i of instructions(scenario)) {
    if (i.op !== 'pool.new') continue;
    const p: PoolNewInstruction = i;
    out.set(p.id, {
      id: p.id, max: p.max ?? 10, min: p.min ?? 0, factoryDelay: p.factory?.delayMs,
      beforeAcquire: p.beforeAcquire !== undefined, acquireHookDelay: p.beforeAcquire?.delayMs,
      beforeRelease: p.beforeRelease !== undefined,
      healthcheck: p.healthcheck !== undefined && (p.healthcheckIntervalMs ?? 0) > 0,
    });
  }
  return out;
}

/** One `acquire` / `tryAcquire` call as the trace shows it. */
export interface AcquireCall {
  /** The caller. */
  actor: string;
  /** `tryAcquire`. */
  try: boolean;
  /** Index of its `acquire` event. */
  start: number;
  /** Index of the `acquired` or `caught`/`failed` event that ends it, or -1. */
  end: number;
  /** The resource it returned (`null`: tryAcquire got none); `undefined` when it threw or never ended. */
  resource?: string | null;
  /** The error it threw. */
  error?: ErrorValue;
  /** Indices of its visible events after `start`: `suspended {on:"pool:…"}`, `created`, `hook`, `destroyed`, and `end`. */
  events: number[];
  /** Indices of its parks (`suspended {on:"pool:<id>"}`). */
  parks: number[];
}

/** One place a call took (a claim) for a factory call or for `beforeAcquire` on an idle resource. */
export interface Claim {
  /** The call. */
  call: AcquireCall;
  /** Factory call (success or failure) or `beforeAcquire`. */
  kind: 'factory' | 'hook';
  /** The resource (`hook`: the idle one popped; a successful `factory`: the created one). */
  resource?: string;
  /** Index of the event that ends it (`created`, `hook`, or the call's error). */
  end: number;
  /** Index of the call's visible event just before `end`. */
  prev: number;
  /** The claim happened right after `prev` (the call did not park just before it). */
  exact: boolean;
  /** Earliest and latest virtual time of the claim when it happened at a resumption after a park. */
  time: [number, number];
  /** Whether there surely was a claim (a cancellation after a park may have hit the wait instead). */
  certain: boolean;
}

/** One `release` call. */
export interface ReleaseCall {
  /** The caller. */
  actor: string;
  /** The resource released. */
  resource: string;
  /** Index of its `release` event. */
  index: number;
  /** Index where the algorithm continued after `beforeRelease` (its `hook` event; the `release` event without a hook); -1 if never. */
  completion: number;
  /** What `beforeRelease` answered (`true` without one). */
  ok: boolean;
  /** Indices of the caller's events right after `completion` that belong to the release: `report`, `breaker`, `destroyed` of the resource. */
  tail: number[];
}

/** Where the resources of a pool are just before an event (position `p`). */
export interface PoolSnapshot {
  /** Created and not destroyed. */
  existing: Set<string>;
  /** In idle as far as events say (a resource popped for a delayed `beforeAcquire` stays here until its `hook` event). */
  idle: string[];
  /** Resource → the coroutine holding it (acquired, not released). */
  held: Map<string, string>;
  /** Released, `beforeRelease` still running. */
  releasing: Set<string>;
  /** `poolClose` seen. */
  closed: boolean;
  /** The breaker's state. */
  state: BreakerState;
}

/** The result of {@link replayPool}. */
export interface PoolReplay {
  /** The pool's configuration. */
  view: PoolView;
  /** Every acquire / tryAcquire call, in start order. */
  calls: AcquireCall[];
  /** Every release call, in order. */
  releases: ReleaseCall[];
  /** Every claim. */
  claims: Claim[];
  /** `snapshots[p]`: the state just before event `p` (`snapshots[trace.length]`: at the end). */
  snapshots: PoolSnapshot[];
  /** Index of the first `poolClose`, or -1. */
  closedAt: number;
  /** Inconsistencies found while replaying (a resource created twice, destroyed twice, handed out while held…), with the index. */
  anomalies: Array<{ index: number; message: string }>;
  /** The call each event index belongs to (its visible events and end). */
  callOf: Map<number, AcquireCall>;
}

const cloneSnap = (s: PoolSnapshot): PoolSnapshot => ({
  existing: new Set(s.existing), idle: [...s.idle], held: new Map(s.held), releasing: new Set(s.releasing), closed: s.closed, state: s.state,
});

/** The error an event carries (`caught`, `failed`, `resumed`, `exit`). */
export function errorOf(e: TraceEvent | undefined): ErrorValue | undefined {
  if (!e) return undefined;
  if (e.kind === 'caught' || e.kind === 'failed') return e.error;
  if (e.kind === 'resumed' || e.kind === 'exit') return e.error;
  return undefined;
}

/** Options of {@link replayPool}. */
export interface ReplayOptions {
  /**
   * Date every claim by virtual time only, never by the position of the
   * call's previous event: a third-party library may take its place a few
   * promise reactions after the `acquire` event, within the same instant.
   * @defaultValue false
   */
  timeOnly?: boolean;
}

/** Follow pool `id` through the trace (see the module remarks). */
export function replayPool(scenario: Scenario, trace: Trace, id: string, options: ReplayOptions = {}): PoolReplay | undefined {
  const view = poolViews(scenario).get(id);
  if (!view) return undefined;
  const calls: AcquireCall[] = [];
  const callOf = new Map<number, AcquireCall>();
  const open = new Map<string, AcquireCall>();
  const releases: ReleaseCall[] = [];
  const pendingRelease = new Map<string, ReleaseCall>();
  const anomalies: PoolReplay['anomalies'] = [];
  const snapshots: PoolSnapshot[] = [];
  const everCreated = new Set<string>();
  let snap: PoolSnapshot = { existing: new Set(), idle: [], held: new Map(), releasing: new Set(), closed: false, state: 'ACTIVE' };
  let closedAt = -1;
  const removeIdle = (r: string): boolean => {
    const k = snap.idle.indexOf(r);
    if (k !== -1) snap.idle.splice(k, 1);
    return k !== -1;
  };
  const complete = (rel: ReleaseCall, i: number): void => {
    rel.completion = i;
    snap.releasing.delete(rel.resource);
    if (rel.ok && !snap.closed) snap.idle.push(rel.resource);
    for (let k = i + 1; k < trace.length; k++) {
      const x = trace[k];
      if (x.actor !== rel.actor) break;
      if ((x.kind === 'report' || x.kind === 'breaker') && x.pool === id) rel.tail.push(k);
      else if (x.kind === 'destroyed' && x.pool === id && x.resource === rel.resource) {
        rel.tail.push(k);
        break;
      } else break;
    }
  };
  for (let i = 0; i < trace.length; i++) {
    snapshots.push(cloneSnap(snap));
    const e = trace[i];
    const call = open.get(e.actor);
    const mine = (x: TraceEvent): boolean => 'pool' in x && x.pool === id;
    if (call) {
      if ((e.kind === 'suspended' && e.on === `pool:${id}`) || (mine(e) && (e.kind === 'created' || e.kind === 'destroyed' || (e.kind === 'hook' && e.hook === 'beforeAcquire')))) {
        call.events.push(i);
        callOf.set(i, call);
        if (e.kind === 'suspended') call.parks.push(i);
      } else if ((e.kind === 'acquired' && mine(e)) || e.kind === 'caught' || e.kind === 'failed') {
        call.end = i;
        call.events.push(i);
        callOf.set(i, call);
        if (e.kind === 'acquired') call.resource = e.resource;
        else call.error = e.error;
        open.delete(e.actor);
      }
    }
    switch (e.kind) {
      case 'acquire':
        if (e.pool !== id) break;
        {
          const c: AcquireCall = { actor: e.actor, try: e.try, start: i, end: -1, events: [], parks: [] };
          calls.push(c);
          open.set(e.actor, c);
          callOf.set(i, c);
        }
        break;
      case 'created':
        if (e.pool !== id) break;
        if (everCreated.has(e.resource)) anomalies.push({ index: i, message: `resource ${e.resource} is created a second time at ${at(trace, i)}` });
        everCreated.add(e.resource);
        snap.existing.add(e.resource);
        if (!call) snap.idle.push(e.resource);
        break;
      case 'acquired':
        if (e.pool !== id || e.resource === null) break;
        if (!snap.existing.has(e.resource)) anomalies.push({ index: i, message: `${e.actor} acquired ${e.resource} at ${at(trace, i)}, which ${everCreated.has(e.resource) ? 'was destroyed' : 'was never created'}` });
        else if (snap.held.has(e.resource)) anomalies.push({ index: i, message: `${e.actor} acquired ${e.resource} at ${at(trace, i)} while ${snap.held.get(e.resource)} holds it` });
        else if (snap.releasing.has(e.resource)) anomalies.push({ index: i, message: `${e.actor} acquired ${e.resource} at ${at(trace, i)} while its release is still running` });
        else removeIdle(e.resource);
        snap.held.set(e.resource, e.actor);
        break;
      case 'hook':
        if (e.pool !== id) break;
        if (e.hook === 'beforeAcquire') {
          // A hook on a resource that is not idle (a fresh one) is POOL-7's business, not conservation's.
          if (!snap.existing.has(e.resource)) anomalies.push({ index: i, message: `beforeAcquire ran on ${e.resource} at ${at(trace, i)}, which does not exist` });
          else removeIdle(e.resource);
        } else if (e.hook === 'healthcheck') {
          if (removeIdle(e.resource) && e.ok) snap.idle.push(e.resource);
        } else {
          const rel = pendingRelease.get(e.actor);
          if (rel && rel.resource === e.resource) {
            rel.ok = e.ok;
            pendingRelease.delete(e.actor);
            complete(rel, i);
          }
        }
        break;
      case 'release': {
        if (e.pool !== id) break;
        if (snap.held.get(e.resource) !== e.actor) anomalies.push({ index: i, message: `${e.actor} released ${e.resource} at ${at(trace, i)}, which it does not hold` });
        snap.held.delete(e.resource);
        const rel: ReleaseCall = { actor: e.actor, resource: e.resource, index: i, completion: -1, ok: true, tail: [] };
        releases.push(rel);
        if (view.beforeRelease) {
          snap.releasing.add(e.resource);
          pendingRelease.set(e.actor, rel);
        } else complete(rel, i);
        break;
      }
      case 'destroyed':
        if (e.pool !== id) break;
        if (!snap.existing.has(e.resource)) {
          anomalies.push({ index: i, message: `resource ${e.resource} is destroyed at ${at(trace, i)} though it ${everCreated.has(e.resource) ? 'was already destroyed' : 'was never created'}` });
        }
        if (snap.held.has(e.resource)) anomalies.push({ index: i, message: `resource ${e.resource} is destroyed at ${at(trace, i)} while ${snap.held.get(e.resource)} holds it` });
        snap.existing.delete(e.resource);
        removeIdle(e.resource);
        snap.releasing.delete(e.resource);
        break;
      case 'poolClose':
        if (e.pool !== id) break;
        if (closedAt === -1) closedAt = i;
        snap.closed = true;
        break;
      case 'breaker':
        if (e.pool === id) snap.state = e.state;
        break;
      default:
        break;
    }
  }
  snapshots.push(cloneSnap(snap));

  // Claims.
  const claims: Claim[] = [];
  for (const c of calls) {
    let prev = c.start;
    for (const j of c.events) {
      const e = trace[j];
      const afterPark = trace[prev].kind === 'suspended';
      const claim = (kind: Claim['kind'], delay: number | undefined, certain: boolean, resource?: string): void => {
        // Right after a visible event the claim happens at its time; after a park, when the waiter resumed:
        // `delayMs` before the callable answered, or (a cancellation, which may cut the delay short) any time since the park.
        const t0 = trace[prev].t;
        const d = delay ?? 0;
        const time: [number, number] = !afterPark ? [t0, t0] : certain ? [e.t - d, e.t - d] : [t0, e.t];
        claims.push({ call: c, kind, resource, end: j, prev, exact: !afterPark && !options.timeOnly, time, certain });
      };
      if (e.kind === 'created') claim('factory', view.factoryDelay, true, e.resource);
      else if (e.kind === 'hook') claim('hook', view.acquireHookDelay, true, e.resource);
      else if (j === c.end && c.error) {
        if (same(c.error, FACTORY_FAILED)) claim('factory', view.factoryDelay, true);
        else if (isCancellation(c.error) && view.factoryDelay !== undefined) claim('factory', view.factoryDelay, !afterPark);
      }
      prev = j;
    }
  }
  return { view, calls, releases, claims, snapshots, closedAt, anomalies, callOf };
}

/** Whether claim `c` happened before position `p` (just before event `p`): `yes`, `no` or `maybe`. */
export function claimedBefore(trace: Trace, c: Claim, p: number, quiescent = false): 'yes' | 'no' | 'maybe' {
  if (c.end < p) return c.certain ? 'yes' : 'maybe';
  if (c.prev >= p) return 'no';
  if (c.exact) return c.certain ? 'yes' : 'maybe';
  const before = p > 0 ? trace[p - 1].t : 0;
  const now = p < trace.length ? trace[p].t : before;
  const [lo, hi] = c.time;
  if (quiescent) {
    if (lo > before) return 'no';
    return hi <= before && c.certain ? 'yes' : 'maybe';
  }
  if (lo > now) return 'no';
  return hi < before && c.certain ? 'yes' : 'maybe';
}

/** Claims in flight at position `p` (happened before `p`, not yet ended): how many surely, how many possibly. */
export function inFlight(trace: Trace, rep: PoolReplay, p: number, kind: Claim['kind'], quiescent = false, except?: AcquireCall): { sure: Claim[]; possible: Claim[] } {
  const sure: Claim[] = [];
  const possible: Claim[] = [];
  for (const c of rep.claims) {
    if (c.kind !== kind || c.end < p || c.call === except) continue;
    const b = claimedBefore(trace, c, p, quiescent);
    if (b === 'no') continue;
    possible.push(c);
    if (b === 'yes') sure.push(c);
  }
  return { sure, possible };
}

/** Whether a call is parked at position `p`: `yes` (surely still waiting), `no`, or `maybe`. */
export function parkedAt(trace: Trace, rep: PoolReplay, call: AcquireCall, p: number, quiescent = false): 'yes' | 'no' | 'maybe' {
  const s = [...call.parks].reverse().find((k) => k < p);
  if (s === undefined) return 'no';
  const f = call.events.find((k) => k > s) ?? -1;
  if (f !== -1 && f < p) return 'no';
  if (f === -1) return call.end === -1 ? 'yes' : 'no';
  const claim = rep.claims.find((c) => c.end === f);
  if (claim) {
    const b = claimedBefore(trace, claim, p, quiescent);
    return b === 'yes' ? 'no' : b === 'no' && claim.certain ? 'yes' : 'maybe';
  }
  if (call.error && isCancellation(call.error) && f === call.end) return 'maybe';
  return 'yes';
}

/** Whether the call's last park before `p` has no later visible event before `p` (it may still be waiting). */
export function visiblyParked(call: AcquireCall, p: number): boolean {
  const s = call.parks.filter((k) => k < p).at(-1);
  if (s === undefined) return false;
  const f = call.events.find((k) => k > s);
  return f === undefined || f >= p;
}

/** The resumption of a park: its position (exact index, or a time window), or `undefined` if never. */
function resumption(trace: Trace, rep: PoolReplay, call: AcquireCall, s: number): { index?: number; time: [number, number]; kind: 'immediate' | 'claim' | 'unknown'; f: number } | undefined {
  const f = call.events.find((k) => k > s);
  if (f === undefined) return undefined;
  const claim = rep.claims.find((c) => c.end === f);
  if (claim) return { time: claim.time, kind: claim.certain ? 'claim' : 'unknown', f };
  if (call.error && isCancellation(call.error) && f === call.end) return { time: [trace[s].t, trace[f].t], kind: 'unknown', f };
  return { index: f, time: [trace[f].t, trace[f].t], kind: 'immediate', f };
}

/** The pools of a scenario, replayed. */
export function replayAll(scenario: Scenario, trace: Trace, options: ReplayOptions = {}): PoolReplay[] {
  return [...poolViews(scenario).keys()].flatMap((id) => {
    const r = replayPool(scenario, trace, id, options);
    return r ? [r] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// The breaker and the strategy.

/** The strategy installed just before each event (`null`: none), per the strategy marker logs. */
export function strategyAt(trace: Trace): Array<StrategySpec | null> {
  const out: Array<StrategySpec | null> = [];
  let s: StrategySpec | null = null;
  for (const e of trace) {
    out.push(s);
    if (e.kind === 'log') {
      const m = parseStrategyMarker(e.value);
      if (m) s = m.strategy;
    }
  }
  out.push(s);
  return out;
}

/** The index of the next event of `actor` after `i`, or -1. */
function next(trace: Trace, actor: string, i: number): number {
  for (let k = i + 1; k < trace.length; k++) if (trace[k].actor === actor) return k;
  return -1;
}

/**
 * The rule of the breaker events (CB-2, CB-5): each is the transition called
 * right after a marker log by the same actor, with that call's target state,
 * or a strategy action right after a `report` (failure: `deactivate` once
 * `deactivateAfter` failures were reported since the strategy's
 * installation; success: `activate` with `activateOnSuccess`); every marker
 * is followed by its `breaker` event and every due strategy action happens.
 *
 * @returns the first violation, or `undefined`.
 */
export function breakerTransitions(trace: Trace, pool: string): string | undefined {
  const strategies = strategyAt(trace);
  let failures = 0;
  let installedAt = -1;
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (e.kind === 'log' && parseStrategyMarker(e.value)) {
      failures = 0;
      installedAt = i;
    }
    if (e.kind === 'log') {
      const op = parseBreakerMarker(e.value);
      if (!op) continue;
      const j = next(trace, e.actor, i);
      const x = trace[j];
      if (!isKind(x, 'breaker') || x.pool !== pool || x.state !== TARGET_STATE[op]) {
        return `${e.actor} calls ${op}() right after ${at(trace, i)}: its next event should be breaker ${TARGET_STATE[op]}, but ${j === -1 ? 'there is none' : `${at(trace, j)} is ${x.kind}${isKind(x, 'breaker') ? ` ${x.state}` : ''}`}`;
      }
      continue;
    }
    if (isKind(e, 'report') && e.pool === pool) {
      const s = strategies[i];
      let due: BreakerState | undefined;
      if (s && e.what === 'failure') {
        failures++;
        if (s.deactivateAfter !== undefined && failures >= s.deactivateAfter) due = 'INACTIVE';
      } else if (s && e.what === 'success' && s.activateOnSuccess) due = 'ACTIVE';
      const x = trace[i + 1];
      const acted = isKind(x, 'breaker') && x.actor === e.actor && x.pool === pool;
      if (due && !(acted && x.state === due)) {
        return `the strategy ${JSON.stringify(s)} (installed at ${installedAt === -1 ? 'the start' : at(trace, installedAt)}) got report ${e.what} at ${at(trace, i)}${e.what === 'failure' ? ` (failure ${failures} since its installation)` : ''} and must call ${due === 'INACTIVE' ? 'deactivate' : 'activate'}(), but ${at(trace, i + 1)} is ${x ? x.kind : 'missing'}`;
      }
      if (!due && acted) return `breaker ${(x as Extract<TraceEvent, { kind: 'breaker' }>).state} at ${at(trace, i + 1)} follows report ${e.what} at ${at(trace, i)}, but the strategy ${JSON.stringify(s)} does not act on it${e.what === 'failure' ? ` (failure ${failures} since its installation)` : ''}`;
      if (acted) i++;
      continue;
    }
    if (isKind(e, 'breaker') && e.pool === pool) {
      const prev = i > 0 ? trace[i - 1] : undefined;
      const marker = prev && prev.actor === e.actor && prev.kind === 'log' ? parseBreakerMarker(prev.value) : undefined;
      if (!marker) return `breaker ${e.state} at ${at(trace, i)} follows neither a transition call of ${e.actor} nor a report to the strategy: the pool changed its state on its own`;
    }
  }
  return undefined;
}

/** `getState` answers the state of the last transition (ACTIVE before any, CB-1, CB-2). */
export function stateQueries(trace: Trace, rep: PoolReplay): string | undefined {
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (!isKind(e, 'query') || e.target !== rep.view.id || e.what !== 'getState') continue;
    const want = rep.snapshots[i].state;
    if (e.value !== want) {
      const last = trace.slice(0, i).map((x, k) => (isKind(x, 'breaker') && x.pool === rep.view.id ? k : -1)).filter((k) => k !== -1).at(-1);
      return `getState() answers ${JSON.stringify(e.value)} at ${at(trace, i)}, but ${last === undefined ? 'no transition happened before (a new pool is ACTIVE)' : `the last transition was ${want} at ${at(trace, last)}`}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The gate (CB-3, CB-4).

/** The retry points of a call where a waiter resumed normally (`resumed` without error after a park) — breaker-capable runtimes emit `resumed`. */
function normalResumes(trace: Trace, call: AcquireCall): number[] {
  const out: number[] = [];
  for (const s of call.parks) {
    for (let k = s + 1; k < trace.length && (call.end === -1 || k <= call.end); k++) {
      const x = trace[k];
      if (x.actor !== call.actor) continue;
      if (x.kind === 'resumed') {
        if (!x.error) out.push(k);
        break;
      }
    }
  }
  return out;
}

/**
 * The gate while INACTIVE (CB-3): an acquire that starts, resumes from a
 * wait, or retries after a `beforeAcquire` rejection while the pool is open
 * and INACTIVE throws `ServiceUnavailableException` at once; a tryAcquire
 * returns null; the exception is thrown nowhere else (ACTIVE and RECOVERING
 * admit, CB-4).
 */
export function gateViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const id = rep.view.id;
  const mustRefuse = (call: AcquireCall, point: number, why: string): string | undefined => {
    const j = next(trace, call.actor, point);
    const x = trace[j];
    if (call.try) {
      if (isKind(x, 'acquired') && x.resource === null) return undefined;
      return `${call.actor}'s tryAcquire ${why} at ${at(trace, point)} while ${id} is open and INACTIVE must return null, but its next event ${at(trace, j)} is ${x ? x.kind : 'missing'}`;
    }
    if ((isKind(x, 'caught') || isKind(x, 'failed')) && same(x.error, SERVICE_UNAVAILABLE)) return undefined;
    return `${call.actor}'s acquire ${why} at ${at(trace, point)} while ${id} is open and INACTIVE must throw ${showError(SERVICE_UNAVAILABLE)} at once, but its next event ${at(trace, j)} is ${x ? x.kind : 'missing'}${errorOf(x) ? ` with ${showError(errorOf(x))}` : ''}`;
  };
  for (const call of rep.calls) {
    const points: Array<{ p: number; why: string }> = [{ p: call.start, why: 'starts' }];
    for (const r of normalResumes(trace, call)) points.push({ p: r, why: 'resumes from its wait' });
    for (const k of call.events) {
      const e = trace[k];
      if (isKind(e, 'destroyed') && k !== call.end) {
        const j = next(trace, call.actor, k);
        if (j !== -1 && same(errorOf(trace[j]), DESTRUCTOR_FAILED)) continue;
        points.push({ p: k, why: 'retries after beforeAcquire rejected a resource' });
      }
    }
    for (const { p, why } of points) {
      const snap = rep.snapshots[p + 1] ?? rep.snapshots[p];
      if (snap.closed || snap.state !== 'INACTIVE') continue;
      const v = mustRefuse(call, p, why);
      if (v) return v;
    }
    if (call.error && isSU(call.error)) {
      const snap = rep.snapshots[call.end];
      if (snap.state !== 'INACTIVE') return `${call.actor}'s acquire threw ${showError(call.error)} at ${at(trace, call.end)} while the breaker of ${id} is ${snap.state}: only INACTIVE refuses`;
    }
    if (call.error && isSU(call.error) && !same(call.error, SERVICE_UNAVAILABLE)) return `${call.actor}'s acquire threw ${showError(call.error)} at ${at(trace, call.end)}, not ${showError(SERVICE_UNAVAILABLE)}`;
  }
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (isKind(e, 'resumed') && isSU(e.error)) return `${e.actor} was resumed with ${showError(e.error)} at ${at(trace, i)}: the gate is checked when a waiter retries, a transition wakes nobody (CB-2, CB-3)`;
  }
  return undefined;
}

/**
 * Admission while ACTIVE or RECOVERING (CB-4): a call that starts on an open
 * pool in either state parks (or, tryAcquire, returns null) only when no
 * place can be free for it — at most `max − active − (waiters that may hold
 * a reservation)` places, where `active` counts every resource held, being
 * released or checked and every factory call that may be in progress.
 */
export function admissionViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const { id, max } = rep.view;
  for (const call of rep.calls) {
    const a = call.start;
    const snap = rep.snapshots[a];
    if (snap.closed || snap.state === 'INACTIVE') continue;
    const f = call.events[0];
    const x = trace[f];
    const refused = (isKind(x, 'suspended') && call.parks.includes(f)) || (isKind(x, 'acquired') && x.resource === null);
    if (!refused) continue;
    // active ≤ live resources not surely idle + factory calls that may be in progress.
    const hooks = inFlight(trace, rep, a, 'hook', false, call).possible.filter((c) => snap.idle.includes(c.resource!)).length;
    const busy = snap.existing.size - (snap.idle.length - hooks);
    const factories = inFlight(trace, rep, a, 'factory', false, call).possible.length;
    const waiting = rep.calls.filter((c) => c !== call && parkedAt(trace, rep, c, a) !== 'no').length;
    const free = max - busy - factories - waiting;
    if (free > 0) {
      return `${call.actor}'s ${call.try ? 'tryAcquire' : 'acquire'} at ${at(trace, a)} on ${id} (${snap.state}, max ${max}) ${call.try ? 'returned null' : 'parked'} (${at(trace, f)}), though at least ${free} place(s) were free: at most ${busy} resource(s) held, being released or checked, ${factories} factory call(s) in progress, ${waiting} waiter(s) that may hold a reservation`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reports (CB-6) and strategy faults (CB-7).

/**
 * Each release reports exactly once when a strategy is installed where the
 * release continues after `beforeRelease` — `success`, or `failure` when
 * `beforeRelease` answered false — and nothing else reports (CB-6).
 */
export function reportViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const strategies = strategyAt(trace);
  const explained = new Set<number>();
  for (const rel of rep.releases) {
    if (rel.completion === -1) continue;
    const s = strategies[rel.completion + 1];
    const reports = rel.tail.filter((k) => trace[k].kind === 'report');
    const what = rel.ok ? 'success' : 'failure';
    reports.forEach((k) => explained.add(k));
    if (s === null && reports.length > 0) return `${rel.actor}'s release of ${rel.resource} (${at(trace, rel.index)}) reported at ${at(trace, reports[0])}, but no strategy is installed`;
    if (s !== null) {
      if (reports.length !== 1 || trace[rel.completion + 1]?.kind !== 'report') {
        return `${rel.actor}'s release of ${rel.resource} (${at(trace, rel.index)}) with a strategy installed must report exactly once, right after ${rel.completion === rel.index ? 'the release' : `beforeRelease answered at ${at(trace, rel.completion)}`}; it reported ${reports.length} time(s)`;
      }
      const r = trace[reports[0]] as Extract<TraceEvent, { kind: 'report' }>;
      if (r.what !== what) return `${rel.actor}'s release of ${rel.resource} (${at(trace, rel.index)}, beforeRelease ${rel.ok ? 'accepted it or is absent' : 'rejected it'}) reported ${r.what} at ${at(trace, reports[0])}, not ${what}`;
    }
  }
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (isKind(e, 'report') && e.pool === rep.view.id && !explained.has(i)) return `report ${e.what} at ${at(trace, i)} belongs to no release (acquire paths, factories, hooks and timeouts never report)`;
  }
  return undefined;
}

/** How a release must end: the resource destroyed iff rejected or the pool closed when the release continued (POOL-8, POOL-10). */
export function releaseOutcome(trace: Trace, rep: PoolReplay, rel: ReleaseCall): string | undefined {
  if (rel.completion === -1) return undefined;
  const closed = rep.closedAt !== -1 && rep.closedAt < rel.completion;
  const destroyed = rel.tail.some((k) => trace[k].kind === 'destroyed');
  const must = !rel.ok || closed;
  if (must === destroyed) return undefined;
  return `${rel.actor}'s release of ${rel.resource} (${at(trace, rel.index)}; ${rel.ok ? 'accepted' : 'rejected by beforeRelease'}, pool ${closed ? 'closed' : 'open'}) ${destroyed ? 'destroyed it' : 'did not destroy it'} — it must ${must ? 'be destroyed' : 'go back to idle'}`;
}

/**
 * Strategy faults are harmless (CB-7): no exception thrown by a strategy
 * reaches anyone, and each release ends as without a strategy: after its
 * report (and the strategy's transition), the resource is destroyed iff it
 * must be and the caller goes on to its next instruction (the `released`
 * log), unless the destructor threw.
 */
export function strategyFaultViolation(trace: Trace, rep: PoolReplay): string | undefined {
  for (let i = 0; i < trace.length; i++) {
    const chain: ErrorValue[] = [];
    for (let x = errorOf(trace[i]); x; x = x.previous) chain.push(x);
    if (chain.some((x) => same({ class: x.class, message: x.message }, STRATEGY_FAILED))) return `${showError(STRATEGY_FAILED)} escaped the strategy: ${at(trace, i)} carries it`;
  }
  for (const rel of rep.releases) {
    if (rel.completion === -1) continue;
    const v = releaseOutcome(trace, rep, rel);
    if (v) return v;
    const last = rel.tail.length ? rel.tail[rel.tail.length - 1] : rel.completion;
    const j = next(trace, rel.actor, last);
    const x = trace[j];
    if (isKind(x, 'log') && x.value === RELEASED) continue;
    if ((isKind(x, 'caught') || isKind(x, 'failed')) && same(x.error, DESTRUCTOR_FAILED)) continue;
    if ((isKind(x, 'caught') || isKind(x, 'failed')) && chainHas(x.error, IN_FLIGHT) && !trace.slice(rel.index, j).some((y) => y.actor === rel.actor && y.kind === 'log')) continue;
    return `${rel.actor}'s release of ${rel.resource} (${at(trace, rel.index)}) did not return normally: after ${at(trace, last)} its next event ${at(trace, j)} is ${x ? x.kind : 'missing'}${errorOf(x) ? ` with ${showError(errorOf(x))}` : ''}, not the log ${JSON.stringify(RELEASED)} of its next instruction`;
  }
  return undefined;
}

function chainHas(e: ErrorValue | undefined, what: ErrorValue): boolean {
  for (let x = e; x; x = x.previous) if (x.class === what.class && x.message === what.message) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Capacity and conservation (POOL-2).

/**
 * POOL-2: the replay's anomalies (created twice, destroyed twice or never
 * created, handed out while held, released by a non-holder), `created −
 * destroyed` plus the factory calls surely in progress never above `max`,
 * and every query group (consecutive pool queries of one actor) consistent:
 * `0 ≤ count ≤ max`, `count = idleCount + activeCount`, `0 ≤ idleCount ≤`
 * live resources, and `count = #created − #destroyed +` the factory calls
 * in progress. (How `count` splits into idle and active right after a
 * release with waiters is POOL-3/POOL-4's business, not checked here.)
 */
export function conservationViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const { id, max } = rep.view;
  if (rep.anomalies.length) return rep.anomalies[0].message;
  for (let p = 0; p <= trace.length; p++) {
    const snap = rep.snapshots[p];
    const sure = inFlight(trace, rep, p, 'factory').sure.length;
    if (snap.existing.size + sure > max) {
      return `${id} has ${snap.existing.size} live resource(s) [${[...snap.existing].join(', ')}]${sure ? ` and ${sure} factory call(s) in progress` : ''} just before ${at(trace, p)}: more than max ${max}`;
    }
  }
  for (let i = 0; i < trace.length; ) {
    const e = trace[i];
    if (!isKind(e, 'query') || e.target !== id) {
      i++;
      continue;
    }
    const first = i;
    const answers: Record<string, unknown> = {};
    for (; i < trace.length && isKind(trace[i], 'query') && trace[i].actor === e.actor && (trace[i] as Extract<TraceEvent, { kind: 'query' }>).target === id; i++) {
      const q = trace[i] as Extract<TraceEvent, { kind: 'query' }>;
      answers[q.what] = q.value;
    }
    const where = `in the queries of ${e.actor} at ${at(trace, first)}`;
    const snap = rep.snapshots[first];
    const f = inFlight(trace, rep, first, 'factory');
    const live = snap.existing.size;
    const { count, idleCount, activeCount } = answers as { count?: number; idleCount?: number; activeCount?: number };
    if (count !== undefined && (count < 0 || count > max)) return `count() is ${count} ${where}: not within 0..max ${max}`;
    if (idleCount !== undefined && (idleCount < 0 || idleCount > live)) return `idleCount() is ${idleCount} ${where}, but ${live} resource(s) exist [${[...snap.existing].join(', ')}]`;
    if (activeCount !== undefined && activeCount < 0) return `activeCount() is ${activeCount} ${where}`;
    if (count !== undefined && idleCount !== undefined && activeCount !== undefined && count !== idleCount + activeCount) {
      return `count() ${count} ≠ idleCount() ${idleCount} + activeCount() ${activeCount} ${where}`;
    }
    const [lo, hi] = [live + f.sure.length, live + f.possible.length];
    if (count !== undefined && (count < lo || count > hi)) {
      return `count() is ${count} ${where}, but #created − #destroyed = ${live} [${[...snap.existing].join(', ')}] and ${lo === hi ? f.sure.length : `${f.sure.length}..${f.possible.length}`} factory call(s) are in progress: count must be ${lo === hi ? lo : `${lo}..${hi}`}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// FIFO without barging (POOL-4).

/**
 * POOL-4: waiters resume in the order they parked — a waiter that resumed
 * normally (it then takes a place, parks again or meets the gate) never
 * resumes before one that parked earlier and was still in the queue — and,
 * without a healthcheck, a waiter woken with a reservation always finds its
 * place: no acquire call parks twice.
 */
export function fifoViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const id = rep.view.id;
  if (!rep.view.healthcheck) {
    for (const call of rep.calls) {
      if (call.parks.length > 1) {
        return `${call.actor}'s acquire on ${id} (${at(trace, call.start)}) parked at ${at(trace, call.parks[0])}, was woken without an error and parked again at ${at(trace, call.parks[1])}: someone took the place reserved for it`;
      }
    }
  }
  const parks = rep.calls.flatMap((call) => call.parks.map((s) => ({ call, s, r: resumption(trace, rep, call, s) })));
  parks.sort((x, y) => x.s - y.s);
  const normal = (x: (typeof parks)[number]): boolean => {
    if (!x.r) return false;
    const e = trace[x.r.f];
    if (isKind(e, 'acquired')) return e.resource !== null;
    if (e.kind === 'created' || e.kind === 'hook' || e.kind === 'suspended') return true;
    return x.r.f === x.call.end && isSU(x.call.error);
  };
  for (let b = 0; b < parks.length; b++) {
    const B = parks[b];
    if (!normal(B) || !B.r) continue;
    for (let a = 0; a < b; a++) {
      const A = parks[a];
      if (A.call === B.call || !A.r) continue;
      const rb = B.r;
      const ra = A.r;
      let after = false;
      if (ra.kind === 'unknown') continue;
      if (ra.kind === 'immediate' && rb.kind === 'immediate') after = ra.f > rb.f;
      else if (ra.kind === 'immediate') after = ra.f > rb.f || ra.time[0] > rb.time[1];
      else if (rb.kind === 'immediate') after = ra.time[0] > rb.time[1];
      else if (rb.kind === 'claim') after = ra.time[0] > rb.time[1];
      if (after) {
        return `${A.call.actor} parked on ${id} at ${at(trace, A.s)} before ${B.call.actor} parked at ${at(trace, B.s)}, but ${B.call.actor} was woken first (${at(trace, rb.f)}) while ${A.call.actor} resumed only later (${at(trace, ra.f)}): waiters are served in arrival order`;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// No lost wake-up.

/**
 * The documented lost wake-up (C): a call whose `beforeAcquire`
 * rejected a resource and whose retry then met an INACTIVE breaker gave up
 * (acquire: `ServiceUnavailableException`; tryAcquire: `null`) without
 * waking anyone, so the place it freed may stay free while someone waits.
 * Returns the index of the first such call's end, or -1.
 */
export function documentedLostWakeup(trace: Trace, rep: PoolReplay): number {
  let first = -1;
  for (const call of rep.calls) {
    const refused = call.error ? isSU(call.error) : call.try && call.resource === null;
    if (!refused || call.end === -1) continue;
    if (call.events.some((k) => isKind(trace[k], 'hook') && !(trace[k] as Extract<TraceEvent, { kind: 'hook' }>).ok)) {
      if (first === -1 || call.end < first) first = call.end;
    }
  }
  return first;
}

/**
 * The quiescent points of a trace: the positions where the scheduler had
 * nothing to run — between two events whose virtual times differ (the clock
 * advances only then) and right before a `deadlock`.
 */
export function quiescentPoints(trace: Trace): Array<{ p: number; deadlock: boolean }> {
  const out: Array<{ p: number; deadlock: boolean }> = [];
  for (let p = 1; p < trace.length; p++) {
    if (trace[p].kind === 'deadlock') out.push({ p, deadlock: true });
    else if (trace[p].t > trace[p - 1].t) out.push({ p, deadlock: false });
  }
  return out;
}

/**
 * No lost wake-up: at every quiescent point of an open pool where some
 * waiter is surely parked, no resource is surely idle and the pool is
 * surely at `max` (no reservation is pending at such a point: a woken
 * waiter would be runnable). Not judged after the documented lost wake-up
 * ({@link documentedLostWakeup}).
 */
export function lostWakeupViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const { id, max } = rep.view;
  const stop = documentedLostWakeup(trace, rep);
  for (const { p, deadlock } of quiescentPoints(trace)) {
    if (stop !== -1 && p > stop) break;
    const snap = rep.snapshots[p];
    if (snap.closed) break;
    // Right before a deadlock nothing runs or is timed: every call whose last park has no later event yet is parked.
    const parked = rep.calls.filter((c) => (deadlock ? visiblyParked(c, p) : parkedAt(trace, rep, c, p, true) === 'yes'));
    if (parked.length === 0) continue;
    const h = inFlight(trace, rep, p, 'hook', true).possible.filter((c) => snap.idle.includes(c.resource!));
    const f = inFlight(trace, rep, p, 'factory', true);
    const idleSure = snap.idle.length - h.length;
    const totalMost = snap.existing.size + f.possible.length;
    if (idleSure > 0 || totalMost < max) {
      const where = deadlock ? `when the deadlock is declared at ${at(trace, p)}` : `when the scheduler blocks between ${at(trace, p - 1)} and ${at(trace, p)}`;
      return `${parked.map((c) => c.actor).join(', ')} ${parked.length > 1 ? 'are' : 'is'} parked on ${id} ${where}, while ${idleSure > 0 ? `${idleSure} resource(s) are idle [${snap.idle.join(', ')}]` : `only ${totalMost} of max ${max} places are taken`}: a wake-up was lost`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Close semantics (POOL-10).

/**
 * POOL-10: after `close()` every later acquire throws
 * `PoolException("Pool is closed")` at once (tryAcquire returns null); a
 * call parked at the close ends with that exception unless it had already
 * taken a place before the close; no call parks after the close; the idle
 * resources — exactly those — are destroyed right after `poolClose` by the
 * closer; `idleCount()` is 0 and `isClosed()` true after it (false before);
 * and every release that continues after the close destroys its resource
 * (still calling `beforeRelease`).
 */
export function closeViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const { id } = rep.view;
  const c = rep.closedAt;
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (!isKind(e, 'query') || e.target !== id) continue;
    const closed = c !== -1 && c < i;
    if (e.what === 'isClosed' && e.value !== closed) return `isClosed() is ${JSON.stringify(e.value)} at ${at(trace, i)}, but ${closed ? `${id} was closed at ${at(trace, c)}` : `${id} was not closed yet`}`;
    if (e.what === 'idleCount' && closed && e.value !== 0) return `idleCount() is ${JSON.stringify(e.value)} at ${at(trace, i)} after close() at ${at(trace, c)}: a closed pool keeps no idle resource`;
  }
  if (c === -1) return undefined;
  const closer = trace[c].actor;
  // Idle resources destroyed at once, exactly those.
  const run: string[] = [];
  for (let k = c + 1; k < trace.length && trace[k].actor === closer && isKind(trace[k], 'destroyed'); k++) run.push((trace[k] as Extract<TraceEvent, { kind: 'destroyed' }>).resource);
  const snap = rep.snapshots[c];
  const h = inFlight(trace, rep, c, 'hook');
  const maybeTaken = new Set(h.possible.map((x) => x.resource));
  const surelyTaken = new Set(h.sure.map((x) => x.resource));
  const mustDie = snap.idle.filter((r) => !maybeTaken.has(r));
  const mayDie = new Set(snap.idle.filter((r) => !surelyTaken.has(r)));
  const missing = mustDie.filter((r) => !run.includes(r));
  if (missing.length) return `${closer} closed ${id} at ${at(trace, c)} while [${missing.join(', ')}] ${missing.length > 1 ? 'were' : 'was'} idle, but close() destroyed only [${run.join(', ')}]: idle resources are destroyed at once`;
  const extra = run.filter((r) => !mayDie.has(r));
  if (extra.length) return `close() of ${id} at ${at(trace, c)} destroyed [${extra.join(', ')}], which ${extra.length > 1 ? 'were' : 'was'} not idle (active resources are destroyed at their release)`;
  // Calls.
  for (const call of rep.calls) {
    if (call.start > c) {
      const f = call.events[0];
      const x = trace[f];
      const ok = call.try ? isKind(x, 'acquired') && x.resource === null : (isKind(x, 'caught') || isKind(x, 'failed')) && isClosedError(x.error);
      if (!ok) return `${call.actor}'s ${call.try ? 'tryAcquire' : 'acquire'} at ${at(trace, call.start)} on ${id}, closed at ${at(trace, c)}, must ${call.try ? 'return null' : `throw ${showError(POOL_CLOSED)}`} at once, but its next pool event ${at(trace, f)} is ${x ? x.kind : 'missing'}${errorOf(x) ? ` with ${showError(errorOf(x))}` : ''}`;
      continue;
    }
    if (call.end !== -1 && call.end < c) continue;
    const after = call.events.filter((k) => k > c);
    const park = after.find((k) => call.parks.includes(k));
    if (park !== undefined) return `${call.actor}'s acquire on ${id} parked at ${at(trace, park)}, after close() at ${at(trace, c)}`;
    for (const k of after) {
      const claim = rep.claims.find((x) => x.end === k);
      if (claim && claim.certain && claimedBefore(trace, claim, c) === 'no') {
        return `${call.actor}'s acquire on ${id} took a place ${claim.kind === 'hook' ? `(beforeAcquire on ${claim.resource})` : '(a factory call)'} after close() at ${at(trace, c)} (${at(trace, k)})`;
      }
    }
    const s = call.parks.filter((k) => k < c).at(-1);
    if (s === undefined) continue;
    const r = resumption(trace, rep, call, s);
    if (!r || r.f < c || r.kind !== 'immediate') continue;
    const x = trace[r.f];
    if ((isKind(x, 'caught') || isKind(x, 'failed')) && (isClosedError(x.error) || x.t === trace[c].t)) continue;
    return `${call.actor} was parked on ${id} when it was closed at ${at(trace, c)}; it must get ${showError(POOL_CLOSED)}, but its next pool event ${at(trace, r.f)} is ${x.kind}${errorOf(x) ? ` with ${showError(errorOf(x))}` : ''}`;
  }
  // Releases that continue after the close destroy their resource, still calling beforeRelease.
  for (const rel of rep.releases) {
    if (rel.index > c && rep.view.beforeRelease && rel.completion === -1) return `${rel.actor}'s release of ${rel.resource} at ${at(trace, rel.index)} after close() did not call beforeRelease`;
    if (rel.completion === -1 || rel.completion < c) continue;
    if (!rel.tail.some((k) => trace[k].kind === 'destroyed')) return `${rel.actor}'s release of ${rel.resource} (${at(trace, rel.index)}) continued after close() at ${at(trace, c)} but did not destroy it`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The eight properties.

const BREAKER_CAPS: ConformanceProperty['capabilities'] = ['core', 'pool', 'breaker'];
const POOL_CAPS: ConformanceProperty['capabilities'] = ['pool'];
/** Properties 5–8 may judge third-party libraries: claims are dated by virtual time only. */
const THIRD_PARTY: ReplayOptions = { timeOnly: true };

/** Run `f` over every pool of the scenario; the first violation. */
export function eachPool(scenario: Scenario, trace: Trace, f: (rep: PoolReplay) => string | undefined, options: ReplayOptions = {}): string | undefined {
  for (const rep of replayAll(scenario, trace, options)) {
    const v = f(rep);
    if (v) return v;
  }
  return undefined;
}

/**
 * Gate.
 *
 * @remarks The full rule: an acquire that starts or retries (after a wait, after a beforeAcquire rejection) while the pool is open and INACTIVE throws ServiceUnavailableException at once with no resource, a tryAcquire returns null, the exception appears nowhere else, a refusing waiter hands its reservation on, and ACTIVE and RECOVERING admit alike — a call parks or gets null only when no place can be free
 */
export const gateInvariant = defineProperty({
  id: 'CB-3',
  also: ['CB-4'],
  aspect: 'gate',
  rule: 'an acquire that starts or retries while INACTIVE throws ServiceUnavailableException; RECOVERING admits',
  needs: BREAKER_CAPS,
  arbitrary: breakerScenario({ closeChance: 0.15, transitions: { deactivate: 2, activate: 1, recover: 1 }, weights: { breaker: 5, getState: 0, setStrategy: 1 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => gateViolation(actual, rep) ?? admissionViolation(actual, rep) ?? lostWakeupViolation(actual, rep)),
});

/**
 * Transition function.
 *
 * @remarks The full rule: activate(), deactivate() and recover() set ACTIVE, INACTIVE and RECOVERING from any state, getState() answers the target of the last transition (ACTIVE first), and nothing but those calls and the strategy's actions on reports changes the state — deactivate() wakes nobody
 */
export const transitionsInvariant = defineProperty({
  id: 'CB-2',
  also: ['CB-5'],
  aspect: 'transition-function',
  rule: 'only activate(), deactivate(), recover() and the strategy change the state; getState() answers the last',
  needs: BREAKER_CAPS,
  arbitrary: breakerScenario({ strategy: 'maybe', weights: { breaker: 6, getState: 3 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => breakerTransitions(actual, rep.view.id) ?? stateQueries(actual, rep) ?? gateViolation(actual, rep)),
});

/**
 * Reporting count.
 *
 * @remarks The full rule: with a strategy installed, #reportSuccess + #reportFailure = #release calls and #reportFailure = #releases beforeRelease rejected — one report per release, right after beforeRelease answered, also on a closed pool — and acquire paths, factories, hooks and timeouts never report
 */
export const reportingInvariant = defineProperty({
  id: 'CB-6',
  aspect: 'reporting-count',
  rule: 'with a strategy, #reports = #releases and #failures = #rejected releases; nothing else reports',
  needs: BREAKER_CAPS,
  arbitrary: breakerScenario({ strategy: 'always', weights: { use: 8, release: 4, setStrategy: 2 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => reportViolation(actual, rep)),
});

/**
 * Strategy faults are harmless.
 *
 * @remarks The full rule: exceptions thrown by the strategy's report methods reach nobody — not the releasing caller, not an exception already in flight — and the release still ends as it must: the resource destroyed iff rejected or the pool closed, otherwise back to idle, and the caller goes on
 */
export const strategyFaultsInvariant = defineProperty({
  id: 'CB-7',
  aspect: 'strategy-faults',
  rule: 'exceptions of the strategy reach nobody, and the release still ends as it must',
  needs: BREAKER_CAPS,
  arbitrary: breakerScenario({ strategy: 'always', strategyThrows: true, weights: { use: 8, release: 4, inFlight: 4, setStrategy: 2 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => strategyFaultViolation(actual, rep) ?? conservationViolation(actual, rep)),
});

/**
 * Capacity and conservation.
 *
 * @remarks The full rule: at every step 0 ≤ count ≤ max and count = idleCount + activeCount, #created − #destroyed = count less the factory calls in progress, every resource is created once, destroyed at most once and handed to one holder at a time
 */
export const conservationInvariant = defineProperty({
  id: 'POOL-2',
  aspect: 'conservation',
  rule: 'at every step count ≤ max, count = idle + active, each resource created once, destroyed at most once',
  needs: POOL_CAPS,
  arbitrary: breakerScenario({ thirdParty: true, weights: { query: 4 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => conservationViolation(actual, rep), THIRD_PARTY),
});

/**
 * FIFO without barging.
 *
 * @remarks The full rule: waiters resume in arrival order — no waiter is woken while one that parked earlier still waits — and a woken waiter always gets its place: nobody (the releaser re-acquiring, a newcomer, tryAcquire) takes a reserved place, so no acquire parks twice
 */
export const fifoInvariant = defineProperty({
  id: 'POOL-4',
  aspect: 'fifo',
  rule: 'waiters resume in arrival order and a woken waiter always gets its place: no acquire parks twice',
  needs: POOL_CAPS,
  arbitrary: breakerScenario({ thirdParty: true, queries: false, closeChance: 0, weights: { use: 8, hold: 2, try: 3, delay: 3 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => fifoViolation(actual, rep), THIRD_PARTY),
});

/**
 * No lost wake-up.
 *
 * @remarks The full rule: whenever the scheduler blocks with the pool open, no waiter is parked while a resource is idle or count < max — releases, broken releases and failed factory calls each wake one waiter (except the documented C path: a beforeAcquire rejection whose retry meets an INACTIVE breaker, which the third-party subset never produces)
 */
export const noLostWakeupInvariant = defineProperty({
  id: 'POOL-4',
  also: ['POOL-6', 'POOL-8'],
  aspect: 'no-lost-wakeup',
  rule: 'whenever the scheduler blocks with the pool open, no waiter is parked while a place is free',
  needs: POOL_CAPS,
  arbitrary: breakerScenario({ thirdParty: true, queries: false, closeChance: 0.1, weights: { use: 8, hold: 2, release: 2, try: 2 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => lostWakeupViolation(actual, rep), THIRD_PARTY),
});

/**
 * Close semantics.
 *
 * @remarks The full rule: after close() every parked and later acquire throws PoolException("Pool is closed") (tryAcquire: null) unless it had taken a place before, exactly the idle resources are destroyed at once (idleCount 0, isClosed true), and each still-active resource is destroyed at its release
 */
export const closeInvariant = defineProperty({
  id: 'POOL-10',
  aspect: 'close',
  rule: 'after close() acquires throw "Pool is closed", idle resources are destroyed, active ones at their release',
  needs: POOL_CAPS,
  arbitrary: breakerScenario({ thirdParty: true, closeChance: 0.85, closeAnywhere: true, weights: { close: 1, query: 3, hold: 4 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => closeViolation(actual, rep), THIRD_PARTY),
});

/** The eight pool-invariant properties, in aspect order. */
export const poolInvariantProperties: ConformanceProperty[] = [
  gateInvariant, transitionsInvariant, reportingInvariant, strategyFaultsInvariant, conservationInvariant, fifoInvariant, noLostWakeupInvariant, closeInvariant,
];
