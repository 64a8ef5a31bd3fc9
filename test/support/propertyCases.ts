/**
 * Shared test blocks of the property families: every generated scenario is
 * valid and its spec trace passes the check; each property rejects a trace
 * broken by hand the way its rule forbids (not part of the suite's API).
 * @module
 */
import * as fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Instruction, Scenario } from '../../spec/system/scenario.js';
import type { Trace } from '../../spec/system/trace.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { validateScenario } from '../../conformance/scenario/validate.js';
import type { ConformanceProperty } from '../../conformance/harness/property.js';
import { scenario as scenarioOf } from './traceEdits.js';

/** A small scenario and a hand-broken version of its correct trace that the property `id` must reject. */
export interface BrokenCase {
  /** Which property (resolved by the caller's lookup). */
  id: string;
  /** The `main` program (or give a whole `scenario`). */
  main?: Instruction[];
  /** The whole scenario (or give `main`). */
  scenario?: Scenario;
  /** What the broken trace does wrong (test title). */
  what?: string;
  /** Breaks the spec's trace. */
  violate: (t: Trace) => Trace;
}

/** Options of {@link itAgreesWithSpec}. */
export interface AgreementOptions {
  /** Generated scenarios per property. @defaultValue 300 */
  runs?: number;
  /** fast-check seed. @defaultValue 17 */
  seed?: number;
  /** The test title's head for a property. @defaultValue its first requirement ID */
  label?: (p: ConformanceProperty) => string;
}

/** One test per property: `runs` generated scenarios are valid and their spec traces pass its check. */
export function itAgreesWithSpec(properties: ConformanceProperty[], options: AgreementOptions = {}): void {
  const { runs = 300, seed = 17, label = (p: ConformanceProperty) => p.requirements[0] } = options;
  for (const p of properties) {
    it(`${label(p)}: ${runs} generated scenarios are valid and their spec traces pass`, () => {
      for (const s of fc.sample(p.arbitrary, { numRuns: runs, seed })) {
        const valid = validateScenario(s);
        expect(valid.ok ? [] : valid.errors, JSON.stringify(s)).toEqual([]);
        const t = expectedTrace(structuredClone(s));
        expect(p.check({ scenario: s, actual: t, expected: t }), JSON.stringify(s)).toBeUndefined();
      }
    });
  }
}

/**
 * One test per case: the scenario is valid, the property accepts the spec's
 * trace, and rejects the broken one with a one-line message.
 */
export function itRejectsBrokenTraces(cases: BrokenCase[], property: (id: string) => ConformanceProperty): void {
  for (const c of cases) {
    it(`${c.id}: rejects a hand-broken trace${c.what ? ` where ${c.what}` : ''}`, () => {
      const s = c.scenario ?? scenarioOf(c.main ?? []);
      expect(validateScenario(s).ok).toBe(true);
      const t = expectedTrace(structuredClone(s));
      const p = property(c.id);
      expect(p.check({ scenario: s, actual: t, expected: t })).toBeUndefined();
      const broken = c.violate(t);
      expect(broken).not.toEqual(t);
      const verdict = p.check({ scenario: s, actual: broken, expected: t });
      expect(verdict, JSON.stringify(broken)).toBeTypeOf('string');
      expect(verdict).not.toContain('\n');
    });
  }
}
