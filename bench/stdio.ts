/**
 * `npx tsx bench/stdio.ts`: the per-scenario overhead of the stdio protocol.
 * The same sample of generated scenarios (a few from every property's
 * arbitrary) runs on the reference runtime in-process and through
 * `serve --adapter reference` over the stdio protocol; prints scenarios/s of
 * each and their ratio, and the mean overhead per scenario in ms. With
 * `--php PATH` it also runs the renderable ones through the PHP adapter on the
 * test shim (one php process per scenario). Nothing is asserted.
 *
 * Options: `--scenarios N` (default 2000), `--seed S` (default 42), `--php PATH`.
 * @module
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as fc from 'fast-check';
import type { Adapter, Scenario } from '../conformance/adapter.js';
import { createPhpAdapter } from '../conformance/adapters/php/adapter.js';
import { unsupportedByPhp } from '../conformance/adapters/php/render.js';
import { createStdioAdapter } from '../conformance/adapters/stdio/client.js';
import { allProperties } from '../conformance/properties/index.js';
import { referenceAdapter } from '../reference/adapter.js';

const { values } = parseArgs({ options: { scenarios: { type: 'string', default: '2000' }, seed: { type: 'string', default: '42' }, php: { type: 'string' } } });
const count = Number(values.scenarios);
const seed = Number(values.seed);
const root = resolve(import.meta.dirname, '..');

const per = Math.ceil(count / allProperties.length);
const sample: Scenario[] = allProperties.flatMap((p, k) => fc.sample(p.arbitrary, { numRuns: per, seed: seed + k })).slice(0, count);

async function rate(adapter: Adapter, scenarios: Scenario[]): Promise<number> {
  const t0 = performance.now();
  for (const s of scenarios) await adapter.execute(s, { timeoutMs: 10_000, seed });
  return scenarios.length / ((performance.now() - t0) / 1000);
}

const stdio = await createStdioAdapter({ command: process.execPath, args: ['--import', 'tsx', resolve(root, 'conformance/cli.ts'), 'serve', '--adapter', 'reference'], cwd: root });
await rate(stdio, sample.slice(0, 50)); // warm-up
const inProcess = await rate(referenceAdapter, sample);
const overStdio = await rate(stdio, sample);
await stdio.close?.();
console.log(`${sample.length} scenarios (seed ${seed})`);
console.log(`reference in-process: ${inProcess.toFixed(0)} scenarios/s`);
console.log(`reference over stdio: ${overStdio.toFixed(0)} scenarios/s (${(inProcess / overStdio).toFixed(1)}× slower, +${(1000 / overStdio - 1000 / inProcess).toFixed(3)} ms per scenario)`);
if (values.php !== undefined) {
  const php = await createPhpAdapter({ php: values.php, prepend: resolve(root, 'test/php-shim/trueasync.php'), cwd: root });
  const core = (s: Scenario): boolean => !/"op":"(scope|pool|protect)/.test(JSON.stringify(s));
  const renderable = sample.filter((s) => unsupportedByPhp(s) === undefined && core(s)).slice(0, 300);
  const phpRate = await rate(php, renderable);
  console.log(`PHP adapter on the shim: ${phpRate.toFixed(1)} scenarios/s over ${renderable.length} renderable core scenarios (${(inProcess / phpRate).toFixed(0)}× slower than in-process)`);
}
