/**
 * One scenario through one adapter and the spec: the unit of a conformance
 * run, shared by the runner and the `replay` command.
 * @module
 */
import { isAdapterFault, type Adapter, type Scenario, type Trace } from '../adapter.js';
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
    };

/** Signature of the executable spec's interpreter (`spec/system/interpret.ts`). */
export type ExpectedTraceFn = (scenario: Scenario) => Trace;

/** A one-line description of a thrown value. */
export function errorMessage(e: unknown): string {
  let text: string;
  if (e instanceof Error) text = e.message ? `${e.name}: ${e.message}` : e.name;
  else {
    try {
      text = typeof e === 'string' ? e : JSON.stringify(e) ?? String(e);
    } catch {
      text = String(e);
    }
  }
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
    timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
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
 * Run one scenario on the spec and on the adapter, validate the adapter's
 * trace and judge it. Never throws.
 *
 * @param scenario - a valid scenario.
 * @param options - adapter, spec, property, limits.
 * @returns success, or a classified failure with what is known.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioOutcome> {
  let expected: Trace;
  try {
    expected = options.expectedTrace(structuredClone(scenario));
  } catch (e) {
    const message = `the executable spec threw: ${errorMessage(e)}`;
    return { ok: false, classification: 'spec-error', message, expected: null, actual: { error: message, classification: 'spec-error' } };
  }
  const fail = (classification: Classification, message: string): ScenarioOutcome => ({
    ok: false, classification, message, expected, actual: { error: message, classification },
  });
  const timed = await withTimeout(
    () => options.adapter.execute(structuredClone(scenario), { timeoutMs: options.timeoutMs, seed: options.seed }),
    options.timeoutMs,
  );
  if (timed.kind === 'timeout') return fail('timeout', `adapter did not answer within ${options.timeoutMs} ms`);
  if (timed.kind === 'threw') {
    const e = timed.error;
    if (isAdapterFault(e)) return fail(e.classification, `${e.classification}: ${e.message}`);
    return fail('adapter-threw', `adapter threw: ${errorMessage(e)}`);
  }
  const valid = validateTrace(timed.value);
  if (!valid.ok) return fail('malformed-trace', `malformed trace: ${valid.message}`);
  const actual = valid.trace;
  let verdict: string | undefined;
  if (options.property) {
    try {
      verdict = options.property.check({ scenario: structuredClone(scenario), actual, expected });
    } catch (e) {
      verdict = `the property's check threw: ${errorMessage(e)}`;
    }
  } else if (!jsonEqual(actual, expected)) {
    verdict = 'the actual trace differs from the expected trace';
  }
  if (verdict !== undefined) return { ok: false, classification: 'violation', message: verdict, expected, actual };
  return { ok: true, expected, actual };
}
