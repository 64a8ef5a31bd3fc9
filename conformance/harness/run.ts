/**
 * The conformance runner: every selected property against one adapter,
 * aggregated into a status per requirement.
 *
 * @remarks The runner never throws because of the adapter: a throw, a hang,
 * a malformed trace or a violation becomes a classified failure with its
 * shrunk counterexample, and the run goes on. Its result is deterministic for
 * a given seed (no durations, no timestamps).
 * @module
 */
import * as fc from 'fast-check';
import type { Adapter, Capability, Expectation, Expectations, Scenario, Trace } from '../adapter.js';
import type { Requirement } from '../../spec/kernel/requirement.js';
import type { ConformanceProperty } from './property.js';
import {
  copyJson, errorMessage, runScenario, type Classification, type ErrorOutcome, type ExpectedTraceFn, type ScenarioOutcome,
} from './execute.js';
import { isExpectedFailure } from './expectations.js';

/** Title prefix of the strict properties (actual ≡ expected), dropped by `strict: false`. */
export const STRICT_PREFIX = 'STRICT:';

/** A recorded failure of one property: its shrunk counterexample. */
export interface Failure {
  /** Why it failed. */
  classification: Classification;
  /** One-line description. */
  message: string;
  /** The shrunk scenario (`null` if none could be generated). */
  scenario: Scenario | null;
  /** The spec's trace (`null` when the spec threw or nothing ran). */
  expected: Trace | null;
  /** The adapter's trace, or the error when there was none. */
  actual: Trace | ErrorOutcome;
  /** The fast-check seed of this property (replays the run with `path`). */
  seed: number;
  /** fast-check's counterexample path. */
  path?: string;
  /**
   * The requirement IDs this failure is attributed to, when the property
   * names them itself ({@link ConformanceProperty.attribute}: an acceptance
   * rejection names the spec transitions it breaks). Those requirements fail
   * with it.
   */
  requirements?: string[];
}

/** The outcome of one property. */
export interface PropertyResult {
  /** The property's stable key ({@link ConformanceProperty.key}): ID and aspect; names its counterexample file. */
  key?: string;
  /** The property's title. */
  title: string;
  /** The requirement IDs it covers. */
  requirements: string[];
  /**
   * `n/a` when the adapter lacks a capability it needs, or declared every
   * generated scenario {@link Adapter.unsupported}.
   */
  status: 'pass' | 'fail' | 'n/a';
  /** Scenarios run (0 for `n/a`). */
  runs: number;
  /** Generated scenarios the adapter declared unsupported (discarded, not run). */
  skipped?: number;
  /** The adapter's reasons for them, distinct, in order of first appearance. */
  unsupported?: string[];
  /**
   * `true` for a failure every requirement of which is listed in the
   * adapter's expectations (with a matching classification, if pinned): an
   * expected failure, which does not fail the run.
   */
  expected?: boolean;
  /** The fast-check seed used for it. */
  seed: number;
  /** Capabilities it needs that the adapter lacks. */
  missingCapabilities?: Capability[];
  /** The shrunk counterexample when it failed. */
  failure?: Failure;
  /** `true` when the run was stopped (`signal`) before this property was fully checked; its status is then `n/a`. */
  notChecked?: boolean;
}

/**
 * The status of one requirement.
 *
 * - `pass` / `fail` — every covering property passed / one failed;
 * - `expected-fail` — it failed and the adapter's expectations list it (a
 *   known deviation; does not fail the run);
 * - `unexpected-pass` — the expectations list it but it passed (the entry is
 *   stale or the check got weaker; fails the run);
 * - `n/a` — the adapter lacks what the covering properties need;
 * - `spec-only` — not observable through scenarios.
 */
export type RequirementStatus = 'pass' | 'fail' | 'expected-fail' | 'unexpected-pass' | 'n/a' | 'spec-only';

/** The outcome of one requirement. */
export interface RequirementResult {
  /** Requirement ID. */
  id: string;
  /** The rule. */
  title: string;
  /** Where the rule comes from. */
  source: string;
  /** Observable or spec-only. */
  kind: Requirement['kind'];
  /** Its status. */
  status: RequirementStatus;
  /** Scenarios run by the properties covering it. */
  runs: number;
  /** Why it is `spec-only`, `n/a`, or failed without a property. */
  reason?: string;
  /** Titles of the properties that checked it in this run. */
  properties: string[];
  /** The first failing covering property and its counterexample. */
  failure?: Failure & { property: string };
  /** The adapter's expectation for it (`expected-fail`, `unexpected-pass`, or listed but `n/a`). */
  expectation?: Expectation;
}

/** The result of {@link runConformance}. */
export interface ConformanceResult {
  /** The adapter's name. */
  adapter: string;
  /** The run's seed. */
  seed: number;
  /** Scenarios per property. */
  runsPerProperty: number;
  /** Every requirement, in catalogue order. */
  requirements: RequirementResult[];
  /** Every selected property, in suite order. */
  properties: PropertyResult[];
  /** Expectation IDs that name no requirement of the catalogue (stale or misspelt entries). */
  unknownExpectations?: string[];
  /** Set when {@link RunOptions.signal} stopped the run: the result is partial (and fails). */
  stopped?: { reason: string; checked: number; selected: number };
}

/** Options of {@link runConformance}. */
export interface RunOptions {
  /** The runtime under test. */
  adapter: Adapter;
  /** The properties to check. */
  properties: readonly ConformanceProperty[];
  /** The requirement catalogue. */
  requirements: readonly Requirement[];
  /** The executable spec's interpreter. */
  expectedTrace: ExpectedTraceFn;
  /** Scenarios per property. @defaultValue 100 */
  runs?: number;
  /** Seed of the whole run. */
  seed: number;
  /** Wall-clock limit of one `execute`. @defaultValue 5000 */
  timeoutMs?: number;
  /** Requirement IDs (`SCH-3`) or prefixes (`EVT`) to check; all when absent. */
  only?: readonly string[];
  /** `false` drops the `STRICT:` properties. @defaultValue true */
  strict?: boolean;
  /**
   * Known deviations of the adapter (requirement ID → expectation).
   * @defaultValue the adapter's own {@link Adapter.expectations}
   */
  expectations?: Expectations;
  /**
   * Stops the run early (an overall deadline, SIGINT): the property in
   * progress ends after its current scenario, the rest are not run; their
   * requirements are reported `n/a` ("not checked") and the result is
   * marked {@link ConformanceResult.stopped}.
   */
  signal?: AbortSignal;
  /** Called as each property finishes, in suite order (also when a {@link RunOptions.checker} runs several at once). */
  onProgress?: (result: PropertyResult, index: number, total: number) => void;
  /**
   * Where the properties are checked: in this thread, one at a time, when
   * absent; a {@link PropertyChecker} (the worker threads of `workers.ts`)
   * checks up to its `concurrency` at once. The result is the same.
   */
  checker?: PropertyChecker;
}

/** What {@link checkProperty} needs besides the property. */
export type CheckOptions = Required<Pick<RunOptions, 'adapter' | 'expectedTrace' | 'runs' | 'seed' | 'timeoutMs'>> & {
  /** Stops the property after its current scenario (read before each scenario; an AbortSignal or a shared flag). */
  signal?: { readonly aborted: boolean } | undefined;
};

/**
 * Checks properties elsewhere (worker threads, `workers.ts`), several at
 * once: each result must be what {@link checkProperty} gives in this thread.
 */
export interface PropertyChecker {
  /** How many properties it checks at once (at least 1). */
  concurrency: number;
  /** Check one property; never throws (a lost worker is a `fail` result). */
  check(property: ConformanceProperty, options: CheckOptions): Promise<PropertyResult>;
}

/** Whether requirement `id` is selected by an `--only` entry (exact ID, or prefix before `-`). */
export function matchesOnly(id: string, only: readonly string[]): boolean {
  return only.some((o) => (o.includes('-') ? id === o : id.startsWith(`${o}-`)));
}

/** The `--only` entries that match no requirement of the catalogue. */
export function unknownOnly(only: readonly string[], requirements: readonly Requirement[]): string[] {
  return only.filter((o) => !requirements.some((r) => matchesOnly(r.id, [o])));
}

/** The properties a run with these options checks, in suite order. */
export function selectProperties(
  properties: readonly ConformanceProperty[],
  options: { only?: readonly string[]; strict?: boolean },
): ConformanceProperty[] {
  const strict = options.strict ?? true;
  return properties.filter((p) => {
    const isStrict = p.strict === true || p.title.startsWith(STRICT_PREFIX);
    if (isStrict && !strict) return false;
    if (options.only === undefined) return true;
    if (isStrict) return false;
    return p.requirements.some((id) => matchesOnly(id, options.only!));
  });
}

/**
 * A 31-bit FNV-1a hash of the run seed and a property's key (its requirement
 * ID and aspect, {@link ConformanceProperty.key}): the property's fast-check
 * seed. Rewording a rule changes no seed.
 */
export function propertySeed(seed: number, key: string): number {
  let h = 0x811c9dc5;
  const text = `${seed}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

/** The IDs a failure of `property` on `scenario` is attributed to; a throwing `attribute` attributes nothing. */
function attributed(property: ConformanceProperty, scenario: Scenario, actual: Trace | ErrorOutcome): string[] {
  try {
    return property.attribute!(copyJson(scenario), Array.isArray(actual) ? actual : null);
  } catch {
    return [];
  }
}

/**
 * Thrown inside the fast-check predicate when the run is stopped before any
 * scenario failed: fast-check ends at once (its shrinking of it fails at the
 * first candidate of each step) instead of generating up to
 * `maxSkipsPerRun × runs` skipped scenarios.
 */
class StopRun extends Error {}

/** Scenarios between two yields of a property to the event loop. */
const YIELD_EVERY = 32;

/** Thrown inside the fast-check predicate to carry the failure's details. */
class RunFailure extends Error {
  constructor(readonly outcome: Extract<ScenarioOutcome, { ok: false }>) {
    super(outcome.message);
  }
}

/** Check one property against the adapter. Never throws. */
export async function checkProperty(property: ConformanceProperty, options: CheckOptions): Promise<PropertyResult> {
  const seed = propertySeed(options.seed, property.key);
  const base = { key: property.key, title: property.title, requirements: [...property.requirements], seed };
  const missing = property.capabilities.filter((c) => !options.adapter.capabilities.includes(c));
  if (missing.length > 0) return { ...base, status: 'n/a', runs: 0, missingCapabilities: missing };
  let timedOut = false;
  let stopped = false;
  let failing = false;
  let runs = 0;
  let skipped = 0;
  const reasons = new Set<string>();
  const unsupported = (scenario: Scenario): string | undefined => {
    let why: unknown;
    try {
      why = options.adapter.unsupported?.(copyJson(scenario));
    } catch (e) {
      // A throwing unsupported() is the adapter's failure, never a reason to skip (everything n/a, the run green).
      const message = `adapter threw: unsupported() threw: ${errorMessage(e)}`;
      throw new RunFailure({ ok: false, classification: 'adapter-threw', message, expected: null, actual: { error: message, classification: 'adapter-threw' } });
    }
    if (why === undefined || typeof why === 'string') return why;
    const message = `adapter threw: unsupported() returned ${typeof why}, not a string or undefined`;
    throw new RunFailure({ ok: false, classification: 'adapter-threw', message, expected: null, actual: { error: message, classification: 'adapter-threw' } });
  };
  const withSkips = <T extends PropertyResult>(r: T): T =>
    skipped > 0 ? { ...r, skipped, unsupported: [...reasons] } : r;
  try {
    const predicate = async (scenario: Scenario): Promise<void> => {
      // After a timeout, skip the remaining candidates: shrinking a hang would cost a timeout per step.
      fc.pre(!timedOut);
      // A stopped run (--max-duration, SIGINT) skips the rest; the property is reported as not checked.
      if (options.signal?.aborted) {
        stopped = true;
        // While shrinking a real failure, skipping keeps the smallest failure found so far.
        if (!failing) throw new StopRun('stopped');
        fc.pre(false);
      }
      const why = unsupported(scenario);
      if (why !== undefined) {
        skipped++;
        reasons.add(why);
        fc.pre(false);
      }
      runs++;
      // An in-process adapter may never yield: let timers and signals (--max-duration, SIGINT) run now and then.
      if (runs % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const outcome = await runScenario(scenario, {
        adapter: options.adapter, expectedTrace: options.expectedTrace, property,
        timeoutMs: options.timeoutMs, seed,
      });
      if (!outcome.ok) {
        // A hang, a crash or a huge trace costs a timeout, a worker restart or seconds per shrinking
        // step: keep the first counterexample.
        if (outcome.classification === 'timeout' || outcome.classification === 'adapter-crashed' || outcome.truncated) timedOut = true;
        throw new RunFailure(outcome);
      }
    };
    const prop = fc.asyncProperty(property.arbitrary, async (scenario) => {
      try {
        await predicate(scenario);
      } catch (e) {
        if (!(e instanceof StopRun) && !fc.PreconditionFailure.isFailure(e)) failing = true;
        throw e;
      }
    });
    const details = await fc.check(prop, {
      seed, numRuns: options.runs, ...(options.adapter.unsupported ? { maxSkipsPerRun: 5 } : {}),
    });
    if (stopped && !(details.errorInstance instanceof RunFailure)) return { ...base, status: 'n/a', runs, notChecked: true };
    if (details.failed && details.counterexample === null && details.errorInstance === null && skipped > 0) {
      // fast-check gave up for too many discarded scenarios: what ran, passed.
      if (details.numRuns === 0) {
        return withSkips({ ...base, status: 'n/a', runs: 0 });
      }
      return withSkips({ ...base, status: 'pass', runs: details.numRuns });
    }
    if (!details.failed) return withSkips({ ...base, status: 'pass', runs: details.numRuns });
    const scenario = (details.counterexample?.[0] ?? null) as Scenario | null;
    const err = details.errorInstance;
    const failure: Failure =
      err instanceof RunFailure
        ? {
            classification: err.outcome.classification, message: err.outcome.message, scenario,
            expected: err.outcome.expected, actual: err.outcome.actual, seed,
          }
        : {
            classification: 'spec-error', message: `property failed outside the harness: ${errorMessage(err)}`,
            scenario, expected: null, actual: { error: errorMessage(err), classification: 'spec-error' }, seed,
          };
    if (details.counterexamplePath) failure.path = details.counterexamplePath;
    if (property.attribute && scenario !== null) failure.requirements = attributed(property, scenario, failure.actual);
    return withSkips({ ...base, status: 'fail', runs: Math.max(details.numRuns, 1), failure });
  } catch (e) {
    const message = `the property could not run: ${errorMessage(e)}`;
    return {
      ...base, status: 'fail', runs,
      failure: {
        classification: 'spec-error', message, scenario: null, expected: null,
        actual: { error: message, classification: 'spec-error' }, seed,
      },
    };
  }
}

/**
 * Aggregate property results into requirement results (catalogue order).
 *
 * @param requirements - the catalogue.
 * @param results - the property results.
 * @param only - the `--only` selection, if any.
 * @param expectations - the adapter's known deviations: a listed `fail`
 *   becomes `expected-fail` (when the pinned classification, if any, matches),
 *   a listed `pass` becomes `unexpected-pass`.
 */
export function requirementResults(
  requirements: readonly Requirement[],
  results: readonly PropertyResult[],
  only?: readonly string[],
  expectations: Expectations = {},
): RequirementResult[] {
  return requirements.map((req) => applyExpectation(aggregate(req, results, only), expectations[req.id]));
}

function applyExpectation(r: RequirementResult, e: Expectation | undefined): RequirementResult {
  if (e === undefined) return r;
  if (r.status === 'fail' && r.failure && isExpectedFailure(e, r.failure.classification)) {
    return { ...r, status: 'expected-fail', expectation: e };
  }
  if (r.status === 'pass' && !e.intermittent) return { ...r, status: 'unexpected-pass', expectation: e };
  return { ...r, expectation: e };
}

function aggregate(req: Requirement, results: readonly PropertyResult[], only: readonly string[] | undefined): RequirementResult {
  const base = { id: req.id, title: req.title, source: req.source, kind: req.kind };
  const covering = results.filter((r) => r.requirements.includes(req.id) || r.failure?.requirements?.includes(req.id) === true);
  const properties = covering.map((r) => r.title);
  const runs = covering.reduce((n, r) => n + r.runs, 0);
  if (req.kind === 'spec-only') {
    return { ...base, status: 'spec-only', runs: 0, reason: req.reason ?? 'not observable through scenarios', properties };
  }
  if (covering.length === 0) {
    if (only !== undefined && !matchesOnly(req.id, only)) {
      return { ...base, status: 'n/a', runs: 0, reason: 'not selected by --only', properties };
    }
    return { ...base, status: 'fail', runs: 0, reason: 'no property checks this requirement', properties };
  }
  const failed = covering.find((r) => r.status === 'fail');
  if (failed?.failure) return { ...base, status: 'fail', runs, properties, failure: { ...failed.failure, property: failed.title } };
  if (covering.every((r) => r.status === 'n/a')) {
    const missing = [...new Set(covering.flatMap((r) => r.missingCapabilities ?? []))];
    const unsupported = [...new Set(covering.flatMap((r) => r.unsupported ?? []))];
    const reason = [
      ...(missing.length > 0 ? [`adapter lacks capability: ${missing.join(', ')}`] : []),
      ...(unsupported.length > 0 ? [`every generated scenario is unsupported by the adapter: ${unsupported.join('; ')}`] : []),
    ].join('; ');
    return { ...base, status: 'n/a', runs: 0, reason, properties };
  }
  return { ...base, status: 'pass', runs, properties };
}

/** Whether every requirement of a failed property is an expected failure of the adapter. */
export function isExpectedPropertyFailure(p: PropertyResult, expectations: Expectations): boolean {
  const ids = p.failure?.requirements ?? p.requirements;
  return p.status === 'fail' && ids.length > 0 &&
    ids.every((id) => isExpectedFailure(expectations[id], p.failure?.classification));
}

/** The expectation IDs that name no requirement of the catalogue. */
export function unknownExpectations(expectations: Expectations, requirements: readonly Requirement[]): string[] {
  const ids = new Set(requirements.map((r) => r.id));
  return Object.keys(expectations).filter((id) => !ids.has(id));
}

/**
 * Check `selected` in order: in this thread one at a time, or up to
 * `checker.concurrency` at once, with the results and the `onResult` calls
 * in the order of `selected` either way.
 *
 * @remarks A property not yet started when `signal` aborts is `n/a` and
 * `notChecked` (no `onResult` call); one in progress ends after its current
 * scenario. A failure all of whose requirements are expected is marked
 * `expected`. When `onResult` returns `true` (`--bail`), no further property
 * starts, those in progress are stopped, and the results end with that one.
 * @returns one result per property of `selected` (fewer after a stop by `onResult`).
 */
export async function checkProperties(
  selected: readonly ConformanceProperty[],
  options: Omit<CheckOptions, 'signal'> & { signal?: AbortSignal | undefined; expectations: Expectations; checker?: PropertyChecker },
  onResult?: (result: PropertyResult, index: number, total: number) => boolean | void,
): Promise<PropertyResult[]> {
  const halt = new AbortController();
  const signal = options.signal === undefined ? halt.signal : AbortSignal.any([options.signal, halt.signal]);
  const checkOptions: CheckOptions = {
    adapter: options.adapter, expectedTrace: options.expectedTrace, runs: options.runs, seed: options.seed, timeoutMs: options.timeoutMs, signal,
  };
  const check = options.checker ? options.checker.check.bind(options.checker) : checkProperty;
  const lanes = Math.max(1, Math.min(options.checker?.concurrency ?? 1, selected.length));
  const results: PropertyResult[] = [];
  const settled = new Map<number, PropertyResult>();
  let next = 0;
  const flush = (): void => {
    while (!halt.signal.aborted && settled.has(results.length)) {
      const i = results.length;
      const r = settled.get(i)!;
      settled.delete(i);
      results.push(r);
      if (!r.notChecked && onResult?.(r, i, selected.length) === true) halt.abort();
    }
  };
  const lane = async (): Promise<void> => {
    while (!halt.signal.aborted && next < selected.length) {
      const i = next++;
      const p = selected[i]!;
      let r: PropertyResult;
      if (options.signal?.aborted) {
        r = { key: p.key, title: p.title, requirements: [...p.requirements], seed: propertySeed(options.seed, p.key), status: 'n/a', runs: 0, notChecked: true };
      } else {
        r = await check(p, checkOptions);
        if (isExpectedPropertyFailure(r, options.expectations)) r = { ...r, expected: true };
      }
      settled.set(i, r);
      flush();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

/**
 * Check the selected properties against an adapter.
 *
 * @param options - adapter, suite, catalogue, spec and run parameters.
 * @returns per-property and per-requirement results; never throws for adapter failures.
 */
export async function runConformance(options: RunOptions): Promise<ConformanceResult> {
  const runs = options.runs ?? 100;
  const timeoutMs = options.timeoutMs ?? 5000;
  const expectations = options.expectations ?? options.adapter.expectations ?? {};
  const selected = selectProperties(options.properties, options);
  const results = await checkProperties(selected, { ...options, runs, timeoutMs, expectations }, (r, i, n) => {
    options.onProgress?.(r, i, n);
  });
  const unknown = unknownExpectations(expectations, options.requirements);
  let requirements = requirementResults(options.requirements, results, options.only, expectations);
  let stopped: ConformanceResult['stopped'];
  if (options.signal?.aborted) {
    const reason = options.signal.reason instanceof Error ? options.signal.reason.message : String(options.signal.reason ?? 'stopped');
    const unchecked = new Set(results.filter((r) => r.notChecked).flatMap((r) => r.requirements));
    requirements = requirements.map((r) =>
      unchecked.has(r.id) && r.status !== 'fail'
        ? { id: r.id, title: r.title, source: r.source, kind: r.kind, status: 'n/a', runs: r.runs, properties: r.properties, reason: `not checked: ${reason}` }
        : r,
    );
    stopped = { reason, checked: results.filter((r) => !r.notChecked).length, selected: selected.length };
  }
  return {
    adapter: options.adapter.name,
    seed: options.seed,
    runsPerProperty: runs,
    requirements,
    properties: results,
    ...(unknown.length > 0 ? { unknownExpectations: unknown } : {}),
    ...(stopped ? { stopped } : {}),
  };
}

/**
 * Whether a run fails (exit code 1): a failed requirement, an unexpected
 * pass, or a failed property that is not an expected failure. Expected
 * failures alone do not fail a run.
 */
export function hasFailures(result: ConformanceResult): boolean {
  return (
    result.stopped !== undefined ||
    result.requirements.some((r) => r.status === 'fail' || r.status === 'unexpected-pass') ||
    result.properties.some((p) => p.status === 'fail' && !p.expected)
  );
}
