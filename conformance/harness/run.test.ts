import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapter.js';
import {
  fakeExpectedTrace, fakeProperties, fakeRequirements, logOrderProperty, poolProperty, strictProperty,
} from '../../test/fixtures/adapters/fakeSuite.js';
import good from '../../test/fixtures/adapters/good.js';
import createBuggy from '../../test/fixtures/adapters/buggy.js';
import throwsSync from '../../test/fixtures/adapters/throwsSync.js';
import throwsAsync from '../../test/fixtures/adapters/throwsAsync.js';
import hangs from '../../test/fixtures/adapters/hangs.js';
import { badTime, missingExit, notAnArray, unknownKind } from '../../test/fixtures/adapters/garbage.js';
import { matchesOnly, propertySeed, runConformance, selectProperties, unknownOnly, type RunOptions } from './run.js';
import { withTimeout } from './execute.js';

function opts(adapter: Adapter, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    adapter, properties: fakeProperties, requirements: fakeRequirements, expectedTrace: fakeExpectedTrace,
    runs: 20, seed: 42, timeoutMs: 1000, ...extra,
  };
}

const status = (r: Awaited<ReturnType<typeof runConformance>>): Record<string, string> =>
  Object.fromEntries(r.requirements.map((x) => [x.id, x.status]));

describe('runConformance', () => {
  it('passes a conforming adapter; n/a for a missing capability; spec-only with reason', async () => {
    const r = await runConformance(opts(good));
    expect(status(r)).toEqual({ 'FAKE-1': 'pass', 'FAKE-2': 'pass', 'FAKE-3': 'spec-only', 'POOL-1': 'n/a' });
    expect(r.requirements[0].runs).toBe(40);
    expect(r.requirements[2].reason).toBe('C-internal state');
    expect(r.requirements[3].reason).toContain('pool');
    expect(r.properties.map((p) => p.status)).toEqual(['pass', 'n/a', 'pass']);
  });

  it('records a shrunk counterexample for a violation', async () => {
    const r = await runConformance(opts(await createBuggy(), { properties: [logOrderProperty] }));
    const f = r.requirements[0].failure!;
    expect(r.requirements[0].status).toBe('fail');
    expect(r.requirements[1].status).toBe('fail');
    expect(f.classification).toBe('violation');
    expect(f.scenario).toEqual({ version: 1, main: [{ op: 'log', value: 500 }] });
    expect(f.expected).toEqual(fakeExpectedTrace(f.scenario!));
    expect(Array.isArray(f.actual)).toBe(true);
    expect(f.seed).toBe(propertySeed(42, logOrderProperty.key));
    expect(f.property).toBe(logOrderProperty.title);
    expect(r.requirements[3]).toMatchObject({ status: 'fail', reason: 'no property checks this requirement' });
  });

  it.each([
    ['sync throw', throwsSync, 'adapter-threw', 'boom (sync)'],
    ['async throw', throwsAsync, 'adapter-threw', 'TypeError: boom (async)'],
    ['not an array', notAnArray, 'malformed-trace', 'not an array'],
    ['unknown kind', unknownKind, 'malformed-trace', 'trace[0].kind: unknown event kind'],
    ['missing exit', missingExit, 'malformed-trace', 'last event must be "exit"'],
    ['bad time', badTime, 'malformed-trace', 'trace[0].t'],
  ])('classifies %s and keeps going', async (_name, adapter, classification, message) => {
    const seen: string[] = [];
    const r = await runConformance(opts(adapter, { onProgress: (p) => seen.push(p.title) }));
    expect(seen).toEqual(fakeProperties.map((p) => p.title));
    const f = r.requirements[0].failure!;
    expect(f.classification).toBe(classification);
    expect(f.message).toContain(message);
    if (classification === 'malformed-trace') {
      // What the adapter returned is kept for the report.
      const returned = await adapter.execute(f.scenario!, { timeoutMs: 1000, seed: 1 });
      expect(f.actual).toEqual({ error: f.message, classification, value: JSON.parse(JSON.stringify(returned)) });
    } else expect(f.actual).toEqual({ error: f.message, classification });
    expect(r.properties[2].status).toBe('fail');
  });

  it('classifies a hang as timeout without shrinking forever', async () => {
    const started = Date.now();
    const r = await runConformance(opts(hangs, { timeoutMs: 100 }));
    expect(r.properties.map((p) => p.failure?.classification)).toEqual(['timeout', undefined, 'timeout']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('classifies a throwing spec as spec-error', async () => {
    const r = await runConformance(opts(good, { expectedTrace: () => { throw new Error('spec bug'); } }));
    expect(r.requirements[0].failure).toMatchObject({ classification: 'spec-error', expected: null });
  });

  it('is deterministic for a seed', async () => {
    const a = await runConformance(opts(await createBuggy()));
    const b = await runConformance(opts(await createBuggy()));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('selection', () => {
  it('matches IDs and prefixes', () => {
    expect(matchesOnly('SCH-3', ['SCH'])).toBe(true);
    expect(matchesOnly('SCH-3', ['SCH-3'])).toBe(true);
    expect(matchesOnly('SCH-31', ['SCH-3'])).toBe(false);
    expect(matchesOnly('SCHX-1', ['SCH'])).toBe(false);
    expect(unknownOnly(['FAKE', 'POOL-1', 'NOPE', 'FAKE-9'], fakeRequirements)).toEqual(['NOPE', 'FAKE-9']);
  });
  it('drops STRICT properties with strict false and with --only', () => {
    expect(selectProperties(fakeProperties, {})).toHaveLength(3);
    expect(selectProperties(fakeProperties, { strict: false })).not.toContain(strictProperty);
    expect(selectProperties(fakeProperties, { only: ['POOL'] })).toEqual([poolProperty]);
    expect(selectProperties(fakeProperties, { only: ['FAKE-2'] })).toEqual([logOrderProperty]);
  });
  it('reports unselected requirements as n/a', async () => {
    const r = await runConformance(opts(good, { only: ['POOL'] }));
    expect(status(r)).toEqual({ 'FAKE-1': 'n/a', 'FAKE-2': 'n/a', 'FAKE-3': 'spec-only', 'POOL-1': 'n/a' });
    expect(r.requirements[0].reason).toBe('not selected by --only');
  });
});

describe('withTimeout', () => {
  it('handles sync throws, rejections, values and hangs', async () => {
    expect(await withTimeout(() => { throw new Error('x'); }, 50)).toMatchObject({ kind: 'threw' });
    expect(await withTimeout(() => Promise.reject(new Error('x')), 50)).toMatchObject({ kind: 'threw' });
    expect(await withTimeout(() => 1, 50)).toEqual({ kind: 'ok', value: 1 });
    expect(await withTimeout(() => new Promise(() => {}), 20)).toEqual({ kind: 'timeout' });
  });
});
