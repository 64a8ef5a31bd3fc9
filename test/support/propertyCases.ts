/**
 * Shared test blocks of the property families: every generated scenario is
 * valid and its spec trace passes the check; each property rejects a trace
 * broken by hand the way its rule forbids (not part of the suite's API).
 * @module
 */
import * as fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Instruction } from '../../spec/system/scenario.js';
import type { Trace } from '../../spec/system/trace.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { validateScenario } from '../../conformance/scenario/validate.js';
import type { ConformanceProperty } from '../../conformance/harness/property.js';
import { scenario } from './traceEdits.js';

/** A small scenario and a hand-broken version of its correct trace that the property `id` must reject. */
export interface BrokenCase {
  /** The requirement ID (title prefix) of the property. */
  id: string;
  /** The `main` program. */
  main: Instruction[];
  /** Breaks the spec's trace. */
  violate: (t: Trace) => Trace;
}

/** One test per property: `runs` generated scenarios are valid and their spec traces pass its check. */
export function itAgreesWithSpec(properties: ConformanceProperty[], runs = 300, seed = 17): void {
  for (const p of properties) {
    it(`${p.requirements[0]}: ${runs} generated scenarios are valid and their spec traces pass`, () => {
      fc.assert(
        fc.property(p.arbitrary, (s) => {
          const valid = validateScenario(s);
          expect(valid.ok ? [] : valid.errors).toEqual([]);
          const t = expectedTrace(s);
          expect(p.check({ scenario: s, actual: t, expected: t })).toBeUndefined();
        }),
        { numRuns: runs, seed },
      );
    });
  }
}

/** One test per case: the property accepts the spec's trace and rejects the broken one. */
export function itRejectsBrokenTraces(cases: BrokenCase[], property: (id: string) => ConformanceProperty): void {
  for (const c of cases) {
    it(`${c.id}: rejects a hand-broken trace`, () => {
      const s = scenario(c.main);
      expect(validateScenario(s).ok).toBe(true);
      const t = expectedTrace(s);
      const p = property(c.id);
      expect(p.check({ scenario: s, actual: t, expected: t })).toBeUndefined();
      const broken = c.violate(t);
      expect(broken).not.toEqual(t);
      const verdict = p.check({ scenario: s, actual: broken, expected: t });
      expect(verdict, JSON.stringify(broken)).toBeTypeOf('string');
    });
  }
}
