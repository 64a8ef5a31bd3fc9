/**
 * The JUnit report: `DIR/junit.xml`, one test case per requirement.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import junitModule from 'junit-report-builder';
import type { Builder } from 'junit-report-builder';
import type { ConformanceResult } from '../harness/run.js';

/** The package's builder: its CJS `module.exports` (typed as a `default` export). */
function rootBuilder(): Builder {
  const m = junitModule as unknown as Builder | { default: Builder };
  return 'newBuilder' in m ? m : m.default;
}

/** The requirement's prefix (`SCH` for `SCH-3`): the JUnit class name. */
export function requirementPrefix(id: string): string {
  const dash = id.indexOf('-');
  return dash < 0 ? id : id.slice(0, dash);
}

/**
 * Build the JUnit XML: a failed requirement is a `failure`, `n/a` and
 * `spec-only` are `skipped`. An `expected-fail` is `skipped` too, with the
 * expectation's observed behaviour and reason in its output (a known
 * deviation is not a CI failure); an `unexpected-pass` is a `failure` of
 * type `unexpected-pass` (the expectations entry must be reviewed) — the
 * same verdicts as the CLI's exit code.
 */
export function junitXml(result: ConformanceResult): string {
  const builder = rootBuilder().newBuilder();
  const suite = builder.testSuite().name(`trueasync-conformance (${result.adapter}, seed ${result.seed})`);
  for (const r of result.requirements) {
    const tc = suite.testCase().className(requirementPrefix(r.id)).name(`${r.id}: ${r.title}`);
    if (r.status === 'fail') {
      const f = r.failure;
      tc.failure(f ? `${f.classification}: ${f.message}` : r.reason ?? 'failed', f?.classification ?? 'fail');
      if (f) {
        tc.standardOutput(
          `property: ${f.property}\nseed: ${f.seed}\nscenario: ${JSON.stringify(f.scenario)}\n` +
            `expected: ${JSON.stringify(f.expected)}\nactual: ${JSON.stringify(f.actual)}`,
        );
      }
    } else if (r.status === 'expected-fail') {
      tc.skipped();
      const f = r.failure;
      tc.standardOutput(
        `expected failure (known deviation)\nobserved: ${r.expectation?.observed ?? ''}\nreason: ${r.expectation?.reason ?? ''}` +
          (f ? `\nthis run: ${f.classification}: ${f.message}\nproperty: ${f.property}\nseed: ${f.seed}` : ''),
      );
    } else if (r.status === 'unexpected-pass') {
      tc.failure(
        `unexpected pass: listed as a known deviation ("${r.expectation?.observed ?? ''}") but passed ${r.runs} runs; remove or update the expectations entry`,
        'unexpected-pass',
      );
    } else if (r.status === 'n/a' || r.status === 'spec-only') {
      tc.skipped();
      if (r.reason) tc.standardOutput(`${r.status}: ${r.reason}`);
    }
  }
  return builder.build();
}

/** Write `dir/junit.xml`; returns its path. */
export async function writeJunitReport(dir: string, result: ConformanceResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'junit.xml');
  await writeFile(path, `${junitXml(result)}\n`);
  return path;
}
