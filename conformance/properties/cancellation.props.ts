/**
 * Conformance properties of cancellation (CAN-1..CAN-12): the class of
 * cancellations, the three cancel cases, self-cancel, reason precedence,
 * `protect` (flat and nested), silent uncaught cancellations, the two
 * predicates, tokens and timeouts, cleanup, system cancellations through
 * `protect`, and default messages.
 *
 * @remarks Checks read the adapter's trace and the scenario (its structure
 * and the `can:` markers of `cancellationScenarios.ts`), never the expected
 * trace. Where the trace cannot say which instruction produced an event, a
 * check only judges the cases its markers pin down.
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 * @module
 */
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import { isCancellation, isInstanceOf, type ErrorValue, type Instruction, type Program, type Scenario, type TryInstruction } from '../../spec/system/scenario.js';
import type { Trace } from '../../spec/system/trace.js';
import { operationCanceled, timeoutCancellation } from '../../spec/system/errors.js';
import {
  cancelThreeWaysScenario, cleanupScenario, defaultMessageScenario, nestedProtectScenario, parseCanMarker, precedenceScenario,
  predicateScenario, protectScenario, selfCancelScenario, systemCancelScenario, tokenScenario, tryScenario, uncaughtCancellationScenario,
  type CanMarker,
} from '../arbitraries/cancellationScenarios.js';
import { parseAwaitMarker, parseOnFinallyMarker, parseThrowMarker } from '../arbitraries/markers.js';
import { focused } from './event.props.js';
import {
  at, finishIndex, isKind, markedAwaits, nextOf, same, selfCancelIndex, showError, startIndex, suspendedOn, suspensions, type EventOf, type Suspension,
} from './traceQueries.js';

// ---------------------------------------------------------------------------
// Reading scenarios
// ---------------------------------------------------------------------------

/** Visit every instruction of a program, depth first, inside try/catch/finally and protect bodies (and spawn bodies when `spawns`). */
function walk(program: Program, visit: (i: Instruction) => void, spawns: boolean): void {
  for (const instr of program) {
    visit(instr);
    if (instr.op === 'spawn' && spawns) walk(instr.body, visit, spawns);
    if (instr.op === 'protect') walk(instr.body, visit, spawns);
    if (instr.op === 'try') {
      walk(instr.body, visit, spawns);
      instr.catch?.forEach((c) => walk(c.body, visit, spawns));
      if (instr.finally) walk(instr.finally, visit, spawns);
    }
  }
}

/** Every instruction of the scenario, spawn bodies included. */
function allInstructions(scenario: Scenario): Instruction[] {
  const out: Instruction[] = [];
  walk(scenario.main, (i) => out.push(i), true);
  return out;
}

/** The body of coroutine `id` (`main`: the scenario's main program), or `undefined`. */
function programOf(scenario: Scenario, id: string): Program | undefined {
  if (id === 'main') return scenario.main;
  const spawn = allInstructions(scenario).find((i) => i.op === 'spawn' && i.id === id);
  return spawn?.op === 'spawn' ? spawn.body : undefined;
}

/** The instructions a coroutine runs itself (not those of the coroutines it spawns). */
function ownInstructions(scenario: Scenario, id: string): Instruction[] {
  const out: Instruction[] = [];
  const p = programOf(scenario, id);
  if (p) walk(p, (i) => out.push(i), false);
  return out;
}

/** Whether the scenario has a `protect` anywhere (then a cancellation may be deferred). */
function usesProtect(scenario: Scenario): boolean {
  return allInstructions(scenario).some((i) => i.op === 'protect');
}

/** Whether the scenario uses scopes (scope cascades and fail-together are further cancellation sources). */
function usesScopes(scenario: Scenario): boolean {
  return allInstructions(scenario).some((i) => i.op.startsWith('scope.') || (i.op === 'spawn' && i.scope !== undefined));
}

/** The `try` whose body starts with marker `can:try:<n>`. */
function markedTryOf(scenario: Scenario, n: string): TryInstruction | undefined {
  const t = allInstructions(scenario).find((i) => i.op === 'try' && i.body[0]?.op === 'log' && i.body[0].value === `can:try:${n}`);
  return t?.op === 'try' ? t : undefined;
}

/** The instructions after the end marker of protect `<n>` (its tail: a throw, or nothing). */
function protectTail(scenario: Scenario, n: string): Program {
  const p = allInstructions(scenario).find((i) => i.op === 'protect' && i.body[0]?.op === 'log' && i.body[0].value === `can:protect:${n}`);
  if (p?.op !== 'protect') return [];
  const k = p.body.findIndex((i) => i.op === 'log' && i.value === `can:protect:${n}:end`);
  return k === -1 ? [] : p.body.slice(k + 1);
}

/** The main scope in {@link ScopeTree}. */
const MAIN = '@main';

/** Which scope each coroutine and scope belongs to, read from the scenario. */
interface ScopeTree {
  /** Coroutine → its scope. */
  scopeOf: Map<string, string>;
  /** Scope → its parent (`null` for a root). */
  parent: Map<string, string | null>;
}

function scopeTree(scenario: Scenario): ScopeTree {
  const tree: ScopeTree = { scopeOf: new Map([['main', MAIN]]), parent: new Map([[MAIN, null]]) };
  const visit = (program: Program, self: string): void => {
    walk(program, (i) => {
      if (i.op === 'scope.new') tree.parent.set(i.id, null);
      if (i.op === 'scope.inherit') tree.parent.set(i.id, i.parent ?? tree.scopeOf.get(self) ?? MAIN);
      if (i.op === 'spawn') {
        tree.scopeOf.set(i.id, i.scope ?? tree.scopeOf.get(self) ?? MAIN);
        visit(i.body, i.id);
      }
    }, false);
  };
  visit(scenario.main, 'main');
  return tree;
}

/** Scope `s` and its ancestors. */
function scopeChain(tree: ScopeTree, s: string | undefined): string[] {
  const out: string[] = [];
  for (let x: string | null | undefined = s; x !== undefined && x !== null; x = tree.parent.get(x)) out.push(x);
  return out;
}

// ---------------------------------------------------------------------------
// Reading traces
// ---------------------------------------------------------------------------

/** The `can:` marker an event is, if any. */
function canMarker(e: Trace[number] | undefined): CanMarker | undefined {
  return e?.kind === 'log' ? parseCanMarker(e.value) : undefined;
}

/** Index of the `can:` marker of `actor` matching `p` after `from`, or -1. */
function findMarker(trace: Trace, actor: string, from: number, p: (m: CanMarker) => boolean): number {
  for (let k = from + 1; k < trace.length; k++) {
    const m = trace[k].actor === actor ? canMarker(trace[k]) : undefined;
    if (m && p(m)) return k;
  }
  return -1;
}

/** A `protect` block as the markers show it: enter index, end-marker index (-1 when the block was left by an error or never ended). */
interface ProtectWindow {
  /** Its marker id. */
  n: string;
  /** The coroutine. */
  actor: string;
  /** Index of `can:protect:<n>`. */
  enter: number;
  /** Index of `can:protect:<n>:end`, or -1. */
  exit: number;
}

function protectWindows(trace: Trace): ProtectWindow[] {
  const out: ProtectWindow[] = [];
  trace.forEach((e, i) => {
    const m = canMarker(e);
    if (m?.kind !== 'protect') return;
    out.push({ n: m.n, actor: e.actor, enter: i, exit: findMarker(trace, e.actor, i, (x) => x.kind === 'protect-end' && x.n === m.n) });
  });
  return out;
}

/** Index of the first cancellation source reaching `actor` from another actor in (from, to): its `cancel`, a `shutdown`, a `deadlock`; -1 if none. */
function externalSource(trace: Trace, actor: string, from: number, to: number): number {
  for (let k = from + 1; k < to && k < trace.length; k++) {
    const e = trace[k];
    if (e.actor === actor) continue;
    if ((e.kind === 'cancel' && e.target === actor) || e.kind === 'shutdown' || e.kind === 'deadlock') return k;
  }
  return -1;
}

/** Index of the first system cancellation (shutdown by another actor, deadlock) in (from, to), or -1. */
function systemSource(trace: Trace, actor: string, from: number, to: number): number {
  for (let k = from + 1; k < to && k < trace.length; k++) {
    const e = trace[k];
    if ((e.kind === 'shutdown' && e.actor !== actor) || e.kind === 'deadlock') return k;
  }
  return -1;
}

/** The reason a cancellation source carries. */
function reasonAt(trace: Trace, k: number): string {
  const e = trace[k];
  if (e.kind === 'cancel' || e.kind === 'scopeCancel') return e.reason;
  if (e.kind === 'shutdown') return 'Graceful shutdown';
  if (e.kind === 'deadlock') return 'Deadlock detected';
  return '?';
}

/** `AsyncCancellation(reason)` of the source at `k`. */
function cancellationAt(trace: Trace, k: number): ErrorValue {
  return { class: 'Async\\AsyncCancellation', message: reasonAt(trace, k) };
}

/** Whether the await suspended at `s` (its label) carries a token or a timeout (it may then end with an `OperationCanceledException`). */
function tokenAwait(trace: Trace, s: Suspension): boolean {
  const label = trace[s.index]?.label;
  const m = label === undefined ? undefined : parseAwaitMarker(label);
  return m !== undefined && (m.timeoutMs !== undefined || m.token !== undefined);
}

/** Whether `chain` (through `previous`) contains an error equal to `x` (ignoring `x`'s own previous). */
function chainHas(chain: ErrorValue | undefined, x: ErrorValue): boolean {
  for (let e = chain; e; e = e.previous) if (e.class === x.class && e.message === x.message) return true;
  return false;
}

/** Index of the `spawned` of `id` (0 for main), or -1. */
function spawnIndex(trace: Trace, id: string): number {
  return id === 'main' ? 0 : trace.findIndex((e) => e.kind === 'spawned' && e.coroutine === id);
}

/** Whether `id` is unfinished at index `k`. */
function unfinishedAt(trace: Trace, id: string, k: number): boolean {
  const f = finishIndex(trace, id);
  return f === -1 || f > k;
}

const show = (e: ErrorValue | undefined): string => (e ? `${showError(e)}${e.previous ? ` (previous ${showError(e.previous)})` : ''}` : 'no error');

// ---------------------------------------------------------------------------
// CAN-1
// ---------------------------------------------------------------------------

/**
 * CAN-1: cancellations are not Exceptions or Errors.
 *
 * @remarks The full rule: a cancellation (AsyncCancellation, OperationCanceledException) is a Cancellation: catch (Exception) and catch (Error) never catch it, and every error a cancel, shutdown or deadlock delivers at a suspension point is one
 */
export const can1 = defineProperty({
  id: 'CAN-1',
  rule: 'a cancellation is a Cancellation: catch (Exception) and catch (Error) never catch it',
  needs: ['core'],
  arbitrary: focused(tryScenario()),
  check({ scenario, actual }) {
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind !== 'caught') continue;
      const j = nextOf(actual, e.actor, i);
      const m = canMarker(actual[j]);
      if (m?.kind !== 'catch') continue;
      if (isCancellation(e.error) && (isInstanceOf(m.cls, 'Exception') || isInstanceOf(m.cls, 'Error'))) {
        return `${e.actor} caught the cancellation ${showError(e.error)} at ${at(actual, i)} with catch (${m.cls}) (${at(actual, j)})`;
      }
      if (!isInstanceOf(e.error.class, m.cls)) return `${e.actor} caught ${showError(e.error)} at ${at(actual, i)} with catch (${m.cls}), which does not match it`;
    }
    if (usesProtect(scenario)) return undefined;
    for (const s of suspensions(actual)) {
      if (s.resumed === -1) continue;
      const r = actual[s.resumed] as EventOf<'resumed'>;
      const c = externalSource(actual, s.actor, s.index, s.resumed);
      if (c !== -1 && r.error && !isCancellation(r.error)) {
        return `${s.actor}, cancelled at ${at(actual, c)} while suspended, resumed at ${at(actual, s.resumed)} with ${showError(r.error)}, which is not a Cancellation`;
      }
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-2
// ---------------------------------------------------------------------------

/** The awaiter at marker `index` of a coroutine that failed with `error` at `f` gets that error (at once if finished, else at its resumption). */
function awaitGetsError(trace: Trace, index: number, actor: string, token: boolean, f: number, error: ErrorValue, what: string): string | undefined {
  const j = nextOf(trace, actor, index);
  const x = trace[j];
  if (f < index) {
    if (isKind(x, 'awaited') || suspendedOn(x, 'coroutine', what)) return `${actor} awaiting ${what} (failed at ${at(trace, f)}) got ${x.kind} at ${at(trace, j)} instead of its error`;
    if (isKind(x, 'caught') && !same(x.error, error)) return `${actor} awaiting ${what} (failed with ${show(error)} at ${at(trace, f)}) caught ${show(x.error)} at ${at(trace, j)}`;
    return undefined;
  }
  if (!isKind(x, 'suspended') || token) return undefined;
  const r = trace.findIndex((e, k) => k > j && e.actor === actor && e.kind === 'resumed');
  if (r === -1 || externalSource(trace, actor, j, r) !== -1 || r < f) return undefined;
  const res = trace[r] as EventOf<'resumed'>;
  if (!same(res.error, error)) return `${actor} awaiting ${what} (failed with ${show(error)} at ${at(trace, f)}) resumed at ${at(trace, r)} with ${show(res.error)}`;
  return undefined;
}

/** CAN-2 (a): cancelled before it started. */
function notStartedCase(trace: Trace): string | undefined {
  const cancelledEarly = new Map<string, number>();
  for (const e of trace) {
    if (e.kind !== 'spawned') continue;
    const id = e.coroutine;
    const sp = spawnIndex(trace, id);
    const st = startIndex(trace, id);
    const f = finishIndex(trace, id);
    const c = externalSource(trace, id, sp, st === -1 ? (f === -1 ? trace.length : f) : st);
    if (c === -1) continue;
    if (st !== -1) return `${id}, cancelled at ${at(trace, c)} before it started, started at ${at(trace, st)}`;
    const own = trace.flatMap((x, k) => (x.actor === id ? [k] : []));
    if (f === -1) return `${id}, cancelled at ${at(trace, c)} before it started, never finished`;
    if (own.length !== 1) return `${id}, cancelled at ${at(trace, c)} before it started, ran: its events are ${own.map((k) => at(trace, k)).join(', ')}`;
    const done = trace[f];
    if (!isKind(done, 'failed') || !isCancellation(done.error)) return `${id}, cancelled at ${at(trace, c)} before it started, ended with ${done.kind} at ${at(trace, f)} instead of failing with the cancellation`;
    cancelledEarly.set(id, f);
  }
  for (const { index, actor, marker } of markedAwaits(trace)) {
    const f = marker.kind === 'coroutine' ? cancelledEarly.get(marker.id) : undefined;
    if (f === undefined) continue;
    const why = awaitGetsError(trace, index, actor, marker.token !== undefined || marker.timeoutMs !== undefined, f, (trace[f] as EventOf<'failed'>).error, marker.id);
    if (why) return why;
  }
  return undefined;
}

/** CAN-2 (b): cancelled while parked. */
function parkedCase(trace: Trace): string | undefined {
  for (const s of suspensions(trace)) {
    const c = externalSource(trace, s.actor, s.index, s.resumed === -1 ? trace.length : s.resumed);
    if (c === -1) continue;
    if (s.resumed === -1) return `${s.actor}, cancelled at ${at(trace, c)} while suspended on ${s.on} since ${at(trace, s.index)}, never resumed`;
    const r = trace[s.resumed] as EventOf<'resumed'>;
    if (!r.error || !isCancellation(r.error)) return `${s.actor}, cancelled at ${at(trace, c)} while suspended on ${s.on}, resumed at ${at(trace, s.resumed)} with ${show(r.error)} instead of the cancellation thrown at its suspension point`;
    if (r.t !== trace[c].t) return `${s.actor}, cancelled at ${at(trace, c)} while suspended on ${s.on}, resumed only at ${at(trace, s.resumed)}: the cancellation must wake it at once`;
  }
  return undefined;
}

/** CAN-2 (c): cancelled after it finished. */
function finishedCase(trace: Trace): string | undefined {
  for (let c = 0; c < trace.length; c++) {
    const e = trace[c];
    if (e.kind !== 'cancel') continue;
    const x = e.target;
    const f = finishIndex(trace, x);
    if (f === -1 || f > c) continue;
    const done = trace[f];
    const late = trace.findIndex((y, k) => k > f && y.actor === x);
    if (late !== -1) return `${x} finished at ${at(trace, f)} but acts again at ${at(trace, late)} (cancelled at ${at(trace, c)})`;
    const value = done.kind === 'completed' ? done.value : null;
    const error = done.kind === 'failed' ? done.error : null;
    const before = new Map<string, unknown>();
    for (let k = f + 1; k < trace.length; k++) {
      const q = trace[k];
      if (q.kind !== 'query' || q.target !== x) continue;
      const fixed: Record<string, unknown> = { isCompleted: true, getResult: value, getException: error };
      if (q.what in fixed && !same(q.value, fixed[q.what])) return `${x} finished at ${at(trace, f)} and was cancelled at ${at(trace, c)}; ${q.what} at ${at(trace, k)} gives ${JSON.stringify(q.value)}, expected ${JSON.stringify(fixed[q.what])}`;
      if (k < c) before.set(q.what, q.value);
      else if (before.has(q.what) && !same(before.get(q.what), q.value)) return `${x}.${q.what} changed from ${JSON.stringify(before.get(q.what))} to ${JSON.stringify(q.value)} at ${at(trace, k)} after cancel() of the finished coroutine at ${at(trace, c)}`;
    }
    for (const { index, actor, marker } of markedAwaits(trace)) {
      if (marker.kind !== 'coroutine' || marker.id !== x || index < c) continue;
      const j = nextOf(trace, actor, index);
      const y = trace[j];
      if (done.kind === 'completed' && !(isKind(y, 'awaited') && same(y.value, value))) return `${actor} awaiting ${x} (completed with ${JSON.stringify(value)}, then cancelled at ${at(trace, c)}) got ${y?.kind ?? 'nothing'} at ${at(trace, j)}`;
      if (done.kind === 'failed' && isKind(y, 'caught') && !same(y.error, error)) return `${actor} awaiting ${x} (failed with ${show(error ?? undefined)}, then cancelled at ${at(trace, c)}) caught ${show(y.error)} at ${at(trace, j)}`;
    }
  }
  return undefined;
}

/**
 * CAN-2: not started, parked, completed.
 *
 * @remarks The full rule: a coroutine cancelled before it starts never runs its body and fails with the cancellation, which await throws; one cancelled while parked (suspend, delay, await) resumes at once with the cancellation thrown at its suspension point; cancelling a finished coroutine changes nothing
 */
export const can2 = defineProperty({
  id: 'CAN-2',
  rule: 'a cancelled coroutine: unstarted never runs, parked resumes at once with it, finished is unchanged',
  needs: ['core'],
  arbitrary: focused(cancelThreeWaysScenario()),
  check({ scenario, actual }) {
    const a = notStartedCase(actual);
    if (a) return a;
    if (!usesProtect(scenario)) {
      const b = parkedCase(actual);
      if (b) return b;
    }
    return finishedCase(actual);
  },
});

// ---------------------------------------------------------------------------
// CAN-3
// ---------------------------------------------------------------------------

/**
 * CAN-3: self-cancellation.
 *
 * @remarks The full rule: a coroutine that cancels itself goes on running, is not interrupted at its later suspensions, and fails with that (first) cancellation when it finishes
 */
export const can3 = defineProperty({
  id: 'CAN-3',
  rule: 'a coroutine that cancels itself runs on uninterrupted and fails with that first cancellation when it finishes',
  needs: ['core'],
  arbitrary: focused(selfCancelScenario()),
  check({ actual }) {
    const actors = new Set(actual.map((e) => e.actor));
    for (const actor of actors) {
      const c0 = selfCancelIndex(actual, actor);
      if (c0 === -1) continue;
      if (actual.some((e, k) => k < c0 && e.kind === 'scopeCancel')) continue;
      const S = cancellationAt(actual, c0);
      for (const s of suspensions(actual)) {
        if (s.actor !== actor || s.index < c0 || s.resumed === -1) continue;
        if ((s.on !== 'queue' && s.on !== 'timer') || tokenAwait(actual, s)) continue;
        const r = actual[s.resumed] as EventOf<'resumed'>;
        if (!r.error) continue;
        const other = externalSource(actual, actor, s.index, s.resumed);
        const scoped = actual.slice(s.index + 1, s.resumed).some((e) => e.kind === 'scopeCancel' || (e.kind === 'failed' && !isCancellation(e.error)));
        if (other === -1 && !scoped) {
          return `${actor} cancelled itself at ${at(actual, c0)}, then was interrupted with ${showError(r.error)} at its suspension ${at(actual, s.index)} → ${at(actual, s.resumed)}`;
        }
      }
      const f = finishIndex(actual, actor);
      if (f === -1) continue;
      const done = actual[f];
      if (done.kind === 'completed') return `${actor} cancelled itself at ${at(actual, c0)} but completed with ${JSON.stringify(done.value)} at ${at(actual, f)} instead of failing with ${showError(S)}`;
      if (done.kind !== 'failed') continue;
      if (isCancellation(done.error) && !same(done.error, S)) return `${actor} cancelled itself with ${showError(S)} at ${at(actual, c0)} but failed with ${show(done.error)} at ${at(actual, f)}`;
      if (!isCancellation(done.error) && !chainHas(done.error, S)) return `${actor} cancelled itself with ${showError(S)} at ${at(actual, c0)} and failed with ${show(done.error)} at ${at(actual, f)}, which lost the stored cancellation`;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-4
// ---------------------------------------------------------------------------

/** Whether every cancellation that reaches `id` ends up in its outcome unchanged: it catches nothing and awaits nothing that could fail with a cancellation of its own. */
function transparentToCancellation(scenario: Scenario, id: string): boolean {
  return ownInstructions(scenario, id).every((i) => {
    if (i.op === 'try') return (i.catch ?? []).length === 0;
    if (i.op === 'await') return !('coroutine' in i.target) && !('future' in i.target) && i.timeoutMs === undefined && i.cancellation === undefined;
    if (i.op === 'throw') return !isCancellation(i.error);
    return !i.op.startsWith('scope.');
  });
}

/**
 * CAN-4: reason precedence.
 *
 * @remarks The full rule: the first cancellation reason wins: later cancels, self-cancels, shutdowns and deadlocks (while waiting, not started or protected) never replace it, a stored self-cancellation is the outcome; an ordinary exception thrown while unwinding replaces the cancellation (a stored one kept in its previous chain)
 */
export const can4 = defineProperty({
  id: 'CAN-4',
  rule: 'the first cancellation reason wins; an ordinary exception thrown while unwinding replaces it',
  needs: ['core'],
  arbitrary: focused(precedenceScenario(), 6),
  check({ scenario, actual }) {
    if (actual.some((e) => e.kind === 'scopeCancel' || e.kind === 'handler')) return undefined;
    const ids = ['main', ...actual.flatMap((e) => (e.kind === 'spawned' ? [e.coroutine] : []))];
    for (const id of ids) {
      if (!transparentToCancellation(scenario, id)) continue;
      const f = finishIndex(actual, id);
      if (f === -1) continue;
      const self = selfCancelIndex(actual, id, f);
      const ext = externalSource(actual, id, spawnIndex(actual, id), f);
      const done = actual[f];
      for (let m = 0; m < f; m++) {
        const e = actual[m];
        const cls = e.actor === id && e.kind === 'log' ? parseThrowMarker(e.value) : undefined;
        if (!cls) continue;
        const j = nextOf(actual, id, m);
        const x = actual[j];
        if (!isKind(x, 'failed') || x.error.class !== cls) return `${id} threw ${cls} while unwinding at ${at(actual, m)}, but ${x ? `${x.kind}${isKind(x, 'failed') ? ` with ${show(x.error)}` : ''}` : 'nothing'} followed at ${at(actual, j)}: the ordinary exception must replace the cancellation`;
        if (self !== -1 && self < m && !chainHas(x.error.previous, cancellationAt(actual, self))) {
          return `${id} cancelled itself at ${at(actual, self)} and threw ${cls} at ${at(actual, m)}, but failed with ${show(x.error)} at ${at(actual, j)} without the stored cancellation in its previous chain`;
        }
      }
      if (!isKind(done, 'failed') || !isCancellation(done.error)) continue;
      const first = self !== -1 ? self : ext;
      if (first === -1) continue;
      if (done.error.message !== reasonAt(actual, first)) {
        return `${id}'s first cancellation${self !== -1 ? ' (its own, stored)' : ''} was "${reasonAt(actual, first)}" at ${at(actual, first)}, but it failed with ${show(done.error)} at ${at(actual, f)}`;
      }
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-5
// ---------------------------------------------------------------------------

/** Index of the first `cancel` of `actor` by another coroutine in (from, to), or -1. */
function cancelBy(trace: Trace, actor: string, from: number, to: number): number {
  for (let k = from + 1; k < to && k < trace.length; k++) {
    const e = trace[k];
    if (e.kind === 'cancel' && e.target === actor && e.actor !== actor) return k;
  }
  return -1;
}

/** Where control left a protect window: its end marker, else the first error resumption of its coroutine after it entered, else its finish, else the trace end. */
function windowEnd(trace: Trace, w: ProtectWindow): number {
  if (w.exit !== -1) return w.exit;
  const r = trace.findIndex((e, k) => k > w.enter && e.actor === w.actor && e.kind === 'resumed' && e.error !== undefined);
  if (r !== -1) return r;
  const f = finishIndex(trace, w.actor);
  return f === -1 ? trace.length : f;
}

/** Inside a protect window: no cancellation is thrown (unless a system one), and the coroutine reports the request. */
function insideProtect(trace: Trace, w: ProtectWindow): string | undefined {
  const end = windowEnd(trace, w);
  for (const s of suspensions(trace)) {
    if (s.actor !== w.actor || s.index < w.enter || s.index > end || s.resumed === -1 || tokenAwait(trace, s)) continue;
    const r = trace[s.resumed] as EventOf<'resumed'>;
    if (!r.error || !isCancellation(r.error) || systemSource(trace, w.actor, s.index, s.resumed) !== -1) continue;
    const c = cancelBy(trace, w.actor, s.index, s.resumed);
    return `${w.actor} was interrupted with ${showError(r.error)} at ${at(trace, s.resumed)} inside its protect block (entered at ${at(trace, w.enter)})${c === -1 ? '' : `; the cancel at ${at(trace, c)} must be deferred`}`;
  }
  const d = cancelBy(trace, w.actor, w.enter, end);
  if (d === -1) return undefined;
  for (let q = d + 1; q < end; q++) {
    const e = trace[q];
    if (e.kind !== 'query' || e.target !== w.actor) continue;
    if (e.what === 'isCancellationRequested' && e.value !== true) return `${w.actor} is protected and its cancel at ${at(trace, d)} is deferred, but isCancellationRequested is ${JSON.stringify(e.value)} at ${at(trace, q)}`;
    if (e.what === 'isCancelled' && e.value !== false) return `${w.actor} is protected and its cancel at ${at(trace, d)} is deferred, but isCancelled is ${JSON.stringify(e.value)} at ${at(trace, q)}`;
  }
  return undefined;
}

/** What follows the end of a protect window: the first deferred cancellation thrown from protect, or (without one) what the body does next. */
function protectExit(trace: Trace, scenario: Scenario, w: ProtectWindow): string | undefined {
  if (w.exit === -1 || systemSource(trace, w.actor, w.enter, w.exit) !== -1) return undefined;
  const d = cancelBy(trace, w.actor, w.enter, w.exit);
  const j = nextOf(trace, w.actor, w.exit);
  const x = trace[j];
  const tail = protectTail(scenario, w.n);
  const thrown = tail.find((i) => i.op === 'throw');
  const error = isKind(x, 'caught') || isKind(x, 'failed') ? x.error : undefined;
  if (d !== -1) {
    const reason = reasonAt(trace, d);
    if (!error || error.class !== 'Async\\AsyncCancellation' || (error.message !== reason && !(isKind(x, 'failed') && selfCancelIndex(trace, w.actor) !== -1))) {
      return `${w.actor}'s cancel "${reason}" at ${at(trace, d)} was deferred by protect; leaving the block at ${at(trace, w.exit)} must throw it from protect, but ${x ? `${x.kind}${error ? ` ${show(error)}` : ''}` : 'nothing'} followed at ${at(trace, j)}`;
    }
    if (thrown?.op === 'throw' && !chainHas(error.previous, thrown.error)) return `${w.actor} left its protect block by throwing ${showError(thrown.error)} with the cancel at ${at(trace, d)} deferred: protect threw ${show(error)} at ${at(trace, j)} without that error in its previous chain`;
    return undefined;
  }
  if (thrown?.op === 'throw') {
    if (!error || error.class !== thrown.error.class) return `${w.actor} left its protect block (no cancellation deferred) by throwing ${showError(thrown.error)}, but ${x?.kind ?? 'nothing'}${error ? ` ${show(error)}` : ''} followed at ${at(trace, j)}`;
    return undefined;
  }
  const after = canMarker(x);
  if (after?.kind !== 'after-protect' || after.n !== w.n) return `${w.actor} left its protect block at ${at(trace, w.exit)} without a deferred cancellation, so protect must be transparent, but ${x?.kind ?? 'nothing'}${error ? ` ${show(error)}` : ''} followed at ${at(trace, j)}`;
  return undefined;
}

/**
 * CAN-5: protect.
 *
 * @remarks The full rule: inside protect a cancel is deferred (nothing thrown; isCancellationRequested true, isCancelled false); when the block ends, the first deferred cancellation is thrown from protect (an error in flight kept as previous); without a cancel protect is transparent
 */
export const can5 = defineProperty({
  id: 'CAN-5',
  rule: 'inside protect a cancel is deferred; at the end of the block the first deferred cancellation is thrown',
  needs: ['core'],
  arbitrary: protectScenario(),
  check({ scenario, actual }) {
    const windows = protectWindows(actual);
    const nested = (w: ProtectWindow): boolean => windows.some((o) => o !== w && o.actor === w.actor && o.enter < w.enter && (o.exit === -1 || o.exit > w.enter));
    for (const w of windows) {
      if (nested(w) || windows.some((o) => nested(o) && o.actor === w.actor)) continue;
      const why = insideProtect(actual, w) ?? protectExit(actual, scenario, w);
      if (why) return why;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-6
// ---------------------------------------------------------------------------

/**
 * CAN-6: nested protect (implementation-defined: C's boolean flag).
 *
 * @remarks The full rule: (implementation-defined, a decision recorded in the catalogue: C keeps one PROTECTED flag) leaving an inner protect unprotects the outer one: a cancellation deferred by the time the inner block ends is thrown at the inner exit, one arriving later in the outer block is thrown at its suspension point
 */
export const can6 = defineProperty({
  id: 'CAN-6',
  rule: 'implementation-defined (C keeps one flag): leaving an inner protect unprotects the outer one',
  needs: ['core'],
  arbitrary: nestedProtectScenario(),
  check({ actual }) {
    const windows = protectWindows(actual);
    for (const inner of windows) {
      const outer = windows.find((o) => o.actor === inner.actor && o.enter < inner.enter && (o.exit === -1 || o.exit > inner.enter));
      if (!outer || inner.exit === -1 || systemSource(actual, inner.actor, outer.enter, actual.length) !== -1) continue;
      const actor = inner.actor;
      const d = cancelBy(actual, actor, outer.enter, inner.exit);
      const j = nextOf(actual, actor, inner.exit);
      const x = actual[j];
      if (d !== -1) {
        const reason = reasonAt(actual, d);
        const ok = (isKind(x, 'caught') || isKind(x, 'failed')) && x.error.class === 'Async\\AsyncCancellation' && x.error.message === reason;
        if (!ok) return `${actor}'s cancel "${reason}" at ${at(actual, d)} was deferred; leaving the inner protect at ${at(actual, inner.exit)} must throw it there (C's single flag), but ${x?.kind ?? 'nothing'} followed at ${at(actual, j)}`;
        continue;
      }
      const after = canMarker(x);
      if (after?.kind !== 'after-protect' || after.n !== inner.n) return `${actor} left its inner protect at ${at(actual, inner.exit)} with nothing deferred, but ${x?.kind ?? 'nothing'} followed at ${at(actual, j)} instead of the rest of the outer block`;
      for (const s of suspensions(actual)) {
        if (s.actor !== actor || s.index < inner.exit || (outer.exit !== -1 && s.index > outer.exit)) continue;
        const c = cancelBy(actual, actor, s.index, s.resumed === -1 ? actual.length : s.resumed);
        if (c === -1) continue;
        const r = actual[s.resumed];
        if (!isKind(r, 'resumed') || !r.error || !isCancellation(r.error)) {
          return `${actor} left its inner protect at ${at(actual, inner.exit)}, so the outer block is no longer protected: the cancel at ${at(actual, c)} must be thrown at its suspension (${at(actual, s.index)}), but it resumed at ${at(actual, s.resumed)} with ${isKind(r, 'resumed') ? show(r.error) : 'nothing'}`;
        }
      }
      if (outer.exit !== -1) {
        const k = nextOf(actual, actor, outer.exit);
        const y = canMarker(actual[k]);
        if (y?.kind !== 'after-protect' || y.n !== outer.n) return `${actor} left its outer protect at ${at(actual, outer.exit)} with nothing deferred, but ${actual[k]?.kind ?? 'nothing'} followed at ${at(actual, k)}`;
      }
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-7
// ---------------------------------------------------------------------------

/** Whether a cancellation of coroutine `x` in (from, to) is explained: its cancel, a shutdown, a deadlock, a cancel of a scope above it, or a non-cancellation failure (fail-together). */
function explained(trace: Trace, tree: ScopeTree, x: string, from: number, to: number): boolean {
  const chain = scopeChain(tree, tree.scopeOf.get(x));
  for (let k = from + 1; k < to && k < trace.length; k++) {
    const e = trace[k];
    if (e.kind === 'cancel' && e.target === x) return true;
    if (e.kind === 'shutdown' || e.kind === 'deadlock') return true;
    if (e.kind === 'scopeCancel' && chain.includes(e.scope)) return true;
    if (e.kind === 'failed' && !isCancellation(e.error)) return true;
  }
  return false;
}

/**
 * CAN-7: an uncaught cancellation is silent.
 *
 * @remarks The full rule: an uncaught cancellation ends its coroutine silently — no scope exception handler, no fail-together of its scope, no exit error or shutdown — yet await rethrows it; a coroutine that catches it and returns completes with its value and still reports isCancelled
 */
export const can7 = defineProperty({
  id: 'CAN-7',
  rule: 'an uncaught cancellation ends its coroutine silently, yet await rethrows it',
  needs: ['core', 'scope'],
  arbitrary: uncaughtCancellationScenario(),
  check({ scenario, actual }) {
    const tree = scopeTree(scenario);
    const h = actual.findIndex((e) => e.kind === 'handler' && isCancellation(e.error));
    if (h !== -1) return `a scope exception handler was called with a cancellation at ${at(actual, h)}`;
    const fm = finishIndex(actual, 'main');
    const mainError = fm !== -1 && isKind(actual[fm], 'failed') && !isCancellation(actual[fm].error);
    const exit = actual[actual.length - 1];
    if (isKind(exit, 'exit') && exit.error && !mainError && !actual.some((e) => e.kind === 'deadlock')) return `the run exits with ${show(exit.error)} though only cancellations escaped`;
    const sh = actual.findIndex((e) => e.kind === 'shutdown' && e.actor === 'scheduler');
    if (sh !== -1 && !mainError) return `the scheduler started a shutdown at ${at(actual, sh)} though main did not fail with an error`;
    for (let q = 0; q < actual.length; q++) {
      const e = actual[q];
      if (e.kind !== 'query' || e.what !== 'isCancelled' || e.value !== true || !tree.parent.has(e.target)) continue;
      const chain = scopeChain(tree, e.target);
      const cause = actual.slice(0, q).some((x) => (x.kind === 'scopeCancel' && chain.includes(x.scope)) || (x.kind === 'failed' && !isCancellation(x.error)));
      if (!cause) return `scope ${e.target} reports isCancelled at ${at(actual, q)} though it was never cancelled and no coroutine failed with an error (cancellations do not fail a scope)`;
    }
    const cancelled = new Set<string>();
    for (const s of suspensions(actual)) {
      if (s.resumed === -1) continue;
      const r = actual[s.resumed] as EventOf<'resumed'>;
      if (!r.error || !isCancellation(r.error)) continue;
      if (explained(actual, tree, s.actor, s.index, s.resumed)) {
        cancelled.add(s.actor);
        continue;
      }
      if (s.on.startsWith('coroutine:') || s.on.startsWith('future:') || s.on.startsWith('scope:') || tokenAwait(actual, s)) continue;
      return `${s.actor} resumed at ${at(actual, s.resumed)} with ${showError(r.error)}, though nothing cancelled it (an uncaught cancellation of another coroutine must not spread to its scope)`;
    }
    for (const { index, actor, marker } of markedAwaits(actual)) {
      if (marker.kind !== 'coroutine') continue;
      const f = finishIndex(actual, marker.id);
      const done = actual[f];
      if (f === -1 || !isKind(done, 'failed') || !isCancellation(done.error)) continue;
      const why = awaitGetsError(actual, index, actor, marker.token !== undefined || marker.timeoutMs !== undefined, f, done.error, marker.id);
      if (why) return why;
    }
    for (const id of cancelled) {
      const f = finishIndex(actual, id);
      if (f === -1 || !isKind(actual[f], 'completed')) continue;
      const q = actual.findIndex((e, k) => k > f && e.kind === 'query' && e.target === id && e.what === 'isCancelled' && e.value !== true);
      if (q !== -1) return `${id} was cancelled, caught the cancellation and completed at ${at(actual, f)}, but isCancelled is false at ${at(actual, q)}`;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-8
// ---------------------------------------------------------------------------

/** The two predicates CAN-8 relates, from the trace: whether `x` is `CANCELLED`, has a deferred cancellation, is finished at index `q`. */
function cancellationState(trace: Trace, windows: ProtectWindow[], x: string, q: number): { cancelled: boolean; deferred: boolean; finished: boolean } {
  const mine = windows.filter((w) => w.actor === x);
  const inWindow = (k: number): ProtectWindow | undefined => mine.find((w) => w.enter < k && (w.exit === -1 || k < w.exit));
  const sp = spawnIndex(trace, x);
  let cancelled = false;
  for (let k = sp + 1; k < q; k++) {
    const e = trace[k];
    if (!unfinishedAt(trace, x, k)) break;
    if (e.kind === 'shutdown' || e.kind === 'deadlock') cancelled = true;
    if (e.kind === 'cancel' && e.target === x && (e.actor === x || !inWindow(k))) cancelled = true;
  }
  for (const w of mine) {
    if (w.exit !== -1 && w.exit < q && cancelBy(trace, x, w.enter, w.exit) !== -1) cancelled = true;
  }
  const w = inWindow(q);
  const deferred = w !== undefined && cancelBy(trace, x, w.enter, q) !== -1;
  const f = finishIndex(trace, x);
  return { cancelled, deferred, finished: f !== -1 && f < q };
}

/**
 * CAN-8: the predicates.
 *
 * @remarks The full rule: isCancellationRequested ⇔ (cancelled ∧ ¬finished) ∨ a cancellation deferred by protect; isCancelled ⇔ cancelled ∧ finished; never both
 */
export const can8 = defineProperty({
  id: 'CAN-8',
  rule: 'isCancellationRequested ⇔ (cancelled ∧ ¬finished) ∨ deferred; isCancelled ⇔ cancelled ∧ finished',
  needs: ['core'],
  arbitrary: focused(predicateScenario()),
  check({ scenario, actual }) {
    if (usesScopes(scenario)) return undefined;
    const windows = protectWindows(actual);
    const answers = new Map<string, { requested?: boolean; index: number }>();
    for (let q = 0; q < actual.length; q++) {
      const e = actual[q];
      if (e.kind !== 'query' || (e.what !== 'isCancellationRequested' && e.what !== 'isCancelled')) continue;
      const st = cancellationState(actual, windows, e.target, q);
      const expected = e.what === 'isCancelled' ? st.cancelled && st.finished : (st.cancelled && !st.finished) || st.deferred;
      if (e.value !== expected) {
        return `${e.target}.${e.what}() is ${JSON.stringify(e.value)} at ${at(actual, q)}, expected ${expected} (cancelled: ${st.cancelled}, finished: ${st.finished}, deferred by protect: ${st.deferred})`;
      }
      const prev = answers.get(e.target);
      if (e.what === 'isCancelled' && e.value === true && prev && prev.index === q - 1 && prev.requested === true) return `${e.target} is both cancellation-requested and cancelled at ${at(actual, q - 1)}..${at(actual, q)}`;
      answers.set(e.target, { requested: e.what === 'isCancellationRequested' ? (e.value as boolean) : undefined, index: q });
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-9
// ---------------------------------------------------------------------------

/** The outcome of `kind:id` at index `i`: settled (with an error or not), a closed trigger, or still pending. */
function stateAt(trace: Trace, kind: string, id: string, i: number): { settled: boolean; error?: ErrorValue; value?: unknown; closedTrigger: boolean } {
  for (let k = 0; k < i; k++) {
    const e = trace[k];
    if (kind === 'coroutine' && e.actor === id && (e.kind === 'completed' || e.kind === 'failed')) {
      return e.kind === 'failed' ? { settled: true, error: e.error, closedTrigger: false } : { settled: true, value: e.value, closedTrigger: false };
    }
    if (kind === 'future' && e.kind === 'settle' && e.event === id) return e.error ? { settled: true, error: e.error, closedTrigger: false } : { settled: true, value: e.value ?? null, closedTrigger: false };
    if (kind === 'trigger' && e.kind === 'close' && e.event === id) return { settled: false, closedTrigger: true };
  }
  return { settled: false, closedTrigger: false };
}

/** Index of the first notification of `kind:id` in (from, to) and the error it carries. */
function notification(trace: Trace, kind: string, id: string, from: number, to: number): { index: number; error?: ErrorValue } {
  for (let k = from + 1; k < to; k++) {
    const e = trace[k];
    if (kind === 'trigger' && (e.kind === 'fire' || e.kind === 'close') && e.event === id) return { index: k };
    if (kind === 'future' && e.kind === 'settle' && e.event === id) return { index: k, error: e.error };
    if (kind === 'coroutine' && e.actor === id && (e.kind === 'completed' || e.kind === 'failed')) return { index: k, error: e.kind === 'failed' ? e.error : undefined };
  }
  return { index: -1 };
}

/** Whether the scenario has a user callback that throws (a notify pass may then stop before the wakers). */
function throwingCallbacks(scenario: Scenario): boolean {
  return allInstructions(scenario).some((i) => i.op === 'event.on' && (i.actions ?? []).some((a) => a.do === 'throw'));
}

/** Whether coroutine `x` can only fail with a cancellation when something cancels it (its body awaits nothing that could throw one and throws none). */
function cancelFree(scenario: Scenario, x: string): boolean {
  return ownInstructions(scenario, x).every((i) => (i.op !== 'await' || ('timer' in i.target && i.timeoutMs === undefined && !i.cancellation)) && !(i.op === 'throw' && isCancellation(i.error)) && i.op !== 'cancel' && i.op !== 'shutdown');
}

/**
 * CAN-9: tokens and timeouts.
 *
 * @remarks The full rule: await with a token or timeout throws OperationCanceledException("Operation has been cancelled") (previous: the token's error, or TimeoutException("Timeout occurred after N milliseconds")) when the token fires first or was already closed — unless the awaitable had already completed, which wins; the awaited coroutine is not cancelled
 */
export const can9 = defineProperty({
  id: 'CAN-9',
  rule: 'await with a token or timeout throws OperationCanceledException unless the awaitable completed first',
  needs: ['core'],
  arbitrary: focused(tokenScenario()),
  check({ scenario, actual }) {
    if (throwingCallbacks(scenario)) return undefined;
    const spared = new Map<string, number>();
    for (const { index, first, actor, marker } of markedAwaits(actual)) {
      if (marker.timeoutMs === undefined && !marker.token) continue;
      if (marker.kind === 'timer') continue;
      const j = nextOf(actual, actor, index);
      const x = actual[j];
      const target = stateAt(actual, marker.kind, marker.id, first);
      const where = `${actor}'s await of ${marker.kind} ${marker.id} with ${marker.token ? `token ${marker.token.kind} ${marker.token.id}` : `timeout ${marker.timeoutMs}`} at ${at(actual, index)}`;
      if (target.closedTrigger) continue;
      if (target.settled) {
        if (target.error === undefined && !(isKind(x, 'awaited') && same(x.value, target.value))) return `${where}: the awaitable had already completed with ${JSON.stringify(target.value)}, which wins over the token, but ${x?.kind ?? 'nothing'} followed at ${at(actual, j)}`;
        if (target.error !== undefined && isKind(x, 'caught') && !same(x.error, target.error)) return `${where}: the awaitable had already failed with ${show(target.error)}, which wins over the token, but it caught ${show(x.error)} at ${at(actual, j)}`;
        continue;
      }
      if (marker.token) {
        const token = marker.token.kind === 'trigger' ? stateAt(actual, 'trigger', marker.token.id, first) : stateAt(actual, marker.token.kind, marker.token.id, first);
        if (token.settled || token.closedTrigger) {
          const expected = operationCanceled(token.error);
          if (isKind(x, 'awaited') || suspendedOn(x, marker.kind, marker.id)) return `${where}: the token was already closed, so it must throw ${show(expected)} at once, but ${x.kind} followed at ${at(actual, j)}`;
          if (isKind(x, 'caught') && !same(x.error, expected)) return `${where}: the token was already closed, so it must throw ${show(expected)}, but it caught ${show(x.error)} at ${at(actual, j)}`;
          if (marker.kind === 'coroutine') spared.set(marker.id, j);
          continue;
        }
      }
      if (!isKind(x, 'suspended')) continue;
      const r = actual.findIndex((e, k) => k > j && e.actor === actor && e.kind === 'resumed');
      if (r === -1 || externalSource(actual, actor, j, r) !== -1) continue;
      const res = actual[r] as EventOf<'resumed'>;
      const tg = notification(actual, marker.kind, marker.id, j, r).index;
      if (marker.token) {
        const tk = notification(actual, marker.token.kind, marker.token.id, j, r);
        if (tk.index === -1 || (tg !== -1 && tg <= tk.index)) continue;
        const expected = operationCanceled(tk.error);
        if (!same(res.error, expected)) return `${where}: the token notified first at ${at(actual, tk.index)}, so it must resume with ${show(expected)}, but resumed at ${at(actual, r)} with ${show(res.error)}`;
      } else {
        if (tg !== -1) continue;
        const expected = timeoutCancellation(marker.timeoutMs!);
        if (!same(res.error, expected)) return `${where}: the timeout fired first, so it must resume with ${show(expected)}, but resumed at ${at(actual, r)} with ${show(res.error)}`;
      }
      if (marker.kind === 'coroutine') spared.set(marker.id, r);
    }
    for (const [x, k] of spared) {
      if (!cancelFree(scenario, x) || explained(actual, scopeTree(scenario), x, spawnIndex(actual, x), actual.length)) continue;
      const f = finishIndex(actual, x);
      const bad = actual.findIndex((e, i) => i > k && e.actor === x && (e.kind === 'resumed' || e.kind === 'failed') && e.error !== undefined && isCancellation(e.error));
      if (bad !== -1) return `${x} was awaited with a token that fired (${at(actual, k)}), but ${x} itself got a cancellation at ${at(actual, bad)}: the awaited operation is not cancelled`;
      const q = actual.findIndex((e, i) => i > Math.max(k, f) && f !== -1 && e.kind === 'query' && e.target === x && e.what === 'isCancelled' && e.value !== false);
      if (q !== -1) return `${x} was awaited with a token that fired (${at(actual, k)}), but reports isCancelled at ${at(actual, q)}`;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-10
// ---------------------------------------------------------------------------

/** The marked tries of the scenario and their nesting (marker id → enclosing marker id). */
function tryNesting(scenario: Scenario): Map<string, string | undefined> {
  const parent = new Map<string, string | undefined>();
  const visit = (program: Program, enclosing: string | undefined): void => {
    for (const i of program) {
      if (i.op === 'spawn') visit(i.body, undefined);
      if (i.op === 'protect') visit(i.body, enclosing);
      if (i.op !== 'try') continue;
      const head = i.body[0];
      const m = head?.op === 'log' ? parseCanMarker(head.value) : undefined;
      const n = m?.kind === 'try' ? m.n : undefined;
      if (n !== undefined) parent.set(n, enclosing);
      visit(i.body, n ?? enclosing);
      i.catch?.forEach((c) => visit(c.body, enclosing));
      if (i.finally) visit(i.finally, enclosing);
    }
  };
  visit(scenario.main, undefined);
  return parent;
}

/** The marked tries of `actor` open at index `r`, innermost first. */
function openTries(trace: Trace, parent: Map<string, string | undefined>, actor: string, r: number): string[] {
  const entered: string[] = [];
  const closed = new Set<string>();
  const ancestors = (n: string): string[] => {
    const out: string[] = [];
    for (let p = parent.get(n); p !== undefined; p = parent.get(p)) out.push(p);
    return out;
  };
  for (let k = 0; k < r; k++) {
    const m = trace[k].actor === actor ? canMarker(trace[k]) : undefined;
    if (!m) continue;
    if (m.kind === 'try') {
      entered.push(m.n);
      closed.delete(m.n);
    } else if (m.kind === 'try-end' || m.kind === 'catch' || m.kind === 'finally') {
      closed.add(m.n);
      for (const n of entered) if (ancestors(n).includes(m.n)) closed.add(n);
    }
  }
  const open = entered.filter((n) => !closed.has(n));
  return open.sort((a, b) => ancestors(b).length - ancestors(a).length);
}

/** The events a cancellation thrown at `r` must cause, in order: per open try, `caught` + catch marker, then finally marker; `failed` if nothing catches it. */
function expectedCleanup(scenario: Scenario, open: string[], error: ErrorValue): Array<{ kind: 'caught' } | { kind: 'log'; value: string } | { kind: 'failed' }> {
  const out: Array<{ kind: 'caught' } | { kind: 'log'; value: string } | { kind: 'failed' }> = [];
  for (const n of open) {
    const t = markedTryOf(scenario, n);
    if (!t) return out;
    const clause = t.catch?.find((c) => isInstanceOf(error.class, c.class));
    if (clause) out.push({ kind: 'caught' }, { kind: 'log', value: `can:catch:${n}:${clause.class}` });
    if (t.finally) out.push({ kind: 'log', value: `can:finally:${n}` });
    if (clause && !clause.body.some((i) => i.op === 'rethrow')) return out;
  }
  out.push({ kind: 'failed' });
  return out;
}

/**
 * CAN-10: catch and finally run on cancellation; finally() handlers run for cancelled coroutines.
 *
 * @remarks The full rule: a cancellation thrown at a suspension point runs the enclosing catch (Cancellation/Throwable) and finally blocks in order like any exception; finally() handlers of a cancelled coroutine run after it ended, also when it was cancelled before it started
 */
export const can10 = defineProperty({
  id: 'CAN-10',
  rule: 'a cancellation runs the enclosing catch and finally blocks in order; finally() handlers run after the end',
  needs: ['core'],
  arbitrary: focused(cleanupScenario()),
  check({ scenario, actual }) {
    const parent = tryNesting(scenario);
    for (const s of suspensions(actual)) {
      if (s.resumed === -1) continue;
      const r = actual[s.resumed] as EventOf<'resumed'>;
      if (!r.error || !isCancellation(r.error)) continue;
      const open = openTries(actual, parent, s.actor, s.resumed);
      if (open.length === 0) continue;
      const want = expectedCleanup(scenario, open, r.error);
      const f = finishIndex(actual, s.actor);
      let k = s.resumed;
      for (const w of want) {
        const found = actual.findIndex((e, i) => i > k && (f === -1 || i <= f) && e.actor === s.actor && e.kind === w.kind && (w.kind !== 'log' || (e.kind === 'log' && e.value === w.value)) && (w.kind !== 'caught' || (e.kind === 'caught' && same(e.error, r.error))));
        if (found === -1) {
          const what = w.kind === 'log' ? w.value.startsWith('can:finally') ? `its finally block (${w.value})` : `its catch clause (${w.value})` : w.kind === 'caught' ? `a caught ${showError(r.error)}` : 'failed';
          return `${s.actor} got ${showError(r.error)} at ${at(actual, s.resumed)} inside ${open.map((n) => `try ${n}`).join(' in ')}, but ${what} does not follow in order after ${at(actual, k)}`;
        }
        k = found;
      }
    }
    for (let m = 0; m < actual.length; m++) {
      const e = actual[m];
      const mark = e.kind === 'log' ? parseOnFinallyMarker(e.value) : undefined;
      if (!mark) continue;
      const f = finishIndex(actual, mark.target);
      if (f === -1 || f < m) continue;
      const done = actual[f];
      if (!isKind(done, 'failed') || !isCancellation(done.error)) continue;
      const ran = actual.findIndex((x, k) => k > f && x.kind === 'finally' && x.target === mark.target && x.handler === mark.handler);
      if (ran === -1) return `${mark.target} failed with ${showError(done.error)} at ${at(actual, f)}${startIndex(actual, mark.target) === -1 ? ' (cancelled before it started)' : ''}, but its finally() handler ${mark.handler} registered at ${at(actual, m)} never ran`;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-11
// ---------------------------------------------------------------------------

/**
 * CAN-11: shutdown and deadlock bypass protect.
 *
 * @remarks The full rule: graceful shutdown and deadlock resolution cancel through protect: a coroutine waiting inside a protect block is woken at once with AsyncCancellation("Graceful shutdown") / ("Deadlock detected")
 */
export const can11 = defineProperty({
  id: 'CAN-11',
  rule: 'graceful shutdown and deadlock resolution cancel through protect',
  needs: ['core'],
  arbitrary: systemCancelScenario(),
  check({ actual }) {
    for (const w of protectWindows(actual)) {
      for (const s of suspensions(actual)) {
        if (s.actor !== w.actor || s.index < w.enter || (w.exit !== -1 && s.index > w.exit)) continue;
        const k = systemSource(actual, w.actor, s.index, s.resumed === -1 ? actual.length : s.resumed);
        if (k === -1) continue;
        const reason = reasonAt(actual, k);
        if (s.resumed === -1) return `${w.actor} waits inside protect (${at(actual, w.enter)}); the ${actual[k].kind} at ${at(actual, k)} must cancel it, but it never resumed`;
        const r = actual[s.resumed] as EventOf<'resumed'>;
        if (!r.error || r.error.class !== 'Async\\AsyncCancellation' || r.error.message !== reason || r.t !== actual[k].t) {
          return `${w.actor} waits inside protect (${at(actual, w.enter)}); the ${actual[k].kind} at ${at(actual, k)} must wake it at once with AsyncCancellation("${reason}"), but it resumed at ${at(actual, s.resumed)} with ${show(r.error)}`;
        }
      }
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------
// CAN-12
// ---------------------------------------------------------------------------

/** Default reasons. */
const DEFAULTS = {
  coroutine: 'Coroutine cancelled',
  scope: 'Scope was cancelled',
  timeout: 'Scope has been disposed due to timeout',
  deadlock: 'Deadlock detected',
  shutdown: 'Graceful shutdown',
  awaitCancelled: 'The scope has been cancelled',
} as const;

/** The messages the cancellation sources in (from, to) may deliver to coroutine `x`. */
function allowedMessages(trace: Trace, tree: ScopeTree, x: string, from: number, to: number): Set<string> {
  const chain = scopeChain(tree, tree.scopeOf.get(x));
  const out = new Set<string>();
  for (let k = from + 1; k < to && k < trace.length; k++) {
    const e = trace[k];
    if (e.kind === 'cancel' && e.target === x) out.add(e.reason);
    if (e.kind === 'shutdown') out.add(DEFAULTS.shutdown);
    if (e.kind === 'deadlock') out.add(DEFAULTS.deadlock);
    if (e.kind === 'scopeCancel' && chain.includes(e.scope)) out.add(e.reason);
    if (e.kind === 'failed' && !isCancellation(e.error) && scopeChain(tree, tree.scopeOf.get(e.actor)).some((s) => s !== MAIN && chain.includes(s))) {
      out.add(DEFAULTS.coroutine);
      out.add(DEFAULTS.scope);
    }
  }
  return out;
}

/**
 * CAN-12: default messages.
 *
 * @remarks The full rule: default cancellation messages: "Coroutine cancelled" (cancel, fail-together siblings), "Scope was cancelled" (scope cancel, dispose, child scopes), "Scope has been disposed due to timeout", "Deadlock detected", "Graceful shutdown", and "The scope has been cancelled" (awaitCompletion of a cancelled scope)
 */
export const can12 = defineProperty({
  id: 'CAN-12',
  rule: 'every cancellation source gives its default message',
  needs: ['core', 'scope'],
  arbitrary: defaultMessageScenario(),
  check({ scenario, actual }) {
    const tree = scopeTree(scenario);
    const ins = allInstructions(scenario);
    const cancelReasons = new Set(ins.flatMap((i) => (i.op === 'cancel' && i.reason !== undefined ? [i.reason] : [])));
    const scopeReasons = new Set(ins.flatMap((i) => (i.op === 'scope.cancel' && i.reason !== undefined ? [i.reason] : [])));
    for (let k = 0; k < actual.length; k++) {
      const e = actual[k];
      if (e.kind === 'cancel' && e.reason !== DEFAULTS.coroutine && !cancelReasons.has(e.reason)) return `cancel() without a reason at ${at(actual, k)} reports "${e.reason}", expected "${DEFAULTS.coroutine}"`;
      if (e.kind !== 'scopeCancel') continue;
      const expected = e.how === 'timeout' ? DEFAULTS.timeout : e.how === 'cancel' && scopeReasons.has(e.reason) ? e.reason : DEFAULTS.scope;
      if (e.reason !== expected) return `scope ${e.scope} ${e.how} at ${at(actual, k)} reports "${e.reason}", expected "${expected}"`;
    }
    for (const s of suspensions(actual)) {
      if (s.resumed === -1 || s.on.startsWith('coroutine:') || s.on.startsWith('future:') || s.on.startsWith('scope:') || tokenAwait(actual, s)) continue;
      const r = actual[s.resumed] as EventOf<'resumed'>;
      if (r.error?.class !== 'Async\\AsyncCancellation') continue;
      const allowed = allowedMessages(actual, tree, s.actor, s.index, s.resumed);
      if (allowed.size > 0 && !allowed.has(r.error.message)) return `${s.actor} resumed at ${at(actual, s.resumed)} with ${showError(r.error)}; the cancellations that reached it carry ${[...allowed].map((m) => `"${m}"`).join(' or ')}`;
    }
    for (const e of actual) {
      if (e.kind !== 'spawned' || startIndex(actual, e.coroutine) !== -1) continue;
      const f = finishIndex(actual, e.coroutine);
      const done = actual[f];
      if (!isKind(done, 'failed') || done.error.class !== 'Async\\AsyncCancellation') continue;
      const allowed = allowedMessages(actual, tree, e.coroutine, spawnIndex(actual, e.coroutine), f);
      if (allowed.size > 0 && !allowed.has(done.error.message)) return `${e.coroutine}, cancelled before it started, failed at ${at(actual, f)} with ${showError(done.error)}; the cancellations that reached it carry ${[...allowed].map((m) => `"${m}"`).join(' or ')}`;
    }
    for (let m = 0; m < actual.length; m++) {
      const mk = canMarker(actual[m]);
      if (mk?.kind !== 'awaitCompletion') continue;
      const actor = actual[m].actor;
      const before = actual.slice(0, m).reverse();
      const q = (what: string) => before.find((e) => e.kind === 'query' && e.actor === actor && e.target === mk.scope && e.what === what) as EventOf<'query'> | undefined;
      if (q('isCancelled')?.value !== true || q('isClosed')?.value !== false) continue;
      const j = nextOf(actual, actor, m);
      const x = actual[j];
      const expected: ErrorValue = { class: 'Async\\AsyncCancellation', message: DEFAULTS.awaitCancelled };
      if (!(isKind(x, 'caught') || isKind(x, 'failed')) || !same(x.error, expected)) return `${actor} called awaitCompletion on the cancelled scope ${mk.scope} at ${at(actual, m)}; expected it to throw ${showError(expected)}, got ${x?.kind ?? 'nothing'}${isKind(x, 'caught') || isKind(x, 'failed') ? ` ${show(x.error)}` : ''} at ${at(actual, j)}`;
    }
    return undefined;
  },
});

/** The cancellation properties in catalogue order. */
export const cancellationProperties: ConformanceProperty[] = [can1, can2, can3, can4, can5, can6, can7, can8, can9, can10, can11, can12];

