/**
 * Reading traces: the small queries the property checks share.
 *
 * @remarks Everything here reads a trace in the vocabulary of
 * `docs/guides/trace-semantics.md` (and, where a trace cannot say it, the
 * scenario: callback actions, spawn priorities). Nothing reads the expected
 * trace, so a check built on these judges any runtime on the rule alone.
 * @module
 */
import type { CallbackAction, ErrorValue, Instruction, Program, Scenario } from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import { stableStringify } from '../harness/execute.js';
import { labelRuns, parseAwaitMarker, type AwaitMarker } from '../arbitraries/markers.js';

/** A trace event narrowed to one kind. */
export type EventOf<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

/** `#i actor kind` — how messages name an event. */
export function at(trace: Trace, i: number): string {
  const e = trace[i];
  return e ? `#${i} (${e.actor} ${e.kind} t=${e.t})` : `#${i} (end of trace)`;
}

/** Structural equality of JSON data (errors, values). */
export function same(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** An error as `Class("message")`. */
export function showError(e: ErrorValue | undefined): string {
  return e ? `${e.class}(${JSON.stringify(e.message)})` : 'no error';
}

/** Whether an event is of a kind (a type guard). */
export function isKind<K extends TraceEvent['kind']>(e: TraceEvent | undefined, kind: K): e is EventOf<K> {
  return e !== undefined && e.kind === kind;
}

/**
 * What the queries below look up, built in one pass over a trace and kept
 * for it (keyed by the array; rebuilt if its length changes), so a check
 * that asks about every coroutine stays linear in the trace.
 */
interface TraceIndex {
  length: number;
  /** First `started` of each actor. */
  start: Map<string, number>;
  /** First `completed` / `failed` of each actor. */
  finish: Map<string, number>;
  /** Every event index of each actor, ascending. */
  byActor: Map<string, number[]>;
  /** `spawned` events: the coroutine and its index, in order. */
  spawned: { id: string; index: number }[];
  /** First `close` of each trigger. */
  close: Map<string, number>;
  /** First `settle` of each future. */
  settle: Map<string, number>;
  /** First self-cancellation (a `cancel` of itself, or `shutdown`) of each actor. */
  selfCancel: Map<string, number>;
  /** {@link suspensions}, computed on first use. */
  suspensions?: Suspension[];
}

const indexes = new WeakMap<Trace, TraceIndex>();

function firstOf(m: Map<string, number>, key: string, i: number): void {
  if (!m.has(key)) m.set(key, i);
}

function indexOf(trace: Trace): TraceIndex {
  const cached = indexes.get(trace);
  if (cached !== undefined && cached.length === trace.length) return cached;
  const ix: TraceIndex = {
    length: trace.length, start: new Map(), finish: new Map(), byActor: new Map(), spawned: [],
    close: new Map(), settle: new Map(), selfCancel: new Map(),
  };
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    let list = ix.byActor.get(e.actor);
    if (list === undefined) ix.byActor.set(e.actor, (list = []));
    list.push(i);
    switch (e.kind) {
      case 'started': firstOf(ix.start, e.actor, i); break;
      case 'completed': case 'failed': firstOf(ix.finish, e.actor, i); break;
      case 'spawned': ix.spawned.push({ id: e.coroutine, index: i }); break;
      case 'close': firstOf(ix.close, e.event, i); break;
      case 'settle': firstOf(ix.settle, e.event, i); break;
      case 'shutdown': firstOf(ix.selfCancel, e.actor, i); break;
      case 'cancel': if (e.target === e.actor) firstOf(ix.selfCancel, e.actor, i); break;
      default: break;
    }
  }
  indexes.set(trace, ix);
  return ix;
}

/** Index of the `completed`/`failed` event of coroutine `id`, or -1. */
export function finishIndex(trace: Trace, id: string): number {
  return indexOf(trace).finish.get(id) ?? -1;
}

/** Index of the `started` event of coroutine `id`, or -1. */
export function startIndex(trace: Trace, id: string): number {
  return indexOf(trace).start.get(id) ?? -1;
}

/** Ids of every spawned coroutine, in spawn order (from `spawned` events). */
export function spawnedIds(trace: Trace): string[] {
  return indexOf(trace).spawned.map((s) => s.id);
}

/** Coroutines registered and unfinished just before index `i` (`main` first, then spawn order). */
export function registeredBefore(trace: Trace, i: number): string[] {
  const ix = indexOf(trace);
  const ids = ['main'];
  for (const s of ix.spawned) {
    if (s.index >= i) break;
    ids.push(s.id);
  }
  return ids.filter((id) => {
    const f = ix.finish.get(id) ?? -1;
    return f === -1 || f >= i;
  });
}

/** The stored outcome of coroutine / future / trigger-close before index `i`, if settled. */
export type Settled = { index: number; value: unknown } | { index: number; error: ErrorValue };

/** The outcome of `kind:id` settled before index `i` (coroutine finished, future settled). */
export function settledBefore(trace: Trace, kind: 'coroutine' | 'future', id: string, i: number): Settled | undefined {
  const ix = indexOf(trace);
  const k = (kind === 'coroutine' ? ix.finish : ix.settle).get(id);
  if (k === undefined || k >= i) return undefined;
  const e = trace[k];
  if (e.kind === 'completed') return { index: k, value: e.value };
  if (e.kind === 'failed') return { index: k, error: e.error };
  if (e.kind === 'settle') return e.error ? { index: k, error: e.error } : { index: k, value: e.value ?? null };
  return undefined;
}

/** Index of the first `close` of trigger `id` before `i`, or -1. */
export function closedBefore(trace: Trace, id: string, i: number): number {
  const k = indexOf(trace).close.get(id);
  return k !== undefined && k < i ? k : -1;
}

/** The index of the next event of `actor` after `i`, or -1. */
export function nextOf(trace: Trace, actor: string, i: number): number {
  const list = indexOf(trace).byActor.get(actor);
  if (list === undefined) return -1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo]! : -1;
}

/** One suspension of a coroutine: its `suspended` and the `resumed` that ends it (-1 if none). */
export interface Suspension {
  /** The suspended coroutine. */
  actor: string;
  /** What it suspended on (`queue`, `timer`, `trigger:t1`, …). */
  on: string;
  /** Index of the `suspended` event. */
  index: number;
  /** Index of the matching `resumed` event, or -1. */
  resumed: number;
}

/** Every suspension in the trace, each paired with the next `resumed` of the same actor (a fresh array). */
export function suspensions(trace: Trace): Suspension[] {
  const ix = indexOf(trace);
  if (ix.suspensions === undefined) {
    const out: Suspension[] = [];
    // Walking backwards, the next `resumed`/`suspended` of each actor is known at every index.
    const next = new Map<string, number>();
    const found: (Suspension | undefined)[] = new Array<Suspension | undefined>(trace.length);
    for (let i = trace.length - 1; i >= 0; i--) {
      const e = trace[i];
      if (e.kind === 'suspended') {
        const r = next.get(e.actor) ?? -1;
        found[i] = { actor: e.actor, on: e.on, index: i, resumed: r !== -1 && trace[r].kind === 'resumed' ? r : -1 };
      }
      if (e.kind === 'resumed' || e.kind === 'suspended') next.set(e.actor, i);
    }
    for (const x of found) if (x !== undefined) out.push(x);
    ix.suspensions = out;
  }
  return ix.suspensions.map((x) => ({ ...x }));
}

/** Every instruction of the scenario, depth first (spawn bodies included). */
export function instructions(scenario: Scenario): Instruction[] {
  const out: Instruction[] = [];
  const walk = (p: Program): void => {
    for (const instr of p) {
      out.push(instr);
      if (instr.op === 'spawn') walk(instr.body);
      if (instr.op === 'try') {
        walk(instr.body);
        instr.catch?.forEach((c) => walk(c.body));
        if (instr.finally) walk(instr.finally);
      }
    }
  };
  walk(scenario.main);
  return out;
}

/** The actions of each user callback, keyed `event\u0000callback`. */
export function callbackActions(scenario: Scenario): Map<string, CallbackAction[]> {
  const m = new Map<string, CallbackAction[]>();
  for (const i of instructions(scenario)) if (i.op === 'event.on') m.set(`${i.event}\u0000${i.callback}`, i.actions ?? []);
  return m;
}

/** Ids of coroutines spawned with `priority: "high"`. */
export function highPriority(scenario: Scenario): Set<string> {
  return new Set(instructions(scenario).flatMap((i) => (i.op === 'spawn' && i.priority === 'high' ? [i.id] : [])));
}

/** Whether the scenario has a zero-millisecond timer (a `delay 0`, `timer: 0` or `timeoutMs: 0`). */
export function hasZeroTimer(scenario: Scenario): boolean {
  return instructions(scenario).some(
    (i) => (i.op === 'delay' && i.ms === 0) || (i.op === 'await' && (i.timeoutMs === 0 || ('timer' in i.target && i.target.timer === 0))),
  );
}

/** One notify pass over a trigger's or future's user callbacks, as the trace shows it. */
export interface Pass {
  /** Index of the `fire` / `close` / `settle` event that starts it. */
  start: number;
  /** The event notified. */
  event: string;
  /** Who notifies. */
  actor: string;
  /** Live user callbacks when the pass starts, in registration order. */
  present: string[];
  /** Indices of the events of the pass (`callback`, the `off`/`warning` its actions emit). */
  events: number[];
  /** Index after the pass. */
  end: number;
}

/**
 * The notify passes of user callbacks.
 *
 * @remarks A pass starts at `fire`/`close`/`settle` and goes on while the
 * same actor emits `callback` events of that event or the `off`/`warning`
 * events that the last invoked callback's actions (`remove`, `fire`)
 * account for. Live callbacks are reconstructed from `on` and `off
 * {found:true}` events.
 */
export function passes(trace: Trace, scenario: Scenario): Pass[] {
  const actions = callbackActions(scenario);
  const live = new Map<string, string[]>();
  const out: Pass[] = [];
  const removeLive = (event: string, cb: string): void => {
    const l = live.get(event) ?? [];
    const k = l.indexOf(cb);
    if (k !== -1) l.splice(k, 1);
  };
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i];
    if (e.kind === 'on') live.set(e.event, [...(live.get(e.event) ?? []), e.callback]);
    else if (e.kind === 'off' && e.found) removeLive(e.event, e.callback);
    else if (e.kind === 'fire' || e.kind === 'close' || e.kind === 'settle') {
      const pass: Pass = { start: i, event: e.event, actor: e.actor, present: [...(live.get(e.event) ?? [])], events: [], end: i + 1 };
      let budget = { remove: 0, fire: 0 };
      let k = i + 1;
      for (; k < trace.length; k++) {
        const x = trace[k];
        if (x.actor !== e.actor) break;
        if (x.kind === 'callback' && x.event === e.event) {
          const acts = actions.get(`${e.event}\u0000${x.callback}`) ?? [];
          budget = { remove: acts.filter((a) => a.do === 'remove').length, fire: acts.filter((a) => a.do === 'fire').length };
        } else if (x.kind === 'off' && x.event === e.event && budget.remove > 0) {
          budget.remove--;
          if (x.found) removeLive(x.event, x.callback);
        } else if (x.kind === 'warning' && budget.fire > 0) budget.fire--;
        else break;
        pass.events.push(k);
      }
      pass.end = k;
      out.push(pass);
      i = k - 1;
    }
  }
  return out;
}

/** A marked `await` found in a trace: where its events start, its actor and what the await is. */
export interface MarkedAwait {
  /** The index right before the await's first (labelled) event: `nextOf(trace, actor, index)` is that event. */
  index: number;
  /** The index of the await's first (labelled) event: the events before it happened before the await (`index + 1`). */
  first: number;
  /** The coroutine about to await. */
  actor: string;
  /** What it awaits. */
  marker: AwaitMarker;
}

/** Every marked `await` (an `await` the generators labelled with its marker) whose events are in the trace. */
export function markedAwaits(trace: Trace): MarkedAwait[] {
  return labelRuns(trace).flatMap(({ index, actor, label }) => {
    const marker = parseAwaitMarker(label);
    return marker ? [{ index: index - 1, first: index, actor, marker }] : [];
  });
}

/**
 * Whether some `finally` body of the scenario can replace an error in flight
 * (it contains a `throw` or a `return`, at any depth). Then the next `caught`
 * or `failed` of an actor is not necessarily the error an instruction threw,
 * so checks that read a thrown error that way must not judge it.
 */
export function finallyMayReplaceErrors(scenario: Scenario): boolean {
  return instructions(scenario).some(
    (i) => i.op === 'try' && i.finally !== undefined && instructions({ version: 1, main: i.finally }).some((x) => x.op === 'throw' || x.op === 'return'),
  );
}

/**
 * Whether `e` is the suspension of an `await` on `kind:id` (its `on` names the
 * target). An error thrown by an await may be followed by a `finally` body
 * that suspends on something else; that suspension says nothing about the await.
 */
export function suspendedOn(e: TraceEvent | undefined, kind: string, id: string): boolean {
  return isKind(e, 'suspended') && e.on === `${kind}:${id}`;
}

/**
 * Index of the first self-cancellation of `actor` before `before`: a `cancel`
 * of itself, or the `shutdown` it calls (SCH-9 takes the self-cancel path,
 * CAN-3); -1 if none. Such a coroutine fails with its stored cancellation
 * when a cancellation escapes it (COR-4).
 */
export function selfCancelIndex(trace: Trace, actor: string, before = trace.length): number {
  const k = indexOf(trace).selfCancel.get(actor);
  return k !== undefined && k < before ? k : -1;
}
