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
 * `unexpected-pass`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import type { Expectation, Expectations } from '../adapter.js';
import type { Classification } from './execute.js';

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
