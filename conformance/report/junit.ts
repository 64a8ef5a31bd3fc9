/**
 * The JUnit report: `DIR/junit.xml`, one test case per requirement, in the
 * schema CI dashboards read (Jenkins, GitLab, GitHub test reporters).
 *
 * @remarks Written with xmlbuilder2. A requirement is:
 * - a `<failure>` for a `violation` (the runtime broke the rule) and for an
 *   `unexpected-pass` (type `unexpected-pass`: the expectations entry is stale);
 * - an `<error>` when the check could not judge the runtime: `adapter-threw`,
 *   `adapter-crashed`, `timeout`, `malformed-trace`, `spec-error`;
 * - `<skipped message="…">` for `n/a`, `spec-only` and `expected-fail`, with the reason;
 * - passed otherwise.
 * `time` is in seconds: a requirement's is the wall time of the properties
 * covering it, when the caller measured them.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from 'xmlbuilder2';
import type { ConformanceResult, RequirementResult } from '../harness/run.js';

/** The requirement's prefix (`SCH` for `SCH-3`): the JUnit class name. */
export function requirementPrefix(id: string): string {
  const dash = id.indexOf('-');
  return dash < 0 ? id : id.slice(0, dash);
}

/** Options of {@link junitXml}. */
export interface JunitOptions {
  /** Wall time of each property, in milliseconds, keyed by property title. */
  durationsMs?: ReadonlyMap<string, number>;
}

/** Failure classifications reported as `<error>` (the check could not judge the runtime). */
export const ERROR_CLASSIFICATIONS: readonly string[] = ['adapter-threw', 'adapter-crashed', 'timeout', 'malformed-trace', 'spec-error'];

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function skipMessage(r: RequirementResult): string {
  if (r.status === 'expected-fail') {
    return `expected failure (known deviation): ${r.expectation?.observed ?? ''} — ${r.expectation?.reason ?? ''}`;
  }
  return `${r.status}: ${r.reason ?? ''}`.trim();
}

/** Build the JUnit XML; the verdicts are the CLI's exit code's. */
export function junitXml(result: ConformanceResult, options: JunitOptions = {}): string {
  const durations = options.durationsMs;
  const timeOf = (r: RequirementResult): number => r.properties.reduce((n, title) => n + (durations?.get(title) ?? 0), 0);
  const count = (pred: (r: RequirementResult) => boolean): number => result.requirements.filter(pred).length;
  const isError = (r: RequirementResult): boolean => r.status === 'fail' && r.failure !== undefined && ERROR_CLASSIFICATIONS.includes(r.failure.classification);
  const totalMs = durations ? [...durations.values()].reduce((a, b) => a + b, 0) : 0;
  const attrs = {
    name: `trueasync-conformance (${result.adapter}, seed ${result.seed})`,
    tests: String(result.requirements.length),
    failures: String(count((r) => (r.status === 'fail' && !isError(r)) || r.status === 'unexpected-pass')),
    errors: String(count(isError)),
    skipped: String(count((r) => r.status === 'n/a' || r.status === 'spec-only' || r.status === 'expected-fail')),
    time: seconds(totalMs),
  };
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const suite = doc.ele('testsuites', attrs).ele('testsuite', { ...attrs, timestamp: new Date().toISOString().slice(0, 19) });
  suite.ele('properties').ele('property', { name: 'seed', value: String(result.seed) }).up()
    .ele('property', { name: 'runsPerProperty', value: String(result.runsPerProperty) }).up()
    .ele('property', { name: 'adapter', value: result.adapter });
  for (const r of result.requirements) {
    const tc = suite.ele('testcase', { classname: requirementPrefix(r.id), name: `${r.id}: ${r.title}`, time: seconds(timeOf(r)) });
    const f = r.failure;
    if (r.status === 'fail') {
      const message = f ? `${f.classification}: ${f.message}` : r.reason ?? 'failed';
      const body = f
        ? `property: ${f.property}\nseed: ${f.seed}\nscenario: ${JSON.stringify(f.scenario)}\nexpected: ${JSON.stringify(f.expected)}\nactual: ${JSON.stringify(f.actual)}`
        : message;
      tc.ele(isError(r) ? 'error' : 'failure', { message, type: f?.classification ?? 'fail' }).txt(body);
    } else if (r.status === 'unexpected-pass') {
      tc.ele('failure', {
        message: `unexpected pass: listed as a known deviation ("${r.expectation?.observed ?? ''}") but passed ${r.runs} runs; remove or update the expectations entry`,
        type: 'unexpected-pass',
      });
    } else if (r.status === 'n/a' || r.status === 'spec-only' || r.status === 'expected-fail') {
      tc.ele('skipped', { message: skipMessage(r) });
      if (r.status === 'expected-fail' && f) {
        tc.ele('system-out').txt(`this run: ${f.classification}: ${f.message}\nproperty: ${f.property}\nseed: ${f.seed}`);
      }
    }
  }
  return doc.end({ prettyPrint: true });
}

/** Write `dir/junit.xml`; returns its path. */
export async function writeJunitReport(dir: string, result: ConformanceResult, options: JunitOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'junit.xml');
  await writeFile(path, `${junitXml(result, options)}\n`);
  return path;
}
