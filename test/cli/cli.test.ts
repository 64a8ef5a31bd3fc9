import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliDeps } from '../../conformance/cli.js';
import { fakeExpectedTrace, fakeProperties, fakeRequirements } from '../fixtures/adapters/fakeSuite.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/adapters');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ta-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture(): { io: { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean } }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s) => ((out += s), true) }, stderr: { write: (s) => ((err += s), true) } },
    out: () => out,
    err: () => err,
  };
}

const deps = (): Partial<CliDeps> => ({
  requirements: fakeRequirements, properties: fakeProperties, expectedTrace: fakeExpectedTrace, cwd: dir,
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(args, c.io, deps());
  return { code, out: c.out(), err: c.err() };
}

const fixture = (name: string): string => join(FIXTURES, name);

async function readReport(out: string): Promise<{ adapter: string; seed: number; runsPerProperty: number; requirements: Record<string, unknown>[] }> {
  return JSON.parse(await readFile(join(dir, out, 'report.json'), 'utf8'));
}

describe('trueasync-conformance run', () => {
  it('exits 0 for a conforming adapter and writes the reports', async () => {
    const r = await cli(['run', '--adapter', fixture('good.ts'), '--runs', '10', '--seed', '7', '--out', 'ok']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('seed 7');
    expect(r.out).toContain('✓');
    expect(r.out).not.toContain('\u001b['); // not a TTY: no colour
    const report = await readReport('ok');
    expect(report).toMatchObject({ adapter: 'good', seed: 7, runsPerProperty: 10 });
    expect(report.requirements.map((x) => [x.id, x.status, x.runs])).toEqual([
      ['FAKE-1', 'pass', 20], ['FAKE-2', 'pass', 10], ['FAKE-3', 'spec-only', 0], ['POOL-1', 'n/a', 0],
    ]);
    const xml = await readFile(join(dir, 'ok', 'junit.xml'), 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('name="FAKE-1: logs are ordered"');
    expect(xml).toContain('classname="FAKE"');
    expect(xml.match(/<skipped message="[^"]+"\/>/g)).toHaveLength(2);
    expect(xml).toMatch(/<testcase classname="FAKE" name="FAKE-1: logs are ordered" time="\d+\.\d{3}"/);
  });

  it('exits 1 for a violation, prints the failure and writes a replayable counterexample', async () => {
    const r = await cli(['run', '--adapter', fixture('buggy.ts'), '--runs', '30', '--seed', '3', '--out', 'bad']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗');
    expect(r.out).toContain('violation');
    expect(r.out).toContain('https://example.org/fake-1');
    expect(r.out).toContain('replay');
    expect(r.out).toMatch(/^ {2}- +1 │ \{"t":0,"actor":"main","kind":"log","value":500\}$/m);
    expect(r.out.split(fakeProperties[0].title).length - 1).toBe(1); // each title once
    const report = await readReport('bad');
    const fake1 = report.requirements[0] as { status: string; counterexample: { scenario: unknown; expected: unknown; actual: unknown } };
    expect(fake1.status).toBe('fail');
    expect(fake1.counterexample.scenario).toEqual({ version: 1, main: [{ op: 'log', value: 500 }] });
    const files = await readdir(join(dir, 'bad', 'counterexamples'));
    expect(files.sort()).toEqual(['FAKE-1.json', 'STRICT.json']);
    const cx = JSON.parse(await readFile(join(dir, 'bad', 'counterexamples', files[0]), 'utf8'));
    expect(cx).toMatchObject({
      format: 'trueasync-conformance/counterexample', version: 1, property: fakeProperties[0].title, id: 'FAKE-1', requirements: ['FAKE-1', 'FAKE-2'],
      adapter: { name: 'buggy', spec: fixture('buggy.ts') }, runSeed: 3, runs: 30, suite: { name: 'trueasync-conformance' },
    });
    const xml = await readFile(join(dir, 'bad', 'junit.xml'), 'utf8');
    expect(xml.match(/<failure /g)?.length).toBeGreaterThanOrEqual(2);

    const file = join('bad', 'counterexamples', files[0]);
    const again = await cli(['replay', file]); // the recorded adapter
    expect(again.code).toBe(1);
    expect(again.out).toContain('on adapter buggy (recorded in the file)');
    expect(again.out).toContain(`property: ${fakeProperties[0].title}`);
    expect(again.out).toContain('trace diff');
    const fixed = await cli(['replay', file, '--adapter', fixture('good.ts')]);
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain('pass');
  });

  it.each([
    ['throwsSync.ts', 'adapter-threw'],
    ['throwsAsync.ts', 'adapter-threw'],
    ['hangs.ts', 'timeout'],
    ['garbage.ts', 'malformed-trace'],
  ])('%s: classified failure, run continues, reports written', async (name, classification) => {
    const out = `broken-${name}`;
    const r = await cli(['run', '--adapter', fixture(name), '--runs', '5', '--seed', '1', '--timeout-ms', '200', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('[3/3]');
    const report = await readReport(out);
    expect(report.requirements.map((x) => x.id)).toEqual(['FAKE-1', 'FAKE-2', 'FAKE-3', 'POOL-1']);
    const cx = (report.requirements[0] as { counterexample: { actual: { classification: string; error: string } } }).counterexample;
    expect(cx.actual.classification).toBe(classification);
    expect(typeof cx.actual.error).toBe('string');
    expect(await readFile(join(dir, out, 'junit.xml'), 'utf8')).toContain(`<error message="${classification}`);
    expect(r.out.match(/^✗ FAKE/gm)).toHaveLength(1); // one full failure section; the repeat is listed by ID
    expect(r.out).toContain(`✗ the same ${classification}`);
    if (classification === 'malformed-trace') expect(r.out).toContain('the adapter returned: {"events":[]}');
  });

  it('--seed twice gives byte-identical report.json', async () => {
    await cli(['run', '--adapter', fixture('buggy.ts'), '--seed', '99', '--runs', '25', '--out', 'd1', '--reporter', 'json']);
    await cli(['run', '--adapter', fixture('buggy.ts'), '--seed', '99', '--runs', '25', '--out', 'd2', '--reporter', 'json']);
    const a = await readFile(join(dir, 'd1', 'report.json'), 'utf8');
    expect(await readFile(join(dir, 'd2', 'report.json'), 'utf8')).toBe(a);
  });

  it('--only and --no-strict select properties', async () => {
    const r = await cli(['run', '--adapter', fixture('good.ts'), '--only', 'POOL', '--out', 'only', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[1/1]');
    const s = await cli(['run', '--adapter', fixture('good.ts'), '--no-strict', '--out', 'ns', '--seed', '1', '--runs', '3']);
    expect(s.out).toContain('[2/2]');
  });

  it.each([
    [['run', '--bogus'], 'unknown option'],
    [['frob'], 'unknown command'],
    [['run', '--runs', '0'], '--runs'],
    [['run', '--runs', 'abc'], '--runs'],
    [['run', '--timeout-ms', '-5'], '--timeout-ms'],
    [['run', '--seed', 'x'], '--seed'],
    [['run', '--only', 'NOPE'], 'NOPE'],
    [['run', '--only', 'FAKE-9'], 'FAKE-9'],
    [['run', '--reporter', 'xml'], 'unknown reporter'],
    [['run', '--adapter', 'missing.ts'], 'no such file'],
    [['run', '--adapter', fixture('notAdapter.ts')], '"execute" must be a function'],
    [['replay', 'nope.json'], 'cannot read'],
  ])('%j exits 2 with a one-line error', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('no arguments prints the help with examples and exit codes on stderr and exits 2; --help and --version exit 0', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: trueasync-conformance');
    expect(none.err).toContain('Exit codes:');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Examples:');
    expect(help.out).toContain('2  usage error');
    const runHelp = await cli(['run', '--help']);
    expect(runHelp.out).toContain('--bail');
    expect(runHelp.out).toContain('github-actions');
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--bail stops at the first failure; --quiet and dot print only what needs attention; --color forces colour', async () => {
    const bail = await cli(['run', '--adapter', fixture('buggy.ts'), '--runs', '20', '--seed', '3', '--out', 'bail', '--bail']);
    expect(bail.code).toBe(1);
    expect(bail.out).toContain('[1/3]');
    expect(bail.out).not.toContain('[2/3]');
    const report = await readReport('bail');
    expect(report.requirements.map((x) => x.status)).toEqual(['fail', 'fail', 'spec-only', 'n/a']);
    const quiet = await cli(['run', '--adapter', fixture('good.ts'), '--runs', '3', '--seed', '1', '--out', 'q', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.out).not.toContain('[1/');
    expect(quiet.out).not.toContain('FAKE-1 ');
    expect(quiet.out).toContain('Summary');
    const dot = await cli(['run', '--adapter', fixture('buggy.ts'), '--runs', '5', '--seed', '3', '--out', 'dot', '--reporter', 'dot,github-actions']);
    expect(dot.out).toMatch(/^F-F\n/m);
    expect(dot.out).toMatch(/^::error file=dot\/counterexamples\/FAKE-1\.json,title=FAKE-1 violation \(buggy\)::/m);
    const colour = await cli(['run', '--adapter', fixture('good.ts'), '--runs', '2', '--seed', '1', '--out', 'col', '--color']);
    expect(colour.out).toContain('\u001b[');
    const none = await cli(['--no-color', 'run', '--adapter', fixture('good.ts'), '--runs', '2', '--seed', '1', '--out', 'col']);
    expect(none.out).not.toContain('\u001b[');
  });

  it('a rerun removes only the counterexample files the suite wrote, never through a symlink', async () => {
    const { mkdir, symlink } = await import('node:fs/promises');
    await cli(['run', '--adapter', fixture('buggy.ts'), '--runs', '10', '--seed', '3', '--out', 'keep', '--reporter', 'json']);
    const sub = join(dir, 'keep', 'counterexamples');
    await writeFile(join(sub, 'mine.json'), '{"notes":"the user\'s own file"}');
    await writeFile(join(dir, 'target.json'), JSON.stringify({ format: 'trueasync-conformance/counterexample' }));
    await symlink(join(dir, 'target.json'), join(sub, 'link.json'));
    const ok = await cli(['run', '--adapter', fixture('good.ts'), '--runs', '3', '--seed', '3', '--out', 'keep', '--reporter', 'json']);
    expect(ok.code).toBe(0);
    expect((await readdir(sub)).sort()).toEqual(['link.json', 'mine.json']);
    expect(await readFile(join(dir, 'target.json'), 'utf8')).toContain('trueasync-conformance/counterexample');
    await mkdir(join(dir, 'linked'), { recursive: true });
    await symlink(join(dir, 'keep', 'counterexamples'), join(dir, 'linked', 'counterexamples'));
    const refused = await cli(['run', '--adapter', fixture('buggy.ts'), '--runs', '3', '--seed', '3', '--out', 'linked', '--reporter', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('symbolic link');
  });

  it('replay of a bare scenario needs --adapter', async () => {
    await writeFile(join(dir, 'bare2.json'), JSON.stringify({ version: 1, main: [{ op: 'log', value: 1 }] }));
    const r = await cli(['replay', 'bare2.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('needs --adapter');
  });

  it('replay rejects an invalid scenario and runs a bare scenario', async () => {
    await writeFile(join(dir, 'bad-scenario.json'), JSON.stringify({ version: 2, main: [] }));
    const bad = await cli(['replay', 'bad-scenario.json', '--adapter', fixture('good.ts')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('invalid scenario');
    await writeFile(join(dir, 'bare.json'), JSON.stringify({ version: 1, main: [{ op: 'log', value: 1 }] }));
    const ok = await cli(['replay', 'bare.json', '--adapter', fixture('good.ts')]);
    expect(ok.code).toBe(0);
    const ko = await cli(['replay', 'bare.json', '--adapter', fixture('throwsAsync.ts')]);
    expect(ko.code).toBe(1);
    expect(ko.out).toContain('adapter-threw');
  });

  it('replay notes a capability the scenario uses that the adapter does not declare', async () => {
    await writeFile(join(dir, 'scoped.json'), JSON.stringify({ version: 1, main: [{ op: 'scope.new', id: 's' }, { op: 'log', value: 1 }] }));
    const r = await cli(['replay', 'scoped.json', '--adapter', fixture('good.ts')]);
    expect(r.out).toContain('note: the scenario uses capability scope, which good does not declare');
    const plain = await cli(['replay', 'bare.json', '--adapter', fixture('good.ts')]);
    expect(plain.out).not.toContain('note:');
  });

  it('requirements lists the catalogue', async () => {
    const r = await cli(['requirements', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { id: string; properties: string[]; reason?: string }[];
    expect(rows.map((x) => x.id)).toEqual(['FAKE-1', 'FAKE-2', 'FAKE-3', 'POOL-1']);
    expect(rows[0].properties).toHaveLength(2);
    expect(rows[2].reason).toBe('C-internal state');
    const text = await cli(['requirements']);
    expect(text.out).toContain('FAKE-3');
    expect(text.out).toContain('checked by');
  });
});
