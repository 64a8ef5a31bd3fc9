/**
 * `npm run bench:mutants`: how many generated scenarios the suite needs to
 * catch each mutant of the reference runtime, over seeds 1–20: p50, p95 and
 * max per mutant, and a non-zero exit when any mutant needs more than the
 * bound (50 runs) on some seed — the margin the default `--runs 100` must
 * keep.
 *
 * @remarks A mutant's count on a seed is the fewest runs any of its catching
 * properties (its `caughtBy`, or every property covering its requirement)
 * needs to fail with a `violation`, each property seeded exactly as
 * `run --seed N` seeds it ({@link propertySeed}) and judged as the runner
 * judges it ({@link runScenario}: the obligation gate, trace validation, the
 * check). Work-bounded, not time-bounded: each property gets at most
 * `--cap` runs (default 200, four times the bound) per seed; a count above
 * the cap prints as `>200`.
 *
 * Options: `--seeds A-B` (default 1-20), `--bound N` (default 50), `--cap N`,
 * `--only name,…` (mutant names), `--json FILE`.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as fc from 'fast-check';
import type { Adapter } from '../conformance/adapter.js';
import { mutants } from '../test/mutants/index.js';
import type { Mutant } from '../test/mutants/mutant.js';
import { allProperties } from '../conformance/properties/index.js';
import { createReferenceAdapter } from '../reference/adapter.js';
import { expectedTrace } from '../spec/system/interpret.js';
import { propertySeed } from '../conformance/harness/run.js';
import { runScenario } from '../conformance/harness/execute.js';
import type { ConformanceProperty } from '../conformance/harness/property.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1-20' }, bound: { type: 'string', default: '50' }, cap: { type: 'string', default: '200' },
    only: { type: 'string' }, json: { type: 'string' },
  },
});
const range = /^(\d+)-(\d+)$/.exec(values.seeds);
if (!range) throw new Error(`--seeds must be A-B (got ${JSON.stringify(values.seeds)})`);
const seeds = Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, k) => Number(range[1]) + k);
const bound = Number(values.bound);
const cap = Number(values.cap);
const only = values.only?.split(',').map((s) => s.trim());

/** The adapter of one mutant: the only place the bench builds one. */
function mutantAdapter(m: Mutant): Adapter {
  return createReferenceAdapter({ seams: m.seams, name: m.name });
}

/** The properties that must catch `m` (as `test/conformance.test.ts` chooses them). */
function catching(m: Mutant): ConformanceProperty[] {
  const covering = allProperties.filter((p) => p.requirements.includes(m.targets));
  const by = m.caughtBy;
  return by ? covering.filter((p) => p.id === by.id && p.aspect === by.aspect) : covering;
}

/** Runs `property` needs on `seed` to catch the adapter with a violation, or `Infinity` within `limit` runs. */
async function runsToCatch(adapter: Adapter, property: ConformanceProperty, seed: number, limit: number): Promise<number> {
  const key = propertySeed(seed, property.key);
  let runs = 0;
  let caughtAt = Infinity;
  await fc.check(fc.asyncProperty(property.arbitrary, async (scenario) => {
    runs++;
    const outcome = await runScenario(scenario, { adapter, expectedTrace, property, timeoutMs: 5000, seed: key });
    if (!outcome.ok && outcome.classification === 'violation') {
      caughtAt = runs;
      return false;
    }
    return true;
  }), { seed: key, numRuns: limit, endOnFailure: true });
  return caughtAt;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const show = (n: number): string => (n === Infinity ? `>${cap}` : String(n));

const selected = only ? mutants.filter((m) => only.includes(m.name)) : mutants;
if (only && selected.length !== only.length) throw new Error(`--only: unknown mutant ${only.filter((n) => !mutants.some((m) => m.name === n)).join(', ')}`);
console.log(`runs to catch each mutant over seeds ${seeds[0]}–${seeds[seeds.length - 1]} (bound ${bound}, at most ${cap} runs per property and seed)`);
const rows: { mutant: string; targets: string; p50: number; p95: number; max: number; counts: number[] }[] = [];
const all: number[] = [];
for (const m of selected) {
  const adapter = mutantAdapter(m);
  const props = catching(m);
  const counts: number[] = [];
  for (const seed of seeds) {
    let best = Infinity;
    // The first property to catch it bounds the rest: a later one only matters if it is faster.
    for (const p of props) best = Math.min(best, await runsToCatch(adapter, p, seed, Math.min(cap, best === Infinity ? cap : best - 1)));
    counts.push(best);
  }
  const sorted = [...counts].sort((a, b) => a - b);
  const row = { mutant: m.name, targets: m.targets, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1]!, counts };
  rows.push(row);
  all.push(...counts);
  const flag = row.max > bound ? '  ← above the bound' : '';
  console.log(`${m.targets.padEnd(8)} ${m.name.padEnd(30)} p50 ${show(row.p50).padStart(4)}  p95 ${show(row.p95).padStart(4)}  max ${show(row.max).padStart(4)}  [${counts.map(show).join(',')}]${flag}`);
}
const sortedAll = [...all].sort((a, b) => a - b);
const over = rows.filter((r) => r.max > bound);
console.log(`all ${rows.length} mutants × ${seeds.length} seeds: p50 ${show(quantile(sortedAll, 0.5))}, p95 ${show(quantile(sortedAll, 0.95))}, max ${show(sortedAll[sortedAll.length - 1]!)}`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ bench: 'runsToCatch', seeds, bound, cap, mutants: rows.map((r) => ({ ...r, p50: show(r.p50), p95: show(r.p95), max: show(r.max), counts: r.counts.map(show) })) }, null, 2)}\n`);
}
if (over.length > 0) {
  console.log(`${over.length} mutant(s) above ${bound} runs: ${over.map((r) => `${r.mutant} (${r.targets}, max ${show(r.max)})`).join(', ')}`);
  process.exitCode = 1;
} else console.log(`every mutant caught within ${bound} runs on every seed`);
