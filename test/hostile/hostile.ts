/**
 * Shared by the hostile-adapter tests: run the CLI in-process on a fixture of
 * `test/hostile/fixtures/` and read back what it wrote.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../../conformance/cli.js';

/** Directory of the fixture adapters. */
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');

/** One requirement line of report.json. */
export interface ReportRequirement {
  id: string;
  status: string;
  classification?: string;
  message?: string;
}

/** What one hostile run left behind. */
export interface HostileRun {
  code: number;
  out: string;
  err: string;
  /** Wall time of the whole CLI call, in ms (reported, never asserted). */
  ms: number;
  /** The parsed report.json (`null` when none was written). */
  report: { adapter: string; requirements: ReportRequirement[] } | null;
  /** junit.xml's text (`null` when none was written). */
  junit: string | null;
  /** The failed requirements. */
  failed: ReportRequirement[];
}

/** Run `trueasync-conformance run --adapter <fixture> …args` and collect the reports. */
export async function runFixture(fixture: string, args: string[]): Promise<HostileRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ta-hostile-'));
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } };
  const start = performance.now();
  const code = await main(['run', '--adapter', join(FIXTURES, `${fixture}.ts`), '--seed', '1', '--reporter', 'json,junit', '--out', join(dir, 'out'), ...args], io, { cwd: dir });
  const ms = performance.now() - start;
  const reportFile = join(dir, 'out', 'report.json');
  const report = existsSync(reportFile) ? (JSON.parse(await readFile(reportFile, 'utf8')) as HostileRun['report']) : null;
  const junitFile = join(dir, 'out', 'junit.xml');
  const junit = existsSync(junitFile) ? await readFile(junitFile, 'utf8') : null;
  const failed = report?.requirements.filter((r) => r.status === 'fail') ?? [];
  if (process.env.HOSTILE_TIMINGS) process.stderr.write(`[hostile] ${fixture} ${args.join(' ')} → exit ${code}, ${[...new Set(failed.map((f) => f.classification))].join('/')}, ${ms.toFixed(0)} ms\n`);
  return { code, out, err, ms, report, junit, failed };
}

/** The number of `<failure>` and `<error>` elements of a JUnit report (a violation, or an adapter that threw, crashed, hung or returned a malformed trace). */
export function junitFailures(xml: string): number {
  return xml.match(/<(failure|error)[\s>]/g)?.length ?? 0;
}
