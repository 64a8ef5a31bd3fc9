/**
 * `npm run bench`: throughput of the reference runtime, of the spec's system
 * model and of the main loop (generate a scenario, run it on the reference,
 * run the spec, check with the `STRICT.core` property — all on `coreScenario`
 * scenarios), measured with tinybench, and the wall time of the
 * default conformance run. Two baselines run in the same rounds: fast-check's
 * own model-based loop, `scheduledModelRun`, on the same generated
 * scenarios (one command per instruction, a model and a real system that
 * count them, under `fc.scheduler()`), and the floor of generating the
 * scenarios alone; the main loop is printed as a ratio to each. Nothing is asserted (speed targets are read here,
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
 * (default 42), `--rounds R`, `--time-ms T`, `--json FILE`, `--skip-run` (no
 * default conformance run).
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
    'skip-run': { type: 'boolean', default: false },
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
let baseSeed = seed;
let floorSeed = seed;
let syncSeed = seed;

/** The model and the real system of the fast-check baseline: each counts the instructions it was given. */
interface Count { n: number }
const setup = (): { model: Count; real: Count } => ({ model: { n: 0 }, real: { n: 0 } });
/** One command per instruction of a scenario (in program order, bodies included). */
class InstructionCommand implements fc.AsyncCommand<Count, Count> {
  constructor(readonly op: string) {}
  check(): boolean {
    return true;
  }
  async run(model: Count, real: Count): Promise<void> {
    model.n++;
    real.n++;
    if (model.n !== real.n) throw new Error(`${this.op}: the real system counted ${real.n}, the model ${model.n}`);
  }
  toString(): string {
    return this.op;
  }
}
/** The synchronous twin of {@link InstructionCommand}, for `fc.modelRun`. */
class SyncInstructionCommand implements fc.Command<Count, Count> {
  constructor(readonly op: string) {}
  check(): boolean {
    return true;
  }
  run(model: Count, real: Count): void {
    model.n++;
    real.n++;
    if (model.n !== real.n) throw new Error(`${this.op}: the real system counted ${real.n}, the model ${model.n}`);
  }
  toString(): string {
    return this.op;
  }
}
const syncCommandsOf = (scenario: Scenario): SyncInstructionCommand[] => commandsOf(scenario).map((c) => new SyncInstructionCommand(c.op));
function commandsOf(scenario: Scenario): InstructionCommand[] {
  const out: InstructionCommand[] = [];
  const walk = (program: Program): void => {
    for (const i of program) {
      out.push(new InstructionCommand(i.op));
      if (i.op === 'spawn') walk(i.body);
      if (i.op === 'try') {
        walk(i.body);
        walk(i.finally ?? []);
        for (const c of i.catch ?? []) walk(c.body);
      }
    }
  };
  walk(scenario.main);
  return out;
}
const tasks: Record<string, () => Promise<void> | void> = {
  'reference runtime': async () => {
    for (const s of batch()) await referenceAdapter.execute(s, { timeoutMs: 5000, seed });
  },
  'spec (system model)': () => {
    for (const s of batch()) expectedTrace(s);
  },
  'scheduledModelRun (fast-check)': async () => {
    // The same arbitrary and batch size as the main loop: generate, then one scheduled model run per scenario.
    const generated = fc.sample(fc.tuple(core, fc.scheduler()), { seed: baseSeed++, numRuns: BATCH });
    for (const [scenario, scheduler] of generated) await fc.scheduledModelRun(scheduler, setup, commandsOf(scenario));
  },
  'modelRun (fast-check)': () => {
    // The synchronous model-based loop: the lower bound of fast-check's own per-command cost.
    for (const scenario of fc.sample(core, { seed: syncSeed++, numRuns: BATCH })) fc.modelRun(setup, syncCommandsOf(scenario));
  },
  'generate only': () => {
    if (fc.sample(core, { seed: floorSeed++, numRuns: BATCH }).length !== BATCH) throw new Error('fc.sample gave a short batch');
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
  console.log(`${n.padEnd(30)} ${fmt(t.min).padStart(7)} / ${fmt(t.median).padStart(7)} / ${fmt(t.max).padStart(7)} scenarios/s  (rme ≤ ±${fmt(worst, 1)}% per sample)`);
}
/** Ratios of two tasks in the same round. */
const ratio = (a: string, b: string): Spread => spread(perRound[a]!.map((x, i) => x / perRound[b]![i]!));
const ratios = {
  'spec / reference': ratio('spec (system model)', 'reference runtime'),
  'main loop / reference': ratio('main loop (STRICT.core)', 'reference runtime'),
  'main loop / spec': ratio('main loop (STRICT.core)', 'spec (system model)'),
  'main loop / scheduledModelRun': ratio('main loop (STRICT.core)', 'scheduledModelRun (fast-check)'),
  'main loop / modelRun': ratio('main loop (STRICT.core)', 'modelRun (fast-check)'),
  'main loop / generate only': ratio('main loop (STRICT.core)', 'generate only'),
};
for (const [name, r] of Object.entries(ratios)) {
  console.log(`ratio ${name.padEnd(30)} ${fmt(r.min, 2)} / ${fmt(r.median, 2)} / ${fmt(r.max, 2)}×  (throughput ratio, same round)`);
}

let conformanceRun: { seconds: number; runsPerProperty: number; properties: number } | undefined;
if (!values['skip-run']) {
const start = performance.now();
const result = await runConformance({ adapter: referenceAdapter, properties: allProperties, requirements: allRequirements, expectedTrace, seed });
const ms = performance.now() - start;
const by = (status: string) => result.requirements.filter((r) => r.status === status).length;
console.log(
  `default conformance run (reference, ${result.runsPerProperty} runs × ${result.properties.length} properties): ${(ms / 1000).toFixed(2)} s — ` +
    `${by('pass')} pass, ${by('spec-only')} spec-only, ${by('fail')} fail, ${by('n/a')} n/a`,
);
conformanceRun = { seconds: ms / 1000, runsPerProperty: result.runsPerProperty, properties: result.properties.length };
}

writeFileSync(values.json, `${JSON.stringify({
  bench: 'throughput', node: process.version, seed, sample: { scenarios: count, instructionsPerScenario: instructions / count },
  method: { library: 'tinybench', rounds, sampleMs: timeMs, warmupMs: [500, 100], scenariosPerIteration: BATCH, interleaved: true },
  unit: 'scenarios/s', throughput, ratios,
  ...(conformanceRun ? { conformanceRun } : {}),
}, null, 2)}\n`);
console.log(`written: ${values.json}`);
