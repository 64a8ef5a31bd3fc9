/**
 * Conformance properties of `Async\Pool` (POOL-1..POOL-12; POOL-13..15 are
 * spec-only): pre-warm, capacity, reuse and FIFO idle, FIFO hand-off without
 * barging, reservation hand-on, factory failures, `beforeAcquire`,
 * `beforeRelease`, acquire timeouts, close, destructor errors and the
 * healthcheck.
 *
 * @remarks
 * **What the checks read.** The actual trace and the scenario (its `pool.new`
 * configurations and the pool-op markers of `poolScenarios.ts`), never the
 * expected trace. Ten of the twelve properties run on a JS-promise host of a
 * third-party pool library too, so their checks rely only on these events:
 * `spawned`, `completed`, `failed`, `caught`, `log`, `query`, the pool events
 * (`acquire`, `acquired`, `release`, `created`, `destroyed`, `hook`,
 * `poolClose`), `exit`, and `suspended {on:"pool:<id>"}` (a waiter parked) —
 * never on `started` / `resumed` or on how actors interleave beyond what the
 * pool events imply. POOL-5 (cancelled waiters) and POOL-12 (the hidden
 * healthcheck timer) need capability `core` as well.
 *
 * **The pool monitor** ({@link replayPools}) replays the trace and keeps,
 * event by event, what the pool events say: which resources exist, which are
 * idle (in order), held by whom, inside a `beforeRelease` hook or about to be
 * destroyed; which coroutines are inside an acquire (its window, whether it
 * parked, its timeout from the marker) and which waiters are parked. It
 * learns only from the trace; each property then judges the events of its
 * rule against that state.
 *
 * **Robust bounds.** Where the exact pool state is not observable (a place
 * held by a factory call in progress, a reservation of a woken waiter that
 * has not run yet), a check uses a bound that holds in every conforming
 * run, and judges a decision only if the bound says the same at every event
 * of the acquire's window — so no check fails because an implementation
 * decided a little earlier or later than the trace shows.
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import * as fc from 'fast-check';
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import {
  isCancellation, type ErrorValue, type FactorySpec, type HookSpec, type DestructorSpec, type PoolNewInstruction, type Scenario,
} from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import { POOL_ERRORS } from '../../spec/system/errors.js';
import {
  closeScenario, destructorScenario, factoryFailureScenario, handOnScenario, handoffScenario, healthcheckScenario,
  parsePoolOpMarker, prewarmScenario, workloadScenario, type PoolOp,
} from '../arbitraries/poolScenarios.js';
import { at, instructions, same, showError } from './traceQueries.js';

/** The errors the pool rules fix (trace semantics §7). */
export const POOL_TEXT = POOL_ERRORS;

// ---------------------------------------------------------------------------
// Reading scenarios
// ---------------------------------------------------------------------------

/** A pool's configuration as the scenario declares it, defaults applied. */
export interface PoolConfigView {
  /** Pool id. */
  id: string;
  /** `min`. */
  min: number;
  /** `max`. */
  max: number;
  /** Healthcheck interval (0: none). */
  interval: number;
  /** The factory. */
  factory: FactorySpec;
  /** The destructor, if any. */
  destructor?: DestructorSpec;
  /** The healthcheck, if any. */
  healthcheck?: HookSpec;
  /** beforeAcquire, if any. */
  beforeAcquire?: HookSpec;
  /** beforeRelease, if any. */
  beforeRelease?: HookSpec;
}

function configOf(i: PoolNewInstruction): PoolConfigView {
  return {
    id: i.id, min: i.min ?? 0, max: i.max ?? 10, interval: i.healthcheckIntervalMs ?? 0, factory: i.factory ?? {},
    destructor: i.destructor, healthcheck: i.healthcheck, beforeAcquire: i.beforeAcquire, beforeRelease: i.beforeRelease,
  };
}

/** Every `pool.new` of the scenario by id (the first one wins; ids are unique in valid scenarios). */
export function poolConfigs(scenario: Scenario): Map<string, PoolConfigView> {
  const m = new Map<string, PoolConfigView>();
  for (const i of instructions(scenario)) if (i.op === 'pool.new' && !m.has(i.id)) m.set(i.id, configOf(i));
  return m;
}

/** The pool-op marker an event is, if any. */
function markerOf(e: TraceEvent | undefined): PoolOp | undefined {
  return e?.kind === 'log' ? parsePoolOpMarker(e.value) : undefined;
}

// ---------------------------------------------------------------------------
// The pool monitor
// ---------------------------------------------------------------------------

/** A parked waiter as the monitor sees it. */
export interface MonitoredWaiter {
  /** The coroutine. */
  co: string;
  /** Index of its `suspended {on:"pool:<id>"}`. */
  index: number;
  /** Time it parked. */
  t: number;
  /** When its timeout timer is due (`undefined`: it waits forever or the timeout is unknown). */
  deadline?: number;
  /** Whether its timeout is known (from the marker). */
  timeoutKnown: boolean;
  /** A `cancel` targeted it while it was parked. */
  cancelled: boolean;
}

/** One `acquire` / `tryAcquire` call, from its `acquire` event to its outcome. */
export interface AcquireCall {
  /** The caller. */
  co: string;
  /** The pool. */
  pool: string;
  /** `tryAcquire`. */
  try: boolean;
  /** Index of the `acquire` event. */
  start: number;
  /** Its time. */
  startT: number;
  /** `timeoutMs` from the marker (0 = forever); `null` when there is no marker. */
  timeoutMs: number | null;
  /** Indices of its `suspended {on:"pool:…"}` events. */
  parks: number[];
  /** It is parked right now. */
  parked: boolean;
  /** Index where its current decision window starts (the `acquire` event, or the first event after a park). */
  windowStart: number;
  /** Resources the caller created in this call. */
  fresh: string[];
  /** `beforeAcquire` hooks in this call. */
  hooks: Array<{ resource: string; ok: boolean; index: number; wasIdle: boolean }>;
  /** Index of the outcome event (`acquired`, `caught` or `failed`), or -1 while in progress. */
  end: number;
  /** The resource it got (`null`: tryAcquire found none), if it ended with `acquired`. */
  resource?: string | null;
  /** Where the resource came from. */
  source?: 'fresh' | 'hooked' | 'idle' | 'unavailable';
  /** The error it ended with. */
  error?: ErrorValue;
}

/** Something a trace says that no pool could do (each property reports those its rule is about). */
export interface Anomaly {
  /** Index of the event. */
  index: number;
  /** Which pool. */
  pool: string;
  /** What kind. */
  kind: 'createdTwice' | 'destroyedTwice' | 'destroyedUnknown' | 'handedOutUnavailable' | 'checkedNotIdle' | 'releasedWithoutHook';
  /** One line. */
  message: string;
}

/** A pool as the monitor sees it. */
export interface MonitoredPool {
  /** Its configuration. */
  cfg: PoolConfigView;
  /** A `poolClose` was seen. */
  closed: boolean;
  /** Index of the `poolClose`, or -1. */
  closeIndex: number;
  /** Idle resources, oldest first. */
  idle: string[];
  /** Resource → the coroutine holding it. */
  holder: Map<string, string>;
  /** Resources inside a `beforeRelease` hook → the releaser. */
  releasing: Map<string, string>;
  /** Resources about to be destroyed (hook said `false`, or released to a closed pool) → by whom. */
  pendingDestroy: Map<string, string>;
  /** Resources a caller created and has not got yet → the caller. */
  fresh: Map<string, string>;
  /** Resources a `beforeAcquire` accepted, not yet handed out → the caller. */
  acqHook: Map<string, string>;
  /** Every resource ever created. */
  created: Set<string>;
  /** Every resource destroyed. */
  destroyed: Set<string>;
  /** Parked waiters in arrival order. */
  waiters: MonitoredWaiter[];
}

/** The monitor's state during and after a replay. */
export class PoolMonitor {
  /** Pools by id (those the scenario declares). */
  readonly pools = new Map<string, MonitoredPool>();
  /** Acquire calls in progress, by coroutine. */
  readonly calls = new Map<string, AcquireCall>();
  /** Every acquire call, in start order. */
  readonly allCalls: AcquireCall[] = [];
  /** Anomalies in trace order. */
  readonly anomalies: Anomaly[] = [];
  private readonly lastMarker = new Map<string, PoolOp>();

  /**
   * @param scenario - the scenario (its `pool.new` configurations).
   * @param trace - the trace to replay.
   */
  constructor(
    readonly scenario: Scenario,
    readonly trace: Trace,
  ) {
    for (const cfg of poolConfigs(scenario).values()) {
      this.pools.set(cfg.id, {
        cfg, closed: false, closeIndex: -1, idle: [], holder: new Map(), releasing: new Map(), pendingDestroy: new Map(),
        fresh: new Map(), acqHook: new Map(), created: new Set(), destroyed: new Set(), waiters: [],
      });
    }
  }

  /** Resources created and not destroyed. */
  alive(p: MonitoredPool): number {
    return p.created.size - p.destroyed.size;
  }

  /** Callers inside an acquire on `pool` that are not parked (each may hold a place in a factory call or hook), except `except`. */
  midAcquirers(pool: string, except?: string): AcquireCall[] {
    return [...this.calls.values()].filter((c) => c.pool === pool && !c.parked && c.co !== except);
  }

  /** Parked waiters that surely still wait or hold a reservation at time `t`: not cancelled, timeout known and not yet due. */
  liveWaiters(p: MonitoredPool, t: number, before = Infinity): MonitoredWaiter[] {
    return p.waiters.filter((w) => w.index < before && !w.cancelled && w.timeoutKnown && (w.deadline === undefined || w.deadline > t));
  }

  /**
   * An upper bound on the places nobody can claim right now: `max` minus
   * resources held, inside a `beforeRelease` hook, or possibly inside a
   * factory call or `beforeAcquire` of another caller, minus every parked
   * waiter (each may hold a reservation).
   */
  unclaimed(p: MonitoredPool, self?: string): number {
    const others = [...this.calls.values()].filter((c) => c.pool === p.cfg.id && c.co !== self);
    return p.cfg.max - p.holder.size - p.releasing.size - others.filter((c) => !c.parked).length - others.filter((c) => c.parked).length;
  }

  private pool(id: string): MonitoredPool | undefined {
    return this.pools.get(id);
  }

  private anomaly(index: number, pool: string, kind: Anomaly['kind'], message: string): void {
    this.anomalies.push({ index, pool, kind, message });
  }

  private takeOut(p: MonitoredPool, r: string): void {
    const k = p.idle.indexOf(r);
    if (k !== -1) p.idle.splice(k, 1);
    p.holder.delete(r);
    p.releasing.delete(r);
    p.pendingDestroy.delete(r);
    p.fresh.delete(r);
    p.acqHook.delete(r);
  }

  private endCall(c: AcquireCall, i: number): void {
    c.end = i;
    this.calls.delete(c.co);
    // A resource the caller created but did not get (its acquire ended otherwise) can only have gone idle.
    const p = this.pool(c.pool);
    for (const r of c.fresh) {
      if (p && p.fresh.get(r) === c.co && r !== c.resource) {
        p.fresh.delete(r);
        p.idle.push(r);
      }
    }
  }

  private endPark(c: AcquireCall, i: number): void {
    if (!c.parked) return;
    c.parked = false;
    c.windowStart = i;
    const p = this.pool(c.pool);
    if (p) p.waiters = p.waiters.filter((w) => w.co !== c.co);
  }

  /** Apply event `i`. */
  apply(i: number): void {
    const e = this.trace[i];
    const call = this.calls.get(e.actor);
    if (call?.parked && e.kind !== 'resumed') this.endPark(call, i);
    switch (e.kind) {
      case 'log': {
        const m = markerOf(e);
        if (m) this.lastMarker.set(e.actor, m);
        break;
      }
      case 'acquire': {
        const m = this.lastMarker.get(e.actor);
        this.lastMarker.delete(e.actor);
        let timeoutMs: number | null = null;
        if (m && (m.op === 'pool.acquire' || m.op === 'pool.tryAcquire') && m.pool === e.pool) timeoutMs = m.op === 'pool.acquire' ? m.timeoutMs ?? 0 : 0;
        const c: AcquireCall = {
          co: e.actor, pool: e.pool, try: e.try, start: i, startT: e.t, timeoutMs, parks: [], parked: false, windowStart: i,
          fresh: [], hooks: [], end: -1,
        };
        this.calls.set(e.actor, c);
        this.allCalls.push(c);
        break;
      }
      case 'suspended': {
        if (!e.on.startsWith('pool:') || !call) break;
        const p = this.pool(e.on.slice(5));
        if (!p) break;
        call.parked = true;
        call.parks.push(i);
        const known = call.timeoutMs !== null;
        const w: MonitoredWaiter = { co: e.actor, index: i, t: e.t, timeoutKnown: known, cancelled: false };
        if (known && call.timeoutMs! > 0) w.deadline = e.t + call.timeoutMs!;
        p.waiters.push(w);
        break;
      }
      case 'created': {
        const p = this.pool(e.pool);
        if (!p) break;
        if (p.created.has(e.resource)) this.anomaly(i, e.pool, 'createdTwice', `${e.resource} created twice`);
        p.created.add(e.resource);
        if (call && call.pool === e.pool) {
          p.fresh.set(e.resource, e.actor);
          call.fresh.push(e.resource);
        } else p.idle.push(e.resource);
        break;
      }
      case 'destroyed': {
        const p = this.pool(e.pool);
        if (!p) break;
        if (!p.created.has(e.resource)) this.anomaly(i, e.pool, 'destroyedUnknown', `${e.resource} destroyed but never created`);
        else if (p.destroyed.has(e.resource)) this.anomaly(i, e.pool, 'destroyedTwice', `${e.resource} destroyed twice`);
        this.takeOut(p, e.resource);
        p.destroyed.add(e.resource);
        break;
      }
      case 'hook': {
        const p = this.pool(e.pool);
        if (!p) break;
        const r = e.resource;
        if (e.hook === 'beforeAcquire') {
          const wasIdle = p.idle.includes(r);
          this.takeOut(p, r);
          if (call && call.pool === e.pool) call.hooks.push({ resource: r, ok: e.ok, index: i, wasIdle });
          if (e.ok) p.acqHook.set(r, e.actor);
          else p.pendingDestroy.set(r, e.actor);
        } else if (e.hook === 'beforeRelease') {
          p.releasing.delete(r);
          if (e.ok && !p.closed) p.idle.push(r);
          else p.pendingDestroy.set(r, e.actor);
        } else {
          const k = p.idle.indexOf(r);
          if (k === -1) this.anomaly(i, e.pool, 'checkedNotIdle', `the healthcheck checked ${r}, which is not idle`);
          else p.idle.splice(k, 1);
          if (e.ok && k !== -1) p.idle.push(r);
          if (!e.ok) p.pendingDestroy.set(r, e.actor);
        }
        break;
      }
      case 'acquired': {
        if (!call || call.pool !== e.pool) break;
        const p = this.pool(e.pool);
        call.resource = e.resource;
        if (p && e.resource !== null) {
          const r = e.resource;
          if (p.fresh.get(r) === e.actor) call.source = 'fresh';
          else if (p.acqHook.get(r) === e.actor) call.source = 'hooked';
          else if (p.idle.includes(r)) call.source = 'idle';
          else {
            call.source = 'unavailable';
            const where = p.holder.has(r) ? `held by ${p.holder.get(r)}` : p.destroyed.has(r) ? 'destroyed' : p.created.has(r) ? 'not idle' : 'never created';
            this.anomaly(i, e.pool, 'handedOutUnavailable', `${e.actor} got ${r}, which is ${where}`);
          }
          this.takeOut(p, r);
          p.holder.set(r, e.actor);
        }
        this.endCall(call, i);
        break;
      }
      case 'caught':
      case 'failed':
        if (call) {
          call.error = e.error;
          this.endCall(call, i);
        }
        break;
      case 'release': {
        const p = this.pool(e.pool);
        if (!p) break;
        this.takeOut(p, e.resource);
        if (p.cfg.beforeRelease) {
          // The hook runs in the releaser (maybe after a delay); without its answer the resource went back unchecked.
          const k = this.trace.findIndex((x, j) => j > i && x.actor === e.actor && x.kind !== 'suspended' && x.kind !== 'resumed');
          const next = this.trace[k];
          if (next?.kind === 'hook' && next.hook === 'beforeRelease' && next.resource === e.resource) {
            p.releasing.set(e.resource, e.actor);
            break;
          }
          this.anomaly(i, e.pool, 'releasedWithoutHook', `${e.actor} released ${e.resource} without calling beforeRelease`);
        }
        if (!p.closed) p.idle.push(e.resource);
        else p.pendingDestroy.set(e.resource, e.actor);
        break;
      }
      case 'poolClose': {
        const p = this.pool(e.pool);
        if (p && !p.closed) {
          p.closed = true;
          p.closeIndex = i;
        }
        break;
      }
      case 'cancel':
        for (const p of this.pools.values()) for (const w of p.waiters) if (w.co === e.target) w.cancelled = true;
        break;
      default:
        break;
    }
  }
}

/** What a property does during a replay: called before and after each event is applied. */
export interface PoolVisitor {
  /** Before event `i` is applied (the state is the one the event's actor acted on). */
  before?(i: number, e: TraceEvent, m: PoolMonitor): string | undefined;
  /** After event `i` is applied. */
  after?(i: number, e: TraceEvent, m: PoolMonitor): string | undefined;
}

/**
 * Replay the trace through the pool monitor; stop at the first violation a
 * visitor reports.
 *
 * @returns the violation (prefixed with the event), or `undefined`; and the monitor.
 */
export function replayPools(scenario: Scenario, trace: Trace, ...visitors: PoolVisitor[]): { violation?: string; monitor: PoolMonitor } {
  const m = new PoolMonitor(scenario, trace);
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    for (const v of visitors) {
      const msg = v.before?.(i, e, m);
      if (msg) return { violation: `${at(trace, i)}: ${msg}`, monitor: m };
    }
    m.apply(i);
    for (const v of visitors) {
      const msg = v.after?.(i, e, m);
      if (msg) return { violation: `${at(trace, i)}: ${msg}`, monitor: m };
    }
  }
  return { monitor: m };
}

/** Run visitors and report the first violation. */
function judge(scenario: Scenario, trace: Trace, ...visitors: PoolVisitor[]): string | undefined {
  return replayPools(scenario, trace, ...visitors).violation;
}

/** Report the anomalies of these kinds. */
function anomalies(...kinds: Anomaly['kind'][]): PoolVisitor {
  let seen = 0;
  return {
    after(_i, _e, m) {
      for (; seen < m.anomalies.length; seen++) if (kinds.includes(m.anomalies[seen].kind)) return m.anomalies[seen].message;
      return undefined;
    },
  };
}

// ---------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------

/**
 * No lost place (POOL-5, POOL-6, POOL-8, `no-lost-wakeup`). At a quiescent point —
 * before the clock advances, at a deadlock, at the end of the run — a waiter
 * parked on an open pool that has a place free of holders, releasers and
 * callers has lost its wake-up (TrueAsync keeps `active ≥ max` while an
 * unwoken waiter exists, and at a quiescent point every woken waiter has
 * run). At a deadlock or the end that is a violation at once; before the
 * clock advances it is one when the waiter's wait then ends the way a lost
 * wake-up ends: it times out, is cancelled by a deadlock, or gets a resource
 * that was held then — it waited for a release it should not have needed. And a `tryAcquire` answers `null` only if at some event of
 * its call no place was free of holders, releasers, other callers and
 * waiters (see {@link PoolMonitor.unclaimed}).
 *
 * @remarks The delayed verdict lets a library serve a waiter through work it
 * does in the background — a factory call or a check it starts for the
 * waiter, attributed to `scheduler` and invisible to the monitor until its
 * event — and its own promise continuations or zero-delay timers within an
 * instant are never judged.
 * @param options - `closed`: also judge waiters left parked on a closed pool (POOL-10).
 */
export function noLostPlace(options: { closed?: boolean } = {}): PoolVisitor {
  const full = new Map<AcquireCall, boolean>();
  const suspect = new Map<string, { index: number; message: string; held: Set<string> }>();
  let ended = false;
  const stuck = (m: PoolMonitor, p: MonitoredPool, w: MonitoredWaiter, when: string): string | undefined => {
    if (p.closed) return options.closed ? `${when}: ${w.co} is still parked on ${p.cfg.id} after the pool was closed` : undefined;
    const free = p.cfg.max - p.holder.size - p.releasing.size - m.midAcquirers(p.cfg.id).length;
    return free > 0 ? `${when}: ${w.co} is parked on ${p.cfg.id} although ${free} of its ${p.cfg.max} places are free of holders, releasers and callers (lost wake-up)` : undefined;
  };
  return {
    before(i, e, m) {
      if (ended) return undefined;
      if (e.kind === 'deadlock' || e.kind === 'exit') {
        ended = true;
        for (const p of m.pools.values()) {
          for (const w of p.waiters) {
            const msg = stuck(m, p, w, `at the ${e.kind}`);
            if (msg) return msg;
          }
        }
        return undefined;
      }
      if (i > 0 && e.t > m.trace[i - 1].t) {
        for (const p of m.pools.values()) {
          for (const w of p.waiters) {
            if (suspect.has(w.co)) continue;
            const msg = stuck(m, p, w, `before the clock advanced from t=${m.trace[i - 1].t}`);
            if (msg && !p.closed) suspect.set(w.co, { index: i, message: msg, held: new Set([...p.holder.keys(), ...p.releasing.keys()]) });
          }
        }
      }
      const c = m.calls.get(e.actor);
      const s = suspect.get(e.actor);
      if (s && c && (e.kind === 'acquired' || e.kind === 'caught' || e.kind === 'failed')) {
        suspect.delete(e.actor);
        if (e.kind === 'acquired' && e.resource !== null && s.held.has(e.resource)) return `${s.message}; it then waited for ${e.resource} to be released`;
        if (e.kind !== 'acquired' && (same(e.error, POOL_TEXT.timeout) || e.error.message === 'Deadlock detected')) return `${s.message}; it then ended with ${showError(e.error)}`;
      }
      for (const x of m.calls.values()) {
        if (!x.try) continue;
        const p = m.pools.get(x.pool);
        if (!p || p.closed || m.unclaimed(p, x.co) <= 0) full.set(x, true);
      }
      if (!c || !c.try || full.get(c) || e.kind !== 'acquired' || e.resource !== null) return undefined;
      const p = m.pools.get(c.pool)!;
      return `tryAcquire by ${c.co} answered null although ${m.unclaimed(p, c.co)} of the ${p.cfg.max} places of ${c.pool} were free of holders, callers and waiters throughout`;
    },
  };
}

/**
 * FIFO hand-off (POOL-4): a waiter that gets a resource after parking was
 * the oldest waiter still waiting — no waiter that parked before it is still
 * parked then (not counting one that was cancelled, or whose timeout is due).
 */
export function fifoWaiters(): PoolVisitor {
  return {
    before(_i, e, m) {
      if (e.kind !== 'acquired' || e.resource === null) return undefined;
      const c = m.calls.get(e.actor);
      if (!c || c.pool !== e.pool || c.parks.length === 0) return undefined;
      const p = m.pools.get(e.pool)!;
      const arrived = c.parks[c.parks.length - 1];
      const older = m.liveWaiters(p, e.t, arrived).filter((w) => w.co !== e.actor);
      return older.length > 0 ? `${e.actor} got ${e.resource} before ${older.map((w) => w.co).join(', ')}, which parked earlier and still wait${older.length === 1 ? 's' : ''} (FIFO)` : undefined;
    },
  };
}

/**
 * No barging (POOL-4): a caller that gets a resource without parking does so
 * only if, at some event of its call, the places not held (nor inside a
 * `beforeRelease` hook) outnumbered the waiters that arrived before it and
 * still wait — otherwise it took a place promised to one of them.
 */
export function noBarging(): PoolVisitor {
  const roomy = new Map<AcquireCall, boolean>();
  return {
    before(_i, e, m) {
      for (const c of m.calls.values()) {
        if (c.parks.length > 0 || roomy.get(c)) continue;
        const p = m.pools.get(c.pool);
        if (!p) continue;
        const free = p.cfg.max - p.holder.size - p.releasing.size;
        if (p.closed || free > m.liveWaiters(p, e.t, c.start).length) roomy.set(c, true);
      }
      if (e.kind !== 'acquired' || e.resource === null) return undefined;
      const c = m.calls.get(e.actor);
      if (!c || c.pool !== e.pool || c.parks.length > 0 || roomy.get(c)) return undefined;
      const p = m.pools.get(c.pool)!;
      const waiting = m.liveWaiters(p, e.t, c.start);
      return `${e.actor} took ${e.resource} without waiting while ${waiting.map((w) => w.co).join(', ')} (parked earlier) still waited and only ${p.cfg.max - p.holder.size - p.releasing.size} place(s) were not held (barging)`;
    },
  };
}

// ---------------------------------------------------------------------------
// POOL-1
// ---------------------------------------------------------------------------

const STOP_KINDS = new Set<TraceEvent['kind']>(['log', 'query', 'acquire', 'release', 'poolClose', 'spawned', 'completed', 'exit']);

/**
 * POOL-1: pre-warm in the constructor.
 *
 * @remarks The full rule: the constructor pre-warms min resources r1..r<min> into idle; the first factory exception destroys those already created and is thrown from the constructor
 */
export const pool1 = defineProperty({
  id: 'POOL-1',
  rule: 'the constructor pre-warms min resources into idle; a factory exception destroys those and is thrown',
  needs: ['pool'],
  arbitrary: prewarmScenario(),
  check({ actual }) {
    for (let m = 0; m < actual.length; m++) {
      const op = markerOf(actual[m]);
      if (op?.op !== 'pool.new') continue;
      const actor = actual[m].actor;
      const cfg = configOf(op);
      const failAt = (cfg.factory.failOn ?? []).filter((k) => k >= 1 && k <= cfg.min).sort((a, b) => a - b)[0];
      const own: number[] = [];
      let k = m + 1;
      for (; k < actual.length; k++) {
        const e = actual[k];
        if (e.actor !== actor) continue;
        if (STOP_KINDS.has(e.kind)) break;
        own.push(k);
      }
      const created = own.flatMap((x) => {
        const e = actual[x];
        return e.kind === 'created' && e.pool === cfg.id ? [e.resource] : [];
      });
      const destroyed = own.flatMap((x) => {
        const e = actual[x];
        return e.kind === 'destroyed' && e.pool === cfg.id ? [e.resource] : [];
      });
      const errors = own.flatMap((x) => {
        const e = actual[x];
        return e.kind === 'caught' || e.kind === 'failed' ? [{ x, error: e.error }] : [];
      });
      const wantCreated = Array.from({ length: failAt === undefined ? cfg.min : failAt - 1 }, (_, j) => `r${j + 1}`);
      const where = `${at(actual, m)} new ${cfg.id}(min ${cfg.min})`;
      if (!same(created, wantCreated)) return `${where}: pre-warm created [${created.join(', ')}], expected [${wantCreated.join(', ')}]`;
      if (failAt === undefined) {
        if (destroyed.length > 0) return `${where}: pre-warm destroyed [${destroyed.join(', ')}] although no factory call failed`;
        if (errors.length > 0) return `${where}: the constructor threw ${showError(errors[0].error)} although no factory call failed`;
        const q = actual.slice(k, k + 3);
        if (q.length === 3 && q.every((e) => e.actor === actor && e.kind === 'query' && e.target === cfg.id)) {
          const v = Object.fromEntries(q.map((e) => (e.kind === 'query' ? [e.what, e.value] : ['', null])));
          if (v.count !== cfg.min || v.idleCount !== cfg.min || v.activeCount !== 0) {
            return `${at(actual, k)}: right after construction count/idle/active = ${v.count}/${v.idleCount}/${v.activeCount}, expected ${cfg.min}/${cfg.min}/0`;
          }
        }
        continue;
      }
      if (errors.length === 0) return `${where}: factory call ${failAt} fails, but the constructor threw nothing`;
      if (!same(errors[0].error, POOL_TEXT.factory)) return `${where}: the constructor threw ${showError(errors[0].error)}, expected the factory's ${showError(POOL_TEXT.factory)}`;
      if ([...destroyed].sort().join() !== [...wantCreated].sort().join() || new Set(destroyed).size !== destroyed.length) {
        return `${where}: after factory call ${failAt} failed it destroyed [${destroyed.join(', ')}], expected each of [${wantCreated.join(', ')}] once`;
      }
      const late = own.find((x) => x > errors[0].x && actual[x].kind === 'created');
      if (late !== undefined) return `${at(actual, late)}: a resource was created after the constructor threw`;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// POOL-2
// ---------------------------------------------------------------------------

/** The count / idle / active bounds of POOL-2 at one `query` event. */
function capacityAt(i: number, e: TraceEvent, m: PoolMonitor): string | undefined {
  if (e.kind !== 'query' || typeof e.value !== 'number') return undefined;
  const p = m.pools.get(e.target);
  if (!p) return undefined;
  const alive = m.alive(p);
  const inFlight = m.midAcquirers(p.cfg.id).length;
  const v = e.value;
  if (e.what === 'count') {
    if (v < 0 || v > p.cfg.max) return `count() = ${v} outside 0..max=${p.cfg.max}`;
    if (v < alive) return `count() = ${v} but ${alive} resources exist (created and not destroyed)`;
    // Factory calls in progress: one per caller inside an acquire, plus any a library runs in the background (they end in a later `created` by `scheduler`).
    const background = m.trace.filter((x, k) => k > i && x.actor === 'scheduler' && x.kind === 'created' && x.pool === p.cfg.id).length;
    if (v > alive + inFlight + background) return `count() = ${v} but only ${alive} resources exist and at most ${inFlight + background} factory call(s) can be in progress`;
  }
  if (e.what === 'idleCount') {
    if (v < 0 || v > p.idle.length) return `idleCount() = ${v} but ${p.idle.length} resource(s) can be idle (${p.idle.join(', ') || 'none'})`;
    const takers = inFlight + p.waiters.length;
    if (v < p.idle.length - takers) return `idleCount() = ${v} but ${p.idle.length} resource(s) are idle and at most ${takers} can be taken by callers (inside beforeAcquire) or handed to woken waiters`;
  }
  if (e.what === 'activeCount' && v < 0) return `activeCount() = ${v}`;
  return undefined;
}

/**
 * POOL-2: capacity and conservation.
 *
 * @remarks The full rule: at every query 0 ≤ count ≤ max and count = idleCount + activeCount; created − destroyed = count up to factory calls in progress; never more than max resources exist, even with slow factories and hooks; each resource is destroyed at most once
 */
export const pool2 = defineProperty({
  id: 'POOL-2',
  rule: '0 ≤ count ≤ max and count = idleCount + activeCount at every query; each resource destroyed at most once',
  needs: ['pool'],
  arbitrary: fcOneOf([
    workloadScenario({ factoryDelay: true, beforeAcquire: 'none', beforeRelease: 'none', nested: true }),
    workloadScenario({ factoryDelay: true, beforeAcquire: 'delays', beforeRelease: 'delays', factoryFails: true }),
    workloadScenario({ max: [1, 2], factoryDelay: true, beforeRelease: 'delays', close: 'sometimes' }),
  ]),
  check({ scenario, actual }) {
    return judge(scenario, actual, anomalies('createdTwice', 'destroyedTwice', 'destroyedUnknown'), {
      before: capacityAt,
      after(i, e, m) {
        for (const p of m.pools.values()) {
          if (m.alive(p) > p.cfg.max) return `${m.alive(p)} resources of ${p.cfg.id} exist at once, more than max=${p.cfg.max}`;
        }
        if (e.kind !== 'query' || e.what !== 'count' || i + 2 >= actual.length) return undefined;
        const [a, b] = [actual[i + 1], actual[i + 2]];
        if (a.kind !== 'query' || b.kind !== 'query' || a.actor !== e.actor || b.actor !== e.actor) return undefined;
        if (a.target !== e.target || b.target !== e.target || a.what !== 'idleCount' || b.what !== 'activeCount') return undefined;
        if (typeof a.value !== 'number' || typeof b.value !== 'number' || typeof e.value !== 'number') return 'a count query answered a non-number';
        return e.value === a.value + b.value ? undefined : `count() = ${e.value} but idleCount() + activeCount() = ${a.value} + ${b.value}`;
      },
    });
  },
});

// ---------------------------------------------------------------------------
// POOL-3
// ---------------------------------------------------------------------------

/**
 * POOL-3: reuse before create, FIFO idle.
 *
 * @remarks The full rule: an acquire creates a resource only when no resource is idle, and reuses the oldest idle resource (idle is FIFO: oldest released first); nothing is handed out that is not idle or fresh
 */
export const pool3 = defineProperty({
  id: 'POOL-3',
  rule: 'an acquire creates only when nothing is idle and reuses the oldest idle resource (idle is FIFO)',
  needs: ['pool'],
  arbitrary: fcOneOf([
    workloadScenario({ max: [2, 3], timeouts: 'sometimes' }),
    workloadScenario({ max: [1, 3], timeouts: 'never', nested: true, queries: false }),
  ]),
  check({ scenario, actual }) {
    const emptySeen = new Map<AcquireCall, boolean>();
    const heads = new Map<AcquireCall, Set<string>>();
    return judge(scenario, actual, anomalies('handedOutUnavailable'), {
      before(_i, e, m) {
        for (const c of m.calls.values()) {
          const p = m.pools.get(c.pool);
          if (!p) continue;
          if (p.idle.length === 0) emptySeen.set(c, true);
          else {
            const h = heads.get(c) ?? new Set<string>();
            h.add(p.idle[0]);
            heads.set(c, h);
          }
        }
        const c = m.calls.get(e.actor);
        if (!c) return undefined;
        const p = m.pools.get(c.pool)!;
        if (e.kind === 'created' && e.pool === c.pool && !emptySeen.get(c)) {
          return `${c.co} created ${e.resource} although ${p.idle.join(', ')} stayed idle during its acquire (reuse before create)`;
        }
        if (e.kind === 'acquired' && e.pool === c.pool && e.resource !== null && p.idle.includes(e.resource) && !c.fresh.includes(e.resource)) {
          const h = heads.get(c) ?? new Set<string>();
          if (!h.has(e.resource)) return `${c.co} reused ${e.resource} while ${[...h].join(', ')} had been idle longer (FIFO idle: oldest first)`;
        }
        return undefined;
      },
    });
  },
});

// ---------------------------------------------------------------------------
// POOL-4
// ---------------------------------------------------------------------------

/**
 * POOL-4: strict FIFO hand-off without barging.
 *
 * @remarks The full rule: parked waiters are served in arrival order, and no caller — a late arrival, the releasing coroutine re-acquiring, tryAcquire — takes a place while earlier waiters that outnumber the free places still wait
 */
export const pool4 = defineProperty({
  id: 'POOL-4',
  rule: 'parked waiters are served in arrival order; nobody takes a place while earlier waiters still wait',
  needs: ['pool'],
  arbitrary: handoffScenario(),
  check({ scenario, actual }) {
    return judge(scenario, actual, fifoWaiters(), noBarging());
  },
});

// ---------------------------------------------------------------------------
// POOL-5
// ---------------------------------------------------------------------------

/** A waiter cancelled while parked (or woken and not yet run) leaves its acquire with a cancellation. */
function cancelledWaitersLeave(trace: Trace): PoolVisitor {
  const doomed = new Map<string, number>();
  return {
    before(i, e, m) {
      if (e.kind === 'cancel') {
        for (const p of m.pools.values()) if (p.waiters.some((w) => w.co === e.target)) doomed.set(e.target, i);
        return undefined;
      }
      const since = doomed.get(e.actor);
      if (since === undefined || !m.calls.has(e.actor)) return undefined;
      if (e.kind === 'acquired') return `${e.actor} was cancelled while it waited (${at(trace, since)}) but got ${e.resource}`;
      if (e.kind === 'caught' || e.kind === 'failed') {
        doomed.delete(e.actor);
        if (!isCancellation(e.error)) return `${e.actor} was cancelled while it waited (${at(trace, since)}) but its acquire threw ${showError(e.error)}`;
      }
      return undefined;
    },
  };
}

/**
 * POOL-5: reservation hand-on.
 *
 * @remarks The full rule: a waiter cancelled while parked or just after being woken leaves with the cancellation and hands its reservation to the next waiter; with none the place stays free — no lost wake-up, no barging, FIFO kept
 */
export const pool5 = defineProperty({
  id: 'POOL-5',
  rule: 'a waiter cancelled while parked or just woken hands its reservation on: no lost wake-up, no barging',
  needs: ['pool'],
  arbitrary: handOnScenario(),
  check({ scenario, actual: trace }) {
    return judge(scenario, trace, cancelledWaitersLeave(trace), noLostPlace(), fifoWaiters(), noBarging());
  },
});

// ---------------------------------------------------------------------------
// POOL-6
// ---------------------------------------------------------------------------

/**
 * POOL-6: factory failure.
 *
 * @remarks The full rule: a failing factory call leaves no phantom slot (no later park or null while a place is free, no waiter left behind) and its exception reaches the caller unchanged, once per failed call
 */
export const pool6 = defineProperty({
  id: 'POOL-6',
  rule: 'a failing factory call leaves no phantom slot and its exception reaches the caller unchanged',
  needs: ['pool'],
  arbitrary: factoryFailureScenario(),
  check({ scenario, actual: trace }) {
    const r = replayPools(scenario, trace, noLostPlace());
    if (r.violation) return r.violation;
    const m = r.monitor;
    for (const p of m.pools.values()) {
      const failOn = p.cfg.factory.failOn ?? [];
      const calls = m.allCalls.filter((c) => c.pool === p.cfg.id);
      for (const c of calls) {
        if (!c.error) continue;
        const ok = same(c.error, POOL_TEXT.factory) || (same(c.error, POOL_TEXT.timeout) && (c.timeoutMs ?? 1) > 0) || (same(c.error, POOL_TEXT.closed) && p.closed);
        if (!ok) return `${at(trace, c.end)}: the acquire of ${c.co} threw ${showError(c.error)}, not the factory's ${showError(POOL_TEXT.factory)}`;
      }
      const numbers = [...p.created].map((x) => Number(/^r(\d+)$/.exec(x)?.[1] ?? 0));
      const highest = Math.max(0, ...numbers);
      const surely = failOn.filter((k) => k < highest && k > p.cfg.min).length;
      const delivered = calls.filter((c) => c.error && same(c.error, POOL_TEXT.factory)).length;
      if (delivered < surely) return `factory calls ${failOn.filter((k) => k < highest).join(', ')} of ${p.cfg.id} failed (r${highest} exists) but only ${delivered} acquire(s) threw the factory's exception`;
      if (delivered > failOn.length) return `${delivered} acquires threw the factory's exception but only ${failOn.length} factory call(s) fail`;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// POOL-7
// ---------------------------------------------------------------------------

/**
 * POOL-7: beforeAcquire.
 *
 * @remarks The full rule: beforeAcquire is called only on reused idle resources (never on fresh ones, always before a reuse); false or a throw destroys that resource and the acquire goes on with the next idle one or a new one; true hands that resource out
 */
export const pool7 = defineProperty({
  id: 'POOL-7',
  rule: 'beforeAcquire runs only on reused idle resources; false or a throw destroys it and the acquire goes on',
  needs: ['pool'],
  arbitrary: fcOneOf([
    workloadScenario({ beforeAcquire: 'plain', timeouts: 'sometimes' }),
    workloadScenario({ beforeAcquire: 'delays', factoryDelay: true, timeouts: 'sometimes' }),
  ]),
  check({ scenario, actual: trace }) {
    const cfgs = poolConfigs(scenario);
    const rejected = new Map<string, { resource: string; index: number }>();
    return judge(scenario, trace, anomalies('handedOutUnavailable', 'destroyedTwice'), {
      before(_i, e, m) {
        const pending = rejected.get(e.actor);
        if (pending) {
          rejected.delete(e.actor);
          if (!(e.kind === 'destroyed' && e.resource === pending.resource)) {
            return `beforeAcquire rejected ${pending.resource} (${at(trace, pending.index)}) but ${e.actor} did not destroy it right away (${e.kind})`;
          }
        }
        const c = m.calls.get(e.actor);
        if (!c || !('pool' in e) || e.pool !== c.pool) return undefined;
        const p = m.pools.get(c.pool)!;
        const hooked = cfgs.get(c.pool)?.beforeAcquire !== undefined;
        const lastHook = c.hooks[c.hooks.length - 1];
        if (e.kind === 'hook' && e.hook === 'beforeAcquire') {
          if (!hooked) return `beforeAcquire called on ${c.pool}, which has none`;
          if (c.fresh.includes(e.resource)) return `beforeAcquire called on ${e.resource}, which ${c.co} has just created`;
          if (!p.idle.includes(e.resource)) return `beforeAcquire called on ${e.resource}, which is not idle`;
        }
        if (e.kind === 'acquired' && e.resource !== null && !c.fresh.includes(e.resource)) {
          const r = e.resource;
          const h = c.hooks.filter((x) => x.resource === r);
          if (hooked && h.length === 0) return `${c.co} reused ${r} without calling beforeAcquire`;
          if (h.some((x) => !x.ok)) return `${c.co} got ${r}, which beforeAcquire rejected`;
        }
        if (e.kind === 'acquired' && lastHook?.ok && e.resource !== lastHook.resource) {
          return `beforeAcquire accepted ${lastHook.resource} but ${c.co} got ${e.resource ?? 'null'}`;
        }
        return undefined;
      },
      after(i, e, m) {
        if (e.kind === 'hook' && e.hook === 'beforeAcquire' && !e.ok && m.calls.has(e.actor)) rejected.set(e.actor, { resource: e.resource, index: i });
        if (e.kind !== 'caught' && e.kind !== 'failed') return undefined;
        const c = m.allCalls.find((x) => x.end === i);
        if (!c || !c.hooks.some((h) => !h.ok)) return undefined;
        const p = m.pools.get(c.pool)!;
        const ok = (same(e.error, POOL_TEXT.timeout) && (c.timeoutMs ?? 1) > 0) || same(e.error, POOL_TEXT.factory) || (same(e.error, POOL_TEXT.closed) && p.closed);
        return ok ? undefined : `the acquire of ${c.co} threw ${showError(e.error)} after beforeAcquire rejected ${c.hooks.filter((h) => !h.ok).map((h) => h.resource).join(', ')} (it should go on)`;
      },
    });
  },
});

// ---------------------------------------------------------------------------
// POOL-8
// ---------------------------------------------------------------------------

/**
 * POOL-8: beforeRelease.
 *
 * @remarks The full rule: beforeRelease false or a throw destroys the resource once (right away, by the releaser) instead of returning it to idle, and a waiter can then go on; the resource stays counted active while the hook runs
 */
export const pool8 = defineProperty({
  id: 'POOL-8',
  rule: 'beforeRelease false or a throw destroys the resource once instead of returning it; a waiter can go on',
  needs: ['pool'],
  arbitrary: fcOneOf([
    workloadScenario({ max: [1, 2], beforeRelease: 'delays', timeouts: 'sometimes' }),
    workloadScenario({ max: [1, 3], beforeRelease: 'plain', timeouts: 'sometimes' }),
  ]),
  check({ scenario, actual: trace }) {
    const rejected = new Map<string, { resource: string; index: number }>();
    return judge(scenario, trace, anomalies('releasedWithoutHook', 'destroyedTwice', 'handedOutUnavailable'), noLostPlace(), {
      before(_i, e, m) {
        const pending = rejected.get(e.actor);
        if (pending && e.kind !== 'suspended' && e.kind !== 'resumed') {
          rejected.delete(e.actor);
          if (!(e.kind === 'destroyed' && e.resource === pending.resource)) {
            return `beforeRelease rejected ${pending.resource} (${at(trace, pending.index)}) but ${e.actor} did not destroy it right away`;
          }
        }
        if (e.kind === 'query' && typeof e.value === 'number') {
          const p = m.pools.get(e.target);
          if (!p) return undefined;
          const busy = p.holder.size + p.releasing.size;
          if (e.what === 'activeCount' && e.value < busy) {
            return `activeCount() = ${e.value} but ${p.holder.size} resource(s) are held and ${p.releasing.size} are inside beforeRelease (${[...p.releasing.keys()].join(', ') || '-'})`;
          }
          if (e.what === 'count' && e.value < m.alive(p)) return `count() = ${e.value} but ${m.alive(p)} resources exist`;
        }
        return undefined;
      },
      after(i, e) {
        if (e.kind === 'hook' && e.hook === 'beforeRelease' && !e.ok) rejected.set(e.actor, { resource: e.resource, index: i });
        return undefined;
      },
    });
  },
});

// ---------------------------------------------------------------------------
// POOL-9
// ---------------------------------------------------------------------------

/**
 * POOL-9: acquire timeouts.
 *
 * @remarks The full rule: acquire($ms > 0) not served in time throws Async\TimeoutException("Operation has been cancelled by timeout") — not a PoolException — exactly $ms after it parked; a waiter served in time gets its resource; $ms = 0 waits forever
 */
export const pool9 = defineProperty({
  id: 'POOL-9',
  rule: 'acquire($ms > 0) not served in time throws Async\\TimeoutException exactly $ms after it parked',
  needs: ['pool'],
  arbitrary: handoffScenario({ timeouts: 'often', zeroTimeout: true, barging: false }),
  check({ scenario, actual: trace }) {
    const { monitor } = replayPools(scenario, trace);
    for (const c of monitor.allCalls) {
      if (c.try || c.timeoutMs === null || c.end === -1) continue;
      const endT = trace[c.end].t;
      const parkT = c.parks.length > 0 ? trace[c.parks[c.parks.length - 1]].t : undefined;
      const timedOut = c.error !== undefined && c.error.class === 'Async\\TimeoutException';
      const where = `${at(trace, c.end)} acquire(${c.timeoutMs}) by ${c.co}`;
      if (c.error && !timedOut && !isCancellation(c.error)) return `${where}: threw ${showError(c.error)} (only a timeout can end it here)`;
      if (timedOut && !same(c.error, POOL_TEXT.timeout)) return `${where}: threw ${showError(c.error)}, expected ${showError(POOL_TEXT.timeout)}`;
      if (timedOut && c.timeoutMs === 0) return `${where}: acquire(0) must wait forever but timed out`;
      if (timedOut && parkT === undefined) return `${where}: timed out without waiting`;
      if (timedOut && endT !== parkT! + c.timeoutMs) return `${where}: timed out at t=${endT}, expected t=${parkT! + c.timeoutMs} (parked at t=${parkT})`;
      if (c.resource && parkT !== undefined && c.timeoutMs > 0 && endT > parkT + c.timeoutMs) {
        return `${where}: got ${c.resource} at t=${endT}, after its timeout was due at t=${parkT + c.timeoutMs}`;
      }
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// POOL-10
// ---------------------------------------------------------------------------

/**
 * POOL-10: close.
 *
 * @remarks The full rule: close() is idempotent: it destroys every idle resource at once, exactly once; parked and later acquire() throw PoolException("Pool is closed"), tryAcquire() answers null, isClosed() is true; a resource released after the close is destroyed, never reused
 */
export const pool10 = defineProperty({
  id: 'POOL-10',
  rule: 'close() is idempotent: idle resources destroyed at once, acquires throw "Pool is closed", tryAcquire null',
  needs: ['pool'],
  arbitrary: closeScenario(),
  check({ scenario, actual: trace }) {
    const parkedAtClose = new Map<string, number>();
    const startedClosed = new Set<AcquireCall>();
    const releasedClosed = new Map<string, { resource: string; index: number }>();
    let closing: { actor: string; pool: string; idle: string[]; index: number; seen: string[] } | undefined;
    const rule: PoolVisitor = {
      before(i, e, m) {
        if (closing && e.actor === closing.actor) {
          if (e.kind === 'destroyed' && e.pool === closing.pool) closing.seen.push(e.resource);
          else {
            const c = closing;
            closing = undefined;
            if (c.seen.length !== c.idle.length || c.idle.some((r) => !c.seen.includes(r))) {
              return `close of ${c.pool} (${at(trace, c.index)}) destroyed [${c.seen.join(', ')}] at once, but [${c.idle.join(', ')}] were idle`;
            }
          }
        }
        const rel = releasedClosed.get(e.actor);
        if (rel && e.kind !== 'hook' && e.kind !== 'suspended' && e.kind !== 'resumed') {
          releasedClosed.delete(e.actor);
          if (!(e.kind === 'destroyed' && e.resource === rel.resource)) {
            return `${rel.resource} was released to the closed pool (${at(trace, rel.index)}) but not destroyed right away (${e.kind})`;
          }
        }
        const op = markerOf(e);
        if (op?.op === 'pool.close' && m.pools.get(op.pool)?.closed) {
          const n = trace.find((x, k) => k > i && x.actor === e.actor);
          if (n && (n.kind === 'poolClose' || n.kind === 'destroyed' || n.kind === 'caught')) return `a second close() of ${op.pool} was not a no-op (${n.kind})`;
        }
        if (e.kind === 'poolClose') {
          const p = m.pools.get(e.pool);
          if (!p) return undefined;
          if (p.closed) return `${e.pool} closed a second time`;
          for (const w of m.liveWaiters(p, e.t)) parkedAtClose.set(w.co, i);
          closing = { actor: e.actor, pool: e.pool, idle: [...p.idle], index: i, seen: [] };
        }
        if (e.kind === 'query' && e.what === 'isClosed') {
          const p = m.pools.get(e.target);
          if (p && e.value !== p.closed) return `isClosed() = ${JSON.stringify(e.value)} ${p.closed ? 'after' : 'before'} the close`;
        }
        const c = m.calls.get(e.actor);
        if (!c) return undefined;
        const outcome = e.kind === 'acquired' || e.kind === 'caught' || e.kind === 'failed';
        const since = parkedAtClose.get(e.actor);
        if (since !== undefined && outcome) {
          parkedAtClose.delete(e.actor);
          if (e.kind === 'acquired') return `${e.actor} was parked when the pool closed (${at(trace, since)}) but got ${e.resource}`;
          if (!same(e.error, POOL_TEXT.closed)) return `${e.actor} was parked when the pool closed (${at(trace, since)}) but its acquire threw ${showError(e.error)}, expected ${showError(POOL_TEXT.closed)}`;
        }
        if (startedClosed.has(c)) {
          if (e.kind === 'suspended' && e.on.startsWith('pool:')) return `${e.actor} parked on the closed pool ${c.pool}`;
          if (e.kind === 'created' || e.kind === 'hook') return `${e.actor} called a callable (${e.kind}) in an acquire on the closed pool ${c.pool}`;
          if (e.kind === 'acquired' && e.resource !== null) return `${e.actor} got ${e.resource} from the closed pool ${c.pool}`;
          if (e.kind === 'acquired' && !c.try) return 'acquire on the closed pool answered null';
          if ((e.kind === 'caught' || e.kind === 'failed') && c.try) return `tryAcquire on the closed pool threw ${showError(e.error)} instead of answering null`;
          if ((e.kind === 'caught' || e.kind === 'failed') && !same(e.error, POOL_TEXT.closed)) return `acquire on the closed pool ${c.pool} threw ${showError(e.error)}, expected ${showError(POOL_TEXT.closed)}`;
        }
        return undefined;
      },
      after(i, e, m) {
        if (e.kind === 'acquire' && m.pools.get(e.pool)?.closed) startedClosed.add(m.calls.get(e.actor)!);
        if (e.kind === 'release' && m.pools.get(e.pool)?.closed) releasedClosed.set(e.actor, { resource: e.resource, index: i });
        return undefined;
      },
    };
    return judge(scenario, trace, anomalies('destroyedTwice', 'destroyedUnknown', 'handedOutUnavailable'), rule, noLostPlace({ closed: true }));
  },
});

// ---------------------------------------------------------------------------
// POOL-11
// ---------------------------------------------------------------------------

/** A chain of `n` destructor errors, the first thrown outermost. */
function destructorChain(n: number): ErrorValue | undefined {
  let e: ErrorValue | undefined;
  for (let k = 0; k < n; k++) e = e ? { ...POOL_TEXT.destructor, previous: e } : { ...POOL_TEXT.destructor };
  return e;
}

/**
 * POOL-11: destructor errors.
 *
 * @remarks The full rule: close() destroys every idle resource even when the destructor throws, then throws the first destructor exception with each later one chained as previous; a throwing destructor after beforeAcquire (or beforeRelease) rejected a resource ends that acquire (release) with its exception
 */
export const pool11 = defineProperty({
  id: 'POOL-11',
  rule: 'close() destroys every idle resource even when destructors throw, and throws the first with the rest chained',
  needs: ['pool'],
  arbitrary: destructorScenario(),
  check({ scenario, actual: trace }) {
    const cfgs = poolConfigs(scenario);
    const throwsFor = (pool: string, r: string): boolean => cfgs.get(pool)?.destructor?.throwFor?.includes(r) ?? false;
    let closing: { actor: string; pool: string; idle: string[]; index: number; seen: string[] } | undefined;
    let rejected: { actor: string; pool: string; resource: string; index: number; hook: string; destroyed: boolean } | undefined;
    return judge(scenario, trace, noLostPlace(), {
      before(_i, e, m) {
        if (closing && e.actor === closing.actor && !(e.kind === 'destroyed' && e.pool === closing.pool)) {
          const c = closing;
          closing = undefined;
          if (c.idle.some((r) => !c.seen.includes(r))) {
            return `close of ${c.pool} (${at(trace, c.index)}) destroyed only [${c.seen.join(', ')}] of the idle [${c.idle.join(', ')}] (a throwing destructor must not stop it)`;
          }
          const n = c.seen.filter((r) => throwsFor(c.pool, r)).length;
          const want = destructorChain(n);
          if (want === undefined && e.kind === 'caught') return `close of ${c.pool} threw ${showError(e.error)} although no destructor call threw`;
          if (want !== undefined) {
            if (e.kind !== 'caught' && e.kind !== 'failed') return `close of ${c.pool}: ${n} destructor call(s) threw but close() threw nothing`;
            if (!same(e.error, want)) return `close of ${c.pool} threw ${JSON.stringify(e.error)}, expected ${n} chained destructor exception(s) ${JSON.stringify(want)}`;
          }
        }
        if (closing && e.kind === 'destroyed' && e.actor === closing.actor && e.pool === closing.pool) closing.seen.push(e.resource);
        if (rejected && e.actor === rejected.actor && e.kind !== 'suspended' && e.kind !== 'resumed') {
          const r = rejected;
          if (!r.destroyed) {
            if (e.kind === 'destroyed' && e.resource === r.resource) {
              r.destroyed = true;
              return undefined;
            }
            rejected = undefined;
            return undefined;
          }
          rejected = undefined;
          const throwing = throwsFor(r.pool, r.resource);
          const threw = (e.kind === 'caught' || e.kind === 'failed') && same(e.error, POOL_TEXT.destructor);
          if (throwing && !threw) return `the destructor threw for ${r.resource} after ${r.hook} rejected it (${at(trace, r.index)}) but the ${r.hook === 'beforeAcquire' ? 'acquire' : 'release'} of ${r.actor} went on (${e.kind})`;
          if (!throwing && threw) return `the ${r.hook === 'beforeAcquire' ? 'acquire' : 'release'} of ${r.actor} threw the destructor's exception although destroying ${r.resource} did not throw`;
        }
        if (e.kind === 'poolClose') {
          const p = m.pools.get(e.pool);
          if (p && !p.closed) closing = { actor: e.actor, pool: e.pool, idle: [...p.idle], index: _i, seen: [] };
        }
        if (e.kind === 'hook' && !e.ok && ((e.hook === 'beforeAcquire' && m.calls.has(e.actor)) || (e.hook === 'beforeRelease' && e.actor !== 'scheduler'))) {
          rejected = { actor: e.actor, pool: e.pool, resource: e.resource, index: _i, hook: e.hook, destroyed: false };
        }
        return undefined;
      },
    });
  },
});

// ---------------------------------------------------------------------------
// POOL-12
// ---------------------------------------------------------------------------

/** One healthcheck tick as the trace shows it. */
interface Tick {
  /** The pool. */
  pool: string;
  /** Its time. */
  t: number;
  /** Indices of its events (consecutive `scheduler` events of the pool at one time). */
  events: number[];
}

function ticksOf(trace: Trace): Tick[] {
  const out: Tick[] = [];
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (e.actor !== 'scheduler' || !('pool' in e) || (e.kind !== 'hook' && e.kind !== 'created' && e.kind !== 'destroyed')) continue;
    const last = out[out.length - 1];
    if (last && last.pool === e.pool && last.t === e.t && last.events[last.events.length - 1] === i - 1) last.events.push(i);
    else out.push({ pool: e.pool, t: e.t, events: [i] });
  }
  return out;
}

/**
 * POOL-12: the healthcheck.
 *
 * @remarks The full rule: every interval the healthcheck checks exactly the idle resources, in idle order, never one held or inside a hook; an unhealthy one is destroyed and replaced only while fewer than min exist; its timer is hidden (never keeps the run alive) and stops on close (needs core: the hidden timer)
 */
export const pool12 = defineProperty({
  id: 'POOL-12',
  rule: 'each interval the healthcheck checks exactly the idle resources, in idle order; its timer is hidden',
  needs: ['core', 'pool'],
  arbitrary: healthcheckScenario(),
  check({ scenario, actual: trace }) {
    const cfgs = poolConfigs(scenario);
    const ticks = ticksOf(trace);
    const tickAt = new Map<number, Tick>();
    for (const k of ticks) tickAt.set(k.events[0], k);
    const origin = new Map<string, number>();
    for (const e of trace) {
      const op = markerOf(e);
      if (op?.op === 'pool.new' && !origin.has(op.id)) origin.set(op.id, e.t);
    }
    const lastActive = trace.reduce((m, e) => (e.actor !== 'scheduler' && e.t > m ? e.t : m), -1);
    const due: Array<{ pool: string; T: number; keep: boolean; seen: boolean }> = [];
    for (const cfg of cfgs.values()) {
      const t0 = origin.get(cfg.id);
      if (!cfg.healthcheck || cfg.interval <= 0 || t0 === undefined) continue;
      for (let T = t0 + cfg.interval; T < lastActive; T += cfg.interval) due.push({ pool: cfg.id, T, keep: true, seen: false });
    }
    const observe = (t: number, m: PoolMonitor): void => {
      for (const d of due) {
        if (d.T !== t) continue;
        d.seen = true;
        const p = m.pools.get(d.pool);
        if (!p || p.idle.length === 0 || p.closed) d.keep = false;
      }
    };
    let current: { tick: Tick; idle: string[]; hooked: string[] } | undefined;
    return judge(scenario, trace, anomalies('checkedNotIdle'), {
      before(i, e, m) {
        for (const d of due) {
          if (d.T >= e.t || !d.keep) continue;
          d.keep = false;
          const p = m.pools.get(d.pool);
          const idle = d.seen || (p !== undefined && p.idle.length > 0 && !p.closed);
          if (idle && !ticks.some((k) => k.pool === d.pool && k.t === d.T)) {
            return `no healthcheck of ${d.pool} ran at t=${d.T} although resources stayed idle then and the run went on`;
          }
        }
        observe(e.t, m);
        const starting = tickAt.get(i);
        if (starting) {
          const p = m.pools.get(starting.pool);
          const cfg = cfgs.get(starting.pool);
          if (!p || !cfg) return undefined;
          if (p.closed) return `a healthcheck of ${p.cfg.id} ran after the pool was closed`;
          if (cfg.interval <= 0 || !cfg.healthcheck) return `${starting.pool} has no healthcheck timer but a tick ran`;
          const t0 = origin.get(starting.pool) ?? 0;
          if (starting.t <= t0 || (starting.t - t0) % cfg.interval !== 0) {
            return `a healthcheck of ${p.cfg.id} ran at t=${starting.t}, not at a multiple of its interval ${cfg.interval} after t=${t0}`;
          }
          current = { tick: starting, idle: [...p.idle], hooked: [] };
        }
        if (!current || !current.tick.events.includes(i)) return undefined;
        const p = m.pools.get(current.tick.pool)!;
        if (e.kind === 'hook') {
          if (e.hook !== 'healthcheck') return `the scheduler called ${e.hook}`;
          current.hooked.push(e.resource);
        }
        if (e.kind === 'created' && m.alive(p) >= p.cfg.min) {
          return `the healthcheck created ${e.resource} although ${m.alive(p)} resources exist and min is ${p.cfg.min}`;
        }
        return undefined;
      },
      after(i, e, m) {
        observe(e.t, m);
        if (!current || current.tick.events[current.tick.events.length - 1] !== i) return undefined;
        const c = current;
        current = undefined;
        const p = m.pools.get(c.tick.pool)!;
        if (!same(c.hooked, c.idle)) return `the healthcheck at t=${c.tick.t} checked [${c.hooked.join(', ')}], but [${c.idle.join(', ')}] were idle (in that order)`;
        const failing = (p.cfg.factory.failOn ?? []).length > 0;
        const destroyed = c.tick.events.some((x) => trace[x].kind === 'destroyed');
        if (!failing && destroyed && m.alive(p) + m.midAcquirers(p.cfg.id).length < p.cfg.min) {
          return `after the healthcheck at t=${c.tick.t} only ${m.alive(p)} resources exist, fewer than min=${p.cfg.min}: unhealthy ones must be replaced`;
        }
        if (!trace.slice(i + 1).some((x) => x.actor !== 'scheduler')) {
          return `the healthcheck at t=${c.tick.t} kept the run alive: nothing but the scheduler acted after it (its timer must be hidden)`;
        }
        return undefined;
      },
    });
  },
});

// ---------------------------------------------------------------------------

function fcOneOf(arbs: fc.Arbitrary<Scenario>[]): fc.Arbitrary<Scenario> {
  return fc.oneof(...arbs);
}

/** The pool properties, in ID order (capability `pool`; POOL-5 and POOL-12 also `core`). */
export const poolProperties: ConformanceProperty[] = [pool1, pool2, pool3, pool4, pool5, pool6, pool7, pool8, pool9, pool10, pool11, pool12];
