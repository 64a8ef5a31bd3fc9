/**
 * `npm run bench`: throughput of the reference runtime and of the spec's
 * system model on a fixed sample of generated scenarios, and the wall time of
 * the default conformance run. Numbers go to stdout; nothing is asserted
 * (speed targets are read here, never in timed tests). `bench/pool.ts` runs
 * after it: the reference pool against tarn and generic-pool, as ratios.
 *
 * Options: `--scenarios N` (default 2000), `--seed S` (default 42).
 * @module
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as fc from 'fast-check';
import { coreScenario } from '../conformance/arbitraries/coreScenario.js';
import { referenceAdapter } from '../reference/adapter.js';
import { expectedTrace } from '../spec/system/interpret.js';
import { runConformance } from '../conformance/harness/run.js';
import { allProperties } from '../conformance/properties/index.js';
import { allRequirements } from '../spec/requirements.js';
import type { Program } from '../conformance/adapter.js';

const { values } = parseArgs({ options: { scenarios: { type: 'string', default: '2000' }, seed: { type: 'string', default: '42' } } });
const count = Number(values.scenarios);
const seed = Number(values.seed);

function size(program: Program): number {
  let n = 0;
  for (const i of program) {
    n++;
    if (i.op === 'spawn') n += size(i.body);
    if (i.op === 'try') n += size(i.body) + size(i.finally ?? []) + (i.catch ?? []).reduce((s, c) => s + size(c.body), 0);
  }
  return n;
}

const scenarios = fc.sample(coreScenario(), { seed, numRuns: count });
const instructions = scenarios.reduce((s, x) => s + size(x.main), 0);
console.log(`sample: ${count} scenarios from coreScenario (seed ${seed}), ${(instructions / count).toFixed(1)} instructions each on average`);

async function measure(label: string, run: () => Promise<number>): Promise<void> {
  await run(); // warm-up
  const start = performance.now();
  const events = await run();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(22)} ${(count / (ms / 1000)).toFixed(0).padStart(8)} scenarios/s  ${(events / (ms / 1000)).toFixed(0).padStart(9)} events/s  (${ms.toFixed(0)} ms)`);
}

await measure('reference runtime', async () => {
  let events = 0;
  for (const s of scenarios) events += (await referenceAdapter.execute(s, { timeoutMs: 5000, seed })).length;
  return events;
});
await measure('spec (system model)', async () => {
  let events = 0;
  for (const s of scenarios) events += expectedTrace(s).length;
  return events;
});

const start = performance.now();
const result = await runConformance({ adapter: referenceAdapter, properties: allProperties, requirements: allRequirements, expectedTrace, seed });
const ms = performance.now() - start;
const by = (status: string) => result.requirements.filter((r) => r.status === status).length;
console.log(
  `default conformance run (reference, ${result.runsPerProperty} runs × ${result.properties.length} properties): ${(ms / 1000).toFixed(2)} s — ` +
    `${by('pass')} pass, ${by('spec-only')} spec-only, ${by('fail')} fail, ${by('n/a')} n/a`,
);
