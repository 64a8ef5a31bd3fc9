import { describe, expect, it } from 'vitest';
import type { Adapter, Trace } from '../adapter.js';
import { boundTrace, errorMessage, MAX_RECORDED_EVENTS, missingObligation, runScenario, snapshot, truncationNote } from './execute.js';
import { isolateAdapter } from './isolate.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { isInstanceOf, type ErrorClass } from '../../spec/system/scenario.js';
import { allProperties } from '../properties/index.js';

const scenario = { version: 1 as const, main: [{ op: 'log' as const, value: 'x' }] };
const good: Trace = [
  { t: 0, actor: 'main', kind: 'started' },
  { t: 0, actor: 'main', kind: 'log', value: 'x' },
  { t: 0, actor: 'main', kind: 'completed', value: null },
  { t: 0, actor: 'scheduler', kind: 'exit' },
];
const poison = new Proxy({}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });

describe('snapshot', () => {
  it('copies plain JSON deeply', () => {
    const trace = structuredClone(good);
    const s = snapshot(trace);
    expect(s).toEqual({ ok: true, value: good });
    trace[0].t = 99;
    expect(s.ok && (s.value as Trace)[0].t).toBe(0);
  });
  it('blames a cycle, a BigInt and deep nesting on the trace, and a throwing read on the adapter', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(snapshot([cyclic])).toMatchObject({ ok: false, classification: 'malformed-trace', message: expect.stringContaining('circular') });
    expect(snapshot([{ t: 1n }])).toMatchObject({ ok: false, classification: 'malformed-trace', message: expect.stringContaining('BigInt in field "t"') });
    let deep: unknown = null;
    for (let i = 0; i < 200_000; i++) deep = { previous: deep };
    expect(snapshot(deep)).toMatchObject({ ok: false, classification: 'malformed-trace' });
    const getter = Object.defineProperty({}, 'actor', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(snapshot([getter])).toMatchObject({ ok: false, classification: 'adapter-threw', message: expect.stringContaining('boom') });
    expect(snapshot(poison)).toMatchObject({ ok: false, classification: 'adapter-threw' });
  });
});

describe('errorMessage', () => {
  it('describes values that throw when read, BigInts and long texts in one bounded line', () => {
    expect(errorMessage(poison)).toContain('throws when read');
    expect(errorMessage({ n: 1n })).toBe('{"n":"1n"}');
    expect(errorMessage('x'.repeat(10_000)).length).toBeLessThanOrEqual(501);
  });
});

describe('non-vacuity', () => {
  it('names the first (actor, kind) pair of the spec trace that the actual trace lacks', () => {
    expect(missingObligation(good, good)).toBeUndefined();
    expect(missingObligation(good, [good[0], good[2], good[3]])).toBe(
      'the trace does not account for the scenario: no "log" event of main (the spec\'s trace has one at index 1, t=0)',
    );
    // Pairs, not counts or order: a repeated or reordered event is for the properties to judge.
    expect(missingObligation(good, [good[0], good[2], good[1], good[1], good[3]])).toBeUndefined();
  });
  it('names the first (actor, label) pair of the spec trace that the actual trace lacks: a runtime that drops labels fails', () => {
    const labelled: Trace = [good[0], { ...good[1], label: 'L' }, good[2], good[3]];
    expect(missingObligation(labelled, labelled)).toBeUndefined();
    expect(missingObligation(labelled, good)).toBe(
      'the trace does not account for the scenario: no event of main carries the label "L" (the spec\'s trace has one at index 1, t=0)',
    );
    // The label on another actor's event does not count.
    expect(missingObligation(labelled, [good[0], good[1], { ...good[2], actor: 'a', label: 'L' }, good[3]])).toMatch(/carries the label "L"/);
  });
  it('rejects a lazy trace before any property check runs', async () => {
    const lazy: Adapter = { name: 'lazy', capabilities: ['core'], execute: async () => [good[0], good[2], good[3]] };
    for (const property of allProperties.slice(0, 5)) {
      const o = await runScenario(scenario, { adapter: lazy, expectedTrace, property, timeoutMs: 1000, seed: 0 });
      expect(o.ok).toBe(false);
      if (!o.ok) expect([o.classification, o.message]).toEqual(['violation', expect.stringContaining('no "log" event of main')]);
    }
  });
});

describe('bounded recorded traces', () => {
  it('cuts a trace beyond the limit and says so', () => {
    const long = Array.from({ length: MAX_RECORDED_EVENTS + 5 }, () => good[1]);
    expect(boundTrace(long)).toHaveLength(MAX_RECORDED_EVENTS);
    expect(boundTrace(good)).toBe(good);
    expect(truncationNote(good, long)).toBe(`truncated to the first ${MAX_RECORDED_EVENTS} events: actual (${MAX_RECORDED_EVENTS + 5} events)`);
    expect(truncationNote(good, good)).toBeUndefined();
  });
});

describe('error class hierarchy', () => {
  it('ends the walk for a class it does not know (no infinite loop)', () => {
    expect(isInstanceOf('TypeError' as ErrorClass, 'Exception')).toBe(false);
    expect(isInstanceOf('Async\\OperationCanceledException', 'Cancellation')).toBe(true);
  });
});

describe('isolation', () => {
  it('runs the reference in a worker with the same verdicts as in-process', async () => {
    const reference = (await import('../../reference/adapter.js')).referenceAdapter;
    const isolated = isolateAdapter(reference, { spec: 'reference', cwd: process.cwd() });
    try {
      const property = allProperties[0];
      const a = await runScenario(scenario, { adapter: isolated, expectedTrace, property, timeoutMs: 5000, seed: 0 });
      const b = await runScenario(scenario, { adapter: reference, expectedTrace, property, timeoutMs: 5000, seed: 0 });
      expect(a).toEqual(b);
      expect(a.ok).toBe(true);
    } finally {
      await isolated.close?.();
    }
  });
});
