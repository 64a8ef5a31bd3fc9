/**
 * The package as an implementer installs it: `npm pack`, then the tarball
 * installed into an empty consumer project (no tsx, no sources), where the
 * programmatic API, the CLI, a strict-tsconfig type check and the vitest
 * helper must work. Dependencies install from the npm cache (`--prefer-offline`).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const version = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

interface Exec { code: number; stdout: string; stderr: string }

function exec(cmd: string, args: string[], cwd: string): Promise<Exec> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let dir: string;
let consumer: string;
let tarball: string;

const ADAPTER_MJS = `import { ReferenceRuntime } from 'trueasync-conformance/reference';
export default {
  name: 'consumer-runtime',
  capabilities: ['core'],
  async execute(scenario) { return new ReferenceRuntime().run(scenario); },
};
`;

const CONSUMER_MTS = `import type { Adapter, Scenario, Trace, Expectations } from 'trueasync-conformance/adapter';
import { AdapterFault } from 'trueasync-conformance/adapter';
import { runConformance, allProperties, allRequirements, expectedTrace, hasFailures, type ConformanceResult } from 'trueasync-conformance';
import { describeConformance, type DescribeConformanceOptions } from 'trueasync-conformance/vitest';
import { ReferenceRuntime } from 'trueasync-conformance/reference';

const expectations: Expectations = { 'POOL-3': { observed: 'LIFO', reason: 'a stack', runs: 100 } };
const adapter: Adapter = {
  name: 'strict-consumer',
  capabilities: ['core'],
  expectations,
  async execute(scenario: Scenario): Promise<Trace> {
    if (scenario.main.length > 1000) throw new AdapterFault('timeout', 'too long');
    return new ReferenceRuntime().run(scenario);
  },
};
const options: DescribeConformanceOptions = { runs: 10, seed: 1, only: ['SCH'] };
export async function check(): Promise<boolean> {
  const result: ConformanceResult = await runConformance({ adapter, properties: allProperties, requirements: allRequirements, expectedTrace, seed: 1, runs: 5 });
  const first = result.requirements[0];
  return hasFailures(result) || first === undefined;
}
export const declare = (): void => describeConformance(adapter, options);
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true, noImplicitOverride: true, noEmit: true, skipLibCheck: false, types: ['node'],
  },
  include: ['consumer.mts'],
};

const VITEST_TEST = `import { loadAdapter } from 'trueasync-conformance';
import { describeConformance } from 'trueasync-conformance/vitest';

const tarn = await loadAdapter('tarn');
describeConformance(tarn, { runs: 100, seed: 1, only: ['POOL-3', 'SCP-1'] });
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ta-package-'));
  consumer = join(dir, 'consumer');
  const pack = await exec(npm, ['pack', '--silent', '--pack-destination', dir], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  tarball = join(dir, pack.stdout.trim().split('\n').at(-1)!);
  await exec('mkdir', [consumer], dir);
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  await writeFile(join(consumer, 'a.mjs'), ADAPTER_MJS);
  await writeFile(join(consumer, 'a.ts'), ADAPTER_MJS);
  await writeFile(join(consumer, 'consumer.mts'), CONSUMER_MTS);
  await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  await writeFile(join(consumer, 'tarn.test.mjs'), VITEST_TEST);
  const install = await exec(npm, [
    'install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball,
    `vitest@${version('vitest')}`, `typescript@${version('typescript')}`, `@types/node@${version('@types/node')}`,
  ], consumer);
  expect(install.code, install.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the packed tarball in a consumer project', () => {
  it('ships compiled JS, declarations, LICENSE and docs — no sources, tests or mutants', async () => {
    const list = await exec('tar', ['tzf', tarball], dir);
    const files = list.stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/conformance/cli.js');
    expect(files).toContain('dist/conformance/adapter.d.ts');
    expect(files).toContain('dist/conformance/adapters/tarn/expectations.json');
    expect(files).toContain('dist/conformance/scenario/scenario.schema.json');
    expect(files).toContain('dist/conformance/scenario/trace.schema.json');
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('test/') || f.includes('mutants') || f.includes('.test.'))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(consumer, 'node_modules/trueasync-conformance/package.json'), 'utf8')) as {
      dependencies: Record<string, string>; peerDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['tsx', 'vitest']);
    expect(existsSync(join(consumer, 'node_modules/tsx'))).toBe(false);
  });

  it('plain node imports every entry point', async () => {
    const r = await exec(process.execPath, ['-e', "import('trueasync-conformance/adapter').then(async (m) => { for (const e of ['', '/spec', '/reference']) await import('trueasync-conformance' + e); console.log(typeof m.AdapterFault); })"], consumer);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('function');
  });

  it('the published schemas resolve through the package exports as plain JSON', async () => {
    const r = await exec(process.execPath, ['-e', "const { createRequire } = require('node:module'); const q = createRequire(process.cwd() + '/'); console.log(['scenario', 'trace'].map((n) => q('trueasync-conformance/' + n + '.schema.json').title).join('|'))"], consumer);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('TrueAsync conformance scenario, version 1|TrueAsync conformance trace, version 1');
  });

  it('npx trueasync-conformance run --adapter ./a.mjs passes and writes report.json', async () => {
    const r = await exec(npx, ['trueasync-conformance', 'run', '--adapter', './a.mjs', '--runs', '5', '--seed', '1', '--reporter', 'human,json', '--out', 'reports'], consumer);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('consumer-runtime');
    const report = JSON.parse(await readFile(join(consumer, 'reports/report.json'), 'utf8')) as { requirements: { status: string }[] };
    expect(report.requirements.some((x) => x.status === 'pass')).toBe(true);
    expect(report.requirements.some((x) => x.status === 'fail')).toBe(false);
  });

  it('--version prints the package version; a .ts adapter without tsx is a clear usage error', async () => {
    const v = await exec(npx, ['trueasync-conformance', '--version'], consumer);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const ts = await exec(npx, ['trueasync-conformance', 'run', '--adapter', './a.ts', '--runs', '1'], consumer);
    expect(ts.code).toBe(2);
    expect(ts.stderr).toContain('needs tsx');
  });

  it('a strict tsconfig (noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck off) type-checks a consumer file', async () => {
    const r = await exec(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], consumer);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('the vitest helper reports tarn\'s POOL-3 deviation as an expected failure and skips n/a with its reason', async () => {
    const r = await exec(npx, ['vitest', 'run', '--reporter=json', '--outputFile=vitest.json'], consumer);
    const json = JSON.parse(await readFile(join(consumer, 'vitest.json'), 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; meta: { conformance?: { status: string; message: string } } }[] }[];
    };
    const tests = json.testResults.flatMap((t) => t.assertionResults);
    const pool3 = tests.find((t) => t.title.startsWith('POOL-3'));
    expect(pool3?.status, JSON.stringify(tests, null, 1)).toBe('passed');
    expect(pool3?.meta.conformance?.status).toBe('expected-fail');
    expect(pool3?.meta.conformance?.message).toContain('LIFO');
    const scope = tests.filter((t) => t.title.startsWith('SCP-1'));
    expect(scope.length).toBeGreaterThan(0);
    for (const t of scope) expect(t.status).toBe('skipped');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
