/**
 * The strict property: the adapter's trace equals the executable spec's.
 * @module
 */
import type { ConformanceProperty } from '../harness/property.js';
import { coreScenario } from '../arbitraries/coreScenario.js';
import { stableStringify } from '../harness/execute.js';

/**
 * STRICT: `actual` deep-equals `expected` event by event.
 *
 * @remarks The only property that reads the expected trace. Its message
 * names the first differing index and both events.
 */
export const strict: ConformanceProperty = {
  key: 'STRICT',
  rule: "the adapter's trace equals the spec's trace",
  strict: true,
  title: "STRICT: the adapter's trace equals the spec's trace",
  requirements: [],
  capabilities: ['core'],
  arbitrary: coreScenario(),
  check({ actual, expected }) {
    const n = Math.max(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
      const a = actual[i] === undefined ? 'nothing' : stableStringify(actual[i]);
      const e = expected[i] === undefined ? 'nothing' : stableStringify(expected[i]);
      if (a !== e) return `traces differ at #${i}: expected ${e}, actual ${a}`;
    }
    return undefined;
  },
};
