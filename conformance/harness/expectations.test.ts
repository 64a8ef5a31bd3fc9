import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, Expectations } from '../adapter.js';
import {
  fakeExpectedTrace, fakeProperties, fakeRequirements, logOrderProperty, poolProperty,
} from '../../test/fixtures/adapters/fakeSuite.js';
import good from '../../test/fixtures/adapters/good.js';
import createBuggy from '../../test/fixtures/adapters/buggy.js';
import throwsSync from '../../test/fixtures/adapters/throwsSync.js';
import {
  ExpectationsError, isExpectedFailure, readExpectationsFile, validateExpectations, validateExpectationsFile,
} from './expectations.js';
import { hasFailures, requirementResults, runConformance, type PropertyResult, type RunOptions } from './run.js';

const opts = (adapter: Adapter, extra: Partial<RunOptions> = {}): RunOptions => ({
  adapter, properties: fakeProperties, requirements: fakeRequirements, expectedTrace: fakeExpectedTrace,
  runs: 20, seed: 42, timeoutMs: 1000, ...extra,
});
const status = (r: Awaited<ReturnType<typeof runConformance>>): Record<string, string> =>
  Object.fromEntries(r.requirements.map((x) => [x.id, x.status]));
const E = (observed = 'does x', extra: object = {}) => ({ observed, reason: 'because y', ...extra });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ta-expect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('expectations files', () => {
  it('accepts the documented shape', () => {
    const ok = { implementation: 'lib 1.0', expectations: { 'POOL-3': E(), 'CB-1': E('z', { classification: 'adapter-threw', intermittent: true }) } };
    expect(validateExpectationsFile(ok)).toEqual({ ok: true, value: ok });
    expect(validateExpectations(ok.expectations).ok).toBe(true);
  });

  it.each([
    [{ expectations: {} }, "must have required property 'implementation'"],
    [{ implementation: 'x', expectations: { 'pool-3': E() } }, 'is not a requirement ID'],
    [{ implementation: 'x', expectations: { 'POOL-3': { observed: 'a' } } }, "must have required property 'reason'"],
    [{ implementation: 'x', expectations: { 'POOL-3': E('a', { why: 1 }) } }, 'unknown field "why"'],
    [{ implementation: 'x', expectations: { 'POOL-3': E('a', { classification: 'oops' }) } }, 'must be one of violation'],
    [{ implementation: 'x', expectations: { 'POOL-3': E('') } }, 'observed'],
  ])('rejects %j naming the problem', (x, message) => {
    const v = validateExpectationsFile(x);
    expect(v.ok).toBe(false);
    expect(v.ok ? '' : v.errors.join('; ')).toContain(message);
  });

  it('reads a file, and names the file when it is unreadable or invalid', async () => {
    const good = join(dir, 'ok.json');
    await writeFile(good, JSON.stringify({ implementation: 'x', expectations: { 'FAKE-1': E() } }));
    expect(readExpectationsFile(good).expectations['FAKE-1']).toEqual(E());
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"implementation": 1}');
    expect(() => readExpectationsFile(bad)).toThrow(ExpectationsError);
    expect(() => readExpectationsFile(join(dir, 'none.json'))).toThrow(/cannot read expectations/);
  });

  it('matches a pinned classification only', () => {
    expect(isExpectedFailure(undefined, 'violation')).toBe(false);
    expect(isExpectedFailure(E(), 'timeout')).toBe(true);
    expect(isExpectedFailure(E('a', { classification: 'violation' }), 'violation')).toBe(true);
    expect(isExpectedFailure(E('a', { classification: 'violation' }), 'adapter-threw')).toBe(false);
  });

  it('the bundled libraries’ files are valid', () => {
    for (const lib of ['tarn', 'generic-pool']) {
      const f = readExpectationsFile(new URL(`../adapters/${lib}/expectations.json`, import.meta.url));
      expect(f.implementation).toMatch(new RegExp(`^${lib} \\d`));
    }
  });
});

describe('statuses with expectations', () => {
  it('a listed failure is expected-fail and does not fail the run', async () => {
    const expectations: Expectations = { 'FAKE-1': E('drops logs'), 'FAKE-2': E('drops logs') };
    const r = await runConformance(opts(await createBuggy(), { expectations }));
    expect(status(r)).toEqual({ 'FAKE-1': 'expected-fail', 'FAKE-2': 'expected-fail', 'FAKE-3': 'spec-only', 'POOL-1': 'n/a' });
    expect(r.requirements[0].expectation).toEqual(E('drops logs'));
    expect(r.requirements[0].failure?.classification).toBe('violation');
    expect(r.properties.filter((p) => p.status === 'fail').every((p) => p.expected)).toBe(true);
    expect(hasFailures(r)).toBe(false);
  });

  it('a partly listed property failure still fails the run', async () => {
    const r = await runConformance(opts(await createBuggy(), { properties: [logOrderProperty], expectations: { 'FAKE-1': E() } }));
    expect(status(r)['FAKE-1']).toBe('expected-fail');
    expect(status(r)['FAKE-2']).toBe('fail');
    expect(r.properties[0].expected).toBeUndefined();
    expect(hasFailures(r)).toBe(true);
  });

  it('a listed requirement that passes is unexpected-pass and fails the run; intermittent ones pass', async () => {
    const r = await runConformance(opts(good, { expectations: { 'FAKE-1': E(), 'FAKE-2': E('x', { intermittent: true }), 'POOL-1': E(), 'NOPE-9': E() } }));
    expect(status(r)).toEqual({ 'FAKE-1': 'unexpected-pass', 'FAKE-2': 'pass', 'FAKE-3': 'spec-only', 'POOL-1': 'n/a' });
    expect(r.requirements[1].expectation).toBeDefined();
    expect(r.requirements[3].expectation).toBeDefined();
    expect(r.unknownExpectations).toEqual(['NOPE-9']);
    expect(hasFailures(r)).toBe(true);
  });

  it('the adapter’s own expectations apply unless the options replace them', async () => {
    const adapter: Adapter = { ...(await createBuggy()), expectations: { 'FAKE-1': E(), 'FAKE-2': E() } };
    expect(hasFailures(await runConformance(opts(adapter)))).toBe(false);
    expect(hasFailures(await runConformance(opts(adapter, { expectations: {} })))).toBe(true);
  });

  it('a failure of another classification than the pinned one is an ordinary failure', async () => {
    const expectations: Expectations = { 'FAKE-1': E('a', { classification: 'violation' }), 'FAKE-2': E() };
    const r = await runConformance(opts(throwsSync, { properties: [logOrderProperty], expectations }));
    expect(status(r)['FAKE-1']).toBe('fail');
    expect(status(r)['FAKE-2']).toBe('expected-fail');
    expect(hasFailures(r)).toBe(true);
  });

  it('requirementResults keeps the no-property failure a failure even when listed', () => {
    const results = requirementResults(fakeRequirements, [], undefined, { 'FAKE-1': E() });
    expect(results[0]).toMatchObject({ status: 'fail', reason: 'no property checks this requirement', expectation: E() });
  });
});

describe('scenarios an adapter declares unsupported', () => {
  const picky = (why: (n: number) => string | undefined): Adapter => ({
    ...good,
    name: 'picky',
    capabilities: ['core', 'pool'],
    unsupported: (s) => why(s.main.length),
  });

  it('are skipped and counted; the rest still decide pass or fail', async () => {
    const r = await runConformance(opts(picky((n) => (n % 2 === 1 ? 'odd programs' : undefined)), { properties: [logOrderProperty] }));
    const p = r.properties[0] as PropertyResult;
    expect(p.status).toBe('pass');
    expect(p.skipped).toBeGreaterThan(0);
    expect(p.unsupported).toEqual(['odd programs']);
  });

  it('make a property n/a with the reasons when every scenario is unsupported', async () => {
    const r = await runConformance(opts(picky(() => 'never'), { properties: [poolProperty] }));
    expect(r.properties[0]).toMatchObject({ status: 'n/a', runs: 0, unsupported: ['never'] });
    expect(r.requirements.find((x) => x.id === 'POOL-1')?.reason).toContain('every generated scenario is unsupported by the adapter: never');
  });
});
