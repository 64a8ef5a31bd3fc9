import { describe, expect, it } from 'vitest';
import { expectedTrace } from '../../spec/system/interpret.js';
import { referenceAdapter } from '../../reference/adapter.js';
import { checkProperty } from '../harness/run.js';
import { allProperties } from './index.js';

describe('every property passes on the reference runtime', () => {
  for (const p of allProperties) {
    it(p.title, async () => {
      const r = await checkProperty(p, { adapter: referenceAdapter, expectedTrace, runs: 50, seed: 2024, timeoutMs: 5000 });
      expect(r.failure?.message, JSON.stringify(r.failure?.scenario)).toBeUndefined();
      expect(r.status).toBe('pass');
    });
  }
});
