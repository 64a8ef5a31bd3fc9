/**
 * One scenario through one adapter and the spec: the unit of a conformance
 * run, shared by the runner and the `replay` command.
 * @module
 */
import { isAdapterFault, type Adapter, type AdapterFault, type ExecOptions, type FaultClassification, type Scenario, type Trace } from '../adapter.js';
import type { ConformanceProperty } from './property.js';
import { validateTrace } from './validateTrace.js';

/**
 * Why a run failed.
 *
 * - `violation` — the trace is well-formed but the property's check rejects it;
 * - `adapter-threw` — `execute` threw (synchronously) or rejected;
 * - `adapter-crashed` — the runtime died (reported by an {@link AdapterFault}
 *   or by the harness's isolation);
 * - `timeout` — `execute` did not answer within the wall-clock limit;
 * - `malformed-trace` — `execute` returned something that is not a trace;
 * - `spec-error` — the executable spec itself threw (a bug of the suite).
 */
export type Classification = 'violation' | 'adapter-threw' | 'adapter-crashed' | 'timeout' | 'malformed-trace' | 'spec-error';

/** The `actual` of a run that produced no usable trace. */
export interface ErrorOutcome {
  /** One-line description of what went wrong. */
  error: string;
  /** Its classification. */
  classification: Classification;
  /**
   * For a `malformed-trace` that was plain JSON: what the adapter returned
   * (an array cut to {@link MAX_RECORDED_EVENTS} items; `"(undefined)"` for
   * no value), so a report can show it.
   */
  value?: unknown;
}

/** The result of {@link runScenario}. */
export type ScenarioOutcome =
  | { ok: true; expected: Trace; actual: Trace }
  | {
      ok: false;
      classification: Classification;
      message: string;
      /** The spec's trace, or `null` when the spec threw. */
      expected: Trace | null;
      /** The adapter's trace, or an {@link ErrorOutcome} when there was none. */
      actual: Trace | ErrorOutcome;
      /** `true` when a trace was cut to {@link MAX_RECORDED_EVENTS} (the message says which). */
      truncated?: boolean;
    };

/** Signature of the executable spec's interpreter (`spec/system/interpret.ts`). */
export type ExpectedTraceFn = (scenario: Scenario) => Trace;

/** A one-line description of a thrown value. */
export function errorMessage(e: unknown): string {
  let text: string;
  try {
    if (e instanceof Error) text = e.message ? `${String(e.name)}: ${String(e.message)}` : String(e.name);
    else if (typeof e === 'string') text = e;
    else {
      try {
        text = JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(e);
      } catch {
        text = String(e);
      }
    }
  } catch {
    // A Proxy or an object whose getters, toString and toJSON all throw.
    text = `a value that throws when read (${typeof e})`;
  }
  if (typeof text !== 'string') text = '(no description)';
  if (text.length > 500) text = `${text.slice(0, 500)}…`;
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.trim();
}

type Timed<T> = { kind: 'ok'; value: T } | { kind: 'threw'; error: unknown } | { kind: 'timeout' };

/**
 * Run `fn` with a wall-clock limit (a safety net of the harness: the adapter
 * gets the same limit and should respect it itself).
 *
 * @param fn - may throw synchronously, reject, resolve, or never settle.
 * @param ms - the limit in milliseconds.
 */
export async function withTimeout<T>(fn: () => Promise<T> | T, ms: number): Promise<Timed<T>> {
  let timer: NodeJS.Timeout | undefined;
  let work: Promise<Timed<T>>;
  try {
    work = Promise.resolve(fn()).then(
      (value): Timed<T> => ({ kind: 'ok', value }),
      (error: unknown): Timed<T> => ({ kind: 'threw', error }),
    );
  } catch (error) {
    return { kind: 'threw', error };
  }
  const limit = new Promise<Timed<T>>((resolve) => {
    // Node turns a delay above 2³¹−1 ms into 1 ms.
    timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.min(ms, 2 ** 31 - 1));
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** A trace longer than this many events is truncated in a recorded failure (the verdict saw it whole). */
export const MAX_RECORDED_EVENTS = 2000;

/** The result of {@link snapshot}. */
export type Snapshot =
  | { ok: true; value: unknown }
  | { ok: false; classification: 'malformed-trace' | 'adapter-threw'; message: string };

class NotJson extends Error {}

/**
 * A deep copy of what an adapter returned, as JSON data: taken at once, so a
 * later mutation by the adapter changes nothing the harness judges or reports.
 *
 * @remarks A JSON round trip inside a guard. A value JSON cannot carry (a
 * BigInt, a cycle, nesting too deep for the stack) makes it a
 * `malformed-trace`; anything the adapter's values throw while being read (a
 * Proxy trap, a getter, a `toJSON`) is `adapter-threw`. Functions, symbols
 * and `undefined` fields disappear as in `JSON.stringify`; validation then
 * judges what is left.
 */
export function snapshot(x: unknown): Snapshot {
  const text = snapshotText(x);
  if (!text.ok) return text;
  return { ok: true, value: text.value === undefined ? undefined : (JSON.parse(text.value) as unknown) };
}

/** {@link snapshot} as JSON text (`value` is `undefined` when `x` has no JSON form, like `undefined`). */
export function snapshotText(x: unknown): { ok: true; value: string | undefined } | Extract<Snapshot, { ok: false }> {
  try {
    return { ok: true, value: JSON.stringify(x) as string | undefined };
  } catch (e) {
    if (e instanceof TypeError && /circular/i.test(e.message)) {
      return { ok: false, classification: 'malformed-trace', message: 'the trace has a circular reference (it must be plain JSON)' };
    }
    if (e instanceof RangeError) return { ok: false, classification: 'malformed-trace', message: `the trace is nested too deeply to serialise (${e.message})` };
    if (!(e instanceof TypeError && /BigInt/.test(e.message))) {
      return { ok: false, classification: 'adapter-threw', message: `reading the returned value threw: ${errorMessage(e)}` };
    }
  }
  // A BigInt: find where, for the message (slow path, failures only).
  try {
    JSON.stringify(x, (key: string, v: unknown) => {
      if (typeof v === 'bigint') throw new NotJson(`a BigInt${key === '' ? '' : ` in field ${JSON.stringify(key)}`} (${String(v)}n) is not JSON`);
      return v;
    });
  } catch (e) {
    if (e instanceof NotJson) return { ok: false, classification: 'malformed-trace', message: e.message };
    return { ok: false, classification: 'adapter-threw', message: `reading the returned value threw: ${errorMessage(e)}` };
  }
  return { ok: false, classification: 'malformed-trace', message: 'the trace holds a BigInt (it must be plain JSON)' };
}

/**
 * The events the spec's trace obliges the actual one to contain: every
 * `(actor, kind)` pair of `expected` must occur in `actual` at least once,
 * and so must every `(actor, label)` pair (the labels of the instructions
 * a property reads back, trace semantics "Labels": a runtime that drops
 * them would leave those properties nothing to judge).
 *
 * @remarks The non-vacuity gate of every property: a check that reasons
 * about some events must not pass because they never happened. A runtime
 * that did nothing (a constant or near-empty trace) lacks the obliged pairs
 * and fails every property it is checked against. Pairs are compared as a
 * set, not a sequence or a count: order and multiplicity are what the
 * properties themselves judge (where the semantics leave an order open they
 * compare sets), and an event the rule says must be absent is absent from
 * the spec's trace too, so the gate never demands it.
 *
 * @returns `undefined` when every obliged pair is present, else a message
 *   naming the first missing one and where the spec has it.
 */
export function missingObligation(expected: Trace, actual: Trace): string | undefined {
  const present = new Set<string>();
  const labels = new Set<string>();
  for (const e of actual) {
    present.add(`${e.actor}\u0000${e.kind}`);
    if (e.label !== undefined) labels.add(`${e.actor}\u0000${e.label}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (!present.has(`${e.actor}\u0000${e.kind}`)) {
      return `the trace does not account for the scenario: no "${e.kind}" event of ${e.actor} (the spec's trace has one at index ${i}, t=${e.t})`;
    }
    if (e.label !== undefined && !labels.has(`${e.actor}\u0000${e.label}`)) {
      return `the trace does not account for the scenario: no event of ${e.actor} carries the label ${JSON.stringify(e.label)} (the spec's trace has one at index ${i}, t=${e.t})`;
    }
  }
  return undefined;
}

/** `trace` cut to {@link MAX_RECORDED_EVENTS}, or `trace` itself when it is short enough. */
export function boundTrace<T extends Trace | ErrorOutcome | null>(trace: T): T {
  if (!Array.isArray(trace) || trace.length <= MAX_RECORDED_EVENTS) return trace;
  return trace.slice(0, MAX_RECORDED_EVENTS) as T;
}

/** The note a recorded failure carries when {@link boundTrace} cut one of its traces. */
export function truncationNote(expected: Trace | null, actual: Trace | ErrorOutcome): string | undefined {
  const cut = [
    ...(expected !== null && expected.length > MAX_RECORDED_EVENTS ? [`expected (${expected.length} events)`] : []),
    ...(Array.isArray(actual) && actual.length > MAX_RECORDED_EVENTS ? [`actual (${actual.length} events)`] : []),
  ];
  return cut.length === 0 ? undefined : `truncated to the first ${MAX_RECORDED_EVENTS} events: ${cut.join(', ')}`;
}

/**
 * Marks an adapter that enforces `timeoutMs` itself and returns snapshotted
 * plain JSON (the isolation wrapper, whose worker snapshots the trace): its
 * value is the extra time, in ms, it may take beyond `timeoutMs` (a fresh
 * worker's start-up), so the harness's own safety net waits that much longer.
 */
export const ENFORCES_TIMEOUT: unique symbol = Symbol.for('trueasync-conformance.enforcesTimeout');

/**
 * Call `adapter.execute` and {@link snapshot} its answer as early as
 * possible: at once when it returns a plain value, in the continuation of
 * its promise otherwise (a mutation scheduled after that is not seen).
 *
 * @param plain - the answer is already plain JSON (skip the copy).
 * @param asText - give the snapshot as JSON text (for a worker's reply).
 */
export function executeAndSnapshot(adapter: Adapter, scenario: Scenario, options: ExecOptions, plain = false, asText = false): Promise<Snapshot> | Snapshot {
  const take = (v: unknown): Snapshot => (plain ? { ok: true, value: v } : asText ? snapshotText(v) : snapshot(v));
  const answer: unknown = adapter.execute(scenario, options);
  let then: unknown;
  try {
    then = typeof answer === 'object' && answer !== null ? (answer as { then?: unknown }).then : undefined;
  } catch (e) {
    return { ok: false, classification: 'adapter-threw', message: `reading the returned value threw: ${errorMessage(e)}` };
  }
  if (typeof then !== 'function') return take(answer);
  return (answer as Promise<unknown>).then(take);
}

/**
 * The classification and message of a thrown {@link AdapterFault}, read
 * defensively (a hostile value's getters may throw), or `undefined` when `e`
 * is not one.
 */
export function faultOf(e: unknown): { classification: FaultClassification; message: string } | undefined {
  try {
    if (!isAdapterFault(e)) return undefined;
  } catch {
    return undefined;
  }
  let message: string;
  try {
    message = String(e.message);
  } catch {
    message = errorMessage(e);
  }
  return { classification: e.classification, message };
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** The runtime under test. */
  adapter: Adapter;
  /** The spec's interpreter. */
  expectedTrace: ExpectedTraceFn;
  /** The property whose check judges the run; without one, `actual` must equal `expected`. */
  property?: ConformanceProperty;
  /** Wall-clock limit of one `execute`. */
  timeoutMs: number;
  /** Seed passed to the adapter. */
  seed: number;
}

/** Deep structural equality of JSON data, ignoring key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** `JSON.stringify` with object keys sorted (for comparisons). */
export function stableStringify(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

/**
 * Freeze `x` and everything reachable from it (plain JSON data), in place.
 *
 * @remarks What the harness does to a scenario instead of copying it for the
 * spec and the check: both read it and neither may change it; a frozen
 * object makes a mutation throw (ES modules are strict) instead of silently
 * changing what the adapter, the report or a shrinking step sees next.
 * @returns `x`.
 */
export function deepFreeze<T>(x: T): T {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return x;
  Object.freeze(x);
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) deepFreeze(x[i] as unknown);
  } else {
    for (const k in x) deepFreeze((x as Record<string, unknown>)[k]);
  }
  return x;
}

/**
 * A deep copy of plain JSON data (arrays, plain objects, primitives; an
 * `undefined` field is kept, as by `structuredClone`), several times faster
 * than `structuredClone` on scenarios.
 */
export function copyJson<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const out = new Array<unknown>(x.length);
    for (let i = 0; i < x.length; i++) out[i] = copyJson(x[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) out[k] = copyJson((x as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * Run one scenario on the spec and on the adapter, validate the adapter's
 * trace and judge it. Never throws.
 *
 * @remarks The scenario is frozen (`deepFreeze`) and given as it is to
 * the spec and the property's check; an in-process adapter gets a copy of
 * its own (`copyJson`; it is foreign code and may change what it is given), an isolated
 * one (`ENFORCES_TIMEOUT`) the frozen scenario, which the thread
 * boundary copies anyway.
 *
 * @param scenario - a valid scenario.
 * @param options - adapter, spec, property, limits.
 * @returns success, or a classified failure with what is known.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioOutcome> {
  let expected: Trace;
  try {
    deepFreeze(scenario);
    expected = options.expectedTrace(scenario);
  } catch (e) {
    const message = `the executable spec threw: ${errorMessage(e)}`;
    return { ok: false, classification: 'spec-error', message, expected: null, actual: { error: message, classification: 'spec-error' } };
  }
  const fail = (classification: Classification, text: string): ScenarioOutcome => {
    const note = truncationNote(expected, []);
    const message = note === undefined ? text : `${text} (${note})`;
    return { ok: false, classification, message, expected: boundTrace(expected), actual: { error: message, classification } };
  };
  // The snapshot is taken in the continuation of the adapter's own promise, before anything else runs.
  const grace = (options.adapter as { [ENFORCES_TIMEOUT]?: unknown })[ENFORCES_TIMEOUT];
  const limit = typeof grace === 'number' ? options.timeoutMs + grace + 1000 : options.timeoutMs;
  const plain = typeof grace === 'number';
  const timed = await withTimeout(
    () => executeAndSnapshot(options.adapter, plain ? scenario : copyJson(scenario), { timeoutMs: options.timeoutMs, seed: options.seed }, plain),
    limit,
  );
  if (timed.kind === 'timeout') return fail('timeout', `adapter did not answer within ${limit} ms`);
  if (timed.kind === 'threw') {
    const e = timed.error;
    const fault = faultOf(e);
    if (fault) return fail(fault.classification, `${fault.classification}: ${fault.message}`);
    return fail('adapter-threw', `adapter threw: ${errorMessage(e)}`);
  }
  const snap = timed.value;
  if (!snap.ok) return fail(snap.classification, snap.classification === 'malformed-trace' ? `malformed trace: ${snap.message}` : `adapter threw: ${snap.message}`);
  const valid = validateTrace(snap.value, { scenario });
  if (!valid.ok) {
    const outcome = fail('malformed-trace', `malformed trace: ${valid.message}`);
    const returned = snap.value === undefined ? '(undefined)' : Array.isArray(snap.value) ? snap.value.slice(0, MAX_RECORDED_EVENTS) : snap.value;
    if (!outcome.ok && !Array.isArray(outcome.actual)) outcome.actual.value = returned;
    return outcome;
  }
  const actual = valid.trace;
  const recorded = (classification: Classification, text: string): ScenarioOutcome => {
    const note = truncationNote(expected, actual);
    const message = note === undefined ? text : `${text} (${note})`;
    return { ok: false, classification, message, expected: boundTrace(expected), actual: boundTrace(actual), ...(note ? { truncated: true } : {}) };
  };
  const violation = (message: string): ScenarioOutcome => recorded('violation', message);
  let verdict: string | undefined;
  if (options.property) {
    // Acceptance already demands every obliged event (an accepted trace is one the spec
    // produces), and where the spec allows several traces the canonical one obliges too much.
    const missing = options.property.strict === true ? undefined : missingObligation(expected, actual);
    if (missing !== undefined) return violation(missing);
    try {
      verdict = options.property.check({ scenario, actual, expected });
    } catch (e) {
      // The trace is validated plain JSON here: a check that throws on it is a bug of the suite.
      return recorded('spec-error', `the property's check threw: ${errorMessage(e)}`);
    }
  } else if (!jsonEqual(actual, expected)) {
    verdict = 'the actual trace differs from the expected trace';
  }
  if (verdict !== undefined) return violation(verdict);
  return { ok: true, expected, actual };
}
