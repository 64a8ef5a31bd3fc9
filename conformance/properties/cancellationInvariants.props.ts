/**
 * The ten cross-cutting cancellation properties of the cancellation invariants, checked on
 * random scope forests (`scopeForest.ts`): termination, downward-only
 * cascades, not-started coroutines, first reason wins, the protect window,
 * the predicate lattice, safe mode, token isolation, silence, and finally
 * handlers exactly once.
 *
 * @remarks Every check reads the adapter's trace and the scenario's
 * structure only (which scope each coroutine was spawned into, the scope
 * tree, the safe flags `main` set, the marker logs). The shared
 * {@link replayCancellation} follows the trace and works out, by the rules of
 * trace semantics §6.3–§6.7, which cancel requests reached which coroutine
 * and what they did there (delivered, deferred, zombified, ignored); each
 * property then compares what the coroutine visibly did with that.
 *
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import { isCancellation, type ErrorValue, type Program, type Scenario } from '../../spec/system/scenario.js';
import { childPrograms, forEachInstruction } from '../../language/walk.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import {
  FINALLY_LOG, PROTECT_ENTER, PROTECT_LEAVE, SWALLOW, forestOf, scopeForestScenario, type Forest,
} from '../arbitraries/scopeForest.js';
import { parseOnFinallyMarker, parseThrowMarker } from '../arbitraries/markers.js';
import { at, finishIndex, isKind, markedAwaits, nextOf, same, showError, startIndex } from './traceQueries.js';

const CAPS: ConformanceProperty['capabilities'] = ['core', 'scope'];
const ASYNC_CANCELLATION = 'Async\\AsyncCancellation';
const SYSTEM_REASONS = ['Graceful shutdown', 'Deadlock detected'];
const COROUTINE_CANCELLED = 'Coroutine cancelled';
const SCOPE_CANCELLED = 'Scope was cancelled';

/** What a cancel request did to the coroutine it reached (trace semantics §6.4). */
export type HitKind =
  /** step 2: the acting coroutine cancelled itself: marked, the reason stored (CAN-3). */
  | 'self'
  /** step 3: it was inside `protect`: kept as the deferred cancellation if none yet (CAN-5). */
  | 'defer'
  /** step 5: not started: `IGNORED`, the body never runs (CAN-2a, SCP-5). */
  | 'ignore'
  /** step 6: started, safe mode: a zombie, nothing thrown (SCP-6). */
  | 'zombify'
  /** step 7: started, not safe: the cancellation is applied and the coroutine woken (CAN-2b). */
  | 'deliver';

/** One cancel request that reached a coroutine. */
export interface Hit {
  /** Index of the trace event that caused it (`cancel`, `scopeCancel`, `failed`, `shutdown`, `deadlock`). */
  index: number;
  /** The message of its `AsyncCancellation`. */
  reason: string;
  /** What it did. */
  kind: HitKind;
  /** The mode it came in (safe cascades zombify started coroutines). */
  safe: boolean;
  /** Where it came from. */
  cause: 'cancel' | 'scope' | 'fail' | 'system';
}

/** A scope as the replay sees it. */
export interface ScopeView {
  /** Its id. */
  id: string;
  /** Its parent (`null` for a root). */
  parent: string | null;
  /** Live children in creation order (a disposed child is removed). */
  children: string[];
  /** Its safe flag (set by `main` right after creation). */
  safe: boolean;
  /** Unfinished coroutines (zombies included), in spawn order. */
  members: string[];
  /** Index of the event that set `CANCELLED`, or -1. */
  cancelledAt: number;
  /** Index of the event that set `CLOSED`, or -1. */
  closedAt: number;
  /** Index of the event that disposed it, or -1. */
  disposedAt: number;
  /** Index of the event that made its finally handlers run (close or disposal), or -1. */
  finallyAt: number;
}

/** A coroutine as the replay sees it. */
export interface CoroutineView {
  /** Its id. */
  id: string;
  /** The scope it was spawned into. */
  scope: string;
  /** Index of `started`, or -1. */
  startedAt: number;
  /** Index of `completed`/`failed`, or -1. */
  finishedAt: number;
  /** Marked zombie. */
  zombie: boolean;
  /** Inside a `protect` body right now (during the replay). */
  protected: boolean;
  /** Every cancel request that reached it while unfinished, in order. */
  hits: Hit[];
}

/** The result of {@link replayCancellation}. */
export interface Replay {
  /** The scenario's structure. */
  forest: Forest;
  /** Scopes by id. */
  scopes: Map<string, ScopeView>;
  /** Spawned coroutines by id (not `main`). */
  coroutines: Map<string, CoroutineView>;
  /** Indices of `failed` events whose error went to scope exception handling (fail-together, SCP-14). */
  failTogether: Set<number>;
  /** Whether scope `id` was `CANCELLED` just before event `i`. */
  cancelledBefore(id: string, i: number): boolean;
}

/** The errors of a `previous` chain, outermost first. */
export function chainOf(e: ErrorValue | undefined): ErrorValue[] {
  const out: ErrorValue[] = [];
  for (let x = e; x; x = x.previous) out.push(x);
  return out;
}

function errorOf(e: TraceEvent | undefined): ErrorValue | undefined {
  if (e === undefined) return undefined;
  if (e.kind === 'resumed' || e.kind === 'caught' || e.kind === 'failed') return e.error;
  return undefined;
}

/**
 * Whether the error a coroutine failed with at `f` was consumed by an awaiter
 * (trace semantics §6.5: a `target` waker resolved with it, COR-8): some
 * coroutine was suspended on it at `f` and its next `resumed` carries that
 * error (as is, or as the `previous` of a cancellation that arrived before
 * it ran).
 */
export function handledByAwaiter(trace: Trace, f: number): boolean {
  const done = trace[f];
  if (!isKind(done, 'failed')) return false;
  const waiting = new Map<string, number>();
  for (let k = 0; k < f; k++) {
    const e = trace[k];
    if (e.kind === 'suspended') waiting.set(e.actor, k);
    else if (e.kind === 'resumed') waiting.delete(e.actor);
  }
  for (const [actor, s] of waiting) {
    if (actor === done.actor || (trace[s] as Extract<TraceEvent, { kind: 'suspended' }>).on !== `coroutine:${done.actor}`) continue;
    const r = trace.findIndex((e, k) => k > f && e.actor === actor && e.kind === 'resumed');
    if (r !== -1 && chainOf(errorOf(trace[r])).some((x) => same(x, done.error))) return true;
  }
  return false;
}

/**
 * Follow a forest scenario's trace and work out which cancel requests
 * reached which coroutine, and the `CANCELLED` / `CLOSED` / disposed states
 * and finally-handler runs of the scopes (trace semantics §6.3–§6.7).
 *
 * @remarks Causes: `cancel {target}` (a self-cancel when the actor is the
 * target), `scopeCancel` (user cancel of the scope in its mode: `disposeSafely`
 * safe, otherwise the scope's own flag), a `failed` with an ordinary error no
 * awaiter consumed (fail-together in the failed coroutine's scope's mode, up
 * to the root: no handlers and no scope waiters are generated), `shutdown`
 * and `deadlock` (not safe, clearing `PROTECTED` first). A coroutine is
 * inside `protect` between its {@link PROTECT_ENTER} and {@link PROTECT_LEAVE}
 * logs (or until an error resumes it there). Coroutine membership and
 * disposal follow `spawned` and `completed`/`failed` events.
 */
export function replayCancellation(scenario: Scenario, trace: Trace): Replay {
  const forest = forestOf(scenario);
  const scopes = new Map<string, ScopeView>();
  for (const id of forest.scopes) {
    scopes.set(id, {
      id, parent: forest.parent.get(id) ?? null, children: forest.scopes.filter((c) => forest.parent.get(c) === id),
      safe: forest.safe.get(id) ?? false, members: [], cancelledAt: -1, closedAt: -1, disposedAt: -1, finallyAt: -1,
    });
  }
  const coroutines = new Map<string, CoroutineView>();
  const failTogether = new Set<number>();
  const cancelledLog: Array<{ scope: string; index: number }> = [];
  let i = 0;

  const unfinished = (c: CoroutineView): boolean => c.finishedAt === -1;
  const hit = (c: CoroutineView, reason: string, safe: boolean, cause: Hit['cause']): void => {
    if (!unfinished(c)) return;
    let kind: HitKind;
    if (c.protected) kind = 'defer';
    else if (c.startedAt === -1) kind = 'ignore';
    else if (safe) {
      kind = 'zombify';
      c.zombie = true;
    } else kind = 'deliver';
    c.hits.push({ index: i, reason, kind, safe, cause });
  };
  /** C's SCOPE_IS_COMPLETELY_DONE (SCP-7): whether a user cancel closes the scope at once. */
  const completelyDone = (s: ScopeView): boolean =>
    s.closedAt !== -1 || s.cancelledAt !== -1 || (s.members.length === 0 && s.children.every((c) => completelyDone(scopes.get(c)!)));
  const runFinally = (s: ScopeView): void => {
    if (s.finallyAt === -1) s.finallyAt = i;
  };
  const setCancelled = (s: ScopeView): void => {
    if (s.cancelledAt === -1) {
      s.cancelledAt = i;
      cancelledLog.push({ scope: s.id, index: i });
    }
  };
  const userCancel = (s: ScopeView, reason: string, safe: boolean): void => {
    if (s.disposedAt !== -1 || s.closedAt !== -1) return;
    if (completelyDone(s)) {
      s.closedAt = i;
      runFinally(s);
      return;
    }
    setCancelled(s);
    for (const child of [...s.children]) userCancel(scopes.get(child)!, reason, safe);
    for (const id of [...s.members]) hit(coroutines.get(id)!, reason, safe, 'scope');
  };
  const catchError = (s: ScopeView, safe: boolean): void => {
    setCancelled(s);
    for (const child of [...s.children]) userCancel(scopes.get(child)!, SCOPE_CANCELLED, safe);
    for (const id of [...s.members]) hit(coroutines.get(id)!, COROUTINE_CANCELLED, safe, 'fail');
    const parent = s.parent === null ? undefined : scopes.get(s.parent);
    if (parent) catchError(parent, safe);
  };
  const disposable = (s: ScopeView): boolean =>
    s.disposedAt === -1 && s.cancelledAt !== -1 && s.members.length === 0 && s.children.every((c) => disposable(scopes.get(c)!));
  const disposeTree = (s: ScopeView): void => {
    for (const child of [...s.children]) disposeTree(scopes.get(child)!);
    s.disposedAt = i;
    runFinally(s);
    const parent = s.parent === null ? undefined : scopes.get(s.parent);
    if (parent) parent.children = parent.children.filter((c) => c !== s.id);
  };
  const tryDispose = (id: string): void => {
    for (let s = scopes.get(id); s !== undefined; ) {
      if (!disposable(s)) return;
      disposeTree(s);
      s = s.parent === null ? undefined : scopes.get(s.parent);
    }
  };

  for (; i < trace.length; i++) {
    const e = trace[i];
    const self = coroutines.get(e.actor);
    switch (e.kind) {
      case 'spawned': {
        const scope = forest.scopeOf.get(e.coroutine);
        if (scope === undefined || coroutines.has(e.coroutine)) break;
        coroutines.set(e.coroutine, { id: e.coroutine, scope, startedAt: -1, finishedAt: -1, zombie: false, protected: false, hits: [] });
        scopes.get(scope)?.members.push(e.coroutine);
        break;
      }
      case 'started':
        if (self && self.startedAt === -1) self.startedAt = i;
        break;
      case 'log':
        if (self && e.value === PROTECT_ENTER) self.protected = true;
        if (self && e.value === PROTECT_LEAVE) self.protected = false;
        break;
      case 'resumed':
        if (self && e.error) self.protected = false;
        break;
      case 'cancel': {
        const target = coroutines.get(e.target);
        if (!target || !unfinished(target)) break;
        if (e.actor === e.target) target.hits.push({ index: i, reason: e.reason, kind: 'self', safe: false, cause: 'cancel' });
        else hit(target, e.reason, false, 'cancel');
        break;
      }
      case 'scopeCancel': {
        const s = scopes.get(e.scope);
        if (s) userCancel(s, e.reason, e.how === 'disposeSafely' ? true : s.safe);
        break;
      }
      case 'completed':
      case 'failed': {
        if (!self || !unfinished(self)) break;
        self.finishedAt = i;
        const s = scopes.get(self.scope);
        if (!s) break;
        if (e.kind === 'failed' && !isCancellation(e.error) && !handledByAwaiter(trace, i)) {
          failTogether.add(i);
          catchError(s, s.safe);
        }
        s.members = s.members.filter((m) => m !== self.id);
        tryDispose(s.id);
        break;
      }
      case 'shutdown':
      case 'deadlock':
        for (const c of coroutines.values()) {
          c.protected = false;
          hit(c, e.kind === 'shutdown' ? 'Graceful shutdown' : 'Deadlock detected', false, 'system');
        }
        break;
      default:
        break;
    }
  }
  return {
    forest, scopes, coroutines, failTogether,
    cancelledBefore: (id, k) => cancelledLog.some((x) => x.scope === id && x.index < k),
  };
}

// ---------------------------------------------------------------------------------------------
// Shared reading helpers.

/** Whether `e` is an `AsyncCancellation` (exactly that class: what cancel requests carry). */
function isRequest(e: ErrorValue | undefined): e is ErrorValue {
  return e !== undefined && e.class === ASYNC_CANCELLATION;
}

/** Index of the last `suspended` of `actor` before `d`, or -1. */
function lastSuspended(trace: Trace, actor: string, d: number): number {
  for (let k = d - 1; k >= 0; k--) if (trace[k].actor === actor && trace[k].kind === 'suspended') return k;
  return -1;
}

/** Whether some `protect` in the program of coroutine `id` is directly followed by an `await` in its block. */
function awaitAfterProtect(scenario: Scenario, id: string): boolean {
  let found = false;
  const scan = (program: Program): void => {
    program.forEach((instr, k) => {
      if (instr.op === 'protect' && program[k + 1]?.op === 'await') found = true;
      for (const child of childPrograms(instr)) scan(child);
    });
  };
  forEachInstruction(scenario.main, (instr) => {
    if (instr.op === 'spawn' && instr.id === id) scan(instr.body);
  });
  if (id === 'main') scan(scenario.main);
  return found;
}

/** The next event of `actor` after `i`, skipping the logs of `finally` blocks. */
function nextVisible(trace: Trace, actor: string, i: number): number {
  for (let k = nextOf(trace, actor, i); k !== -1; k = nextOf(trace, actor, k)) {
    const e = trace[k];
    if (!(e.kind === 'log' && e.value === FINALLY_LOG)) return k;
  }
  return -1;
}

/** The failure of the coroutine awaited by the suspension at `s`, if it failed before `d`. */
function awaitedFailure(trace: Trace, s: number, d: number): { index: number; error: ErrorValue } | undefined {
  const e = trace[s];
  if (!isKind(e, 'suspended') || !e.on.startsWith('coroutine:')) return undefined;
  const f = finishIndex(trace, e.on.slice(10));
  const done = trace[f];
  return f > s && f < d && isKind(done, 'failed') ? { index: f, error: done.error } : undefined;
}

/**
 * Why a coroutine was resumed with an error at `d`: the first cancellation
 * delivered to it during that suspension, and the failure of the coroutine
 * it awaited (if it failed meanwhile).
 */
function resumption(trace: Trace, rep: Replay, actor: string, d: number): { s: number; first?: Hit; delivered: Hit[]; awaited?: { index: number; error: ErrorValue } } {
  const s = lastSuspended(trace, actor, d);
  const delivered = (rep.coroutines.get(actor)?.hits ?? []).filter((h) => h.kind === 'deliver' && h.index > s && h.index < d);
  return { s, first: delivered[0], delivered, awaited: awaitedFailure(trace, s, d) };
}

/** Where a cancellation reason was sent (for messages). */
function sourceOf(trace: Trace, reason: string): string {
  const k = trace.findIndex((e) => (e.kind === 'scopeCancel' || e.kind === 'cancel') && e.reason === reason);
  if (k === -1) return `no cancel request in the trace carries ${JSON.stringify(reason)}`;
  const e = trace[k];
  return e.kind === 'scopeCancel' ? `${JSON.stringify(reason)} was sent to scope ${e.scope} at ${at(trace, k)}` : e.kind === 'cancel' ? `${JSON.stringify(reason)} was sent to ${e.target} at ${at(trace, k)}` : '';
}

/**
 * Every cancellation a coroutine was resumed with (or failed with without
 * ever starting) must have been sent to it: by a cancel request that reached
 * it with that reason, or by the coroutine it awaited.
 *
 * @param only - judge only cancellations with these messages.
 * @param from - judge only events after this index.
 */
function unexplainedCancellation(trace: Trace, rep: Replay, only?: (reason: string) => boolean, from = -1, who?: string): string | undefined {
  for (let d = from + 1; d < trace.length; d++) {
    const e = trace[d];
    const co = rep.coroutines.get(e.actor);
    if (!co || (who !== undefined && e.actor !== who)) continue;
    if (e.kind === 'resumed' && isRequest(e.error) && (only === undefined || only(e.error.message))) {
      const r = resumption(trace, rep, e.actor, d);
      if (r.delivered.some((h) => h.reason === e.error!.message) || (r.awaited && same(r.awaited.error, e.error))) continue;
      return `${e.actor} (scope ${co.scope}) was resumed with ${showError(e.error)} at ${at(trace, d)}, but no cancel request reaching it carried that reason (${sourceOf(trace, e.error.message)})`;
    }
    if (e.kind === 'failed' && co.startedAt === -1 && isRequest(e.error) && (only === undefined || only(e.error.message))) {
      if (co.hits.some((h) => h.index < d && h.reason === e.error.message)) continue;
      return `${e.actor} (scope ${co.scope}) never started and failed with ${showError(e.error)} at ${at(trace, d)}, but no cancel request reaching it carried that reason (${sourceOf(trace, e.error.message)})`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The ten properties.

/**
 * Termination.
 *
 * @remarks The full rule: a coroutine reached by a not-safe cancellation (its own cancel() or a cascade over its scope) is woken at once — resumed with the cancellation, or finished without running if it never started — and completes at that same virtual time unless it swallows the cancellation; protected coroutines and zombies excepted
 */
export const terminationInvariant = defineProperty({
  id: 'CAN-2',
  also: ['SCP-4'],
  aspect: 'termination',
  rule: 'a coroutine reached by a not-safe cancellation is woken at once and completes at that virtual time',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'mixed', selfCancel: false }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (const co of rep.coroutines.values()) {
      for (const h of co.hits) {
        if (h.kind !== 'deliver' && h.kind !== 'ignore') continue;
        const j = nextOf(actual, co.id, h.index);
        const x = actual[j];
        const what = `${co.id} was cancelled with ${JSON.stringify(h.reason)} at ${at(actual, h.index)} (${h.kind === 'ignore' ? 'not started' : 'suspended, not protected, not safe'})`;
        if (!x || x.t !== actual[h.index].t) return `${what}, but its next event ${at(actual, j)} is not at t=${actual[h.index].t}`;
        if (h.kind === 'ignore' && !(isKind(x, 'failed') && isCancellation(x.error))) return `${what}, but its next event ${at(actual, j)} is ${x.kind} instead of failing with the cancellation`;
        if (h.kind === 'deliver' && !(isKind(x, 'resumed') && x.error !== undefined && isCancellation(x.error))) {
          return `${what}, but its next event ${at(actual, j)} is ${x.kind}${isKind(x, 'resumed') && x.error ? ` with ${showError(x.error)}` : ''} instead of resumed with the cancellation`;
        }
        const f = co.finishedAt;
        const swallowed = actual.some((e, k) => k > h.index && (f === -1 || k < f) && e.actor === co.id && e.kind === 'log' && e.value === SWALLOW);
        if (swallowed) continue;
        if (f === -1 || actual[f].t !== actual[h.index].t) return `${what} and did not swallow it, but it ${f === -1 ? 'never finished' : `finished only at ${at(actual, f)}`}`;
      }
    }
    return undefined;
  },
});

/**
 * Downward-only.
 *
 * @remarks The full rule: cancelling a scope reaches only its subtree — no coroutine outside it is resumed with its cancellation, and isCancelled() of every scope outside it is unchanged
 */
export const downwardOnlyInvariant = defineProperty({
  id: 'SCP-4',
  aspect: 'downward-only',
  rule: 'cancelling a scope reaches only its subtree: nothing outside it is resumed or marked cancelled',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'mixed', queries: true }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (let q = 0; q < actual.length; q++) {
      const e = actual[q];
      if (!isKind(e, 'query') || e.what !== 'isCancelled' || !rep.scopes.has(e.target)) continue;
      const expected = rep.cancelledBefore(e.target, q);
      if (e.value !== expected) {
        const sent = actual.flatMap((x, k) => (k < q && x.kind === 'scopeCancel' ? [`${x.scope} at #${k}`] : []));
        return `isCancelled() of scope ${e.target} is ${String(e.value)} at ${at(actual, q)}, but ${expected ? 'a cancellation reached it before' : 'no cancellation of it, of an ancestor, or fail-together in its tree reached it'} (scope cancels so far: ${sent.join(', ') || 'none'})`;
      }
    }
    return unexplainedCancellation(actual, rep);
  },
});

/**
 * Not-started never run.
 *
 * @remarks The full rule: a coroutine cancelled before its first tick never runs a body step, fails with the first cancellation it got, its finally() handlers still run once, and await on it throws that cancellation
 */
export const notStartedInvariant = defineProperty({
  id: 'CAN-2',
  also: ['COR-7'],
  aspect: 'not-started',
  rule: 'a coroutine cancelled before its first tick never runs a step; its finally() handlers still run once',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'mixed', selfCancel: false }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (const co of rep.coroutines.values()) {
      const first = co.hits[0];
      if (!first || (co.startedAt !== -1 && co.startedAt < first.index)) continue;
      const own = actual.flatMap((e, k) => (e.actor === co.id ? [k] : []));
      const bad = own.find((k) => actual[k].kind !== 'failed');
      if (bad !== undefined) return `${co.id} was cancelled before it started (${JSON.stringify(first.reason)} at ${at(actual, first.index)}) but ran: ${at(actual, bad)} is ${actual[bad].kind}`;
      const f = co.finishedAt;
      const done = actual[f];
      if (!isKind(done, 'failed')) return `${co.id} was cancelled before it started (${at(actual, first.index)}) but never finished`;
      if (!isRequest(done.error) || done.error.message !== first.reason) {
        return `${co.id} was first cancelled with ${JSON.stringify(first.reason)} at ${at(actual, first.index)} before it started, but failed with ${showError(done.error)} at ${at(actual, f)}`;
      }
      // finally() handlers registered before it finished run once, after it.
      for (let m = 0; m < f; m++) {
        const mark = actual[m].kind === 'log' ? parseOnFinallyMarker((actual[m] as Extract<TraceEvent, { kind: 'log' }>).value) : undefined;
        if (!mark || mark.target !== co.id) continue;
        const ran = actual.flatMap((e, k) => (e.kind === 'finally' && e.target === co.id && e.handler === mark.handler ? [k] : []));
        if (ran.length !== 1 || ran[0] < f) return `finally handler ${mark.handler} of ${co.id} (registered at ${at(actual, m)}, cancelled before start, failed at ${at(actual, f)}) ran ${ran.length} times${ran.length ? ` (${ran.map((k) => at(actual, k)).join(', ')})` : ''}`;
      }
      // await on it throws that cancellation (unless the await timed out first).
      const awaited = awaitOutcomes(actual, co.id);
      for (const a of awaited) {
        if (a.error === undefined || isTimeout(a.error)) {
          if (a.error === undefined && a.index > f) return `${a.actor} awaiting ${co.id} (failed at ${at(actual, f)}) got a value at ${at(actual, a.index)}`;
          continue;
        }
        if (!same(a.error, done.error) && !SYSTEM_REASONS.includes(a.error.message)) return `${a.actor} awaiting ${co.id} got ${showError(a.error)} at ${at(actual, a.index)}, not its cancellation ${showError(done.error)}`;
      }
    }
    return undefined;
  },
});

/** What main's marked awaits of `target` gave it: value or error, and where (main is reached by no cancel request but shutdown). */
function awaitOutcomes(trace: Trace, target: string): Array<{ actor: string; index: number; error?: ErrorValue; value?: unknown; suspended: boolean }> {
  const out: Array<{ actor: string; index: number; error?: ErrorValue; value?: unknown; suspended: boolean }> = [];
  markedAwaits(trace).forEach(({ index: m, actor, marker: mark }) => {
    const e = { actor };
    if (e.actor !== 'main' || mark.kind !== 'coroutine' || mark.id !== target) return;
    let j = nextOf(trace, e.actor, m);
    let x = trace[j];
    const suspended = isKind(x, 'suspended');
    if (suspended) {
      j = nextOf(trace, e.actor, j);
      x = trace[j];
      if (isKind(x, 'resumed') && !x.error) {
        j = nextOf(trace, e.actor, j);
        x = trace[j];
      }
    }
    if (isKind(x, 'awaited')) out.push({ actor: e.actor, index: j, value: x.value, suspended });
    else if (isKind(x, 'resumed') || isKind(x, 'caught') || isKind(x, 'failed')) out.push({ actor: e.actor, index: j, error: errorOf(x), suspended });
  });
  return out;
}

/** `OperationCanceledException` with a `TimeoutException` as previous: a `timeout()` token fired (CAN-9). */
function isTimeout(e: ErrorValue): boolean {
  return e.class === 'Async\\OperationCanceledException' && e.previous?.class === 'Async\\TimeoutException';
}

/**
 * First reason wins.
 *
 * @remarks The full rule: of several cancellations reaching a coroutine before one is thrown into it, the first is thrown (a not-started one fails with the first); a self-cancelled coroutine ends with its own first reason, or with the ordinary exception it threw, that reason at the end of its previous chain
 */
export const firstReasonInvariant = defineProperty({
  id: 'CAN-4',
  aspect: 'first-reason-wins',
  rule: 'of several cancellations reaching a coroutine before one is thrown into it, the first is thrown',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'unsafe', selfCancel: true, protect: false, maxCoroutines: 4, maxActions: 8, weights: { actions: { cancel: 6 } } }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (let d = 0; d < actual.length; d++) {
      const e = actual[d];
      const co = rep.coroutines.get(e.actor);
      if (!co) continue;
      if (isKind(e, 'resumed') && e.error) {
        const r = resumption(actual, rep, e.actor, d);
        if (!r.first) continue;
        const fromAwait = r.awaited && r.awaited.index < r.first.index && same(r.awaited.error, e.error);
        if (fromAwait || (isRequest(e.error) && e.error.message === r.first.reason)) continue;
        return `${e.actor} was cancelled first with ${JSON.stringify(r.first.reason)} at ${at(actual, r.first.index)}${r.delivered.length > 1 ? ` then with ${r.delivered.slice(1).map((h) => `${JSON.stringify(h.reason)} at #${h.index}`).join(', ')}` : ''}, but was resumed with ${showError(e.error)} at ${at(actual, d)}`;
      }
      if (isKind(e, 'failed') && co.startedAt === -1) {
        const first = co.hits[0];
        if (first && !(isRequest(e.error) && e.error.message === first.reason)) {
          return `${e.actor} never started; its first cancellation was ${JSON.stringify(first.reason)} at ${at(actual, first.index)}${co.hits.length > 1 ? ` (later: ${co.hits.slice(1).map((h) => JSON.stringify(h.reason)).join(', ')})` : ''}, but it failed with ${showError(e.error)} at ${at(actual, d)}`;
        }
      }
    }
    for (const co of rep.coroutines.values()) {
      const stored = co.hits.find((h) => h.kind === 'self');
      const f = co.finishedAt;
      if (!stored || f === -1) continue;
      const done = actual[f];
      if (!isKind(done, 'failed')) return `${co.id} cancelled itself with ${JSON.stringify(stored.reason)} at ${at(actual, stored.index)}, but completed with a value at ${at(actual, f)}`;
      const tail = chainOf(done.error).at(-1)!;
      // The throw marker, if the last things the coroutine did before failing were logs ending a `throw` step.
      let thrown: string | undefined;
      for (let k = f - 1; k >= 0 && thrown === undefined; k--) {
        const x = actual[k];
        if (x.actor !== co.id) continue;
        if (x.kind !== 'log') break;
        thrown = parseThrowMarker(x.value);
      }
      if (thrown && !isCancellation({ class: thrown as ErrorValue['class'], message: '' })) {
        if (done.error.class !== thrown || !isRequest(tail) || tail.message !== stored.reason) {
          return `${co.id} cancelled itself with ${JSON.stringify(stored.reason)} at ${at(actual, stored.index)} and then threw ${thrown}, but failed with ${showError(done.error)} (end of its previous chain: ${showError(tail)}) at ${at(actual, f)}`;
        }
      } else if (isCancellation(done.error) && !(isRequest(done.error) && done.error.message === stored.reason)) {
        return `${co.id} cancelled itself with ${JSON.stringify(stored.reason)} at ${at(actual, stored.index)}, but failed with ${showError(done.error)} at ${at(actual, f)} instead of its own first reason`;
      }
    }
    return undefined;
  },
});

/** The protect windows of a coroutine: from its enter marker to its leave marker, or to an error resuming it inside. */
interface ProtectWindow {
  actor: string;
  enter: number;
  /** Index of the leave marker, or -1. */
  leave: number;
  /** Index of a `resumed {error}` inside the window, or -1. */
  broken: number;
}

function protectWindows(trace: Trace, actor: string): ProtectWindow[] {
  const out: ProtectWindow[] = [];
  let open: ProtectWindow | undefined;
  trace.forEach((e, k) => {
    if (e.actor !== actor) return;
    if (e.kind === 'log' && e.value === PROTECT_ENTER) {
      open = { actor, enter: k, leave: -1, broken: -1 };
      out.push(open);
    } else if (open && e.kind === 'log' && e.value === PROTECT_LEAVE) {
      open.leave = k;
      open = undefined;
    } else if (open && e.kind === 'resumed' && e.error) {
      open.broken = k;
      open = undefined;
    } else if (open && (e.kind === 'completed' || e.kind === 'failed')) open = undefined;
  });
  return out;
}

/**
 * Protect window.
 *
 * @remarks The full rule: no cancellation is thrown inside a protect closure; the first cancellation that arrived during it is thrown right at its exit (isCancellationRequested() is true meanwhile); only shutdown and deadlock reach inside, with the deferred reason (if any) thrown first
 */
export const protectWindowInvariant = defineProperty({
  id: 'CAN-5',
  also: ['CAN-11'],
  aspect: 'protect-window',
  rule: 'no cancellation is thrown inside protect; the first one is thrown at its exit; only shutdown and deadlock reach in',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'mixed', shutdown: true, queries: true, maxActions: 6 }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (const co of rep.coroutines.values()) {
      const selfStored = co.hits.find((h) => h.kind === 'self');
      for (const w of protectWindows(actual, co.id)) {
        const end = w.leave !== -1 ? w.leave : w.broken;
        if (end === -1) continue;
        const deferred = co.hits.filter((h) => h.kind === 'defer' && h.index > w.enter && h.index < end);
        for (let k = w.enter + 1; k < end; k++) {
          const q = actual[k];
          if (isKind(q, 'query') && q.target === co.id && q.what === 'isCancellationRequested' && deferred.some((h) => h.index < k) && q.value !== true) {
            return `${co.id} is inside protect (${at(actual, w.enter)}) with a deferred cancellation from ${at(actual, deferred[0].index)}, but isCancellationRequested() is ${JSON.stringify(q.value)} at ${at(actual, k)}`;
          }
        }
        let thrown: ErrorValue | undefined;
        let after: number;
        if (w.broken !== -1) {
          const r = actual[w.broken] as Extract<TraceEvent, { kind: 'resumed' }>;
          const system = actual.findIndex((x, k) => k > w.enter && k < w.broken && (x.kind === 'shutdown' || x.kind === 'deadlock'));
          if (system === -1 || !isRequest(r.error) || !SYSTEM_REASONS.includes(r.error!.message)) {
            return `${co.id} is inside protect since ${at(actual, w.enter)}, but was resumed with ${showError(r.error)} at ${at(actual, w.broken)}${deferred.length ? ` (the cancellation from ${at(actual, deferred[0].index)} must wait for the protect exit)` : ''}`;
          }
          const d = deferred.find((h) => h.index < system);
          thrown = d ? { class: ASYNC_CANCELLATION, message: d.reason, previous: r.error! } : r.error!;
          after = w.broken;
        } else {
          thrown = deferred[0] ? { class: ASYNC_CANCELLATION, message: deferred[0].reason } : undefined;
          after = w.leave;
        }
        const j = nextVisible(actual, co.id, after);
        const x = actual[j];
        // An event with a label belongs to a later (labelled) instruction, not to the protect exit.
        const got = (isKind(x, 'caught') || isKind(x, 'failed')) && x.label === undefined ? errorOf(x) : undefined;
        if (thrown === undefined) {
          // An `await` right after the block may throw (the awaited coroutine's failure) before it emits any event of its own.
          if (awaitAfterProtect(scenario, co.id)) continue;
          if (got && isCancellation(got) && !(isKind(x, 'failed') && selfStored)) {
            return `${co.id} left protect at ${at(actual, w.leave)} with no cancellation deferred, but ${showError(got)} was thrown (${at(actual, j)})`;
          }
          continue;
        }
        const ok = got !== undefined && (same(got, thrown) || (isKind(x, 'failed') && selfStored !== undefined));
        if (!ok) {
          return `${co.id} ${w.broken !== -1 ? `was cancelled by the system inside protect at ${at(actual, w.broken)}` : `left protect at ${at(actual, w.leave)}`}${deferred.length ? ` after ${deferred.map((h) => `${JSON.stringify(h.reason)} at #${h.index}`).join(', ')} arrived during it` : ''}: expected ${showError(thrown)} to be thrown there, but its next event ${at(actual, j)} is ${x ? x.kind : 'missing'}${got ? ` with ${showError(got)}` : ''}`;
        }
      }
    }
    return undefined;
  },
});

/**
 * Predicate lattice.
 *
 * @remarks The full rule: at every query isCancelled ⇒ isCompleted, never isCancelled ∧ isCancellationRequested, isCompleted ⇒ ¬isSuspended; isCompleted matches the trace, and a coroutine reached by any cancel request reports isCancellationRequested until it finishes and isCancelled after
 */
export const predicatesInvariant = defineProperty({
  id: 'COR-6',
  also: ['CAN-8'],
  aspect: 'predicate-lattice',
  rule: 'at every query the cancellation and completion predicates agree with each other and with the trace',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'mixed', queries: true, queriesAfter: true, selfCancel: true, maxActions: 6, weights: { steps: { protect: 4 } } }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (let i = 0; i < actual.length; ) {
      if (actual[i].kind !== 'query') {
        i++;
        continue;
      }
      const first = i;
      const groups = new Map<string, Record<string, unknown>>();
      for (; i < actual.length && actual[i].kind === 'query' && actual[i].actor === actual[first].actor; i++) {
        const q = actual[i] as Extract<TraceEvent, { kind: 'query' }>;
        if (rep.coroutines.has(q.target)) groups.set(q.target, { ...(groups.get(q.target) ?? {}), [q.what]: q.value });
      }
      for (const [target, p] of groups) {
        const where = `for ${target} in the queries at ${at(actual, first)}..#${i - 1}`;
        const co = rep.coroutines.get(target)!;
        const finished = co.finishedAt !== -1 && co.finishedAt < first;
        const requested = co.hits.some((h) => h.index < first);
        if (p.isCancelled === true && p.isCompleted === false) return `isCancelled without isCompleted ${where}`;
        if (p.isCancelled === true && p.isCancellationRequested === true) return `both isCancelled and isCancellationRequested ${where}`;
        if (p.isCompleted === true && p.isSuspended === true) return `isCompleted with isSuspended ${where}`;
        if (p.isCompleted !== undefined && p.isCompleted !== finished) return `isCompleted is ${String(p.isCompleted)} ${where}, but ${target} ${finished ? `finished at ${at(actual, co.finishedAt)}` : 'has not finished'}`;
        const hitNote = requested ? `it was reached by ${JSON.stringify(co.hits[0].reason)} at ${at(actual, co.hits[0].index)} (${co.hits[0].kind})` : 'no cancel request reached it';
        if (p.isCancelled !== undefined && p.isCancelled !== (finished && requested)) return `isCancelled is ${String(p.isCancelled)} ${where}: ${finished ? 'finished' : 'not finished'}, ${hitNote}`;
        if (p.isCancellationRequested !== undefined && p.isCancellationRequested !== (!finished && requested)) {
          return `isCancellationRequested is ${String(p.isCancellationRequested)} ${where}: ${finished ? 'finished' : 'not finished'}, ${hitNote}`;
        }
      }
    }
    return undefined;
  },
});

/**
 * Safe-mode equivalence.
 *
 * @remarks The full rule: a safe-mode cancellation makes started coroutines of the subtree zombies that run on exactly as if it had not happened — no cancellation is thrown into them unless a later not-safe one reaches them — while coroutines that had not started never run
 */
export const safeModeInvariant = defineProperty({
  id: 'SCP-5',
  also: ['SCP-6'],
  aspect: 'safe-mode',
  rule: 'a safe-mode cancellation leaves started coroutines running as if it had not happened; unstarted never run',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'safe', throws: false, maxActions: 6 }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (const co of rep.coroutines.values()) {
      const safeIgnore = co.hits.find((h) => h.kind === 'ignore' && h.safe);
      if (safeIgnore && co.startedAt > safeIgnore.index) {
        return `${co.id} had not started when the safe-mode cancellation ${JSON.stringify(safeIgnore.reason)} reached it at ${at(actual, safeIgnore.index)}, but it started at ${at(actual, co.startedAt)}`;
      }
      const zombie = co.hits.find((h) => h.kind === 'zombify');
      if (!zombie) continue;
      for (let d = zombie.index + 1; d < actual.length; d++) {
        const e = actual[d];
        if (e.actor !== co.id || !isKind(e, 'resumed') || !e.error || !isCancellation(e.error)) continue;
        const r = resumption(actual, rep, co.id, d);
        if (r.first || (r.awaited && same(r.awaited.error, e.error))) continue;
        return `${co.id} became a zombie at ${at(actual, zombie.index)} (safe-mode ${JSON.stringify(zombie.reason)}), but was resumed with ${showError(e.error)} at ${at(actual, d)} though no not-safe cancellation reached it since`;
      }
    }
    return undefined;
  },
});

/**
 * Token isolation.
 *
 * @remarks The full rule: await(c, timeout(k)) throwing OperationCanceledException (previous TimeoutException) leaves c untouched — c is not cancelled and never sees the timeout — and an await that does not time out yields c's own outcome
 */
export const tokenIsolationInvariant = defineProperty({
  id: 'CAN-9',
  aspect: 'token-isolation',
  rule: 'a timed-out await(c, timeout(k)) leaves c untouched; an await that does not time out yields c\'s outcome',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'unsafe', maxActions: 6, weights: { actions: { await: 5 } } }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    for (let k = 0; k < actual.length; k++) {
      const e = actual[k];
      if (!rep.coroutines.has(e.actor)) continue;
      const bad = chainOf(errorOf(e)).find((x) => x.class === 'Async\\OperationCanceledException' || x.class === 'Async\\TimeoutException');
      if (bad) return `${e.actor} never awaits with a token, yet ${showError(bad)} reached it at ${at(actual, k)}`;
    }
    for (const id of rep.coroutines.keys()) {
      const f = finishIndex(actual, id);
      for (const a of awaitOutcomes(actual, id)) {
        if (a.error !== undefined && isTimeout(a.error)) {
          const why = unexplainedCancellation(actual, rep, undefined, a.index, id);
          if (why) return `${a.actor}'s await on ${id} timed out at ${at(actual, a.index)}; afterwards ${why}`;
          continue;
        }
        if (a.error !== undefined && SYSTEM_REASONS.includes(a.error.message)) continue;
        const done = actual[f];
        if (f === -1 || f > a.index) return `${a.actor}'s await on ${id} ended at ${at(actual, a.index)} without a timeout, before ${id} finished`;
        const own = isKind(done, 'failed') ? { error: done.error } : { value: (done as Extract<TraceEvent, { kind: 'completed' }>).value };
        const got = a.error !== undefined ? { error: a.error } : { value: a.value };
        if (!same(got, own)) return `${a.actor}'s await on ${id} gave ${JSON.stringify(got)} at ${at(actual, a.index)}, but ${id} finished with ${JSON.stringify(own)} at ${at(actual, f)}`;
      }
    }
    return undefined;
  },
});

/**
 * Silence.
 *
 * @remarks The full rule: cancellations escaping coroutines end the run without an exit error and cancel nobody else, while an uncaught ordinary exception (no awaiter took it) in a not-safe scope cancels every other coroutine of that scope at once
 */
export const silenceInvariant = defineProperty({
  id: 'SCP-14',
  also: ['CAN-7'],
  aspect: 'silence',
  rule: 'escaping cancellations cancel nobody and give no exit error; an uncaught exception cancels its not-safe scope',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'unsafe', timeouts: false, maxActions: 4 }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    const exit = actual[actual.length - 1];
    const mainFailed = actual.some((e) => e.actor === 'main' && e.kind === 'failed' && !isCancellation(e.error));
    if (isKind(exit, 'exit') && exit.error && !mainFailed && !actual.some((e) => e.kind === 'deadlock')) {
      return `the run ends with ${showError(exit.error)} at ${at(actual, actual.length - 1)}, though only coroutines other than main failed`;
    }
    for (const f of rep.failTogether) {
      const failed = actual[f] as Extract<TraceEvent, { kind: 'failed' }>;
      const scope = rep.forest.scopeOf.get(failed.actor)!;
      if (rep.forest.safe.get(scope)) continue;
      for (const id of rep.forest.coroutines) {
        if (id === failed.actor || rep.forest.scopeOf.get(id) !== scope) continue;
        const s = actual.findIndex((e) => e.kind === 'spawned' && e.coroutine === id);
        const fin = finishIndex(actual, id);
        if (s === -1 || s > f || (fin !== -1 && fin < f)) continue;
        const st = startIndex(actual, id);
        const what = `${failed.actor} failed with ${showError(failed.error)} at ${at(actual, f)} (no awaiter took it) in not-safe scope ${scope}`;
        if (st === -1 || st > f) {
          if (st !== -1) return `${what}, but its sibling ${id}, not started then, started at ${at(actual, st)}`;
          continue;
        }
        if (protectWindows(actual, id).some((w) => w.enter < f && (w.leave === -1 ? w.broken === -1 || w.broken > f : w.leave > f))) continue;
        const j = nextOf(actual, id, f);
        const x = actual[j];
        if (!(isKind(x, 'resumed') && x.error && isCancellation(x.error)) || x.t !== failed.t) {
          return `${what}, but its sibling ${id} was not cancelled: its next event ${at(actual, j)} is ${x ? x.kind : 'missing'}${isKind(x, 'resumed') && x.error ? ` with ${showError(x.error)}` : ''}`;
        }
      }
    }
    return unexplainedCancellation(actual, rep, (reason) => reason === COROUTINE_CANCELLED || reason === SCOPE_CANCELLED);
  },
});

/**
 * finally exactly once.
 *
 * @remarks The full rule: every finally() handler of a coroutine runs exactly once after it finished, on every cancellation path; every finally() handler of a scope runs at most once, and exactly once iff the scope was closed or disposed (isClosed() agrees), not before
 */
export const finallyOnceInvariant = defineProperty({
  id: 'CAN-10',
  aspect: 'finally-once',
  rule: 'each coroutine finally() handler runs exactly once after it ends; a scope\'s at most once, iff it closed',
  needs: CAPS,
  arbitrary: scopeForestScenario({ safety: 'mixed', maxActions: 6 }),
  check({ scenario, actual }) {
    const rep = replayCancellation(scenario, actual);
    const registered = new Set<string>();
    for (let m = 0; m < actual.length; m++) {
      const e = actual[m];
      const mark = e.kind === 'log' ? parseOnFinallyMarker(e.value) : undefined;
      if (!mark || !rep.coroutines.has(mark.target)) continue;
      registered.add(`${mark.target}\u0000${mark.handler}`);
      const f = finishIndex(actual, mark.target);
      const ran = actual.flatMap((x, k) => (x.kind === 'finally' && x.target === mark.target && x.handler === mark.handler ? [k] : []));
      if (f !== -1 && f < m) {
        if (ran.length !== 1 || ran[0] !== nextOf(actual, e.actor, m) || actual[ran[0]].actor !== e.actor) {
          return `${e.actor} registered ${mark.handler} on ${mark.target} (finished at ${at(actual, f)}) at ${at(actual, m)}: it must run at once, by ${e.actor}, exactly once; it ran at [${ran.map((k) => at(actual, k)).join(', ')}]`;
        }
        continue;
      }
      if (f === -1) {
        if (ran.length > 0) return `finally handler ${mark.handler} of ${mark.target} ran at ${at(actual, ran[0])} though ${mark.target} never finished`;
        continue;
      }
      if (ran.length !== 1) return `finally handler ${mark.handler} of ${mark.target} (registered at ${at(actual, m)}, ${mark.target} finished at ${at(actual, f)}) ran ${ran.length} times${ran.length ? `: ${ran.map((k) => at(actual, k)).join(', ')}` : ''}`;
      if (ran[0] < f || actual[ran[0]].actor !== `finally:${mark.target}`) return `finally handler ${mark.handler} of ${mark.target} ran at ${at(actual, ran[0])}, not after ${mark.target} finished at ${at(actual, f)} by finally:${mark.target}`;
    }
    for (let q = 0; q < actual.length; q++) {
      const e = actual[q];
      if (!isKind(e, 'query') || e.what !== 'isClosed') continue;
      const view = rep.scopes.get(e.target);
      if (!view) continue;
      const when = [view.closedAt, view.disposedAt].filter((k) => k !== -1 && k < q);
      if (e.value !== when.length > 0) {
        return `isClosed() of scope ${view.id} is ${JSON.stringify(e.value)} at ${at(actual, q)}, but ${when.length ? `it was ${view.closedAt === when[0] ? 'closed' : 'disposed'} at ${at(actual, when[0])}` : 'no close or disposal of it happened before'}`;
      }
    }
    for (const [scope, handlers] of rep.forest.scopeFinally) {
      const view = rep.scopes.get(scope)!;
      for (const h of handlers) {
        const ran = actual.flatMap((x, k) => (x.kind === 'finally' && x.target === scope && x.handler === h ? [k] : []));
        const when = view.finallyAt;
        if (when === -1 && ran.length > 0) return `finally handler ${h} of scope ${scope} ran at ${at(actual, ran[0])}, but ${scope} was never closed or disposed`;
        if (when !== -1 && ran.length !== 1) {
          const how = view.closedAt === when ? 'closed' : 'disposed';
          return `scope ${scope} was ${how} at ${at(actual, when)}, but its finally handler ${h} ran ${ran.length} times${ran.length ? `: ${ran.map((k) => at(actual, k)).join(', ')}` : ''}`;
        }
        if (when !== -1 && ran[0] < when) return `finally handler ${h} of scope ${scope} ran at ${at(actual, ran[0])}, before ${scope} was closed or disposed at ${at(actual, when)}`;
      }
    }
    for (let k = 0; k < actual.length; k++) {
      const e = actual[k];
      if (e.kind === 'finally' && rep.coroutines.has(e.target) && !registered.has(`${e.target}\u0000${e.handler}`)) {
        return `finally handler ${e.handler} of ${e.target} ran at ${at(actual, k)} but was never registered`;
      }
    }
    return undefined;
  },
});

/** The ten cancellation-invariant properties, in aspect order. */
export const cancellationInvariantProperties: ConformanceProperty[] = [
  terminationInvariant, downwardOnlyInvariant, notStartedInvariant, firstReasonInvariant, protectWindowInvariant,
  predicatesInvariant, safeModeInvariant, tokenIsolationInvariant, silenceInvariant, finallyOnceInvariant,
];
