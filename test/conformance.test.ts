/**
 * The suite checks itself: the reference runtime passes every property, and
 * every property catches the deliberately broken runtime ("mutant") that
 * targets its requirement.
 */
import { describe, expect, it } from 'vitest';
import { mutants } from './mutants/index.js';
import { allProperties } from '../conformance/properties/index.js';
import { allRequirements } from '../spec/requirements.js';
import { checkProperty } from '../conformance/harness/run.js';
import { createReferenceAdapter, referenceAdapter } from '../reference/adapter.js';
import { expectedTrace } from '../spec/system/interpret.js';

const RUNS = 100;
const SEED = 1;

describe('the reference runtime passes every property', () => {
  for (const property of allProperties) {
    it(property.title, async () => {
      const result = await checkProperty(property, { adapter: referenceAdapter, expectedTrace, runs: RUNS, seed: SEED, timeoutMs: 5000 });
      expect(result.failure?.message, JSON.stringify(result.failure?.scenario)).toBeUndefined();
      expect(result.status).toBe('pass');
      expect(result.runs).toBe(RUNS);
    });
  }
});

describe('every property catches its mutant', () => {
  it('every observable requirement has a property and at least one mutant', () => {
    for (const r of allRequirements.filter((x) => x.kind === 'observable')) {
      expect(allProperties.filter((p) => p.requirements.includes(r.id)).length, r.id).toBeGreaterThan(0);
      expect(mutants.filter((m) => m.targets === r.id).length, r.id).toBeGreaterThan(0);
    }
  });

  for (const mutant of mutants) {
    it(`${mutant.targets}: mutant ${mutant.name} (${mutant.description}) is caught`, async () => {
      const adapter = createReferenceAdapter({ seams: mutant.seams, name: mutant.name });
      const covering = allProperties.filter((p) => p.requirements.includes(mutant.targets));
      const by = mutant.caughtBy;
      const properties = by ? covering.filter((p) => p.id === by.id && p.aspect === by.aspect) : covering;
      expect(properties.length).toBeGreaterThan(0);
      const verdicts: string[] = [];
      for (const property of properties) {
        const result = await checkProperty(property, { adapter, expectedTrace, runs: RUNS, seed: SEED, timeoutMs: 5000 });
        if (result.status === 'fail' && result.failure?.classification === 'violation') return;
        verdicts.push(`${property.title}: ${result.status}`);
      }
      expect.fail(`no property caught it:\n${verdicts.join('\n')}`);
    });
  }
});
