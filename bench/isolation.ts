/**
 * `npm run bench:isolation`: the cost of running the adapter in a worker
 * thread (`conformance/harness/isolate.ts`) against running it in-process,
 * measured in the same run as scenarios per second over the whole property
 * suite on the reference runtime, alternating the two modes to even out load.
 *
 * Options: `--runs N` scenarios per property (default 30), `--rounds R`
 * (default 2), `--seed S` (default 42). Nothing is asserted.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { referenceAdapter } from '../reference/adapter.js';
import { expectedTrace } from '../spec/system/interpret.js';
import { runConformance } from '../conformance/harness/run.js';
import { isolateAdapter } from '../conformance/harness/isolate.js';
import { allProperties } from '../conformance/properties/index.js';
import { allRequirements } from '../spec/requirements.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' }, rounds: { type: 'string', default: '2' }, seed: { type: 'string', default: '42' } } });
const runs = Number(values.runs);
const seed = Number(values.seed);

async function measure(isolated: boolean): Promise<number> {
  const adapter = isolated ? isolateAdapter(referenceAdapter, { spec: 'reference', cwd: process.cwd() }) : referenceAdapter;
  if (isolated) await adapter.execute({ version: 1, main: [] }, { timeoutMs: 30_000, seed }); // worker start-up, not measured
  const start = performance.now();
  const result = await runConformance({ adapter, properties: allProperties, requirements: allRequirements, expectedTrace, runs, seed });
  const seconds = (performance.now() - start) / 1000;
  await adapter.close?.();
  const scenarios = result.properties.reduce((n, p) => n + p.runs, 0);
  return scenarios / seconds;
}

const rates = { inProcess: [] as number[], isolated: [] as number[] };
for (let r = 0; r < Number(values.rounds); r++) {
  rates.inProcess.push(await measure(false));
  rates.isolated.push(await measure(true));
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const a = mean(rates.inProcess);
const b = mean(rates.isolated);
console.log(`in-process: ${a.toFixed(0)} scenarios/s; isolated (worker thread): ${b.toFixed(0)} scenarios/s`);
console.log(`isolated / in-process throughput: ${(b / a).toFixed(2)} (overhead ×${(a / b).toFixed(2)})`);
