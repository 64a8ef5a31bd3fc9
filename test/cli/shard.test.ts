/**
 * `run --shard i/n` and `merge-reports`: three shards merged give the
 * unsharded run's report, and bad shards are clear usage errors.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliDeps } from '../../conformance/cli.js';
import { parseShard, shardProperties } from '../../conformance/harness/shard.js';
import { fakeExpectedTrace, fakeProperties, fakeRequirements } from '../fixtures/adapters/fakeSuite.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/adapters');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ta-shard-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], real = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } };
  const deps: Partial<CliDeps> = real
    ? { cwd: dir, isolate: null }
    : { requirements: fakeRequirements, properties: fakeProperties, expectedTrace: fakeExpectedTrace, cwd: dir };
  const code = await main(args, io, deps);
  return { code, out, err };
}
const json = async (file: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(join(dir, file), 'utf8')) as Record<string, unknown>;
const statuses = (report: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries((report.requirements as { id: string; status: string }[]).map((r) => [r.id, r.status]));
/** junit.xml without what must differ between two runs: the wall times and the timestamp. */
const junitModuloTime = async (file: string): Promise<string> =>
  (await readFile(join(dir, file), 'utf8')).replace(/ time="[^"]*"/g, '').replace(/ timestamp="[^"]*"/g, '');

describe('shard assignment', () => {
  it('deals the keys, sorted, round-robin: every property in exactly one shard, sizes within one', () => {
    const props = ['POOL-4.fifo', 'STRICT.core', 'CAN-2', 'EVT-1', 'SCH-3', 'WAK-5', 'COR-1'].map((key) => ({ key }));
    const shards = [1, 2, 3].map((index) => shardProperties(props, { index, count: 3 }).map((p) => p.key));
    expect(shards).toEqual([['POOL-4.fifo', 'CAN-2', 'WAK-5'], ['SCH-3', 'COR-1'], ['STRICT.core', 'EVT-1']]);
    expect(shards.flat().sort()).toEqual(props.map((p) => p.key).sort());
    // Independent of the order of the list.
    expect(shardProperties([...props].reverse(), { index: 3, count: 3 }).map((p) => p.key)).toEqual(['EVT-1', 'STRICT.core']);
  });
  it('parses i/n and names what is wrong', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('0/3')).toThrow('--shard 0/3: the shard number must be between 1 and 3');
    expect(() => parseShard('4/3')).toThrow('--shard 4/3: the shard number must be between 1 and 3');
    expect(() => parseShard('x')).toThrow('--shard must be i/n, e.g. 1/3 (got "x")');
    expect(() => parseShard('1/0')).toThrow('the shard count must be at least 1');
  });
});

describe('run --shard and merge-reports (fake suite)', () => {
  const base = ['run', '--adapter', join(FIXTURES, 'buggy.ts'), '--runs', '20', '--seed', '3', '--reporter', 'json,junit'];
  it('three shards merged give the unsharded report.json byte for byte, and junit.xml but for times', async () => {
    const whole = await cli([...base, '--out', 'whole']);
    expect(whole.code).toBe(1); // the buggy adapter fails FAKE-1
    const codes = [];
    for (const i of [1, 2, 3]) {
      const r = await cli([...base, '--shard', `${i}/3`, '--out', `s${i}`]);
      expect(r.err).toBe('');
      expect(r.out).toContain(`shard ${i}/3: 1 of 3 properties`);
      codes.push(r.code);
      const shard = await json(`s${i}/report.json`);
      expect((shard.shard as { index: number; properties: unknown[] }).index).toBe(i);
      expect((shard.shard as { properties: unknown[] }).properties).toHaveLength(1);
      expect(Object.values(statuses(shard))).toContain('n/a');
      expect((shard.requirements as { reason?: string }[]).some((r) => r.reason?.startsWith('in another shard'))).toBe(true);
    }
    expect(codes).toContain(1);
    const merged = await cli(['merge-reports', 's3', 's1', join(dir, 's2', 'report.json'), '--out', 'merged']);
    expect(merged.err).toBe('');
    expect(merged.code).toBe(1);
    expect(merged.out).toContain('merged 3 shards (seed 3, 3 properties)');
    expect(statuses(await json('merged/report.json'))).toEqual(statuses(await json('whole/report.json')));
    expect(statuses(await json('merged/report.json'))).toMatchObject({ 'FAKE-1': 'fail' });
    expect(await readFile(join(dir, 'merged/report.json'), 'utf8')).toBe(await readFile(join(dir, 'whole/report.json'), 'utf8'));
    expect(await junitModuloTime('merged/junit.xml')).toBe(await junitModuloTime('whole/junit.xml'));
    // The counterexample file of the failure is written for the merged run too.
    const file = ((await json('whole/report.json')).requirements as { id: string; counterexampleFile?: string }[]).find((r) => r.id === 'FAKE-1')!.counterexampleFile!;
    expect(file).toMatch(/^counterexamples\//);
    expect(await readFile(join(dir, 'merged', file), 'utf8')).toBe(await readFile(join(dir, 'whole', file), 'utf8'));
  });

  it('a shard with no property (more shards than properties) passes with everything n/a, and still merges', async () => {
    const empty = await cli([...base, '--shard', '4/4', '--out', 'e4']);
    expect(empty.out).toContain('shard 4/4: 0 of 3 properties');
    expect(empty.code).toBe(0);
    expect(statuses(await json('e4/report.json'))).toEqual({ 'FAKE-1': 'n/a', 'FAKE-2': 'n/a', 'FAKE-3': 'spec-only', 'POOL-1': 'n/a' });
    for (const i of [1, 2, 3]) await cli([...base, '--shard', `${i}/4`, '--out', `e${i}`]);
    expect((await cli(['merge-reports', 'e1', 'e2', 'e3', 'e4', '--out', 'em'])).err).toBe('');
    expect(await readFile(join(dir, 'em/report.json'), 'utf8')).toBe(await readFile(join(dir, 'whole/report.json'), 'utf8'));
  });

  it('rejects a missing shard, a shard given twice, different seeds, an unsharded report and a bad --shard', async () => {
    await cli([...base, '--shard', '1/3', '--seed', '4', '--out', 'seed4']);
    await cli([...base, '--out', 'plain']);
    const missing = await cli(['merge-reports', 's1', 's3', '--out', 'm1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('error: merge-reports: missing shard 2/3 (got 2 of 3)\n');
    const twice = await cli(['merge-reports', 's1', 's1', 's2', '--out', 'm2']);
    expect(twice.err).toMatch(/shard 1\/3 given twice/);
    const seeds = await cli(['merge-reports', 'seed4', 's2', 's3', '--out', 'm3']);
    expect(seeds.code).toBe(2);
    expect(seeds.err).toBe('error: merge-reports: shard reports of different runs: the seed is 4 in seed4 but 3 in s2\n');
    const plain = await cli(['merge-reports', 'plain', '--out', 'm4']);
    expect(plain.err).toMatch(/plain: not a shard report \(no "shard" field/);
    const absent = await cli(['merge-reports', 'nowhere', '--out', 'm5']);
    expect(absent.code).toBe(2);
    expect(absent.err).toMatch(/^error: merge-reports: cannot read nowhere: ENOENT/);
    for (const bad of ['0/3', '4/3', 'x']) {
      const r = await cli([...base, '--shard', bad, '--out', 'bad']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error: --shard /);
    }
  });
});

describe('run --shard and merge-reports (the suite on the reference runtime)', () => {
  it('three shards of --only POOL,CAN merged equal the unsharded run', async () => {
    const args = ['run', '--adapter', 'reference', '--in-process', '--only', 'POOL,CAN', '--runs', '5', '--seed', '7', '--reporter', 'json,junit'];
    const whole = await cli([...args, '--out', 'rw'], true);
    expect(whole.err).toBe('');
    for (const i of [1, 2, 3]) expect((await cli([...args, '--shard', `${i}/3`, '--out', `r${i}`], true)).err).toBe('');
    const merged = await cli(['merge-reports', 'r1', 'r2', 'r3', '--out', 'rm'], true);
    expect(merged.err).toBe('');
    expect(merged.code).toBe(whole.code);
    const w = await json('rw/report.json');
    expect(statuses(await json('rm/report.json'))).toEqual(statuses(w));
    expect(Object.values(statuses(w)).filter((s) => s === 'pass').length).toBeGreaterThan(5);
    expect(await readFile(join(dir, 'rm/report.json'), 'utf8')).toBe(await readFile(join(dir, 'rw/report.json'), 'utf8'));
    expect(await junitModuloTime('rm/junit.xml')).toBe(await junitModuloTime('rw/junit.xml'));
  }, 120_000);
});
