/**
 * `npm run bench:mutants`: how many generated scenarios each property needs
 * to catch its mutant, over seeds 1–10 (median, max, and each seed's count;
 * `Infinity` = not caught within 1,000 runs). The property's own seed
 * derivation is used, so seed N here is `--seed N` of the CLI.
 * @module
 */
import * as fc from 'fast-check';
import { mutants } from '../test/mutants/index.js';
import { allProperties } from '../conformance/properties/index.js';
import { createReferenceAdapter } from '../reference/adapter.js';
import { expectedTrace } from '../spec/system/interpret.js';
import { propertySeed } from '../conformance/harness/run.js';
for (const m of mutants) {
  const adapter = createReferenceAdapter({ seams: m.seams, name: m.name });
  const p = allProperties.find((x) => x.requirements.includes(m.targets) && (!m.caughtBy || (x.id === m.caughtBy.id && x.aspect === m.caughtBy.aspect)))!;
  const counts: number[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    const r = await fc.check(fc.asyncProperty(p.arbitrary, async (s) => {
      const actual = await adapter.execute(s, { timeoutMs: 5000, seed });
      return p.check({ scenario: s, actual, expected: expectedTrace(s) }) === undefined;
    }), { seed: propertySeed(seed, p.key), numRuns: 1000, endOnFailure: true });
    counts.push(r.failed ? r.numRuns : Infinity);
  }
  const sorted = [...counts].sort((a, b) => a - b);
  console.log(`${m.targets.padEnd(7)} ${m.name.padEnd(28)} ${p.key.padEnd(36)} median ${(sorted[4] + sorted[5]) / 2}  max ${sorted[9]}  [${counts.join(',')}]`);
}
