/**
 * The composition of the reference runtime: the areas' handler tables are
 * disjoint, the adapter declares the areas' capabilities, and replacing a
 * seam changes only the runtime it was given to.
 */
import { describe, expect, it } from 'vitest';
import { poolWitnesses } from '../test/mutants/poolMutants.js';
import { referenceAdapter } from './adapter.js';
import { referenceAreas } from './areas.js';
import { kernelSeams } from './kernel.js';
import { poolSeams } from './pooling.js';
import { createReferenceRuntime, ReferenceRuntime } from './runtime.js';

describe('reference areas', () => {
  it('no op is handled by two areas, and every area handles some', () => {
    const ops = referenceAreas.flatMap((area) => Object.keys(area.handlers));
    expect(new Set(ops).size).toBe(ops.length);
    for (const area of referenceAreas) expect(Object.keys(area.handlers).length, area.name).toBeGreaterThan(0);
    expect(new Set(referenceAreas.map((area) => area.name)).size).toBe(referenceAreas.length);
  });

  it('the adapter declares the capabilities of every area, in area order', () => {
    expect(referenceAdapter.capabilities).toEqual(['core', 'scope', 'pool', 'breaker']);
  });

  it('a replaced seam changes only its own runtime; the defaults stay untouched', () => {
    const scenario = { version: 1 as const, main: poolWitnesses.barging! };
    const before = new ReferenceRuntime().run(scenario);
    const defaults = { kernel: { ...kernelSeams }, pool: { ...poolSeams } };
    const barging = createReferenceRuntime({ seams: { pool: { mayTake: () => true }, kernel: { isRunOver: () => false } } }).run(scenario);
    expect(barging).not.toEqual(before);
    expect(new ReferenceRuntime().run(scenario)).toEqual(before);
    expect({ ...kernelSeams }).toEqual(defaults.kernel);
    expect({ ...poolSeams }).toEqual(defaults.pool);
  });
});
