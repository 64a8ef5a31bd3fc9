/**
 * `npm run bench`: throughput of the reference runtime, of the spec's system
 * model and of the main loop (generate a scenario, run it on the reference,
 * run the spec, check with the `STRICT.core` property — all on `coreScenario`
 * scenarios), measured with tinybench, and the wall time of the
 * default conformance run. Nothing is asserted (speed targets are read here,
 * never in timed tests). `bench/pool.ts` runs after it: the reference pool
 * against tarn and generic-pool, as ratios.
 *
 * @remarks Method: `--rounds` rounds (default 5); each round runs every task
 * once, in an order rotated by one each round (interleaved repeats, so that
 * neither warm-up, GC debt nor thermal drift favours a fixed task), for a
 * sample of `--time-ms` (default 1000 ms) after a warm-up (500 ms in the first
 * round, 100 ms after). A task iteration is a batch of {@link BATCH}
 * scenarios. Each figure is printed as min / median / max over the rounds;
 * each comparison is a ratio of two tasks of the same round, summarised the
 * same way. The results also go to `bench/results.json` (not committed), to
 * compare across commits.
 *
 * Options: `--scenarios N` (the fixed sample, default 2000), `--seed S`
 * (default 42), `--rounds R`, `--time-ms T`, `--json FILE`.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as fc from 'fast-check';
import { Bench } from 'tinybench';
import { coreScenario } from '../conformance/arbitraries/coreScenario.js';
import { referenceAdapter } from '../reference/adapter.js';
import { expectedTrace } from '../spec/system/interpret.js';
import { runScenario } from '../conformance/harness/execute.js';
import { runConformance } from '../conformance/harness/run.js';
import { allProperties } from '../conformance/properties/index.js';
import { allRequirements } from '../spec/requirements.js';
import type { Program, Scenario } from '../conformance/adapter.js';

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: '2000' }, seed: { type: 'string', default: '42' },
    rounds: { type: 'string', default: '5' }, 'time-ms': { type: 'string', default: '1000' },
    json: { type: 'string', default: new URL('./results.json', import.meta.url).pathname },
  },
});
const count = Number(values.scenarios);
const seed = Number(values.seed);
const rounds = Number(values.rounds);
const timeMs = Number(values['time-ms']);
/** Scenarios per task iteration (one timed call of a task). */
const BATCH = 50;

function size(program: Program): number {
  let n = 0;
  for (const i of program) {
    n++;
    if (i.op === 'spawn') n += size(i.body);
    if (i.op === 'try') n += size(i.body) + size(i.finally ?? []) + (i.catch ?? []).reduce((s, c) => s + size(c.body), 0);
  }
  return n;
}

const core = coreScenario();
const scenarios = fc.sample(core, { seed, numRuns: count });
const instructions = scenarios.reduce((s, x) => s + size(x.main), 0);
console.log(`sample: ${count} scenarios from coreScenario (seed ${seed}), ${(instructions / count).toFixed(1)} instructions each on average`);
console.log(`method: tinybench, ${rounds} interleaved rounds × ${timeMs} ms per task, ${BATCH} scenarios per iteration; min / median / max over the rounds`);

const strictCore = allProperties.find((p) => p.key === 'STRICT.core');
if (strictCore === undefined) throw new Error('the suite has no STRICT.core property');

/** The next batch of the fixed sample, cycling. */
let cursor = 0;
function batch(): Scenario[] {
  const out: Scenario[] = [];
  for (let i = 0; i < BATCH; i++) out.push(scenarios[(cursor++) % count]!);
  return out;
}
let mainSeed = seed;
const tasks: Record<string, () => Promise<void> | void> = {
  'reference runtime': async () => {
    for (const s of batch()) await referenceAdapter.execute(s, { timeoutMs: 5000, seed });
  },
  'spec (system model)': () => {
    for (const s of batch()) expectedTrace(s);
  },
  'main loop (STRICT.core)': async () => {
    // Generated afresh from the sample's arbitrary (same distribution), judged by STRICT.core's check.
    for (const s of fc.sample(core, { seed: mainSeed++, numRuns: BATCH })) {
      const outcome = await runScenario(s, { adapter: referenceAdapter, expectedTrace, property: strictCore, timeoutMs: 5000, seed });
      if (!outcome.ok) throw new Error(`the reference failed STRICT.core in the bench: ${outcome.message}`);
    }
  },
};
const names = Object.keys(tasks);

/** Scenarios/s of each task, one entry per round. */
const perRound: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
const rme: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < rounds; r++) {
  const bench = new Bench({ time: timeMs, warmupTime: r === 0 ? 500 : 100, warmupIterations: 2 });
  const order = names.map((_, i) => names[(i + r) % names.length]!);
  for (const name of order) bench.add(name, tasks[name]!);
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`bench task ${task.name}: ${result.state}${'error' in result ? `: ${String(result.error)}` : ''}`);
    perRound[task.name]!.push(BATCH * result.throughput.mean);
    rme[task.name]!.push(result.latency.rme);
  }
}

interface Spread { min: number; median: number; max: number; rounds: number[] }
function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]!, rounds: xs };
}
const fmt = (n: number, digits = 0): string => n.toFixed(digits);
const throughput = Object.fromEntries(names.map((n) => [n, spread(perRound[n]!)]));
for (const n of names) {
  const t = throughput[n]!;
  const worst = Math.max(...rme[n]!);
  console.log(`${n.padEnd(24)} ${fmt(t.min).padStart(7)} / ${fmt(t.median).padStart(7)} / ${fmt(t.max).padStart(7)} scenarios/s  (rme ≤ ±${fmt(worst, 1)}% per sample)`);
}
/** Ratios of two tasks in the same round. */
const ratio = (a: string, b: string): Spread => spread(perRound[a]!.map((x, i) => x / perRound[b]![i]!));
const ratios = {
  'spec / reference': ratio('spec (system model)', 'reference runtime'),
  'main loop / reference': ratio('main loop (STRICT.core)', 'reference runtime'),
  'main loop / spec': ratio('main loop (STRICT.core)', 'spec (system model)'),
};
for (const [name, r] of Object.entries(ratios)) {
  console.log(`ratio ${name.padEnd(22)} ${fmt(r.min, 2)} / ${fmt(r.median, 2)} / ${fmt(r.max, 2)}×  (throughput ratio, same round)`);
}

const start = performance.now();
const result = await runConformance({ adapter: referenceAdapter, properties: allProperties, requirements: allRequirements, expectedTrace, seed });
const ms = performance.now() - start;
const by = (status: string) => result.requirements.filter((r) => r.status === status).length;
console.log(
  `default conformance run (reference, ${result.runsPerProperty} runs × ${result.properties.length} properties): ${(ms / 1000).toFixed(2)} s — ` +
    `${by('pass')} pass, ${by('spec-only')} spec-only, ${by('fail')} fail, ${by('n/a')} n/a`,
);

writeFileSync(values.json, `${JSON.stringify({
  bench: 'throughput', node: process.version, seed, sample: { scenarios: count, instructionsPerScenario: instructions / count },
  method: { library: 'tinybench', rounds, sampleMs: timeMs, warmupMs: [500, 100], scenariosPerIteration: BATCH, interleaved: true },
  unit: 'scenarios/s', throughput, ratios,
  conformanceRun: { seconds: ms / 1000, runsPerProperty: result.runsPerProperty, properties: result.properties.length },
}, null, 2)}\n`);
console.log(`written: ${values.json}`);
