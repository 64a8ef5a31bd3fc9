/**
 * Conformance properties of scopes (SCP-1..SCP-16, SCP-18..SCP-20; SCP-17 is
 * spec-only): the tree, safe flags and zombies, cancellation cascades,
 * closing and disposal, predicates, `disposeAfterTimeout`, waiting on scopes,
 * fail-together, scope finally handlers and self-cancellation.
 *
 * @remarks
 * The checks read the actual trace and the scenario only. Because scope
 * instructions emit little, the scenarios mark every scope instruction (see
 * `scopeScenarios.ts`), and the checks share a *scope monitor*: a replay of
 * the trace that keeps, event by event, what the rules say about each scope
 * — its tree, safe flag, `CANCELLED` / `CLOSED` / disposed flags, which of its
 * coroutines are unfinished or zombies — and records, for each cascade, which
 * coroutines it reached and how. The monitor learns only from the trace (who
 * was spawned where, who finished, which `scopeCancel` happened) and from the
 * rules themselves; each property then judges the events its rule is about
 * against that state. A trace with a `shutdown` or `deadlock` ends the
 * replay (the generators never cause either).
 *
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import * as fc from 'fast-check';
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import { isCancellation, type ErrorValue, type HandlerSpec, type Scenario } from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import { parseOnFinallyMarker } from '../arbitraries/markers.js';
import {
  failTogetherScenario, lifecycleScenario, parseScopeOpMarker, safetyScenario, scopeTreeScenario, scopeWaitScenario,
  selfCancelScopeScenario, timeoutScenario, unstartedScenario, type ScopeOp,
} from '../arbitraries/scopeScenarios.js';
import { at, instructions, isKind, nextOf, same, showError } from './traceQueries.js';

/** Messages the scope rules fix. */
export const SCOPE_TEXT = {
  scopeCancelled: 'Scope was cancelled',
  coroutineCancelled: 'Coroutine cancelled',
  timeout: 'Scope has been disposed due to timeout',
  disposed: 'Scope object has been disposed',
  closed: 'Cannot spawn a coroutine in a closed scope',
  inheritDisposed: 'Cannot inherit a Scope from a parent Scope that has already been disposed.',
  awaitOwn: 'Cannot await completion of scope from a coroutine that belongs to the same scope or its children',
  notCancelled: 'Attempt to await a Scope that has not been cancelled',
  awaitCancelled: 'The scope has been cancelled',
} as const;

const MAIN = '';
const cancellation = (message: string): ErrorValue => ({ class: 'Async\\AsyncCancellation', message });
const asyncException = (message: string): ErrorValue => ({ class: 'Async\\AsyncException', message });

/** A scope as the monitor sees it. */
export interface MonitoredScope {
  /** Scope id ('' for main's scope). */
  id: string;
  /** Parent id ('' = main's scope), `null` for a root. */
  parent: string | null;
  /** Live child scopes in creation order (a disposed child leaves). */
  children: string[];
  /** Unfinished coroutines (zombies included) in spawn order. */
  coroutines: string[];
  /** `DISPOSE_SAFELY`. */
  safe: boolean;
  /** `CANCELLED`. */
  cancelled: boolean;
  /** `CLOSED`. */
  closed: boolean;
  /** Disposed (the object reports closed). */
  disposed: boolean;
  /** Whether its finally handlers ran (closed or disposed). */
  finallyRan: boolean;
  /** Index of the event at which they were due to run. */
  finallyAt?: number;
  /** Handlers registered before they ran, in order. */
  finallyHandlers: string[];
  /** Its exception handler. */
  handler?: HandlerSpec;
  /** Its child-scope exception handler. */
  childHandler?: HandlerSpec;
}

/** A coroutine as the monitor sees it. */
export interface MonitoredCoroutine {
  /** Coroutine id. */
  id: string;
  /** Its scope ('' = main's scope). */
  scope: string;
  /** It emitted `started`. */
  started: boolean;
  /** It emitted `completed` / `failed`. */
  finished: boolean;
  /** A safe cascade made it a zombie. */
  zombie: boolean;
  /** What its last `suspended` was on, until it resumes. */
  waitingOn?: string;
  /** The cancellation a cascade applied and that it has not received yet. */
  pending?: ErrorValue;
}

/** How a cascade reached one coroutine. */
export interface Hit {
  /** The coroutine. */
  co: string;
  /** `error`: it is woken with the cancellation; `zombie`: safe mode; `ignored`: not started; `self`: the actor. */
  kind: 'error' | 'zombie' | 'ignored' | 'self';
  /** The cancellation it now has pending (first wins). */
  error: ErrorValue;
  /** It was suspended on something other than the queue when hit. */
  waiting: boolean;
}

/** One cancellation cascade: a user cancel (`scopeCancel`), one level of fail-together, or a `cancel` instruction. */
export interface Cascade {
  /** Index of the event that started it (`scopeCancel`, `failed`, `cancel`). */
  index: number;
  /** What started it. */
  how: 'cancel' | 'dispose' | 'disposeSafely' | 'timeout' | 'fail' | 'coroutine';
  /** The scope cancelled (the failing coroutine's scope level for `fail`), or the coroutine for `coroutine`. */
  target: string;
  /** Who acted. */
  actor: string;
  /** Its mode. */
  safe: boolean;
  /** The cancellation (for `fail`, the failure). */
  error: ErrorValue;
  /** Scopes it set `CANCELLED`, in order (pre-order). */
  reached: string[];
  /** Scopes it closed at once. */
  closed: string[];
  /** Coroutines it reached, in order. */
  hits: Hit[];
}

/** A coroutine waiting on a scope. */
export interface MonitoredWaiter {
  /** The waiting coroutine. */
  co: string;
  /** The awaited scope. */
  scope: string;
  /** `awaitCompletion` or `awaitAfterCancellation`. */
  kind: 'completion' | 'drain';
  /** Index of its `suspended`. */
  index: number;
  /** Virtual time its timeout fires, if any. */
  due?: number;
  /** `trigger:id` / `future:id` / `coroutine:id` of its token, if any. */
  token?: string;
  /** How it was resolved, if it was. */
  resolved?: { index: number; by: 'completion' | 'notify' | 'timeout' | 'token' | 'cancel' | 'other'; error?: ErrorValue; exact: boolean };
}

/** What the monitor predicts for an unhandled failure (SCP-14). */
export interface MonitoredFailure {
  /** Index of the `failed` event. */
  index: number;
  /** The failed coroutine. */
  co: string;
  /** Its error. */
  error: ErrorValue;
  /** Handler calls in order. */
  handlers: Array<{ scope: string; handler: string }>;
  /** Fail-together levels, in order. */
  cascades: Cascade[];
  /** Scope whose waiters received the error, if any. */
  notified?: string;
}

/**
 * The scope monitor: a replay of a trace with what the scope rules say.
 *
 * @remarks Call {@link ScopeMonitor.step} for every event in order; before
 * `step(i)` the state reflects the events before `i`.
 */
export class ScopeMonitor {
  /** Every scope seen, main's scope ('') included. */
  readonly scopes = new Map<string, MonitoredScope>();
  /** Every coroutine seen. */
  readonly coroutines = new Map<string, MonitoredCoroutine>();
  /** Every cascade, in order. */
  readonly cascades: Cascade[] = [];
  /** Every unhandled ordinary failure in a scenario scope. */
  readonly failures: MonitoredFailure[] = [];
  /** Every scope wait, in arrival order. */
  readonly waiters: MonitoredWaiter[] = [];
  /** The last marked scope instruction of each actor. */
  readonly lastOp = new Map<string, { op: ScopeOp; index: number }>();
  /** A shutdown or deadlock happened: the replay stops. */
  stopped = false;
  /** Index of that shutdown or deadlock (events from there on are not judged). */
  stoppedAt = Infinity;
  private readonly spawnScope = new Map<string, string | undefined>();
  private index = 0;
  private actor = 'main';

  /**
   * @param scenario - the scenario (for the scopes of its spawns).
   * @param trace - the trace to replay.
   */
  constructor(readonly scenario: Scenario, readonly trace: Trace) {
    for (const i of instructions(scenario)) if (i.op === 'spawn') this.spawnScope.set(i.id, i.scope);
    this.scopes.set(MAIN, this.newScope(MAIN, null, true));
    this.coroutines.set('main', { id: 'main', scope: MAIN, started: false, finished: false, zombie: false });
    this.scopes.get(MAIN)!.coroutines.push('main');
  }

  private newScope(id: string, parent: string | null, safe: boolean): MonitoredScope {
    return { id, parent, children: [], coroutines: [], safe, cancelled: false, closed: false, disposed: false, finallyRan: false, finallyHandlers: [] };
  }

  /** The scope of a coroutine ('' = main's scope), if known. */
  scopeOf(co: string): string | undefined {
    return this.coroutines.get(co)?.scope;
  }

  /** Scope `id` (undefined when unknown). */
  scope(id: string): MonitoredScope | undefined {
    return this.scopes.get(id);
  }

  /** Whether `inner` is `outer` or below it in the tree. */
  within(inner: string, outer: string): boolean {
    for (let s: string | null = inner; s !== null; s = this.scopes.get(s)?.parent ?? null) if (s === outer) return true;
    return false;
  }

  /** Unfinished coroutines of the subtree of `id`. */
  unfinishedIn(id: string): MonitoredCoroutine[] {
    const s = this.scopes.get(id);
    if (!s) return [];
    return [...s.coroutines.map((c) => this.coroutines.get(c)!), ...s.children.flatMap((c) => this.unfinishedIn(c))];
  }

  /** `drained(S)`: no unfinished coroutine (zombies included) in the subtree. */
  drained(id: string): boolean {
    return this.unfinishedIn(id).length === 0;
  }

  /** C's `SCOPE_IS_COMPLETELY_DONE`: closed, cancelled, or no unfinished coroutine of its own and every child completely done (SCP-7). */
  completelyDone(id: string): boolean {
    const s = this.scopes.get(id);
    if (!s) return true;
    return s.closed || s.cancelled || (s.coroutines.length === 0 && s.children.every((c) => this.completelyDone(c)));
  }

  /** `settled(S)`: no unfinished non-zombie coroutine in the subtree. */
  settled(id: string): boolean {
    return this.unfinishedIn(id).every((c) => c.zombie);
  }

  /** `completed(S)` = CLOSED ∨ CANCELLED ∨ (no active own coroutine ∧ every child completed). */
  completed(id: string): boolean {
    const s = this.scopes.get(id)!;
    return s.closed || s.cancelled || (s.coroutines.every((c) => this.coroutines.get(c)!.zombie) && s.children.every((c) => this.completed(c)));
  }

  /** What `query` answers on a scope (SCP-9). */
  predicate(id: string, what: string): boolean | undefined {
    const s = this.scopes.get(id);
    if (!s) return undefined;
    if (what === 'isCancelled') return s.cancelled;
    if (what === 'isClosed') return s.closed || s.disposed;
    if (what === 'isFinished') return s.disposed || this.completed(id);
    return undefined;
  }

  /** Apply event `i`. */
  step(i: number): void {
    if (this.stopped) return;
    this.index = i;
    const e = this.trace[i];
    this.actor = e.actor;
    for (const w of this.waiters) {
      if (!w.resolved && w.due !== undefined && e.t >= w.due) {
        w.resolved = { index: i, by: 'timeout', exact: e.t === w.due && e.actor !== 'scheduler' };
      }
    }
    switch (e.kind) {
      case 'shutdown':
      case 'deadlock':
        this.stopped = true;
        this.stoppedAt = i;
        return;
      case 'log':
        this.onLog(e.actor, e.value);
        return;
      case 'spawned': {
        const scope = this.spawnScope.get(e.coroutine) ?? this.scopeOf(e.actor) ?? MAIN;
        this.coroutines.set(e.coroutine, { id: e.coroutine, scope, started: false, finished: false, zombie: false });
        this.scopes.get(scope)?.coroutines.push(e.coroutine);
        return;
      }
      case 'started': {
        const co = this.coroutines.get(e.actor);
        if (co) co.started = true;
        return;
      }
      case 'suspended': {
        const co = this.coroutines.get(e.actor);
        if (co) co.waitingOn = e.on;
        if (e.on.startsWith('scope:')) this.addWaiter(e.actor, e.on.slice(6), i, e.t);
        return;
      }
      case 'resumed': {
        const co = this.coroutines.get(e.actor);
        if (co) {
          co.waitingOn = undefined;
          co.pending = undefined;
        }
        for (const w of this.waiters) if (w.co === e.actor && !w.resolved) w.resolved = { index: i, by: 'other', exact: false };
        return;
      }
      case 'fire':
      case 'close':
        this.tokenFired(`trigger:${e.event}`);
        return;
      case 'settle':
        this.tokenFired(`future:${e.event}`, e.error);
        return;
      case 'scopeCancel': {
        const s = this.scopes.get(e.scope);
        if (!s) return;
        const safe = e.how === 'disposeSafely' ? true : s.safe;
        const cascade = this.newCascade(e.how, e.scope, safe, cancellation(e.reason));
        this.userCancel(e.scope, cascade.error, safe, cascade);
        return;
      }
      case 'cancel': {
        const cascade = this.newCascade('coroutine', e.target, false, cancellation(e.reason));
        this.cancelCoroutine(e.target, cascade.error, false, cascade);
        return;
      }
      case 'completed':
      case 'failed':
        this.finish(e.actor, e.kind === 'failed' ? e.error : undefined);
        return;
      default:
        return;
    }
  }

  private onLog(actor: string, value: unknown): void {
    const fin = parseOnFinallyMarker(value);
    if (fin && this.scopes.has(fin.target) && fin.target !== MAIN) {
      const s = this.scopes.get(fin.target)!;
      if (!s.finallyRan) s.finallyHandlers.push(fin.handler);
      return;
    }
    const op = parseScopeOpMarker(value);
    if (!op) return;
    this.lastOp.set(actor, { op, index: this.index });
    switch (op.op) {
      case 'scope.new':
        this.scopes.set(op.id, this.newScope(op.id, null, false));
        return;
      case 'scope.inherit': {
        const parentId = op.parent ?? this.scopeOf(actor) ?? MAIN;
        const parent = this.scopes.get(parentId);
        if (!parent || parent.disposed) return;
        this.scopes.set(op.id, this.newScope(op.id, parentId, parent.safe));
        parent.children.push(op.id);
        return;
      }
      case 'scope.asNotSafely':
      case 'scope.allowZombies': {
        const s = this.scopes.get(op.scope);
        if (s && !s.disposed) s.safe = op.op === 'scope.allowZombies';
        return;
      }
      case 'scope.setExceptionHandler':
      case 'scope.setChildScopeExceptionHandler': {
        const s = this.scopes.get(op.scope);
        if (!s || s.disposed) return;
        if (op.op === 'scope.setExceptionHandler') s.handler = { handler: op.handler, action: op.action };
        else s.childHandler = { handler: op.handler, action: op.action };
        return;
      }
      default:
        return;
    }
  }

  private addWaiter(co: string, scope: string, index: number, t: number): void {
    const op = this.lastOp.get(co)?.op;
    const kind = op?.op === 'scope.awaitAfterCancellation' ? 'drain' : 'completion';
    const w: MonitoredWaiter = { co, scope, kind, index };
    if (op && (op.op === 'scope.awaitCompletion' || op.op === 'scope.awaitAfterCancellation')) {
      if (op.timeoutMs !== undefined) w.due = t + op.timeoutMs;
      if (op.op === 'scope.awaitCompletion' && op.cancellation) {
        const c = op.cancellation;
        w.token = 'coroutine' in c ? `coroutine:${c.coroutine}` : 'future' in c ? `future:${c.future}` : `trigger:${c.trigger}`;
      }
    }
    this.waiters.push(w);
  }

  private tokenFired(key: string, error?: ErrorValue): void {
    for (const w of this.waiters) {
      if (w.resolved || w.token !== key) continue;
      w.resolved = { index: this.index, by: 'token', exact: true, error: { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled', ...(error ? { previous: error } : {}) } };
    }
  }

  private newCascade(how: Cascade['how'], target: string, safe: boolean, error: ErrorValue): Cascade {
    const c: Cascade = { index: this.index, how, target, actor: this.actor, safe, error, reached: [], closed: [], hits: [] };
    this.cascades.push(c);
    return c;
  }

  private runFinally(s: MonitoredScope): void {
    if (s.finallyRan) return;
    s.finallyRan = true;
    s.finallyAt = this.index;
  }

  private userCancel(id: string, error: ErrorValue, safe: boolean, cascade: Cascade): void {
    const s = this.scopes.get(id);
    if (!s || s.disposed || s.closed) return;
    if (this.completelyDone(id)) {
      s.closed = true;
      cascade.closed.push(id);
      this.runFinally(s);
      return;
    }
    s.cancelled = true;
    cascade.reached.push(id);
    for (const child of [...s.children]) this.userCancel(child, error, safe, cascade);
    for (const co of [...s.coroutines]) this.cancelCoroutine(co, error, safe, cascade);
    this.notify(id, error);
  }

  private cancelCoroutine(id: string, error: ErrorValue, safe: boolean, cascade: Cascade): void {
    const co = this.coroutines.get(id);
    if (!co || co.finished) return;
    const waiting = co.waitingOn !== undefined && co.waitingOn !== 'queue';
    if (id === this.actor) {
      cascade.hits.push({ co: id, kind: 'self', error, waiting: false });
      return;
    }
    if (!co.started) {
      co.pending = merge(co.pending, error);
      cascade.hits.push({ co: id, kind: 'ignored', error: co.pending, waiting });
      return;
    }
    if (safe) {
      cascade.hits.push({ co: id, kind: 'zombie', error, waiting });
      if (!co.zombie) {
        co.zombie = true;
        this.completionCheck(co.scope);
      }
      return;
    }
    co.pending = merge(co.pending, error);
    cascade.hits.push({ co: id, kind: 'error', error: co.pending, waiting });
    for (const w of this.waiters) if (w.co === id && !w.resolved) w.resolved = { index: this.index, by: 'cancel', error: co.pending, exact: true };
  }

  private notify(scope: string, error: ErrorValue): number {
    let woken = 0;
    for (const w of this.waiters) {
      if (w.scope !== scope || w.resolved) continue;
      w.resolved = { index: this.index, by: 'notify', error, exact: true };
      woken++;
    }
    return woken;
  }

  private completionCheck(id: string): void {
    for (let cur: string | null = id; cur !== null; cur = this.scopes.get(cur)?.parent ?? null) {
      for (const w of this.waiters) {
        if (w.scope !== cur || w.resolved) continue;
        if (w.kind === 'completion' ? this.settled(cur) : this.drained(cur)) w.resolved = { index: this.index, by: 'completion', exact: true };
      }
    }
  }

  private finish(id: string, error: ErrorValue | undefined): void {
    const co = this.coroutines.get(id);
    if (!co || co.finished) return;
    co.finished = true;
    co.waitingOn = undefined;
    let handled = false;
    for (const other of this.coroutines.values()) {
      if (other.waitingOn === `coroutine:${id}` && other.pending === undefined && !other.finished) handled = true;
    }
    this.tokenFired(`coroutine:${id}`, error);
    if (error && !isCancellation(error) && !handled && co.scope !== MAIN) {
      const failure: MonitoredFailure = { index: this.index, co: id, error, handlers: [], cascades: [] };
      this.failures.push(failure);
      this.catchError(co.scope, null, error, failure, this.scopes.get(co.scope)?.safe ?? false);
    }
    const s = this.scopes.get(co.scope);
    if (!s) return;
    s.coroutines = s.coroutines.filter((c) => c !== id);
    this.completionCheck(s.id);
    this.tryDispose(s.id);
  }

  private catchError(id: string, from: string | null, error: ErrorValue, failure: MonitoredFailure, safe: boolean): void {
    if (id === MAIN) return;
    const s = this.scopes.get(id);
    if (!s) return;
    if (from !== null && s.childHandler) {
      failure.handlers.push({ scope: id, handler: s.childHandler.handler });
      if (s.childHandler.action === 'swallow') return;
    }
    if (s.handler) {
      failure.handlers.push({ scope: id, handler: s.handler.handler });
      if (s.handler.action === 'swallow') return;
    }
    const cascade = this.newCascade('fail', id, safe, error);
    failure.cascades.push(cascade);
    s.cancelled = true;
    cascade.reached.push(id);
    for (const child of [...s.children]) this.userCancel(child, cancellation(SCOPE_TEXT.scopeCancelled), safe, cascade);
    for (const co of [...s.coroutines]) this.cancelCoroutine(co, cancellation(SCOPE_TEXT.coroutineCancelled), safe, cascade);
    if (this.notify(id, error) > 0) {
      failure.notified = id;
      return;
    }
    if (s.parent !== null && s.parent !== MAIN) this.catchError(s.parent, id, error, failure, safe);
  }

  private disposable(id: string): boolean {
    const s = this.scopes.get(id)!;
    return !s.disposed && s.cancelled && s.coroutines.length === 0 && s.children.every((c) => this.disposable(c));
  }

  private disposeTree(id: string): void {
    const s = this.scopes.get(id)!;
    for (const c of [...s.children]) this.disposeTree(c);
    s.disposed = true;
    this.runFinally(s);
    if (s.parent !== null) {
      const p = this.scopes.get(s.parent);
      if (p) p.children = p.children.filter((c) => c !== id);
    }
  }

  private tryDispose(id: string): void {
    for (let cur: string | null = id; cur !== null && cur !== MAIN; ) {
      if (!this.disposable(cur)) return;
      const parent: string | null = this.scopes.get(cur)!.parent;
      this.disposeTree(cur);
      cur = parent;
    }
  }
}

/** First cancellation wins; an ordinary pending error is chained (§3.2 step 5). */
function merge(pending: ErrorValue | undefined, error: ErrorValue): ErrorValue {
  if (pending === undefined) return error;
  if (isCancellation(pending)) return pending;
  return { ...error, previous: pending };
}

/**
 * Replay a trace through a {@link ScopeMonitor}, calling `visit` before each
 * event is applied; the first message `visit` returns is the verdict.
 */
export function replay(
  scenario: Scenario, trace: Trace, visit: (i: number, e: TraceEvent, m: ScopeMonitor) => string | undefined,
): { verdict: string | undefined; monitor: ScopeMonitor } {
  const m = new ScopeMonitor(scenario, trace);
  for (let i = 0; i < trace.length; i++) {
    if (m.stopped) break;
    const verdict = visit(i, trace[i], m);
    if (verdict !== undefined) return { verdict, monitor: m };
    m.step(i);
  }
  return { verdict: undefined, monitor: m };
}

/** Run the monitor over the whole trace (for checks that look at it afterwards). */
function monitor(scenario: Scenario, trace: Trace): ScopeMonitor {
  return replay(scenario, trace, () => undefined).monitor;
}

/** The marked scope instruction a `log` event announces, if it is one. */
function opAt(e: TraceEvent): ScopeOp | undefined {
  return e.kind === 'log' ? parseScopeOpMarker(e.value) : undefined;
}

/** The index of the next event of `actor` after `i` (what the marked instruction did), or -1. */
function next(trace: Trace, actor: string, i: number): number {
  return nextOf(trace, actor, i);
}

/** Describe an event for a message. */
function describe(trace: Trace, k: number): string {
  const e = trace[k];
  if (!e) return 'nothing';
  if (e.kind === 'caught' || e.kind === 'failed') return `${e.kind} ${showError(e.error)} at ${at(trace, k)}`;
  if (e.kind === 'resumed') return `resumed${e.error ? ` with ${showError(e.error)}` : ''} at ${at(trace, k)}`;
  return `${e.kind} at ${at(trace, k)}`;
}

/** Whether event `k` is `actor` throwing `error` (a `caught` by its guard, or `failed`). */
function throwsError(trace: Trace, k: number, error: ErrorValue): boolean {
  const e = trace[k];
  return (isKind(e, 'caught') || isKind(e, 'failed')) && same(e.error, error);
}

/** Whether event `k` is an error thrown by the actor (caught or failed). */
function isError(trace: Trace, k: number): boolean {
  const e = trace[k];
  return isKind(e, 'caught') || isKind(e, 'failed');
}

/** Index of the first event after `from` that is the coroutine's `resumed`, `completed` or `failed`. */
function nextResumeOrEnd(trace: Trace, co: string, from: number): number {
  for (let k = from + 1; k < trace.length; k++) {
    const e = trace[k];
    if (e.actor === co && (e.kind === 'resumed' || e.kind === 'completed' || e.kind === 'failed' || e.kind === 'started')) return k;
  }
  return -1;
}

/** Index of a later cascade hit on `co` after cascade index `c`, or Infinity. */
function laterHit(m: ScopeMonitor, co: string, c: number): number {
  const k = m.cascades.find((x) => x.index > c && x.hits.some((h) => h.co === co));
  return k ? k.index : Infinity;
}

/**
 * The effect of each hit of the selected cascades on its coroutine: `error`
 * → its next resumption carries the cancellation; `zombie` → it is resumed
 * without one and does not fail with it; `ignored` → it never starts and
 * fails with it.
 */
function hitEffects(trace: Trace, m: ScopeMonitor, select: (c: Cascade) => boolean, kinds: Array<Hit['kind']>): string | undefined {
  for (const c of m.cascades) {
    if (!select(c)) continue;
    const what = c.how === 'fail' ? `fail-together of ${c.target}` : `${c.how} of ${c.target}`;
    for (const h of c.hits) {
      if (!kinds.includes(h.kind)) continue;
      const k = nextResumeOrEnd(trace, h.co, c.index);
      const later = Math.min(laterHit(m, h.co, c.index), m.stoppedAt);
      if (k >= m.stoppedAt) continue;
      if (h.kind === 'error') {
        const e = trace[k];
        if (!isKind(e, 'resumed') || !e.error || !same(e.error, h.error)) {
          return `${h.co} was reached by the ${what} at ${at(trace, c.index)} (${c.safe ? 'safe' : 'not safe'} mode) but its next resumption is ${describe(trace, k)}, expected resumed with ${showError(h.error)}`;
        }
      } else if (h.kind === 'zombie') {
        if (k !== -1 && k < later) {
          const e = trace[k];
          if ((isKind(e, 'resumed') && e.error) || (isKind(e, 'failed') && isCancellation(e.error))) {
            return `${h.co} was started when the ${what} at ${at(trace, c.index)} ran in safe mode, so it should become a zombie and run on, but it got ${describe(trace, k)}`;
          }
        }
      } else if (h.kind === 'ignored') {
        const s = trace.findIndex((e, j) => j > c.index && e.actor === h.co && e.kind === 'started');
        if (s !== -1) return `${h.co} had not started when the ${what} at ${at(trace, c.index)} reached it, yet it started at ${at(trace, s)}`;
        const f = trace.findIndex((e, j) => j > c.index && e.actor === h.co && (e.kind === 'failed' || e.kind === 'completed'));
        const e = trace[f];
        if (f !== -1 && !(isKind(e, 'failed') && same(e.error, h.error))) {
          return `${h.co} was cancelled before it started by the ${what} at ${at(trace, c.index)}; it should fail with ${showError(h.error)} but ended with ${describe(trace, f)}`;
        }
      }
    }
  }
  return undefined;
}

/**
 * No coroutine of a scenario scope receives a cancellation that no cascade
 * gave it: a coroutine suspended on the queue or a timer (the generated
 * scope coroutines do nothing else) is resumed with a cancellation only if
 * the monitor has one pending for it.
 */
function unexplainedCancellations(scenario: Scenario, trace: Trace): string | undefined {
  return replay(scenario, trace, (i, e, m) => {
    if (e.kind !== 'resumed' || !e.error || !isCancellation(e.error)) return undefined;
    const co = m.coroutines.get(e.actor);
    if (!co || co.scope === MAIN || co.pending !== undefined) return undefined;
    if (co.waitingOn !== 'timer' && co.waitingOn !== 'queue') return undefined;
    return `${e.actor} (in scope ${co.scope}) was resumed with ${showError(e.error)} at ${at(trace, i)}, but no cancel of its scope or of an ancestor reached it`;
  }).verdict;
}

/**
 * SCP-1: the tree — a cancel reaches the inherit-ed scopes below it and nothing else.
 *
 * @remarks The full rule: Scope::inherit() makes a child of the given (or current) scope: cancelling a scope reaches its inherited descendants, never its parent or siblings
 */
export const scp1 = defineProperty({
  id: 'SCP-1',
  rule: 'Scope::inherit() makes a child scope: a cancel reaches inherited descendants, never parents or siblings',
  needs: ['core', 'scope'],
  arbitrary: scopeTreeScenario({ zombies: true }),
  check({ scenario, actual }) {
    const reasons = new Map<string, string[]>();
    return replay(scenario, actual, (i, e, m) => {
      if (e.kind === 'scopeCancel') reasons.set(e.reason, [...(reasons.get(e.reason) ?? []), e.scope]);
      if (e.kind === 'query' && e.what === 'isCancelled' && m.scope(e.target) && e.target !== MAIN) {
        const expected = m.predicate(e.target, 'isCancelled');
        if (e.value === expected) return undefined;
        const ancestors = m.cascades.filter((c) => c.how !== 'coroutine' && m.within(e.target, c.target)).map((c) => c.target);
        return expected
          ? `${e.target}.isCancelled() is false at ${at(actual, i)}, though the cancel of ${ancestors.join(', ')} reached it while coroutines of its subtree were running (it is an inherited descendant)`
          : `${e.target}.isCancelled() is true at ${at(actual, i)}, though no cancel of it or of an ancestor reached it (cancelled so far: ${m.cascades.map((c) => c.target).join(', ') || 'none'}) — a cancel went up or sideways`;
      }
      if ((e.kind === 'resumed' || e.kind === 'failed') && e.error && isCancellation(e.error) && reasons.has(e.error.message)) {
        const home = m.scopeOf(e.actor);
        if (home === undefined) return undefined;
        const targets = reasons.get(e.error.message)!;
        if (!targets.some((t) => m.within(home, t))) {
          return `${e.actor} (in ${home || "main's scope"}) got ${showError(e.error)} at ${at(actual, i)}, the cancellation of ${targets.join(', ')}, which is not an ancestor of its scope`;
        }
      }
      return undefined;
    }).verdict;
  },
});

/**
 * SCP-2: safe-flag defaults, judged by what a cancel in the scope's own mode does to started coroutines.
 *
 * @remarks The full rule: new Scope() is not safe, Scope::inherit() copies the parent's safe flag (main's scope is safe), asNotSafely()/allowZombies() clear/set it: a cancel in the scope's own mode cancels started coroutines exactly when it is not safe
 */
export const scp2 = defineProperty({
  id: 'SCP-2',
  rule: 'the safe flag (new: unsafe, inherit: copied, asNotSafely/allowZombies) decides if a cancel hits started coroutines',
  needs: ['core', 'scope'],
  arbitrary: safetyScenario(['cancel', 'cancelReason', 'dispose']),
  check({ scenario, actual }) {
    const m = monitor(scenario, actual);
    return hitEffects(actual, m, (c) => c.how === 'cancel' || c.how === 'dispose' || c.how === 'timeout', ['error', 'zombie']);
  },
});

/**
 * SCP-3: spawn guards.
 *
 * @remarks The full rule: spawning into a disposed scope throws AsyncException("Scope object has been disposed"), into a closed one AsyncException("Cannot spawn a coroutine in a closed scope"); an open or merely cancelled scope accepts it
 */
export const scp3 = defineProperty({
  id: 'SCP-3',
  rule: 'spawning into a disposed or closed scope throws its AsyncException; an open or merely cancelled scope accepts it',
  needs: ['core', 'scope'],
  arbitrary: lifecycleScenario({ spawn: 4, cancel: 3, dispose: 2, query: 1, onFinally: 1, inherit: 0, handler: 0, flag: 0, awaitCompletion: 0, awaitAfterCancellation: 0 }),
  check({ scenario, actual }) {
    return replay(scenario, actual, (i, e, m) => {
      const op = opAt(e);
      if (op?.op !== 'spawn') return undefined;
      const target = op.scope ?? m.scopeOf(e.actor);
      const s = target === undefined ? undefined : m.scope(target);
      if (!s || target === MAIN) return undefined;
      const k = next(actual, e.actor, i);
      const expected = op.scope !== undefined && s.disposed ? asyncException(SCOPE_TEXT.disposed) : s.closed || s.disposed ? asyncException(SCOPE_TEXT.closed) : undefined;
      if (expected) {
        if (!throwsError(actual, k, expected)) return `${e.actor} spawns ${op.id} into ${s.disposed ? 'disposed' : 'closed'} scope ${target} at ${at(actual, i)}: expected ${showError(expected)}, got ${describe(actual, k)}`;
      } else if (!(isKind(actual[k], 'spawned') && actual[k].coroutine === op.id)) {
        return `${e.actor} spawns ${op.id} into ${s.cancelled ? 'cancelled but not closed' : 'open'} scope ${target} at ${at(actual, i)}: expected spawned, got ${describe(actual, k)}`;
      }
      return undefined;
    }).verdict;
  },
});

/**
 * SCP-4: cascade direction and order.
 *
 * @remarks The full rule: cancelling a scope affects only its subtree; the coroutines of its child scopes (recursively, in creation order) are cancelled before its own, each scope's in spawn order
 */
export const scp4 = defineProperty({
  id: 'SCP-4',
  rule: 'cancelling a scope affects only its subtree: child scopes\' coroutines first, in creation order, then its own',
  needs: ['core', 'scope'],
  arbitrary: scopeTreeScenario(),
  check({ scenario, actual }) {
    const m = monitor(scenario, actual);
    for (const c of m.cascades) {
      if (c.how === 'coroutine' || c.how === 'fail' || c.safe) continue;
      const order = c.hits.filter((h) => h.kind === 'error' && h.waiting);
      const resumes = order.map((h) => ({ co: h.co, k: nextResumeOrEnd(actual, h.co, c.index) }));
      for (const r of resumes) {
        const e = actual[r.k];
        if (!isKind(e, 'resumed') || !e.error) {
          return `${r.co} is in the subtree of ${c.target}, cancelled at ${at(actual, c.index)}, but its next resumption is ${describe(actual, r.k)}`;
        }
      }
      for (let a = 1; a < resumes.length; a++) {
        if (resumes[a].k < resumes[a - 1].k) {
          const sa = m.scopeOf(resumes[a - 1].co);
          const sb = m.scopeOf(resumes[a].co);
          return `cancel of ${c.target} at ${at(actual, c.index)}: cascade order is [${order.map((h) => `${h.co}@${m.scopeOf(h.co)}`).join(', ')}] (child scopes first, then own coroutines), but ${resumes[a].co} (${sb}) was cancelled before ${resumes[a - 1].co} (${sa}): ${at(actual, resumes[a].k)} < ${at(actual, resumes[a - 1].k)}`;
        }
      }
    }
    return unexplainedCancellations(scenario, actual);
  },
});

/**
 * SCP-5: not-started coroutines never run.
 *
 * @remarks The full rule: a scope cancel reaches coroutines that have not started, in safe mode too: they never run and fail with the cancellation
 */
export const scp5 = defineProperty({
  id: 'SCP-5',
  rule: 'a scope cancel reaches coroutines that have not started, in safe mode too: they never run and fail with it',
  needs: ['core', 'scope'],
  arbitrary: unstartedScenario(),
  check({ scenario, actual }) {
    const m = monitor(scenario, actual);
    return hitEffects(actual, m, (c) => c.how !== 'coroutine', ['ignored']);
  },
});

/**
 * SCP-6: safe mode makes zombies; disposeSafely is always safe.
 *
 * @remarks The full rule: a cascade in safe mode (a safe scope's cancel/dispose, or disposeSafely() on any scope, child scopes included) leaves started coroutines running without an exception; in unsafe mode they get the cancellation
 */
export const scp6 = defineProperty({
  id: 'SCP-6',
  rule: 'a safe-mode cascade leaves started coroutines running without an exception; an unsafe one cancels them',
  needs: ['core', 'scope'],
  arbitrary: safetyScenario(['disposeSafely', 'disposeSafely', 'cancel', 'dispose']),
  check({ scenario, actual }) {
    const m = monitor(scenario, actual);
    return hitEffects(actual, m, (c) => c.how !== 'coroutine' && c.how !== 'fail', ['error', 'zombie']) ?? unexplainedCancellations(scenario, actual);
  },
});

/**
 * SCP-7: closing.
 *
 * @remarks The full rule: cancel()/dispose*() never throw; on an empty scope or a second time on a cancelled one they close it at once and run its finally handlers before its remaining coroutines end; a closed scope reports isClosed()
 */
export const scp7 = defineProperty({
  id: 'SCP-7',
  rule: 'cancel()/dispose*() never throw; an empty or re-cancelled scope closes at once and runs its finally handlers',
  needs: ['core', 'scope'],
  arbitrary: lifecycleScenario({ cancel: 4, dispose: 3, disposeSafely: 3, onFinally: 2, query: 3, spawn: 1, inherit: 0, handler: 0, flag: 0, awaitAfterCancellation: 0 }),
  check({ scenario, actual }) {
    const closedAt = new Map<string, number>();
    const { verdict, monitor: m } = replay(scenario, actual, (i, e, mon) => {
      const op = opAt(e);
      if (op && (op.op === 'scope.cancel' || op.op === 'scope.dispose' || op.op === 'scope.disposeSafely')) {
        const k = next(actual, e.actor, i);
        const x = actual[k];
        if (!isKind(x, 'scopeCancel') || x.scope !== op.scope) return `${e.actor} calls ${op.op}(${op.scope}) at ${at(actual, i)}: expected its scopeCancel, got ${describe(actual, k)}`;
      }
      if (e.kind === 'scopeCancel') {
        const s = mon.scope(e.scope);
        if (s && !s.closed && !s.disposed && mon.completelyDone(e.scope)) closedAt.set(e.scope, i);
      }
      if (e.kind === 'query' && e.what === 'isClosed' && closedAt.has(e.target) && e.value !== true) {
        return `${e.target} was closed by the ${actual[closedAt.get(e.target)!].kind} at ${at(actual, closedAt.get(e.target)!)} (it was already cancelled, or empty), but isClosed() is false at ${at(actual, i)}`;
      }
      return undefined;
    });
    if (verdict) return verdict;
    for (const [scope, c] of closedAt) {
      const s = m.scope(scope)!;
      const handlers = actual.slice(0, c).flatMap((e) => {
        const f = e.kind === 'log' ? parseOnFinallyMarker(e.value) : undefined;
        return f && f.target === scope ? [f.handler] : [];
      });
      if (handlers.length === 0 || s.finallyAt !== c) continue;
      const ran = actual.flatMap((e, k) => (e.kind === 'finally' && e.target === scope && e.actor === `finally:${scope}` ? [k] : []));
      if (ran.length < handlers.length) return `${scope} was closed at ${at(actual, c)} but only ${ran.length} of its ${handlers.length} finally handlers ran`;
      const still = replay(scenario, actual.slice(0, c + 1), () => undefined).monitor.unfinishedIn(scope).map((x) => x.id);
      const lastHandler = ran[handlers.length - 1];
      for (const co of still) {
        const f = actual.findIndex((e, k) => k > c && e.actor === co && (e.kind === 'completed' || e.kind === 'failed'));
        if (f !== -1 && f < lastHandler) return `${scope} was closed at ${at(actual, c)} while ${co} still ran; its finally handlers should run at once, but ${co} finished first at ${at(actual, f)} (last handler at ${at(actual, lastHandler)})`;
      }
    }
    return undefined;
  },
});

/**
 * SCP-8: cancelled is not closed.
 *
 * @remarks The full rule: a cancelled scope whose coroutines still run is isCancelled(), isFinished() but not isClosed(), and still accepts spawn()
 */
export const scp8 = defineProperty({
  id: 'SCP-8',
  rule: 'a cancelled scope whose coroutines still run is cancelled and finished but not closed, and accepts spawn()',
  needs: ['core', 'scope'],
  arbitrary: lifecycleScenario({ cancel: 3, dispose: 1, disposeSafely: 2, spawn: 3, query: 4, suspend: 1, delay: 1, onFinally: 0, inherit: 0, handler: 0, flag: 1, awaitCompletion: 0, awaitAfterCancellation: 0 }),
  check({ scenario, actual }) {
    return replay(scenario, actual, (i, e, m) => {
      const isLiveCancelled = (id: string | undefined): boolean => {
        const s = id === undefined ? undefined : m.scope(id);
        return s !== undefined && id !== MAIN && s.cancelled && !s.closed && !s.disposed && !m.drained(id!);
      };
      if (e.kind === 'query' && isLiveCancelled(e.target)) {
        const expected: Record<string, boolean> = { isCancelled: true, isClosed: false, isFinished: true };
        if (e.what in expected && e.value !== expected[e.what]) {
          return `${e.target} is cancelled and its coroutines still run, so ${e.what}() should be ${expected[e.what]}, got ${JSON.stringify(e.value)} at ${at(actual, i)}`;
        }
      }
      const op = opAt(e);
      if (op?.op === 'spawn' && isLiveCancelled(op.scope ?? m.scopeOf(e.actor))) {
        const k = next(actual, e.actor, i);
        if (!(isKind(actual[k], 'spawned') && actual[k].coroutine === op.id)) {
          return `${e.actor} spawns ${op.id} into cancelled (not closed) scope ${op.scope ?? m.scopeOf(e.actor)} at ${at(actual, i)}: expected spawned, got ${describe(actual, k)}`;
        }
      }
      return undefined;
    }).verdict;
  },
});

/**
 * SCP-9: predicates.
 *
 * @remarks The full rule: isCancelled() = CANCELLED, isClosed() = CLOSED ∨ disposed, isFinished() = disposed ∨ CLOSED ∨ CANCELLED ∨ (no active coroutine ∧ every child finished); a fresh empty scope is finished and not closed
 */
export const scp9 = defineProperty({
  id: 'SCP-9',
  rule: 'isCancelled(), isClosed() and isFinished() follow the scope state; a fresh empty scope is finished, not closed',
  needs: ['core', 'scope'],
  arbitrary: fc.oneof(
    lifecycleScenario({ query: 5, queryC: 3, cancelC: 2, spawn: 2, delay: 2, onFinally: 0, inherit: 0, handler: 0, awaitCompletion: 0, awaitAfterCancellation: 0 }),
    lifecycleScenario({ query: 5, queryC: 3, cancelC: 2, spawn: 1, delay: 1, onFinally: 0, inherit: 0, handler: 0, awaitCompletion: 0, awaitAfterCancellation: 0 }, { busyChild: true }),
  ),
  check({ scenario, actual }) {
    return replay(scenario, actual, (i, e, m) => {
      if (e.kind !== 'query' || !m.scope(e.target) || e.target === MAIN) return undefined;
      const expected = m.predicate(e.target, e.what);
      if (expected === undefined || e.value === expected) return undefined;
      const s = m.scope(e.target)!;
      const state = `${s.disposed ? 'disposed' : s.closed ? 'closed' : s.cancelled ? 'cancelled' : 'open'}, ${m.unfinishedIn(e.target).filter((c) => !c.zombie).length} active coroutine(s) in its subtree, children [${s.children.join(', ')}]`;
      return `${e.target}.${e.what}() is ${JSON.stringify(e.value)} at ${at(actual, i)}, expected ${expected} (${state})`;
    }).verdict;
  },
});

/**
 * SCP-10: dispose in own mode, default reason.
 *
 * @remarks The full rule: dispose() closes in the scope's own mode, disposeSafely() in safe mode; the cancellation is AsyncCancellation("Scope was cancelled") unless cancel() is given one, and every coroutine of the cascade gets that one
 */
export const scp10 = defineProperty({
  id: 'SCP-10',
  rule: 'dispose() closes in the scope\'s own mode, disposeSafely() in safe mode, with one cancellation for the whole cascade',
  needs: ['core', 'scope'],
  arbitrary: safetyScenario(['dispose', 'dispose', 'cancel', 'cancelReason', 'disposeSafely']),
  check({ scenario, actual }) {
    const { verdict, monitor: m } = replay(scenario, actual, (i, e) => {
      const op = opAt(e);
      if (!op || (op.op !== 'scope.cancel' && op.op !== 'scope.dispose' && op.op !== 'scope.disposeSafely')) return undefined;
      const k = next(actual, e.actor, i);
      const x = actual[k];
      const how = op.op === 'scope.cancel' ? 'cancel' : op.op === 'scope.dispose' ? 'dispose' : 'disposeSafely';
      const reason = op.op === 'scope.cancel' && op.reason !== undefined ? op.reason : SCOPE_TEXT.scopeCancelled;
      if (!isKind(x, 'scopeCancel') || x.how !== how || x.reason !== reason) {
        return `${op.op}(${op.scope}) at ${at(actual, i)}: expected scopeCancel {how: ${how}, reason: ${JSON.stringify(reason)}}, got ${isKind(x, 'scopeCancel') ? `{how: ${x.how}, reason: ${JSON.stringify(x.reason)}}` : describe(actual, k)}`;
      }
      return undefined;
    });
    return verdict ?? hitEffects(actual, m, (c) => c.how === 'dispose' || c.how === 'cancel' || c.how === 'disposeSafely', ['error', 'zombie']);
  },
});

/**
 * SCP-11: disposeAfterTimeout.
 *
 * @remarks The full rule: disposeAfterTimeout(ms) on a scope with coroutines or children cancels it at now+ms on the virtual clock (scopeCancel by the scheduler, "Scope has been disposed due to timeout", own mode) unless it was closed first; on an empty scope it does nothing
 */
export const scp11 = defineProperty({
  id: 'SCP-11',
  rule: 'disposeAfterTimeout(ms) cancels a busy scope at now + ms unless it closed first; on an empty scope it does nothing',
  needs: ['core', 'scope'],
  arbitrary: timeoutScenario(),
  check({ scenario, actual }) {
    const armed = new Map<string, number>();
    const fired = new Map<string, number[]>();
    const { verdict, monitor: m } = replay(scenario, actual, (i, e, mon) => {
      const op = opAt(e);
      if (op?.op === 'scope.disposeAfterTimeout') {
        const s = mon.scope(op.scope);
        if (s && !s.disposed && !s.closed && (s.coroutines.length > 0 || s.children.length > 0)) armed.set(op.scope, e.t + op.ms);
      }
      if (e.kind === 'scopeCancel' && e.how === 'timeout') {
        fired.set(e.scope, [...(fired.get(e.scope) ?? []), i]);
        const due = armed.get(e.scope);
        if (due === undefined) return `scopeCancel {how: timeout} of ${e.scope} at ${at(actual, i)}, but disposeAfterTimeout armed nothing on it (it was empty, closed or disposed)`;
        if (e.t !== due || e.actor !== 'scheduler' || e.reason !== SCOPE_TEXT.timeout) {
          return `the timeout of ${e.scope} was due at t=${due}; got scopeCancel by ${e.actor} at t=${e.t} with reason ${JSON.stringify(e.reason)} (${at(actual, i)})`;
        }
        const s = mon.scope(e.scope);
        if (s && (s.closed || s.disposed)) return `the timeout of ${e.scope} fired at ${at(actual, i)} though the scope was already ${s.disposed ? 'disposed' : 'closed'}`;
      }
      return undefined;
    });
    if (verdict) return verdict;
    for (const [scope, due] of armed) {
      const ks = fired.get(scope) ?? [];
      if (ks.length > 1) return `the timeout of ${scope} fired ${ks.length} times`;
      if (ks.length === 0) {
        const last = actual[actual.length - 1];
        const upTo = actual.findIndex((e) => e.t >= due);
        const before = replay(scenario, upTo === -1 ? actual : actual.slice(0, upTo), () => undefined).monitor.scope(scope);
        if (before && !before.closed && !before.disposed) return `disposeAfterTimeout armed a timer on ${scope} due at t=${due}, but it never fired (run ended at t=${last.t})`;
      }
    }
    return hitEffects(actual, m, (c) => c.how === 'timeout', ['error', 'zombie']);
  },
});

/** Completion/drain waiters: what resolved them and when they resumed. */
function waiterResumptions(
  actual: Trace, m: ScopeMonitor, select: (w: MonitoredWaiter) => boolean,
): string | undefined {
  for (const w of m.waiters) {
    if (!select(w)) continue;
    const r = nextResumeOrEnd(actual, w.co, w.index);
    if (r >= m.stoppedAt || (r === -1 && m.stopped)) continue;
    const e = actual[r];
    const res = w.resolved;
    const what = `${w.co} waiting on ${w.scope} (${w.kind === 'completion' ? 'awaitCompletion' : 'awaitAfterCancellation'}) from ${at(actual, w.index)}`;
    if (!res) {
      if (isKind(e, 'resumed')) return `${what} was resumed at ${at(actual, r)} though its scope ${w.kind === 'completion' ? 'still had active coroutines' : 'was not drained'}, its token did not fire and nothing cancelled it`;
      continue;
    }
    if (res.by === 'other' || !res.exact) continue;
    if (!isKind(e, 'resumed')) return `${what} should have been resumed (${res.by}) at ${at(actual, res.index)}, got ${describe(actual, r)}`;
    if (res.by === 'completion') {
      if (e.error) return `${what}: its scope ${w.kind === 'completion' ? 'settled (no active coroutine left)' : 'drained'} at ${at(actual, res.index)}, so it should resume normally, got resumed with ${showError(e.error)} at ${at(actual, r)}`;
      if (e.t !== actual[res.index].t) return `${what}: its scope ${w.kind === 'completion' ? 'settled' : 'drained'} at ${at(actual, res.index)} but the waiter resumed only at t=${e.t}`;
    } else if (res.by === 'timeout') {
      const timeoutError = e.error;
      if (!timeoutError || timeoutError.class !== 'Async\\OperationCanceledException' || timeoutError.previous?.class !== 'Async\\TimeoutException') {
        return `${what}: its timeout fired at t=${w.due} before the scope ${w.kind === 'completion' ? 'settled' : 'drained'}; expected OperationCanceledException(TimeoutException), got ${describe(actual, r)}`;
      }
    } else if (!e.error || !same(e.error, res.error)) {
      return `${what}: it was resolved by ${res.by === 'notify' ? 'a cancellation of the scope' : res.by} at ${at(actual, res.index)} with ${showError(res.error)}, got ${describe(actual, r)}`;
    }
  }
  return undefined;
}

/**
 * SCP-12: completion notification and disposal order.
 *
 * @remarks The full rule: when the last active coroutine of a scope's subtree finishes, its awaitCompletion waiters (and an ancestor's) resume at once, in arrival order; a disposed scope's finally handlers run only after its whole subtree ended
 */
export const scp12 = defineProperty({
  id: 'SCP-12',
  rule: 'when a scope\'s subtree has no active coroutine left, its awaitCompletion waiters resume at once, in arrival order',
  needs: ['core', 'scope'],
  arbitrary: scopeWaitScenario(),
  check({ scenario, actual }) {
    const m = monitor(scenario, actual);
    const v = waiterResumptions(actual, m, (w) => w.kind === 'completion' && w.resolved?.by === 'completion');
    if (v) return v;
    const byResolution = new Map<number, MonitoredWaiter[]>();
    for (const w of m.waiters) {
      if (w.kind !== 'completion' || w.resolved?.by !== 'completion') continue;
      byResolution.set(w.resolved.index, [...(byResolution.get(w.resolved.index) ?? []), w]);
    }
    for (const ws of byResolution.values()) {
      for (let a = 1; a < ws.length; a++) {
        if (ws[a].scope !== ws[a - 1].scope) continue;
        const ra = nextResumeOrEnd(actual, ws[a].co, ws[a].index);
        const rb = nextResumeOrEnd(actual, ws[a - 1].co, ws[a - 1].index);
        if (ra < rb) return `${ws[a - 1].co} and ${ws[a].co} waited on ${ws[a].scope} in that order but ${ws[a].co} resumed first (${at(actual, ra)} < ${at(actual, rb)})`;
      }
    }
    return replay(scenario, actual, (i, e, mon) => {
      if (e.kind !== 'finally' || e.actor !== `finally:${e.target}`) return undefined;
      const s = mon.scope(e.target);
      if (!s || s.closed) return undefined;
      if (!mon.drained(e.target)) return `finally handler ${e.handler} of ${e.target} ran at ${at(actual, i)} while coroutines of its subtree still ran (${mon.unfinishedIn(e.target).map((c) => c.id).join(', ')}), and the scope was not closed`;
      return undefined;
    }).verdict;
  },
});

/** The immediate outcome a scope wait must have, from the monitor's state at its marker. */
function immediateWait(m: ScopeMonitor, actor: string, op: ScopeOp, trace: Trace, i: number): { expect: 'awaited' | 'suspended' | ErrorValue; why: string } | undefined {
  if (op.op !== 'scope.awaitCompletion' && op.op !== 'scope.awaitAfterCancellation') return undefined;
  const s = m.scope(op.scope);
  const home = m.scopeOf(actor);
  if (!s || home === undefined) return undefined;
  if (s.disposed || s.closed) return { expect: 'awaited', why: `${op.scope} is ${s.disposed ? 'disposed' : 'closed'}` };
  if (op.op === 'scope.awaitCompletion' && s.cancelled) return { expect: cancellation(SCOPE_TEXT.awaitCancelled), why: `${op.scope} is cancelled` };
  if (op.op === 'scope.awaitAfterCancellation' && !s.cancelled) return { expect: asyncException(SCOPE_TEXT.notCancelled), why: `${op.scope} is not cancelled` };
  if (m.within(home, op.scope)) return { expect: asyncException(SCOPE_TEXT.awaitOwn), why: `${actor} belongs to ${home}, inside ${op.scope}` };
  if (op.op === 'scope.awaitCompletion' ? m.settled(op.scope) : m.drained(op.scope)) {
    return { expect: 'awaited', why: op.op === 'scope.awaitCompletion' ? `${op.scope} has no active coroutine (zombies are not awaited)` : `${op.scope} is drained` };
  }
  if (op.op === 'scope.awaitCompletion' && op.cancellation) {
    const c = op.cancellation;
    const key = 'coroutine' in c ? c.coroutine : 'future' in c ? c.future : c.trigger;
    const closedAt = trace.findIndex((e, k) => k < i && (('coroutine' in c && e.actor === key && (e.kind === 'completed' || e.kind === 'failed')) || (!('coroutine' in c) && (e.kind === 'settle' || e.kind === 'close') && e.event === key)));
    if (closedAt !== -1) {
      const x = trace[closedAt];
      const prev = (x.kind === 'failed' || x.kind === 'settle') && x.error ? x.error : undefined;
      return { expect: { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled', ...(prev ? { previous: prev } : {}) }, why: `its token ${key} is already closed` };
    }
  }
  return { expect: 'suspended', why: `${op.scope} still has ${op.op === 'scope.awaitCompletion' ? 'active coroutines' : 'coroutines (zombies count)'}` };
}

function checkImmediateWaits(scenario: Scenario, actual: Trace, kind: 'scope.awaitCompletion' | 'scope.awaitAfterCancellation'): string | undefined {
  return replay(scenario, actual, (i, e, m) => {
    const op = opAt(e);
    if (op?.op !== kind) return undefined;
    const want = immediateWait(m, e.actor, op, actual, i);
    if (!want) return undefined;
    const k = next(actual, e.actor, i);
    const x = actual[k];
    const ok = want.expect === 'awaited' ? isKind(x, 'awaited') && x.value === null
      : want.expect === 'suspended' ? isKind(x, 'suspended') && x.on === `scope:${op.scope}`
      : throwsError(actual, k, want.expect);
    if (ok) return undefined;
    const expected = typeof want.expect === 'string' ? want.expect : showError(want.expect);
    return `${e.actor} calls ${kind.slice(6)}(${op.scope}) at ${at(actual, i)}; ${want.why}, so expected ${expected}, got ${describe(actual, k)}`;
  }).verdict;
}

/**
 * SCP-13: awaitCompletion.
 *
 * @remarks The full rule: awaitCompletion() returns at once on a closed/disposed scope, throws AsyncCancellation("The scope has been cancelled") on a cancelled one and AsyncException from inside the scope, returns at once when nothing is active, else waits; its token ends the wait with OperationCanceledException and the scope keeps running; a cancel of the scope ends it with the cancellation
 */
export const scp13 = defineProperty({
  id: 'SCP-13',
  rule: 'awaitCompletion() returns, throws or waits as the scope state says; its token ends only the wait',
  needs: ['core', 'scope'],
  arbitrary: scopeWaitScenario(),
  check({ scenario, actual }) {
    const v = checkImmediateWaits(scenario, actual, 'scope.awaitCompletion');
    if (v) return v;
    const m = monitor(scenario, actual);
    return waiterResumptions(actual, m, (w) => w.kind === 'completion')
      ?? unexplainedCancellations(scenario, actual);
  },
});

/**
 * SCP-14: fail-together.
 *
 * @remarks The full rule: an unhandled ordinary exception goes to the child-scope handler (from a child), then the exception handler (handler events); unless one swallows it, the scope is cancelled: its coroutines get "Coroutine cancelled", its child scopes' "Scope was cancelled", its waiters the error, and the error moves to the parent
 */
export const scp14 = defineProperty({
  id: 'SCP-14',
  rule: 'an unhandled exception goes to the child-scope, then the exception handler; unhandled, it cancels the scope',
  needs: ['core', 'scope'],
  arbitrary: failTogetherScenario(),
  check({ scenario, actual }) {
    const m = monitor(scenario, actual);
    for (const f of m.failures) {
      const got: Array<{ scope: string; handler: string }> = [];
      let k = f.index + 1;
      for (; k < actual.length && actual[k].actor === f.co && actual[k].kind === 'handler'; k++) {
        const h = actual[k] as Extract<TraceEvent, { kind: 'handler' }>;
        if (h.coroutine !== f.co || !same(h.error, f.error)) return `handler event at ${at(actual, k)} should name coroutine ${f.co} and its error ${showError(f.error)}`;
        got.push({ scope: h.scope, handler: h.handler });
      }
      if (!same(got, f.handlers)) {
        return `${f.co} failed with ${showError(f.error)} at ${at(actual, f.index)}: expected handler calls [${f.handlers.map((h) => `${h.handler}@${h.scope}`).join(', ')}], got [${got.map((h) => `${h.handler}@${h.scope}`).join(', ')}]`;
      }
      const x = actual[k];
      if (isKind(x, 'handler')) return `unexpected handler event at ${at(actual, k)}`;
    }
    for (const f of m.failures) {
      if (!f.notified) continue;
      for (const w of m.waiters) {
        if (w.scope !== f.notified || w.resolved?.by !== 'notify' || w.resolved.index !== f.index) continue;
        const r = nextResumeOrEnd(actual, w.co, w.index);
        const e = actual[r];
        if (!isKind(e, 'resumed') || !same(e.error, f.error)) return `${w.co} waited on ${w.scope}, which failed together because of ${f.co} at ${at(actual, f.index)}; it should receive ${showError(f.error)}, got ${describe(actual, r)}`;
      }
    }
    return hitEffects(actual, m, (c) => c.how === 'fail', ['error', 'zombie', 'ignored']) ?? unexplainedCancellations(scenario, actual);
  },
});

/**
 * SCP-15: awaitAfterCancellation.
 *
 * @remarks The full rule: awaitAfterCancellation() throws AsyncException on a scope that is not cancelled, returns at once on a closed or drained one, and otherwise resumes only when every coroutine of the subtree, zombies included, has ended (or its timeout fires)
 */
export const scp15 = defineProperty({
  id: 'SCP-15',
  rule: 'awaitAfterCancellation() throws on a scope not cancelled, else resumes when the whole subtree, zombies too, ended',
  needs: ['core', 'scope'],
  arbitrary: scopeWaitScenario({ zombies: true, drain: true }).filter((s) => JSON.stringify(s).includes('awaitAfterCancellation')),
  check({ scenario, actual }) {
    const v = checkImmediateWaits(scenario, actual, 'scope.awaitAfterCancellation');
    if (v) return v;
    return waiterResumptions(actual, monitor(scenario, actual), (w) => w.kind === 'drain');
  },
});

/**
 * SCP-16: scope finally handlers.
 *
 * @remarks The full rule: a scope's finally handlers run once each, in registration order, when it is closed or disposed (never before, never if neither happens); finally() on a closed or disposed scope runs the handler at once, by the caller
 */
export const scp16 = defineProperty({
  id: 'SCP-16',
  rule: 'a scope\'s finally handlers run once each, in order, when it closes or is disposed, never otherwise',
  needs: ['core', 'scope'],
  arbitrary: lifecycleScenario({ onFinally: 4, cancel: 3, dispose: 2, disposeSafely: 2, delay: 2, query: 0, queryC: 0, inherit: 0, handler: 0, flag: 1, spawn: 1 }),
  check({ scenario, actual }) {
    const { verdict, monitor: m } = replay(scenario, actual, (i, e, mon) => {
      const fin = e.kind === 'log' ? parseOnFinallyMarker(e.value) : undefined;
      if (fin && mon.scope(fin.target) && fin.target !== MAIN && mon.scope(fin.target)!.finallyRan) {
        const k = i + 1;
        const x = actual[k];
        if (!isKind(x, 'finally') || x.actor !== e.actor || x.target !== fin.target || x.handler !== fin.handler) {
          return `${e.actor} registers ${fin.handler} on ${fin.target}, already ${mon.scope(fin.target)!.disposed ? 'disposed' : 'closed'}, at ${at(actual, i)}: expected its finally event by ${e.actor} at once, got ${describe(actual, k)}`;
        }
      }
      if (e.kind === 'finally' && e.actor === `finally:${e.target}` && mon.scope(e.target)) {
        const s = mon.scope(e.target)!;
        if (!s.finallyRan) return `finally handler ${e.handler} of ${e.target} ran at ${at(actual, i)} but the scope is neither closed nor disposed`;
      }
      return undefined;
    });
    if (verdict) return verdict;
    for (const e of actual) {
      const fin = e.kind === 'log' ? parseOnFinallyMarker(e.value) : undefined;
      const s = fin ? m.scope(fin.target) : undefined;
      if (!fin || !s || fin.target === MAIN) continue;
      const runs = actual.filter((x) => x.kind === 'finally' && x.target === fin.target && x.handler === fin.handler).length;
      if (runs !== (s.finallyRan ? 1 : 0)) {
        return `finally handler ${fin.handler} of ${fin.target} (${s.disposed ? 'disposed' : s.closed ? 'closed' : 'never closed or disposed'}) ran ${runs} times, expected ${s.finallyRan ? 'once' : 'never'}`;
      }
    }
    for (const [id, s] of m.scopes) {
      if (id === MAIN) continue;
      const ran = actual.flatMap((e) => (e.kind === 'finally' && e.target === id && e.actor === `finally:${id}` ? [e.handler] : []));
      const expected = s.finallyRan ? s.finallyHandlers : [];
      if (!same(ran, expected)) {
        return `finally handlers of ${id} (${s.disposed ? 'disposed' : s.closed ? 'closed' : 'never closed or disposed'}; registered before: [${s.finallyHandlers.join(', ')}]) ran as [${ran.join(', ')}]`;
      }
    }
    return undefined;
  },
});

/**
 * SCP-18: zombie accounting.
 *
 * @remarks The full rule: zombies keep running but do not count as active: awaitCompletion() and isFinished() ignore them, awaitAfterCancellation() waits for them
 */
export const scp18 = defineProperty({
  id: 'SCP-18',
  rule: 'zombies keep running but are not active: awaitCompletion() and isFinished() ignore them',
  needs: ['core', 'scope'],
  arbitrary: scopeWaitScenario({ zombies: true }),
  check({ scenario, actual }) {
    for (const kind of ['scope.awaitCompletion', 'scope.awaitAfterCancellation'] as const) {
      const v = checkImmediateWaits(scenario, actual, kind);
      if (v) return v;
    }
    const m = monitor(scenario, actual);
    return waiterResumptions(actual, m, (w) => w.resolved?.by === 'completion' || !w.resolved)
      ?? hitEffects(actual, m, (c) => c.how !== 'coroutine', ['zombie']);
  },
});

/**
 * SCP-19: misc errors on disposed scopes.
 *
 * @remarks The full rule: on a disposed scope, Scope::inherit() throws AsyncException("Cannot inherit a Scope from a parent Scope that has already been disposed."), set*ExceptionHandler()/asNotSafely()/allowZombies() throw "Scope object has been disposed", and cancel() does nothing
 */
export const scp19 = defineProperty({
  id: 'SCP-19',
  rule: 'on a disposed scope, inherit() and the setters throw their AsyncException and cancel() does nothing',
  needs: ['core', 'scope'],
  arbitrary: lifecycleScenario({ inherit: 3, handler: 3, flag: 2, cancel: 3, dispose: 1, delay: 3, suspend: 1, onFinally: 1, spawn: 0, query: 1, awaitCompletion: 0, awaitAfterCancellation: 0 }, { disposeFirst: true }),
  check({ scenario, actual }) {
    return replay(scenario, actual, (i, e, m) => {
      const op = opAt(e);
      if (!op) return undefined;
      const k = next(actual, e.actor, i);
      let target: string | undefined;
      let error: ErrorValue | undefined;
      if (op.op === 'scope.inherit' && op.parent !== undefined) {
        target = op.parent;
        error = asyncException(SCOPE_TEXT.inheritDisposed);
      } else if (op.op === 'scope.setExceptionHandler' || op.op === 'scope.setChildScopeExceptionHandler' || op.op === 'scope.asNotSafely' || op.op === 'scope.allowZombies') {
        target = op.scope;
        error = asyncException(SCOPE_TEXT.disposed);
      } else if (op.op === 'scope.cancel') {
        if (m.scope(op.scope)?.disposed && (!isKind(actual[k], 'scopeCancel') || isError(actual, next(actual, e.actor, k)))) {
          return `cancel() of disposed ${op.scope} at ${at(actual, i)} should do nothing (no error), got ${describe(actual, k)}`;
        }
        return undefined;
      }
      const s = target === undefined ? undefined : m.scope(target);
      if (!s || !error) return undefined;
      if (s.disposed && !throwsError(actual, k, error)) return `${op.op}(${target}) at ${at(actual, i)}: ${target} is disposed, expected ${showError(error)}, got ${describe(actual, k)}`;
      if (!s.disposed && isError(actual, k)) return `${op.op}(${target}) at ${at(actual, i)}: ${target} is not disposed, yet it threw: ${describe(actual, k)}`;
      return undefined;
    }).verdict;
  },
});

/**
 * SCP-20: self-cancellation through one's own scope.
 *
 * @remarks The full rule: a coroutine that cancels its own scope (or an ancestor) keeps running, is not interrupted at its next suspension, and completes failed with that cancellation; its siblings are cancelled normally
 */
export const scp20 = defineProperty({
  id: 'SCP-20',
  rule: 'a coroutine that cancels its own scope runs on uninterrupted and fails with that cancellation',
  needs: ['core', 'scope'],
  arbitrary: selfCancelScopeScenario(),
  check({ scenario, actual }) {
    const m = monitor(scenario, actual);
    const seen = new Set<string>();
    for (const c of m.cascades) {
      for (const h of c.hits) {
        if (h.kind !== 'self' || seen.has(h.co)) continue;
        seen.add(h.co);
        const later = laterHit(m, h.co, c.index);
        const f = actual.findIndex((e, k) => k > c.index && e.actor === h.co && (e.kind === 'completed' || e.kind === 'failed'));
        for (let k = c.index + 1; k < actual.length && k < later && (f === -1 || k <= f); k++) {
          const e = actual[k];
          if (e.actor === h.co && e.kind === 'resumed' && e.error) return `${h.co} cancelled its own scope ${c.target} at ${at(actual, c.index)} and should keep running, but was interrupted at ${at(actual, k)} with ${showError(e.error)}`;
        }
        if (f !== -1 && f < later) {
          const e = actual[f];
          if (!isKind(e, 'failed') || !same(e.error, h.error)) return `${h.co} cancelled its own scope ${c.target} at ${at(actual, c.index)}; it should end failed with ${showError(h.error)}, got ${describe(actual, f)}`;
        }
      }
    }
    return hitEffects(actual, m, (c) => c.how !== 'coroutine', ['error', 'zombie']);
  },
});

/** The scope properties in catalogue order (SCP-17 is spec-only). */
export const scopeProperties: ConformanceProperty[] = [
  scp1, scp2, scp3, scp4, scp5, scp6, scp7, scp8, scp9, scp10, scp11, scp12, scp13, scp14, scp15, scp16, scp18, scp19, scp20,
];
