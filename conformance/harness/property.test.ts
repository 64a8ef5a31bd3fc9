import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import type { Scenario } from '../adapter.js';
import { allProperties } from '../properties/index.js';
import { allRequirements } from '../../spec/requirements.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { counterexamplePaths } from '../report/counterexamples.js';
import { MAX_RULE_LENGTH, defineProperty, type PropertyDefinition } from './property.js';
import { checkProperty } from './run.js';

const scenarios: fc.Arbitrary<Scenario> = fc
  .array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 })
  .map((values) => ({ version: 1, main: values.map((value) => ({ op: 'log' as const, value })) }));

const definition: PropertyDefinition = {
  id: 'SCH-1',
  aspect: 'log-order',
  rule: 'logs keep their order',
  needs: ['core'],
  arbitrary: scenarios,
  check: ({ actual }) => (actual.some((e) => e.kind === 'log') ? 'a log appeared' : undefined),
};

/** An adapter that answers with the spec's own trace. */
const specAdapter = { name: 'spec', capabilities: ['core' as const], execute: async (s: Scenario) => expectedTrace(s) };

describe('a property\'s identity is its ID and aspect', () => {
  it('rewording the rule changes neither the key, nor the seed, nor the counterexample file name', async () => {
    const a = defineProperty(definition);
    const b = defineProperty({ ...definition, rule: 'the order of the logs is kept, said differently' });
    expect(a.title).not.toBe(b.title);
    expect(b.key).toBe(a.key);
    const options = { adapter: specAdapter, expectedTrace, runs: 20, seed: 42, timeoutMs: 5000 };
    const [ra, rb] = [await checkProperty(a, options), await checkProperty(b, options)];
    expect(ra.status).toBe('fail');
    expect(rb.seed).toBe(ra.seed);
    expect(rb.failure?.scenario).toEqual(ra.failure?.scenario);
    expect([...counterexamplePaths([rb]).values()]).toEqual([...counterexamplePaths([ra]).values()]);
    expect([...counterexamplePaths([ra]).values()]).toEqual(['counterexamples/SCH-1.log-order.json']);
  });

  it('another aspect of the same ID is another key and another seed', async () => {
    const a = defineProperty(definition);
    const c = defineProperty({ ...definition, aspect: 'log-count' });
    expect(c.key).not.toBe(a.key);
    const options = { adapter: specAdapter, expectedTrace, runs: 1, seed: 42, timeoutMs: 5000 };
    expect((await checkProperty(c, options)).seed).not.toBe((await checkProperty(a, options)).seed);
  });

  it('derives the title from IDs, aspect and rule', () => {
    const p = defineProperty({ ...definition, also: ['SCH-2'] });
    expect(p.title).toBe('SCH-1 SCH-2 (log-order): logs keep their order');
    expect(p.requirements).toEqual(['SCH-1', 'SCH-2']);
    expect(p.key).toBe('SCH-1.log-order');
    expect(defineProperty({ ...definition, aspect: undefined }).title).toBe('SCH-1: logs keep their order');
  });

  it('refuses a rule that is too long or spans lines, and an aspect that is not kebab-case', () => {
    expect(() => defineProperty({ ...definition, rule: 'x'.repeat(MAX_RULE_LENGTH + 1) })).toThrow(/^defineProperty: SCH-1: the rule has 121 characters/);
    expect(() => defineProperty({ ...definition, rule: 'one\ntwo' })).toThrow(/one non-empty line/);
    expect(() => defineProperty({ ...definition, aspect: 'Log Order' })).toThrow(/aspect "Log Order"/);
  });
});

describe('the suite\'s properties', () => {
  it('keys are unique, rules are one line of at most 120 characters, IDs are in the catalogue', () => {
    const keys = allProperties.map((p) => p.key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const ids = new Set(allRequirements.map((r) => r.id));
    for (const p of allProperties) {
      expect(p.rule.length, p.key).toBeLessThanOrEqual(MAX_RULE_LENGTH);
      expect(p.rule, p.key).not.toMatch(/\n|§/);
      for (const id of p.requirements) expect(ids.has(id), `${p.key}: ${id}`).toBe(true);
      if (!p.strict) expect(p.key, p.title).toBe(p.aspect ? `${p.id}.${p.aspect}` : p.id);
    }
  });
});
