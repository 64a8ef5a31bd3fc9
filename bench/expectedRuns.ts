/**
 * Records `expectedRun(scenario)` (trace and attribution) for generated
 * scenarios of every area (`conformance/arbitraries/*`, fixed seed) and
 * compares them with an earlier recording: the differential check for a
 * refactoring of the system model, which must change no expected trace and no
 * attribution. Also prints the model's time for them.
 *
 * Usage: `npx tsx bench/expectedRuns.ts OUT [BASELINE]` — writes one line per
 * scenario to OUT; with BASELINE, exits 1 naming the first differences.
 * @module
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { expectedRun } from '../spec/system/interpret.js';
import type { Scenario } from '../spec/system/scenario.js';
import * as breaker from '../conformance/arbitraries/breakerScenarios.js';
import * as cancellation from '../conformance/arbitraries/cancellationScenarios.js';
import * as core from '../conformance/arbitraries/coreScenario.js';
import * as coroutine from '../conformance/arbitraries/coroutineScenarios.js';
import * as event from '../conformance/arbitraries/eventScenarios.js';
import * as pool from '../conformance/arbitraries/poolScenarios.js';
import * as scheduler from '../conformance/arbitraries/schedulerScenarios.js';
import * as scopeForest from '../conformance/arbitraries/scopeForest.js';
import * as scope from '../conformance/arbitraries/scopeScenarios.js';
import * as waker from '../conformance/arbitraries/wakerScenarios.js';

const SEED = 1234;
const MODULES = { breaker, cancellation, core, coroutine, event, pool, scheduler, scopeForest, scope, waker };
/** The wide generators get more samples. */
const WIDE = new Set(['breaker', 'core', 'scopeForest', 'pool']);

/** Every exported `…Scenario()` arbitrary that takes no argument, by `module.name`. */
function arbitraries(): [string, fc.Arbitrary<Scenario>, number][] {
  const out: [string, fc.Arbitrary<Scenario>, number][] = [];
  for (const [name, mod] of Object.entries(MODULES)) {
    for (const [k, f] of Object.entries(mod)) {
      if (typeof f !== 'function' || !k.endsWith('Scenario') || f.length > 0) continue;
      const arb: unknown = (f as () => unknown)();
      if (arb instanceof fc.Arbitrary) out.push([`${name}.${k}`, arb as fc.Arbitrary<Scenario>, WIDE.has(name) ? 600 : 150]);
    }
  }
  out.push(['core.coreScenario(deep)', core.coreScenario({ depth: 3, maxCoroutines: 6 }), 800]);
  return out;
}

const [outFile, baseline] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: tsx bench/expectedRuns.ts OUT [BASELINE]');
  process.exit(2);
}
const lines: string[] = [];
let modelMs = 0;
for (const [name, arb, count] of arbitraries()) {
  for (const s of fc.sample(arb, { seed: SEED, numRuns: count })) {
    const id = createHash('sha1').update(JSON.stringify(s)).digest('hex').slice(0, 10);
    const t0 = performance.now();
    let line: string;
    try {
      const run = expectedRun(s);
      line = JSON.stringify([run.trace, run.attribution]);
    } catch (e) {
      line = `THROW ${String(e)}`;
    }
    modelMs += performance.now() - t0;
    lines.push(`${name}\t${id}\t${line}`);
  }
}
writeFileSync(outFile, lines.join('\n'));
console.log(`${lines.length} scenarios, model time ${modelMs.toFixed(0)} ms -> ${outFile}`);
if (baseline) {
  const base = readFileSync(baseline, 'utf8').split('\n');
  const differ = [...Array(Math.max(base.length, lines.length)).keys()].filter((i) => base[i] !== lines[i]);
  for (const i of differ.slice(0, 3)) console.log(`differs: ${(lines[i] ?? base[i]).split('\t').slice(0, 2).join(' ')}`);
  console.log(differ.length === 0 ? 'identical to the baseline' : `${differ.length} differ`);
  if (differ.length > 0) process.exit(1);
}
