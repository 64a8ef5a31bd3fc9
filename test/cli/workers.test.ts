/**
 * `run --workers N`: the properties spread over worker threads give the
 * report of a one-worker run, byte for byte (junit's wall times aside), with
 * `--bail`, `--shard`, `--max-duration` and the progress reporters.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliDeps } from '../../conformance/cli.js';
import { fakeExpectedTrace, fakeProperties, fakeRequirements } from '../fixtures/adapters/fakeSuite.js';

const LIFO = resolve(import.meta.dirname, '../php/fixtures/lifoQueueAdapter.ts');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ta-workers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], deps: Partial<CliDeps> = { isolate: null }): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } };
  const code = await main(args, io, { cwd: dir, ...deps });
  return { code, out, err };
}
const text = (file: string): Promise<string> => readFile(join(dir, file), 'utf8');
/** junit.xml without what must differ between two runs: the wall times and the timestamp. */
const junitModuloTime = async (file: string): Promise<string> => (await text(file)).replace(/ time="[^"]*"/g, '').replace(/ timestamp="[^"]*"/g, '');
const statuses = (report: string): Record<string, string> =>
  Object.fromEntries((JSON.parse(report) as { requirements: { id: string; status: string }[] }).requirements.map((r) => [r.id, r.status]));

describe('run --workers', () => {
  const base = ['run', '--adapter', LIFO, '--only', 'SCH,WAK-5,COR-1', '--runs', '20', '--seed', '5', '--reporter', 'dot,json,junit'];

  it('three workers give the one-worker report.json and counterexamples byte for byte, junit.xml but for times, and the same dots', async () => {
    const one = await cli([...base, '--out', 'w1']);
    const three = await cli([...base, '--workers', '3', '--out', 'w3']);
    expect(one.err).toBe('');
    expect(three.err).toBe('');
    expect(one.code).toBe(1); // the LIFO queue breaks SCH-1
    expect(three.code).toBe(1);
    expect(statuses(await text('w1/report.json'))).toMatchObject({ 'SCH-1': 'fail' });
    expect(await text('w3/report.json')).toBe(await text('w1/report.json'));
    expect(await junitModuloTime('w3/junit.xml')).toBe(await junitModuloTime('w1/junit.xml'));
    const files = (await readdir(join(dir, 'w1/counterexamples'))).sort();
    expect(files.length).toBeGreaterThan(0);
    expect((await readdir(join(dir, 'w3/counterexamples'))).sort()).toEqual(files);
    for (const f of files) expect(await text(`w3/counterexamples/${f}`)).toBe(await text(`w1/counterexamples/${f}`));
    // The progress is printed in suite order: the dot line and the summary are the same.
    expect(three.out.replaceAll('w3/', 'w1/')).toBe(one.out);
  }, 120_000);

  it('--bail stops at the same first failure, and --shard takes the same properties', async () => {
    const bail1 = await cli([...base, '--bail', '--out', 'b1']);
    const bail2 = await cli([...base, '--bail', '--workers', '2', '--out', 'b2']);
    expect(bail1.code).toBe(1);
    expect(bail2.code).toBe(1);
    expect(Object.values(statuses(await text('b1/report.json')))).toContain('n/a');
    expect(await text('b2/report.json')).toBe(await text('b1/report.json'));
    const shard1 = await cli([...base, '--shard', '2/2', '--out', 's1']);
    const shard2 = await cli([...base, '--shard', '2/2', '--workers', '2', '--out', 's2']);
    expect(shard2.code).toBe(shard1.code);
    expect(await text('s2/report.json')).toBe(await text('s1/report.json'));
  }, 120_000);

  it('--max-duration stops every worker and writes a partial report', async () => {
    const r = await cli(['run', '--adapter', 'reference', '--only', 'POOL,CAN', '--seed', '1', '--runs', '100000', '--workers', '2', '--max-duration', '1500', '--reporter', 'json', '--out', 'md']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/stopped: the run reached --max-duration 1500 ms; \d+ of \d+ properties checked/);
    const report = JSON.parse(await text('md/report.json')) as { requirements: { status: string; reason?: string }[] };
    expect(report.requirements.some((q) => q.status === 'n/a' && q.reason?.startsWith('not checked: the run reached --max-duration'))).toBe(true);
  }, 120_000);

  it('runs the adapter isolated inside each worker unless --in-process', async () => {
    const args = ['run', '--adapter', LIFO, '--only', 'SCH-1', '--runs', '10', '--seed', '5', '--reporter', 'json'];
    const inProcess = await cli([...args, '--out', 'i1']);
    const isolated = await cli([...args, '--workers', '2', '--out', 'i2'], {});
    expect(isolated.err).toBe('');
    expect(await text('i2/report.json')).toBe(await text('i1/report.json'));
  }, 120_000);

  it('refuses an injected suite (the workers load the bundled one) and a bad count', async () => {
    const fake = { requirements: fakeRequirements, properties: fakeProperties, expectedTrace: fakeExpectedTrace };
    const r = await cli(['run', '--adapter', 'reference', '--workers', '2', '--out', 'f'], fake);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --workers: the worker threads load the suite and the adapter themselves/);
    const bad = await cli(['run', '--adapter', 'reference', '--workers', '0', '--out', 'f']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: --workers must be a positive integer (got "0")\n');
  });
});
