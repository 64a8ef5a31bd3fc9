/**
 * `npm run bench` (second part): acquire+release cycles per second of three
 * pools in the same process — the reference runtime's `Async\Pool` (driven
 * by a pool scenario), `tarn` and `generic-pool` (called directly, real
 * promises, no fake timers) — with 100 concurrent coroutines on a pool of
 * max 10, printed as ratios to the reference pool. Nothing is asserted.
 *
 * Options: `--cycles N` acquire+release cycles per coroutine (default 50),
 * `--rounds R` measured rounds, best kept (default 5).
 * @module
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import genericPool from 'generic-pool';
import { Pool as TarnPool } from 'tarn';
import type { Instruction, Scenario } from '../conformance/adapter.js';
import { ReferenceRuntime } from '../reference/runtime.js';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '50' }, rounds: { type: 'string', default: '5' } } });
const CYCLES = Number(values.cycles);
const ROUNDS = Number(values.rounds);
const COROUTINES = 100;
const MAX = 10;
const TOTAL = COROUTINES * CYCLES;

/** The reference pool: main creates the pool and spawns 100 coroutines, each doing CYCLES acquire+release. */
function referenceScenario(): Scenario {
  const body: Instruction[] = [];
  for (let i = 0; i < CYCLES; i++) body.push({ op: 'pool.acquire', pool: 'p' }, { op: 'pool.release', pool: 'p' });
  const main: Instruction[] = [{ op: 'pool.new', id: 'p', max: MAX }];
  for (let k = 0; k < COROUTINES; k++) main.push({ op: 'spawn', id: `c${k}`, body });
  return { version: 1, main };
}

async function reference(): Promise<void> {
  const trace = new ReferenceRuntime().run(referenceScenario());
  const acquired = trace.filter((e) => e.kind === 'acquired').length;
  if (acquired !== TOTAL) throw new Error(`reference pool: ${acquired} acquires instead of ${TOTAL}`);
}

async function tarn(): Promise<void> {
  let n = 0;
  const pool = new TarnPool<object>({ create: async () => ({ n: ++n }), destroy: () => undefined, min: 0, max: MAX });
  const worker = async (): Promise<void> => {
    for (let i = 0; i < CYCLES; i++) {
      const r = await pool.acquire().promise;
      pool.release(r);
    }
  };
  await Promise.all(Array.from({ length: COROUTINES }, worker));
  await pool.destroy();
}

async function generic(): Promise<void> {
  let n = 0;
  const pool = genericPool.createPool<object>({ create: async () => ({ n: ++n }), destroy: async () => undefined }, { min: 0, max: MAX });
  const worker = async (): Promise<void> => {
    for (let i = 0; i < CYCLES; i++) {
      const r = await pool.acquire();
      await pool.release(r);
    }
  };
  await Promise.all(Array.from({ length: COROUTINES }, worker));
  await pool.drain();
  await pool.clear();
}

/** Cycles per second: the best of ROUNDS rounds after one warm-up. */
async function measure(run: () => Promise<void>): Promise<number> {
  await run();
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    await run();
    best = Math.min(best, performance.now() - start);
  }
  return TOTAL / (best / 1000);
}

const results: Array<[string, number]> = [
  ['reference Async\\Pool', await measure(reference)],
  ['tarn', await measure(tarn)],
  ['generic-pool', await measure(generic)],
];
const base = results[0][1];
console.log(`\npool acquire+release: ${COROUTINES} concurrent coroutines, max ${MAX}, ${CYCLES} cycles each (${TOTAL} per round), best of ${ROUNDS}`);
for (const [label, rate] of results) {
  console.log(`${label.padEnd(22)} ${rate.toFixed(0).padStart(9)} cycles/s   ${(rate / base).toFixed(2).padStart(6)} × reference`);
}
