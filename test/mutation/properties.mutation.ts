/**
 * The kill suite of `npm run mutation`: every conformance property against
 * the (mutated) reference runtime. Stryker mutates `reference/` and runs
 * this file; a mutant survives when every property still passes.
 *
 * @remarks Not part of `npm test` (its name does not end in `.test.ts`);
 * run through `vitest.mutation.config.ts`. Fewer scenarios per property than
 * the main suite keep one mutant's run short; the seed is fixed.
 */
import { describe, expect, it } from 'vitest';
import { allProperties } from '../../conformance/properties/index.js';
import { checkProperty } from '../../conformance/harness/run.js';
import { referenceAdapter } from '../../reference/adapter.js';
import { expectedTrace } from '../../spec/system/interpret.js';

const RUNS = 30;
const SEED = 7;

describe('the mutated reference runtime passes every property', () => {
  for (const property of allProperties) {
    it(property.title, async () => {
      const result = await checkProperty(property, { adapter: referenceAdapter, expectedTrace, runs: RUNS, seed: SEED, timeoutMs: 2000 });
      expect(result.failure?.message, JSON.stringify(result.failure?.scenario)).toBeUndefined();
      expect(result.status).toBe('pass');
    });
  }
});
