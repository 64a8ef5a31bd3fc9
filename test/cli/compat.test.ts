/**
 * The CLI's expectations handling (`run --expectations`, the adapter's own
 * expectations, exit codes) and the `compat` command, on the fake suite.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliDeps } from '../../conformance/cli.js';
import { fakeExpectedTrace, fakeProperties, fakeRequirements } from '../fixtures/adapters/fakeSuite.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/adapters');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ta-compat-'));
  const entry = { observed: 'drops logged values ≥ 500', reason: 'a fixture bug' };
  await writeFile(join(dir, 'buggy.json'), JSON.stringify({ implementation: 'buggy 1', expectations: { 'FAKE-1': entry, 'FAKE-2': entry } }));
  await writeFile(join(dir, 'stale.json'), JSON.stringify({ implementation: 'good 1', expectations: { 'FAKE-2': entry } }));
  await writeFile(join(dir, 'invalid.json'), JSON.stringify({ implementation: 'x', expectations: { 'FAKE-2': { observed: 'x' } } }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } };
  const deps: Partial<CliDeps> = { requirements: fakeRequirements, properties: fakeProperties, expectedTrace: fakeExpectedTrace, cwd: dir };
  const code = await main(args, io, deps);
  return { code, out, err };
}
const statuses = async (file: string): Promise<Record<string, string>> =>
  Object.fromEntries((JSON.parse(await readFile(join(dir, file), 'utf8')).requirements as { id: string; status: string }[]).map((r) => [r.id, r.status]));

describe('run with expectations', () => {
  it('expected failures exit 0, are reported apart and listed in the closing note', async () => {
    const r = await cli(['run', '--adapter', join(FIXTURES, 'buggy.ts'), '--expectations', 'buggy.json', '--runs', '20', '--seed', '3', '--out', 'xf']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Expected failures (2)');
    expect(r.out).toMatch(/Deviations found in buggy \(2\):\n {2}FAKE-1 +expected-fail {2}drops logged values ≥ 500 \(a fixture bug\)/);
    expect(await statuses('xf/report.json')).toMatchObject({ 'FAKE-1': 'expected-fail', 'FAKE-2': 'expected-fail' });
    const xml = await readFile(join(dir, 'xf', 'junit.xml'), 'utf8');
    expect(xml).not.toContain('<failure');
  });

  it('an expected failure that passes is an unexpected pass: exit 1', async () => {
    const r = await cli(['run', '--adapter', join(FIXTURES, 'good.ts'), '--expectations', 'stale.json', '--runs', '5', '--seed', '3', '--out', 'up']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('UNEXPECTED PASSES (1)');
    expect(await statuses('up/report.json')).toMatchObject({ 'FAKE-2': 'unexpected-pass' });
  });

  it('an unreadable or invalid expectations file is a usage error', async () => {
    for (const file of ['missing.json', 'invalid.json']) {
      const r = await cli(['run', '--adapter', join(FIXTURES, 'good.ts'), '--expectations', file]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--expectations');
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('compat', () => {
  it('runs reference, tarn and generic-pool by default and writes the matrix', async () => {
    // 100 runs: the libraries' expectations were measured at 100, so fewer would not report a pass as unexpected.
    const r = await cli(['compat', '--runs', '100', '--seed', '1', '--out', 'cm']);
    expect(r.err).toBe('');
    const report = JSON.parse(await readFile(join(dir, 'cm', 'compat.json'), 'utf8'));
    expect(report.implementations.map((i: { spec: string }) => i.spec)).toEqual(['reference', 'tarn', 'generic-pool']);
    const row = (id: string): string[] => {
      const x = report.requirements.find((q: { id: string }) => q.id === id);
      return report.implementations.map((i: { name: string }) => x.results[i.name]);
    };
    expect(row('FAKE-1')).toEqual(['pass', 'n/a', 'n/a']);
    // The fake POOL-1 property always holds, so the libraries' listed POOL-1 deviation shows as an unexpected pass.
    expect(row('POOL-1')).toEqual(['pass', 'unexpected-pass', 'unexpected-pass']);
    expect(report.requirements.map((q: { id: string }) => q.id)).not.toContain('FAKE-3');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/requirement\s+reference\s+tarn@\S+\s+generic-pool@\S+/);
    const md = await readFile(join(dir, 'cm', 'compat.md'), 'utf8');
    expect(md).toMatch(/\| POOL-1 \| pass \| unexpected-pass \| unexpected-pass \|/);
    expect(JSON.parse(await readFile(join(dir, 'cm', 'compat', 'reference', 'report.json'), 'utf8')).adapter).toBe('reference');
  });

  it('takes a list of adapters and exits 1 when one fails', async () => {
    const r = await cli(['compat', '--adapter', `${join(FIXTURES, 'good.ts')},${join(FIXTURES, 'buggy.ts')}`, '--runs', '30', '--seed', '3', '--out', 'cm2']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Deviations found in good: none');
    expect(r.out).toMatch(/Deviations found in buggy: 2\n {2}FAKE-1 +fail {2}violation/);
    const again = await cli(['compat', '--adapter', join(FIXTURES, 'good.ts'), '--runs', '3', '--seed', '3', '--out', 'cm3']);
    expect(again.code).toBe(0);
  });

  it('rejects a bad adapter list with exit 2', async () => {
    const r = await cli(['compat', '--adapter', 'nope.ts']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file');
  });
});

describe('expectations measured at a number of runs, compat --only, versions, --update-expectations', () => {
  it('an entry measured at more runs than this run has does not become unexpected-pass', async () => {
    const entry = { observed: 'x', reason: 'y', runs: 100 };
    await writeFile(join(dir, 'measured.json'), JSON.stringify({ implementation: 'good 1', expectations: { 'FAKE-2': entry } }));
    const short = await cli(['run', '--adapter', join(FIXTURES, 'good.ts'), '--expectations', 'measured.json', '--runs', '30', '--seed', '1', '--out', 'm30']);
    expect(short.code).toBe(0);
    expect((await statuses('m30/report.json'))['FAKE-2']).toBe('pass');
    const full = await cli(['run', '--adapter', join(FIXTURES, 'good.ts'), '--expectations', 'measured.json', '--runs', '100', '--seed', '1', '--out', 'm100']);
    expect(full.code).toBe(1);
    expect((await statuses('m100/report.json'))['FAKE-2']).toBe('unexpected-pass');
  });

  it('compat: --only limits the matrix; the suite version and the implementations\' versions are stamped', async () => {
    const r = await cli(['compat', '--adapter', `${join(FIXTURES, 'good.ts')},reference`, '--only', 'FAKE-1', '--runs', '3', '--seed', '1', '--out', 'co']);
    expect(r.err).toBe('');
    const report = JSON.parse(await readFile(join(dir, 'co', 'compat.json'), 'utf8')) as {
      suite: { name: string; version: string }; only: string[]; requirements: { id: string }[]; implementations: { name: string; version?: string }[];
    };
    expect(report.suite.name).toBe('trueasync-conformance');
    expect(report.only).toEqual(['FAKE-1']);
    expect(report.requirements.map((x) => x.id)).toEqual(['FAKE-1']);
    expect(report.implementations.find((i) => i.name === 'reference')?.version).toBe(report.suite.version);
    expect(r.out).toContain(`trueasync-conformance ${report.suite.version}`);
  });

  it('compat --update-expectations writes the failures of a run, stamped with its runs', async () => {
    const file = join(dir, 'adapterDir', 'expectations.json');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'adapterDir'), { recursive: true }));
    await writeFile(file, JSON.stringify({ implementation: 'buggy 0', expectations: { 'FAKE-1': { observed: 'kept text', reason: 'kept reason' } } }));
    const deps: Partial<CliDeps> = {
      requirements: fakeRequirements, properties: fakeProperties, expectedTrace: fakeExpectedTrace, cwd: dir, expectationsFileOf: () => file,
    };
    let out = '';
    const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((out += s), true) } };
    const code = await main(['compat', '--adapter', join(FIXTURES, 'buggy.ts'), '--runs', '40', '--seed', '3', '--out', 'up', '--update-expectations'], io, deps);
    expect(code, out).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8')) as { expectations: Record<string, { observed: string; runs: number }> };
    expect(written.expectations['FAKE-1']).toMatchObject({ observed: 'kept text', runs: 40 });
    expect(written.expectations['FAKE-2']?.runs).toBe(40);
    expect(out).toContain('1 kept, 1 added, 0 removed');
  });
});
