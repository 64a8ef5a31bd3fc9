/**
 * `npm run bench:growth`: how the cost of one scenario grows with its size,
 * for the spec's system model and for the reference runtime — scenarios of
 * 10, 10², 10³ and 10⁴ coroutines (10⁵ with `--huge`) in five shapes:
 *
 * - `spawn/await` — main spawns n coroutines, then awaits each;
 * - `waiters on one trigger` — n coroutines await one trigger, main fires it once;
 * - `timers` — n coroutines sleep on delays in a scrambled order;
 * - `scope cancel` — n coroutines of one scope wait on a trigger nobody fires, main cancels the scope;
 * - `pool waiters` — n coroutines acquire and release a pool of one resource (n − 1 wait).
 *
 * @remarks Measurement only (nothing is asserted). Each size is timed as the
 * median of `--repeats` samples (default 3), a sample being as many runs as
 * fill `--sample-ms` (default 200 ms, at least one run). The growth exponent
 * is the least-squares slope of log(time) over log(n) across every size, and
 * the top decade's slope alone (the fitted one is flattened by fixed costs at
 * small n); 1 is linear, 2 quadratic. Before timing, each scenario is
 * validated against the scenario schema and, up to 10³ coroutines, the
 * reference's trace is compared with the spec's (a case that drifted from
 * the semantics would measure nothing useful). Results also go to `--json FILE`.
 *
 * Options: `--huge` (add 10⁵), `--only spawn,trigger,timers,scope,pool`, `--side spec|reference` (one side only),
 * `--clock cpu` (time by the process's CPU time instead of the wall clock: steadier on a loaded machine),
 * `--sample-ms`, `--repeats`, `--json FILE`.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Instruction, Program, Scenario } from '../conformance/adapter.js';
import { validateScenario } from '../conformance/scenario/validate.js';
import { jsonEqual } from '../conformance/harness/execute.js';
import { ReferenceRuntime } from '../reference/index.js';
import { expectedTrace } from '../spec/system/interpret.js';

const { values } = parseArgs({
  options: {
    huge: { type: 'boolean', default: false }, only: { type: 'string' }, side: { type: 'string' }, clock: { type: 'string', default: 'wall' },
    'sample-ms': { type: 'string', default: '200' }, repeats: { type: 'string', default: '3' }, json: { type: 'string' },
  },
});
const sizes = [10, 100, 1000, 10_000, ...(values.huge ? [100_000] : [])];
const sampleMs = Number(values['sample-ms']);
const repeats = Number(values.repeats);

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `c${i}`);
const scenario = (main: Program): Scenario => ({ version: 1, main });

/** The growth cases: a scenario of n coroutines each. */
const cases: Record<string, { name: string; build: (n: number) => Scenario }> = {
  spawn: {
    name: 'spawn/await',
    build: (n) => scenario([
      ...ids(n).map((id): Instruction => ({ op: 'spawn', id, body: [{ op: 'suspend' }, { op: 'return', value: id }] })),
      ...ids(n).map((id): Instruction => ({ op: 'await', target: { coroutine: id } })),
    ]),
  },
  trigger: {
    name: 'waiters on one trigger',
    build: (n) => scenario([
      { op: 'trigger.new', id: 't' },
      ...ids(n).map((id): Instruction => ({ op: 'spawn', id, body: [{ op: 'await', target: { trigger: 't' } }] })),
      { op: 'suspend' },
      { op: 'trigger.fire', id: 't', value: 'go' },
    ]),
  },
  timers: {
    name: 'timers',
    // Delays in a scrambled order (a multiplicative permutation), so that the due order is not the spawn order.
    build: (n) => scenario(ids(n).map((id, i): Instruction => ({ op: 'spawn', id, body: [{ op: 'delay', ms: 1 + ((i * 7919) % n) }] }))),
  },
  scope: {
    name: 'scope cancel',
    build: (n) => scenario([
      { op: 'trigger.new', id: 't' },
      { op: 'scope.new', id: 'S' },
      ...ids(n).map((id): Instruction => ({ op: 'spawn', id, scope: 'S', body: [{ op: 'await', target: { trigger: 't' } }] })),
      { op: 'suspend' },
      { op: 'scope.cancel', scope: 'S' },
      { op: 'delay', ms: 1 },
    ]),
  },
  pool: {
    name: 'pool waiters',
    build: (n) => scenario([
      { op: 'pool.new', id: 'P', max: 1 },
      ...ids(n).map((id): Instruction => ({ op: 'spawn', id, body: [{ op: 'pool.acquire', pool: 'P' }, { op: 'delay', ms: 1 }, { op: 'pool.release', pool: 'P' }] })),
      { op: 'delay', ms: n + 2 },
    ]),
  },
};
const selected = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(cases);
if (values.side !== undefined && values.side !== 'spec' && values.side !== 'reference') throw new Error(`--side: expected spec or reference, got ${JSON.stringify(values.side)}`);
for (const k of selected) if (!(k in cases)) throw new Error(`--only: unknown case ${JSON.stringify(k)} (known: ${Object.keys(cases).join(', ')})`);

if (values.clock !== 'wall' && values.clock !== 'cpu') throw new Error(`--clock: expected wall or cpu, got ${JSON.stringify(values.clock)}`);
/** The clock samples are taken with (ms): the wall clock, or the process's user + system CPU time. */
const clock: () => number = values.clock === 'cpu'
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => performance.now();

/** Milliseconds per run of `fn`: the median of the samples. */
function time(fn: () => unknown): number {
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let runs = 0;
    const start = clock();
    let now = start;
    do {
      fn();
      runs++;
      now = clock();
    } while (now - start < sampleMs);
    samples.push((now - start) / runs);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1]!;
}

/** Least-squares slope of log(y) over log(x). */
function slope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return num / den;
}

const fmtMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(4));
console.log(`growth (${values.clock} clock): ms per scenario at ${sizes.join(' / ')} coroutines (median of ${repeats} samples of ≥ ${sampleMs} ms); exponent = fitted slope of log time over log n (top decade)`);
const results: Record<string, Record<string, { ms: number[]; exponent: number; topDecade: number }>> = {};
for (const key of selected) {
  const c = cases[key]!;
  const built = sizes.map((n) => c.build(n));
  for (let i = 0; i < built.length; i++) {
    const v = validateScenario(built[i]);
    if (!v.ok) throw new Error(`case ${c.name} at n=${sizes[i]}: not a valid scenario: ${v.errors.join('; ')}`);
    if (sizes[i]! <= 1000 && !jsonEqual(new ReferenceRuntime().run(built[i]!), expectedTrace(built[i]!))) {
      throw new Error(`case ${c.name} at n=${sizes[i]}: the reference's trace differs from the spec's`);
    }
  }
  results[c.name] = {};
  for (const [side, run] of [['spec', (s: Scenario) => expectedTrace(s)], ['reference', (s: Scenario) => new ReferenceRuntime().run(s)]] as const) {
    if (values.side !== undefined && values.side !== side) continue;
    const ms = built.map((s) => time(() => run(s)));
    const exponent = slope(sizes, ms);
    const topDecade = slope(sizes.slice(-2), ms.slice(-2));
    results[c.name]![side] = { ms, exponent, topDecade };
    console.log(`${c.name.padEnd(24)} ${side.padEnd(9)} ${ms.map(fmtMs).map((x) => x.padStart(9)).join(' ')} ms   exponent ${exponent.toFixed(2)} (top decade ${topDecade.toFixed(2)})`);
  }
}
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ bench: 'growth', node: process.version, sizes, method: { sampleMs, repeats, clock: values.clock, statistic: 'median ms per scenario' }, results }, null, 2)}\n`);
  console.log(`written: ${values.json}`);
}
