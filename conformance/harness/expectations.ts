/**
 * Expected failures: the known deviations of an implementation, recorded per
 * requirement ID, and how a run's statuses change because of them.
 *
 * @remarks An expectations file is JSON:
 *
 * ```json
 * { "implementation": "tarn 3.1.2",
 *   "expectations": {
 *     "POOL-3": { "observed": "idle resources are reused newest first (LIFO)",
 *                 "reason": "tarn keeps free resources on a stack" } } }
 * ```
 *
 * A requirement that fails and is listed becomes `expected-fail`; one that is
 * listed but passes becomes `unexpected-pass` — the deviation is gone (or the
 * check got weaker) and the entry must be reviewed. The convention is
 * test262's and pytest's strict xfail: an expected failure does not fail the
 * run, an unexpected pass does. An entry may pin the failure's
 * `classification` (`violation`, `adapter-threw`, …); a failure of another
 * classification is then an ordinary failure, so a new kind of breakage is
 * never hidden behind an old expectation. An entry marked `intermittent`
 * (a deviation random scenarios find in most runs but not all) that passes is
 * reported `pass` with the expectation attached rather than
 * `unexpected-pass`; so is an entry measured at more `runs` than the run
 * has ({@link expectationsAtRuns}), because fewer scenarios may miss it.
 * `compat --update-expectations` writes a file from a run
 * ({@link updateExpectationsFile}), as WebKit regenerates its test262
 * expectations.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import type { Expectation, Expectations } from '../adapter.js';
import type { Classification } from './execute.js';
import type { ConformanceResult } from './run.js';

/** The content of an expectations file. */
export interface ExpectationsFile {
  /** Optional JSON Schema reference, ignored. */
  $schema?: string;
  /** The implementation and version the entries were observed on (`tarn 3.1.2`). */
  implementation: string;
  /** Requirement ID → the observed deviation and why. */
  expectations: Expectations;
}

/** The failure classifications an expectation may pin. */
export const CLASSIFICATIONS: readonly Classification[] = ['violation', 'adapter-threw', 'adapter-crashed', 'timeout', 'malformed-trace', 'spec-error'];

/** JSON Schema (draft-07) of an expectations file. */
export const expectationsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'trueasync-conformance expectations file',
  type: 'object',
  additionalProperties: false,
  required: ['implementation', 'expectations'],
  properties: {
    $schema: { type: 'string' },
    implementation: { type: 'string', minLength: 1 },
    expectations: {
      type: 'object',
      propertyNames: { pattern: '^[A-Z][A-Z0-9]*-[0-9]+$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['observed', 'reason'],
        properties: {
          observed: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 1 },
          classification: { enum: [...CLASSIFICATIONS] },
          intermittent: { type: 'boolean' },
          runs: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const fileCheck = ajv.compile(expectationsSchema);
const mapCheck = ajv.compile(expectationsSchema.properties.expectations);

function describe(e: ErrorObject, root: string): string {
  const at = `${root}${e.instancePath}`;
  if (e.keyword === 'additionalProperties') return `${at}: unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
  if (e.keyword === 'propertyNames') return `${at}: ${JSON.stringify((e.params as { propertyName: string }).propertyName)} is not a requirement ID (like POOL-3)`;
  if (e.keyword === 'enum') return `${at}: must be one of ${CLASSIFICATIONS.join(', ')}`;
  return `${at}: ${e.message ?? 'invalid'}`;
}

function errorsOf(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).filter((e) => e.keyword !== 'if').map((e) => describe(e, root));
}

/** The verdict of a validation. */
export type ExpectationsValidation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Validate the content of an expectations file. */
export function validateExpectationsFile(x: unknown): ExpectationsValidation<ExpectationsFile> {
  return fileCheck(x) ? { ok: true, value: x as ExpectationsFile } : { ok: false, errors: errorsOf(fileCheck.errors, 'expectations file') };
}

/** Validate an {@link Expectations} map (an adapter's `expectations` field). */
export function validateExpectations(x: unknown): ExpectationsValidation<Expectations> {
  return mapCheck(x) ? { ok: true, value: x as Expectations } : { ok: false, errors: errorsOf(mapCheck.errors, 'expectations') };
}

/** An unreadable or invalid expectations file; its message is one line. */
export class ExpectationsError extends Error {
  /** Always `ExpectationsError`. */
  override name = 'ExpectationsError';
}

/**
 * Read and validate an expectations file.
 *
 * @param path - a file path or `file:` URL.
 * @throws ExpectationsError naming the file and the first problem.
 */
export function readExpectationsFile(path: string | URL): ExpectationsFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ExpectationsError(`cannot read expectations ${String(path)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const v = validateExpectationsFile(data);
  if (!v.ok) throw new ExpectationsError(`${String(path)}: ${v.errors[0]}`);
  return v.value;
}

/**
 * Whether a failure of `classification` is the expected one.
 *
 * @param e - the expectation (absent: not expected).
 * @param classification - the failure's classification.
 */
export function isExpectedFailure(e: Expectation | undefined, classification: Classification | undefined): boolean {
  if (e === undefined) return false;
  return e.classification === undefined || e.classification === classification;
}

/**
 * The expectations as they apply to a run of `runs` scenarios per property:
 * an entry measured at more runs (its `runs` field) is treated as
 * `intermittent`, so a shorter run that misses the deviation does not
 * report it as an `unexpected-pass`.
 *
 * @param expectations - requirement ID → expectation.
 * @param runs - scenarios per property of this run.
 */
export function expectationsAtRuns(expectations: Expectations, runs: number): Expectations {
  return Object.fromEntries(
    Object.entries(expectations).map(([id, e]) => [id, e.runs !== undefined && e.runs > runs && !e.intermittent ? { ...e, intermittent: true } : e]),
  );
}

/** What {@link updateExpectationsFile} changed. */
export interface ExpectationsUpdate {
  /** Entries that are still failures (their texts kept, `runs` restamped). */
  kept: number;
  /** New entries for failures the file did not list (their texts say so, to be written by hand). */
  added: number;
  /** Entries whose requirement passed: removed, unless `intermittent`. */
  removed: number;
}

/**
 * Rewrite an expectations file from a run made without expectations: every
 * requirement that failed with a `violation` is listed (an existing entry
 * keeps its `observed`/`reason`, a new one gets the failure's message and a
 * reason to fill in), stamped with the run's `runs`; listed requirements that
 * passed are removed unless marked `intermittent`; failures of other
 * classifications (the adapter threw, timed out) are never turned into
 * expectations.
 *
 * @param path - the expectations file (created when missing).
 * @param result - a run of the implementation with no expectations applied.
 * @param implementation - the `implementation` field (`tarn 3.1.2`).
 * @returns what changed.
 */
export function updateExpectationsFile(path: string, result: ConformanceResult, implementation: string): ExpectationsUpdate {
  let old: Expectations = {};
  try {
    old = readExpectationsFile(path).expectations;
  } catch (e) {
    if ((e as Error).message.includes('ENOENT') === false) throw e;
  }
  const next: Record<string, Expectation> = {};
  const update: ExpectationsUpdate = { kept: 0, added: 0, removed: 0 };
  for (const r of result.requirements) {
    const before = old[r.id];
    if (r.status === 'fail' && r.failure?.classification === 'violation') {
      next[r.id] = before
        ? { ...before, runs: result.runsPerProperty }
        : { observed: r.failure.message, reason: 'to be written: found by compat --update-expectations', runs: result.runsPerProperty };
      if (before) update.kept++;
      else update.added++;
    } else if (before) {
      if (before.intermittent || (before.runs ?? 0) > result.runsPerProperty || r.status === 'n/a' || r.status === 'spec-only') next[r.id] = before;
      else update.removed++;
    }
  }
  for (const [id, e] of Object.entries(old)) if (!(id in next) && !result.requirements.some((r) => r.id === id)) next[id] = e;
  const file: ExpectationsFile = { implementation, expectations: next };
  const v = validateExpectationsFile(file);
  if (!v.ok) throw new ExpectationsError(`${path}: the updated file would be invalid: ${v.errors[0]}`);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return update;
}
