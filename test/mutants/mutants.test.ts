/**
 * Every mutant is live: on a small scenario chosen for its requirement, its
 * trace differs from the reference runtime's.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceRuntime, ReferenceRuntime } from '../../reference/index.js';
import { mutants } from './index.js';
import { poolInvariantMutants } from './breakerMutants.js';
import { witnesses } from './witnesses.js';
import { cancellationInvariantMutants } from './cancellationInvariantMutants.js';

/** The cancellation-invariant and pool-invariant mutants have no witness: each names the cross-cutting property that must catch it (`caughtBy`), which is stronger. */
const byProperty = new Set([...cancellationInvariantMutants, ...poolInvariantMutants].map((m) => m.name));

describe('mutants of the reference runtime', () => {
  it('each mutant has a distinct name, a requirement ID and a witness scenario (or a catching property)', () => {
    expect(new Set(mutants.map((m) => m.name)).size).toBe(mutants.length);
    for (const m of mutants) {
      expect(m.targets).toMatch(/^(EVT|WAK|COR|SCH|SCP|CAN|POOL|CB)-\d+$/);
      if (byProperty.has(m.name)) expect(m.caughtBy, m.name).toBeDefined();
      else expect(witnesses[m.name], m.name).toBeDefined();
    }
  });

  for (const m of mutants.filter((x) => !byProperty.has(x.name))) {
    it(`${m.targets}: ${m.name} is live (${m.description})`, () => {
      const scenario = { version: 1 as const, main: witnesses[m.name]! };
      const reference = new ReferenceRuntime().run(scenario);
      const mutated = createReferenceRuntime({ seams: m.seams }).run(scenario);
      expect(mutated.at(-1)?.kind).toBe('exit');
      expect(mutated).not.toEqual(reference);
    });
  }
});
