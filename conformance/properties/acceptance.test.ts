/**
 * The acceptance properties: the reference passes in every area, a
 * hand-broken trace is rejected with its prefix / offending event / allowed
 * events, and a rejection fails the requirement IDs it is attributed to in
 * report.json and junit.xml.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter, Scenario, Trace } from '../adapter.js';
import { referenceAdapter } from '../../reference/adapter.js';
import { allRequirements } from '../../spec/requirements.js';
import { accepts } from '../../spec/system/accepts.js';
import { claims } from '../../spec/system/attribution.js';
import { expectedRun, expectedTrace } from '../../spec/system/interpret.js';
import { checkProperty, hasFailures, runConformance } from '../harness/run.js';
import { jsonReport } from '../report/json.js';
import { junitXml } from '../report/junit.js';
import { acceptanceProperties } from './acceptance.props.js';

const observable = new Set(allRequirements.filter((r) => r.kind === 'observable').map((r) => r.id));
const options = { adapter: referenceAdapter, expectedTrace, runs: 60, seed: 7, timeoutMs: 5000 };

/** A sample of each area's scenarios. */
function samples(n: number): [string, Scenario][] {
  return acceptanceProperties.flatMap((p) => fc.sample(p.arbitrary, { numRuns: n, seed: 3 }).map((s): [string, Scenario] => [p.key, s]));
}

/** The reference runtime with one event of every trace dropped (the one before `exit`'s predecessor). */
const droppingAdapter: Adapter = {
  name: 'drops-an-event',
  capabilities: referenceAdapter.capabilities,
  async execute(s, o) {
    const t = await referenceAdapter.execute(s, o);
    return t.length > 2 ? [...t.slice(0, t.length - 2), t[t.length - 1]] : t;
  },
};

/** The reference runtime with every event's `label` removed. */
const labelDroppingAdapter: Adapter = {
  name: 'drops-labels',
  capabilities: referenceAdapter.capabilities,
  async execute(s, o) {
    return (await referenceAdapter.execute(s, o)).map(({ label, ...e }) => (void label, e as Trace[number]));
  },
};

/** Returns `started`, `completed`, `exit` for every scenario. */
const threeEvents: Adapter = {
  name: 'three-events',
  capabilities: ['core', 'scope', 'pool', 'breaker'],
  execute: async (): Promise<Trace> => [
    { t: 0, actor: 'main', kind: 'started' },
    { t: 0, actor: 'main', kind: 'completed', value: null },
    { t: 0, actor: 'scheduler', kind: 'exit' },
  ],
};

describe('acceptance (STRICT) per area', () => {
  it('one property per area, each needing its area\'s capabilities', () => {
    expect(acceptanceProperties.map((p) => [p.key, p.capabilities])).toEqual([
      ['STRICT.core', ['core']], ['STRICT.scope', ['core', 'scope']],
      ['STRICT.pool', ['core', 'pool']], ['STRICT.breaker', ['core', 'pool', 'breaker']],
    ]);
  });

  for (const p of acceptanceProperties) {
    it(`${p.key}: the reference runtime's traces are accepted`, async () => {
      const r = await checkProperty(p, options);
      expect(r.failure?.message).toBeUndefined();
      expect(r.status).toBe('pass');
    });
  }

  it('every event the model emits is attributed to observable requirement IDs', () => {
    for (const [key, s] of samples(40)) {
      const run = expectedRun(s);
      expect(run.attribution.length, key).toBe(run.trace.length);
      for (const ids of run.attribution) {
        expect(ids.length, key).toBeGreaterThan(0);
        for (const id of ids) expect(observable.has(id), `${key}: ${id}`).toBe(true);
      }
      for (const e of run.trace) for (const id of claims(e)) expect(observable.has(id), id).toBe(true);
    }
  });

  it('a hand-broken trace is rejected with the accepted prefix, the offending event and the allowed one', () => {
    for (const [key, s] of samples(10)) {
      const run = expectedRun(s);
      const k = Math.floor(run.trace.length / 2);
      const broken = [...run.trace.slice(0, k), ...run.trace.slice(k + 1)];
      if (JSON.stringify(broken[k]) === JSON.stringify(run.trace[k])) continue;
      const verdict = accepts(s, broken);
      expect(verdict.accepted, key).toBe(false);
      if (verdict.accepted) continue;
      expect(verdict.index).toBe(k);
      expect(verdict.prefix).toEqual(run.trace.slice(0, k));
      expect(verdict.offending).toEqual(broken[k]);
      expect(verdict.allowed).toEqual([{ event: run.trace[k], requirements: run.attribution[k] }]);
      expect(verdict.requirements).toEqual([...new Set([...run.attribution[k], ...claims(broken[k])])]);
    }
  });

  it('a trace cut short is rejected at its end, naming the event the spec still required', () => {
    const s: Scenario = { version: 1, main: [{ op: 'log', value: 1 }] };
    const verdict = accepts(s, expectedTrace(s).slice(0, 2));
    expect(verdict).toMatchObject({ accepted: false, index: 2, offending: null, allowed: [{ event: { kind: 'completed' }, requirements: ['COR-5'] }] });
  });

  it('a rejection fails the attributed IDs in report.json and junit.xml, with prefix / offending / allowed in the message', async () => {
    const result = await runConformance({
      adapter: droppingAdapter, properties: acceptanceProperties, requirements: allRequirements, expectedTrace, runs: 20, seed: 42,
    });
    expect(hasFailures(result)).toBe(true);
    const failedProperty = result.properties.find((p) => p.status === 'fail')!;
    expect(failedProperty.failure?.classification).toBe('violation');
    expect(failedProperty.failure?.message).toMatch(/^the spec rejects the trace at #\d+ \[.+\]; accepted prefix: .*; offending event: .*; the spec allowed: .*\(.+\)$/);
    const attributed = failedProperty.failure!.requirements!;
    expect(attributed.length).toBeGreaterThan(0);
    const report = jsonReport(result) as { requirements: { id: string; status: string; property?: string }[] };
    // Only acceptance properties run here, so the IDs no property covers are red too: look at those the acceptance failed.
    const red = report.requirements.filter((r) => r.status === 'fail' && r.property?.startsWith('STRICT ('));
    expect(red.map((r) => r.id).sort()).toEqual([...new Set(result.properties.flatMap((p) => p.failure?.requirements ?? []))].sort());
    expect(red.map((r) => r.id)).toEqual(expect.arrayContaining(attributed));
    const xml = junitXml(result);
    for (const id of attributed) expect(xml).toMatch(new RegExp(`name="${id}: [^"]*"[^>]*>\\s*<failure`));
  });

  it('respects unsupported(): scenarios the adapter declares unsupported are skipped, and an area with none left is n/a', async () => {
    const noPools: Adapter = {
      ...referenceAdapter, name: 'no-pools',
      unsupported: (s) => (JSON.stringify(s).includes('"pool.new"') ? 'no pools here' : undefined),
    };
    const [pool, core] = [acceptanceProperties[2], acceptanceProperties[0]];
    const r = await checkProperty(pool, { ...options, adapter: noPools });
    expect(r.status).toBe('n/a');
    expect(r.unsupported).toEqual(['no pools here']);
    expect((await checkProperty(core, { ...options, adapter: noPools })).status).toBe('pass');
  });

  it('an adapter that answers started, completed, exit to every scenario fails in report.json, not only in the exit code', async () => {
    const result = await runConformance({
      adapter: threeEvents, properties: acceptanceProperties, requirements: allRequirements, expectedTrace, runs: 10, seed: 42,
    });
    expect(hasFailures(result)).toBe(true);
    const report = jsonReport(result) as { requirements: { id: string; status: string; property?: string }[]; properties: { status: string }[] };
    expect(report.properties.map((p) => p.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
    const red = report.requirements.filter((r) => r.status === 'fail' && r.property?.startsWith('STRICT (')).map((r) => r.id);
    expect(red.length).toBeGreaterThan(0);
    for (const p of result.properties) {
      expect(p.failure?.requirements?.length, p.key).toBeGreaterThan(0);
      expect(red, p.key).toEqual(expect.arrayContaining(p.failure!.requirements!));
    }
  });

  it('a trace that drops a label, or adds one, is rejected at that event with the labelled event allowed', () => {
    const s: Scenario = {
      version: 1,
      main: [
        { op: 'trigger.new', id: 't1' },
        { op: 'spawn', id: 'a', body: [{ op: 'await', target: { trigger: 't1' }, label: 'wait' }] },
        { op: 'suspend', label: 'yield' },
        { op: 'trigger.fire', id: 't1', value: 'v' },
      ],
    };
    const run = expectedRun(s);
    const k = run.trace.findIndex((e) => e.actor === 'a' && e.kind === 'suspended');
    expect(run.trace[k]).toMatchObject({ label: 'wait' });
    // The await's events carry its label up to its outcome; main's events carry the label of main's last instruction.
    expect(run.trace.filter((e) => e.actor === 'a').map((e) => [e.kind, e.label])).toEqual([
      ['started', undefined], ['suspended', 'wait'], ['resumed', 'wait'], ['awaited', 'wait'], ['completed', 'wait'],
    ]);
    expect(run.trace.find((e) => e.actor === 'main' && e.kind === 'suspended')).toMatchObject({ label: 'yield' });
    const { label, ...bare } = run.trace[k];
    void label;
    const dropped = accepts(s, [...run.trace.slice(0, k), bare as Trace[number], ...run.trace.slice(k + 1)]);
    expect(dropped).toMatchObject({ accepted: false, index: k, offending: bare, allowed: [{ event: run.trace[k] }] });
    const j = run.trace.findIndex((e) => e.actor === 'a' && e.kind === 'started');
    const added = accepts(s, [...run.trace.slice(0, j), { ...run.trace[j], label: 'wait' }, ...run.trace.slice(j + 1)]);
    expect(added).toMatchObject({ accepted: false, index: j, allowed: [{ event: run.trace[j] }] });
  });

  it('a runtime that drops every label fails the acceptance of the areas whose scenarios carry labels, in report.json', async () => {
    const result = await runConformance({
      adapter: labelDroppingAdapter, properties: acceptanceProperties.slice(0, 2), requirements: allRequirements, expectedTrace, runs: 20, seed: 42,
    });
    expect(hasFailures(result)).toBe(true);
    expect(result.properties.map((p) => [p.key, p.status])).toEqual([['STRICT.core', 'fail'], ['STRICT.scope', 'fail']]);
    for (const p of result.properties) expect(p.failure?.message, p.key).toMatch(/label/);
  });
});
