/**
 * The `trueasync-conformance` command line: `run`, `compat`, `replay`,
 * `requirements`, `areas`.
 *
 * @remarks Exit codes: 0 when every applicable requirement passes or fails
 * only as an expected failure (listed in the adapter's expectations), 1 when
 * anything else fails or an expected failure passes (`unexpected-pass`: the
 * entry is stale), 2 for usage errors (unknown flag or command, bad values,
 * an adapter that cannot be loaded, an unreadable replay or expectations
 * file); usage errors print one line on stderr.
 *
 * Start-up loads only commander: the suite, the spec, the reporters and the
 * adapter are imported when a command runs, so `--help` and `--version`
 * answer at once.
 * @module
 */
import { accessSync, constants as fsConstants, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import type { Adapter, Expectations, Scenario } from './adapter.js';
import type { Requirement } from '../spec/kernel/requirement.js';
import type { ConformanceProperty } from './harness/property.js';
import type { Area } from './areas/index.js';
import type { ExpectedTraceFn } from './harness/execute.js';
import type { IsolationOptions } from './harness/isolate.js';
import type { ConformanceResult, PropertyResult } from './harness/run.js';
import type { CompatColumn, Output, Progress, ReporterName } from './report/index.js';
import { SUITE } from './version.js';
import { addExternalAdapterOptions, registerServeCommand, type ExternalFlags } from './adapters/stdio/cli.js';
import { isExternalAdapterSpec } from './adapters/externalSpec.js';

/** Where the CLI writes. */
export interface CliIO {
  /** Normal output. */
  stdout: Output;
  /** Errors and diagnostics. */
  stderr: Output;
}

/** The result of validating a scenario (`conformance/scenario/validate.ts`). */
export type ScenarioValidation = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** What the CLI works with; tests inject fakes. */
export interface CliDeps {
  /** The requirement catalogue. */
  requirements: readonly Requirement[];
  /** The property suite. */
  properties: readonly ConformanceProperty[];
  /**
   * The list of areas (`conformance/areas/index.ts`), for `areas`.
   * @defaultValue the suite's, imported when `areas` runs
   */
  areas?: readonly Area[];
  /** The executable spec's interpreter. */
  expectedTrace: ExpectedTraceFn;
  /** Loads `--adapter`. */
  loadAdapter: (spec: string, cwd: string) => Promise<Adapter>;
  /** Validates a replayed scenario. */
  validateScenario: (x: unknown) => ScenarioValidation | Promise<ScenarioValidation>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /**
   * The expectations file `compat --update-expectations` rewrites for an
   * `--adapter` value, or `undefined` when the adapter has none of its own.
   * @defaultValue the `expectations.json` next to a bundled adapter's source, or next to an adapter module
   */
  expectationsFileOf?: (spec: string) => string | undefined | Promise<string | undefined>;
  /**
   * Wraps a loaded adapter so that its scenarios run in a worker thread
   * (`conformance/harness/isolate.ts`), unless `--in-process` is given.
   * `null` runs in-process always (the default when `loadAdapter` is
   * injected: an injected loader's adapters cannot be re-loaded in a worker).
   */
  isolate: ((adapter: Adapter, options: IsolationOptions) => Adapter) | null;
}

/** The reporter names `--reporter` accepts (the same list as `REPORTERS` in `report/index.ts`). */
export const REPORTER_NAMES: readonly ReporterName[] = ['human', 'dot', 'json', 'junit', 'github-actions'];

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A usage error: exit code 2 with a one-line message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Minimal check used until `conformance/scenario/validate.ts` exists: version 1 and an array `main`. */
export function fallbackValidateScenario(x: unknown): ScenarioValidation {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return { ok: false, errors: ['scenario: must be an object'] };
  const s = x as Record<string, unknown>;
  if (s.version !== 1) return { ok: false, errors: ['scenario.version: must be 1'] };
  if (!Array.isArray(s.main)) return { ok: false, errors: ['scenario.main: must be an array'] };
  return { ok: true, scenario: x as Scenario };
}

async function defaultValidateScenario(x: unknown): Promise<ScenarioValidation> {
  let mod: { validateScenario?: (x: unknown) => ScenarioValidation } | undefined;
  try {
    mod = (await import(new URL('./scenario/validate.js', import.meta.url).href)) as typeof mod;
  } catch {
    mod = undefined;
  }
  return typeof mod?.validateScenario === 'function' ? mod.validateScenario(x) : fallbackValidateScenario(x);
}

/** The largest `--timeout-ms` / `--max-duration`: Node's timers hold 2³¹−1 ms and turn anything larger into 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function timerMs(value: string, flag: string): number {
  const n = positiveInt(value, flag);
  if (n > MAX_TIMER_MS) throw new UsageError(`${flag} must be at most ${MAX_TIMER_MS} ms (2^31-1, the limit of Node's timers; got ${value.trim()})`);
  return n;
}

/** Make sure `--out` is a writable directory (created if missing) before anything runs. */
function checkOutDir(dir: string, flag = '--out'): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(`${flag} ${dir}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'is not a directory' : `cannot create it (${errorMessage(e)})`}`);
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`${flag} ${dir}: is not a directory`);
  try {
    accessSync(dir, fsConstants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${dir}: is not writable`);
  }
}

function positiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} must be a positive integer (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return Math.floor(Math.random() * 0x7fffffff);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--seed must be an integer (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

function parseList(value: string, flag: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`${flag} needs at least one value`);
  return items;
}

/** How long loading an adapter (its module and factory) or its `close()` may take: 4 × `--timeout-ms`, at least 3 s. */
export function lifecycleLimitMs(timeoutMs: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(3000, 4 * timeoutMs));
}

async function load(deps: CliDeps, spec: string, timeoutMs: number): Promise<Adapter> {
  const { withTimeout } = await import('./harness/execute.js');
  const limit = lifecycleLimitMs(timeoutMs);
  const r = await withTimeout(() => deps.loadAdapter(spec, deps.cwd), limit);
  if (r.kind === 'timeout') throw new UsageError(`adapter ${spec}: loading it (its module or factory) did not finish within ${limit} ms`);
  if (r.kind === 'threw') throw r.error;
  return r.value;
}

/**
 * The adapter a command runs: isolated in a worker unless `--in-process` (or
 * the loader is injected); a `stdio:` or `php` adapter already runs in a
 * process of its own and is never wrapped.
 */
function prepare(adapter: Adapter, spec: string, inProcess: boolean | undefined, deps: CliDeps, memoryLimitMb?: number): Adapter {
  if (inProcess || deps.isolate === null || isExternalAdapterSpec(spec)) return adapter;
  return deps.isolate(adapter, { spec, cwd: deps.cwd, ...(memoryLimitMb !== undefined ? { memoryLimitMb } : {}) });
}

/**
 * Load the adapter of `run` or `replay`: `stdio:` and `php` with the external
 * options (`--arg`, `--stdio-stderr`, `--php`, `--php-prepend`), anything else
 * through {@link CliDeps.loadAdapter}, then {@link prepare}d.
 */
async function loadForCommand(deps: CliDeps, spec: string, flags: ExternalFlags & { inProcess?: boolean }, timeoutMs: number, memoryLimitMb?: number): Promise<Adapter> {
  const { externalOptionsOf, loadAdapterWith } = await import('./adapters/stdio/cli.js');
  const loaded = await loadAdapterWith(spec, await externalOptionsOf(flags), () => load(deps, spec, timeoutMs), deps.cwd);
  return prepare(loaded, spec, flags.inProcess, deps, memoryLimitMb);
}

/**
 * An AbortSignal for `--max-duration` and SIGINT: the run stops early and
 * writes a partial report. `dispose` removes the timer and the handler.
 */
function stopSignal(maxDurationMs: number | undefined, io: CliIO): { signal: AbortSignal; interrupted: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let interrupted = false;
  const timer = maxDurationMs === undefined ? undefined : setTimeout(() => {
    controller.abort(new Error(`the run reached --max-duration ${maxDurationMs} ms`));
  }, maxDurationMs);
  const onSigint = (): void => {
    interrupted = true;
    io.stderr.write('interrupted: finishing the current scenario and writing a partial report (Ctrl-C again to quit at once)\n');
    controller.abort(new Error('the run was interrupted (SIGINT)'));
  };
  process.once('SIGINT', onSigint);
  return {
    signal: controller.signal,
    interrupted: () => interrupted,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      process.removeListener('SIGINT', onSigint);
    },
  };
}

function stoppedNote(result: ConformanceResult, io: CliIO): void {
  if (result.stopped) {
    io.stderr.write(`stopped: ${result.stopped.reason}; ${result.stopped.checked} of ${result.stopped.selected} properties checked, the rest reported n/a (not checked)\n`);
  }
}

/** The catalogue, suite, spec and loaders the commands use: imported on first use, replaced by `inject`. */
async function resolveDeps(inject: Partial<CliDeps>): Promise<CliDeps> {
  const [{ allRequirements }, { allProperties }, { expectedTrace }, { loadAdapter }, { isolateAdapter }] = await Promise.all([
    inject.requirements ? { allRequirements: inject.requirements } : import('./areas/index.js').then((m) => ({ allRequirements: m.areaRequirements })),
    inject.properties ? { allProperties: inject.properties } : import('./properties/index.js'),
    inject.expectedTrace ? { expectedTrace: inject.expectedTrace } : import('../spec/system/interpret.js'),
    inject.loadAdapter ? { loadAdapter: inject.loadAdapter } : import('./loadAdapter.js'),
    inject.loadAdapter || inject.isolate !== undefined ? { isolateAdapter: null } : import('./harness/isolate.js'),
  ]);
  return {
    requirements: allRequirements, properties: allProperties, expectedTrace, loadAdapter, isolate: isolateAdapter,
    validateScenario: defaultValidateScenario, cwd: process.cwd(), expectationsFileOf: (spec) => defaultExpectationsFileOf(spec, inject.cwd ?? process.cwd()), ...inject,
  };
}

async function defaultExpectationsFileOf(spec: string, cwd: string = process.cwd()): Promise<string | undefined> {
  const { BUILTIN_ADAPTERS } = await import('./loadAdapter.js');
  const builtin = BUILTIN_ADAPTERS[spec];
  const module = builtin !== undefined ? fileURLToPath(new URL(builtin, import.meta.url)) : resolve(cwd, spec);
  const beside = join(dirname(module), 'expectations.json');
  // Compiled into dist/: the file to keep is the source tree's, when this is a checkout of the suite.
  const source = beside.replace(`${sep}dist${sep}conformance${sep}`, `${sep}conformance${sep}`);
  if (source !== beside && existsSync(source)) return source;
  return existsSync(beside) ? beside : undefined;
}

async function closeAdapter(adapter: Adapter, io: CliIO, timeoutMs = 5000): Promise<void> {
  const { withTimeout } = await import('./harness/execute.js');
  const limit = lifecycleLimitMs(timeoutMs);
  const r = await withTimeout(() => adapter.close?.(), limit);
  if (r.kind === 'threw') io.stderr.write(`warning: adapter close() failed: ${errorMessage(r.error)}\n`);
  if (r.kind === 'timeout') io.stderr.write(`warning: adapter close() did not finish within ${limit} ms; going on\n`);
}

interface RunFlags extends ExternalFlags {
  adapter: string;
  only?: string;
  runs: string;
  seed?: string;
  timeoutMs: string;
  reporter: string;
  out: string;
  strict: boolean;
  expectations?: string;
  bail?: boolean;
  quiet?: boolean;
  inProcess?: boolean;
  maxDuration?: string;
  memoryLimitMb?: string;
  shard?: string;
  workers?: string;
}

/** The global options (before or after the command). */
interface GlobalFlags {
  color?: boolean;
}

async function parseOnly(value: string | undefined, deps: CliDeps): Promise<string[] | undefined> {
  const { unknownOnly } = await import('./harness/run.js');
  const only = value === undefined ? undefined : parseList(value, '--only');
  if (only) {
    const unknown = unknownOnly(only, deps.requirements);
    if (unknown.length > 0) throw new UsageError(`--only: unknown requirement ID or prefix ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  }
  return only;
}

async function readExpectations(file: string | undefined, deps: CliDeps): Promise<Expectations | undefined> {
  if (file === undefined) return undefined;
  const { readExpectationsFile } = await import('./harness/expectations.js');
  try {
    return readExpectationsFile(resolve(deps.cwd, file)).expectations;
  } catch (e) {
    throw new UsageError(e instanceof Error && e.name === 'ExpectationsError' ? `--expectations: ${e.message}` : errorMessage(e));
  }
}

/**
 * Run property by property and stop after the first failure that is not
 * expected (`--bail`); requirements left unchecked are `n/a`.
 */
async function runBail(
  options: Parameters<typeof import('./harness/run.js').runConformance>[0],
  expectations: Expectations,
  onProperty: (p: PropertyResult, index: number, total: number) => void,
): Promise<ConformanceResult> {
  const { checkProperties, requirementResults, selectProperties, unknownExpectations: unknownOf } = await import('./harness/run.js');
  const selected = selectProperties(options.properties, options);
  const results = await checkProperties(selected, { ...options, runs: options.runs ?? 100, timeoutMs: options.timeoutMs ?? 5000, expectations }, (p, i, n) => {
    onProperty(p, i, n);
    return p.status === 'fail' && !p.expected;
  });
  const unknown = unknownOf(expectations, options.requirements);
  const unknownExpectations = unknown.length > 0 ? unknown : undefined;
  const ran = new Set(results.map((p) => p.title));
  const skippedTitles = selected.filter((p) => !ran.has(p.title));
  const requirements = requirementResults(options.requirements, results, options.only, expectations).map((r) =>
    r.runs === 0 && r.status === 'fail' && r.failure === undefined && skippedTitles.some((p) => p.requirements.includes(r.id))
      ? { ...r, status: 'n/a' as const, reason: 'not checked: --bail stopped the run at the first failure' }
      : r,
  );
  return {
    adapter: options.adapter.name, seed: options.seed, runsPerProperty: options.runs ?? 100, requirements, properties: results,
    ...(unknownExpectations ? { unknownExpectations } : {}),
  };
}

async function runCommand(flags: RunFlags, global: GlobalFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const runs = positiveInt(flags.runs, '--runs');
  const timeoutMs = timerMs(flags.timeoutMs, '--timeout-ms');
  const maxDuration = flags.maxDuration === undefined ? undefined : timerMs(flags.maxDuration, '--max-duration');
  const memoryLimitMb = flags.memoryLimitMb === undefined ? undefined : positiveInt(flags.memoryLimitMb, '--memory-limit-mb');
  const seed = parseSeed(flags.seed);
  const reporters = parseList(flags.reporter, '--reporter');
  const badReporter = reporters.find((r) => !(REPORTER_NAMES as readonly string[]).includes(r));
  if (badReporter) throw new UsageError(`unknown reporter ${JSON.stringify(badReporter)} (known: ${REPORTER_NAMES.join(', ')})`);
  const only = await parseOnly(flags.only, deps);
  const fileExpectations = await readExpectations(flags.expectations, deps);
  const [report, run, { expectationsAtRuns }] = await Promise.all([
    import('./report/index.js'), import('./harness/run.js'), import('./harness/expectations.js'),
  ]);
  const outDir = resolve(deps.cwd, flags.out);
  checkOutDir(outDir);
  const workers = flags.workers === undefined ? 1 : positiveInt(flags.workers, '--workers');
  if (workers > 1) await checkWorkersUsable(deps);
  // With --workers the adapter runs in the workers; this copy gives only its name, capabilities and expectations.
  const adapter = await loadForCommand(deps, flags.adapter, workers > 1 ? { ...flags, inProcess: true } : flags, timeoutMs, memoryLimitMb);
  const checker = workers > 1 ? await createChecker(workers, flags, deps, memoryLimitMb) : undefined;
  const dot = reporters.includes('dot');
  const human = reporters.includes('human') && !dot;
  const quiet = flags.quiet === true;
  const c = report.colorsFor(io.stdout, global.color);
  io.stdout.write(human || dot ? report.formatHeader(adapter.name, seed, runs, c) : `seed ${seed}\n`);
  const expectations = expectationsAtRuns(fileExpectations ?? adapter.expectations ?? {}, runs);
  const allSelected = run.selectProperties(deps.properties, { only, strict: flags.strict });
  const sharding = await shardOf(flags.shard);
  const selected = sharding ? sharding.mod.shardProperties(allSelected, sharding.shard) : allSelected;
  if (sharding) {
    if (!reporters.includes('json')) reporters.push('json');
    io.stdout.write(`shard ${sharding.shard.index}/${sharding.shard.count}: ${selected.length} of ${allSelected.length} properties\n`);
  }
  // A terminal of unknown width (columns 0, as in a bare pseudo-terminal) gets the line-per-property output.
  const live = human && !quiet && io.stdout === process.stdout && process.stdout.isTTY === true && (process.stdout.columns ?? 0) > 0;
  const spinner: Progress | undefined = live ? await report.createSpinner(process.stdout, report.useColor(io.stdout, global.color)) : undefined;
  if (spinner && selected[0]) spinner.update(0, selected.length, selected[0].title);
  const durationsMs = new Map<string, number>();
  let last = performance.now();
  const onProperty = (p: PropertyResult, i: number, n: number): void => {
    const now = performance.now();
    durationsMs.set(p.title, now - last);
    last = now;
    if (dot) io.stdout.write(report.formatDot(p, i, n, c));
    else if (spinner) {
      if (p.status === 'fail' && !p.expected) spinner.log(report.formatProgress(p, i, n, c));
      const next = selected[i + 1];
      if (next) spinner.update(i + 1, n, next.title);
    } else if (human && !quiet) io.stdout.write(report.formatProgress(p, i, n, c));
  };
  const stop = stopSignal(maxDuration, io);
  const options = {
    adapter, properties: sharding ? selected : deps.properties, requirements: deps.requirements, expectedTrace: deps.expectedTrace,
    runs, seed, timeoutMs, only, strict: flags.strict, expectations, signal: stop.signal, ...(checker ? { checker } : {}),
  };
  let result: ConformanceResult;
  try {
    result = flags.bail ? await runBail(options, expectations, onProperty) : await run.runConformance({ ...options, onProgress: onProperty });
  } finally {
    spinner?.stop();
    stop.dispose();
    await checker?.close();
    await closeAdapter(adapter, io, timeoutMs);
  }
  if (sharding) result = { ...result, requirements: sharding.mod.markOtherShards(result.requirements, allSelected, sharding.shard) };
  const files = await report.writeReports(outDir, result, reporters as ReporterName[], { adapterSpec: flags.adapter, durationsMs });
  if (sharding) await addShardSection(outDir, sharding, result, { adapterSpec: flags.adapter, only, strict: flags.strict, expectations });
  if (human || dot) io.stdout.write(report.formatSummary(result, { adapterSpec: flags.adapter, outDir: flags.out, files, quiet: quiet || dot }, c));
  if (reporters.includes('github-actions')) {
    const lines = report.githubAnnotations(result, { outDir: flags.out, files });
    if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
  }
  if (flags.phptDir !== undefined) {
    const { writePhptFiles } = await import('./adapters/stdio/cli.js');
    await writePhptFiles(result, resolve(deps.cwd, flags.phptDir), io);
  }
  stoppedNote(result, io);
  if (stop.interrupted()) return 130;
  return run.hasFailures(result) ? 1 : 0;
}

/** `--workers N` needs the bundled suite and loader: each worker thread loads them itself. */
async function checkWorkersUsable(deps: CliDeps): Promise<void> {
  const [{ allProperties }, { loadAdapter }] = await Promise.all([import('./properties/index.js'), import('./loadAdapter.js')]);
  if (deps.properties !== allProperties || deps.loadAdapter !== loadAdapter) {
    throw new UsageError('--workers: the worker threads load the suite and the adapter themselves, so an injected suite or loader cannot be spread (use --workers 1)');
  }
}

/** The worker-thread checker of `run --workers N` (`harness/workers.ts`), loading the adapter as this process did. */
async function createChecker(workers: number, flags: RunFlags, deps: CliDeps, memoryLimitMb: number | undefined) {
  const [{ createWorkerChecker }, { externalOptionsOf }] = await Promise.all([import('./harness/workers.js'), import('./adapters/stdio/cli.js')]);
  return createWorkerChecker({
    workers, spec: flags.adapter, cwd: deps.cwd, inProcess: flags.inProcess === true || deps.isolate === null,
    external: await externalOptionsOf(flags), ...(memoryLimitMb !== undefined ? { memoryLimitMb } : {}),
  });
}

/** `--shard i/n`, parsed (a usage error when malformed), with the shard module; `undefined` without the flag. */
async function shardOf(value: string | undefined): Promise<{ shard: import('./harness/shard.js').Shard; mod: typeof import('./harness/shard.js') } | undefined> {
  if (value === undefined) return undefined;
  const mod = await import('./harness/shard.js');
  try {
    return { shard: mod.parseShard(value), mod };
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
}

/** Add the `shard` section (`harness/shard.ts`) to the `report.json` a shard run wrote. */
async function addShardSection(
  outDir: string, sharding: NonNullable<Awaited<ReturnType<typeof shardOf>>>, result: ConformanceResult,
  run: { adapterSpec: string; only: string[] | undefined; strict: boolean; expectations: Expectations },
): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  const file = join(outDir, 'report.json');
  const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  data.shard = sharding.mod.shardSection(sharding.shard, result, run);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * `merge-reports`: combine the `report.json` of every shard of one run
 * (`run --shard i/n`) into the `report.json` and `junit.xml` of the whole run.
 */
async function mergeReportsCommand(paths: string[], flags: { out: string }, global: GlobalFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const [shardMod, report, run] = await Promise.all([import('./harness/shard.js'), import('./report/index.js'), import('./harness/run.js')]);
  const shards = [];
  for (const path of paths) {
    const abs = resolve(deps.cwd, path);
    const file = existsSync(abs) && statSync(abs).isDirectory() ? join(abs, 'report.json') : abs;
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`merge-reports: cannot read ${path}${file !== abs ? '/report.json' : ''}: ${errorMessage(e)}`);
    }
    try {
      shards.push(shardMod.readShardReport(path, data));
    } catch (e) {
      throw new UsageError(`merge-reports: ${errorMessage(e)}`);
    }
  }
  let merged;
  try {
    merged = shardMod.mergeShards(shards, deps.properties, deps.requirements);
  } catch (e) {
    throw new UsageError(`merge-reports: ${errorMessage(e)}`);
  }
  const { adapterSpec, ...result } = merged;
  const outDir = resolve(deps.cwd, flags.out);
  checkOutDir(outDir);
  const files = await report.writeReports(outDir, result, ['json', 'junit'], adapterSpec !== undefined ? { adapterSpec } : {});
  const c = report.colorsFor(io.stdout, global.color);
  io.stdout.write(`merged ${shards.length} shards (seed ${result.seed}, ${result.properties.length} properties)\n`);
  io.stdout.write(report.formatSummary(result, { adapterSpec: adapterSpec ?? result.adapter, outDir: flags.out, files, quiet: true }, c));
  return run.hasFailures(result) ? 1 : 0;
}

interface CompatFlags {
  adapter: string;
  only?: string;
  runs: string;
  seed?: string;
  timeoutMs: string;
  out: string;
  strict: boolean;
  updateExpectations?: boolean;
  inProcess?: boolean;
  maxDuration?: string;
  memoryLimitMb?: string;
}

/** The implementations `compat` compares when `--adapter` is not given. */
export const DEFAULT_COMPAT_ADAPTERS = 'reference,tarn,generic-pool';

async function compatCommand(flags: CompatFlags, global: GlobalFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const runs = positiveInt(flags.runs, '--runs');
  const timeoutMs = timerMs(flags.timeoutMs, '--timeout-ms');
  const maxDuration = flags.maxDuration === undefined ? undefined : timerMs(flags.maxDuration, '--max-duration');
  const memoryLimitMb = flags.memoryLimitMb === undefined ? undefined : positiveInt(flags.memoryLimitMb, '--memory-limit-mb');
  const seed = parseSeed(flags.seed);
  const only = await parseOnly(flags.only, deps);
  const specs = parseList(flags.adapter, '--adapter');
  checkOutDir(resolve(deps.cwd, flags.out));
  const [report, run, exp] = await Promise.all([import('./report/index.js'), import('./harness/run.js'), import('./harness/expectations.js')]);
  const adapters: { spec: string; adapter: Adapter }[] = [];
  for (const spec of specs) adapters.push({ spec, adapter: prepare(await load(deps, spec, timeoutMs), spec, flags.inProcess, deps, memoryLimitMb) });
  const c = report.colorsFor(io.stdout, global.color);
  io.stdout.write(
    `${c.bold('TrueAsync compatibility')} — ${SUITE.name} ${SUITE.version}, ${adapters.length} implementations, seed ${c.cyan(String(seed))}, ${runs} runs per property\n`,
  );
  const outDir = resolve(deps.cwd, flags.out);
  const stop = stopSignal(maxDuration, io);
  const columns: CompatColumn[] = [];
  const used = new Set<string>();
  for (const { spec, adapter } of adapters) {
    let name = adapter.name;
    for (let n = 2; used.has(name); n++) name = `${adapter.name}#${n}`;
    used.add(name);
    let result: ConformanceResult;
    try {
      result = await run.runConformance({
        adapter, properties: deps.properties, requirements: deps.requirements, expectedTrace: deps.expectedTrace,
        runs, seed, timeoutMs, only, strict: flags.strict, signal: stop.signal,
        expectations: flags.updateExpectations ? {} : exp.expectationsAtRuns(adapter.expectations ?? {}, runs),
      });
    } finally {
      await closeAdapter(adapter, io, timeoutMs);
    }
    stoppedNote(result, io);
    await report.writeReports(join(outDir, 'compat', report.slugify(name)), result, ['json'], { adapterSpec: spec });
    const count = (s: string): number => result.requirements.filter((r) => r.status === s).length;
    io.stdout.write(
      `  ${name}${adapter.version ? ` ${adapter.version}` : ''}: ${count('pass')} pass, ${count('fail')} fail, ${count('expected-fail')} expected-fail, ` +
        `${count('unexpected-pass')} unexpected-pass, ${count('n/a')} n/a\n`,
    );
    const version = adapter.version ?? (spec === 'reference' ? SUITE.version : undefined);
    columns.push({ name, spec, result, ...(version ? { version } : {}) });
    if (flags.updateExpectations) {
      const file = await deps.expectationsFileOf?.(spec);
      if (file === undefined) {
        io.stderr.write(`warning: --update-expectations: ${name} has no expectations file of its own (only the bundled adapters do); use run --expectations\n`);
        continue;
      }
      const written = exp.updateExpectationsFile(file, result, adapter.version ? `${adapter.name.replace(/@.*$/, '')} ${adapter.version}` : adapter.name);
      io.stdout.write(c.dim(`  updated ${file}: ${written.kept} kept, ${written.added} added, ${written.removed} removed\n`));
    }
  }
  const matrix = report.compatReport(columns, { only, suite: SUITE });
  io.stdout.write(`\n${report.compatText(matrix, c)}`);
  const files = await report.writeCompatReports(outDir, matrix);
  io.stdout.write(c.dim(`written: ${files.json}, ${files.markdown}, per-implementation reports under ${join(outDir, 'compat')}\n`));
  stop.dispose();
  if (stop.interrupted()) return 130;
  if (flags.updateExpectations) return columns.some((col) => col.result.requirements.some((r) => r.status === 'fail' && (r.failure === undefined || r.failure.classification !== 'violation'))) ? 1 : 0;
  return columns.some((col) => run.hasFailures(col.result)) ? 1 : 0;
}

async function replayCommand(file: string, flags: { adapter?: string; timeoutMs: string; inProcess?: boolean } & ExternalFlags, global: GlobalFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const timeoutMs = timerMs(flags.timeoutMs, '--timeout-ms');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(resolve(deps.cwd, file), 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${errorMessage(e)}`);
  }
  const record = data as Record<string, unknown> | null;
  const isCounterexample = record !== null && typeof record === 'object' && 'scenario' in record && !('main' in record);
  const validation = await deps.validateScenario(isCounterexample ? record.scenario : data);
  if (!validation.ok) throw new UsageError(`${file}: invalid scenario: ${validation.errors[0] ?? 'unknown error'}`);
  const title = isCounterexample && typeof record.property === 'string' ? record.property : undefined;
  const key = isCounterexample && typeof record.key === 'string' ? record.key : undefined;
  const property = title === undefined ? undefined : deps.properties.find((p) => (key !== undefined ? p.key === key : p.title === title));
  const seed = isCounterexample && typeof record.seed === 'number' ? record.seed : 0;
  const recorded = isCounterexample ? (record.adapter as { spec?: unknown; name?: unknown } | undefined) : undefined;
  const spec = flags.adapter ?? (typeof recorded?.spec === 'string' ? recorded.spec : undefined);
  if (flags.phpt !== undefined) {
    const { writeReplayPhpt } = await import('./adapters/stdio/cli.js');
    await writeReplayPhpt(validation.scenario, deps.expectedTrace, { file, title, seed }, resolve(deps.cwd, flags.phpt), io);
    if (spec === undefined) return 0; // only the .phpt was asked for
  }
  if (spec === undefined) {
    throw new UsageError(isCounterexample
      ? `${file} records no adapter to replay on; name one with --adapter`
      : `replaying a bare scenario needs --adapter ("reference", "tarn", "generic-pool" or a module path)`);
  }
  const [{ runScenario }, report] = await Promise.all([import('./harness/execute.js'), import('./report/index.js')]);
  const adapter = await loadForCommand(deps, spec, flags, timeoutMs);
  const c = report.colorsFor(io.stdout, global.color);
  let outcome;
  try {
    outcome = await runScenario(validation.scenario, { adapter, expectedTrace: deps.expectedTrace, property, timeoutMs, seed });
  } finally {
    await closeAdapter(adapter, io, timeoutMs);
  }
  const source = flags.adapter === undefined ? ' (recorded in the file)' : '';
  io.stdout.write(`replay ${file} on adapter ${c.cyan(adapter.name)}${source}\n`);
  const { requiredCapabilities } = await import('./scenario/validate.js');
  const lacking = requiredCapabilities(validation.scenario).filter((cap) => !adapter.capabilities.includes(cap));
  if (lacking.length > 0) io.stdout.write(c.yellow(`note: the scenario uses capability ${lacking.join(', ')}, which ${adapter.name} does not declare\n`));
  if (title !== undefined) {
    io.stdout.write(property ? `property: ${title}\n` : c.yellow(`property not found: ${title}; checking actual ≡ expected\n`));
  } else io.stdout.write('no property named; checking actual ≡ expected\n');
  if (outcome.ok) {
    io.stdout.write(`${c.green('✓ pass')} (${outcome.actual.length} events)\n`);
    return 0;
  }
  io.stdout.write(`${c.red(`✗ ${outcome.classification}`)}: ${outcome.message}\n`);
  if (outcome.expected !== null && Array.isArray(outcome.actual)) {
    io.stdout.write(`${report.traceDiff(outcome.expected, outcome.actual, c).join('\n')}\n`);
  } else if (!Array.isArray(outcome.actual)) io.stdout.write(`actual: ${c.red(outcome.actual.error)}\n`);
  return 1;
}

async function requirementsCommand(flags: { json?: boolean }, global: GlobalFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const rows = deps.requirements.map((r) => ({
    id: r.id, title: r.title, kind: r.kind, ...(r.reason !== undefined ? { reason: r.reason } : {}), source: r.source,
    properties: deps.properties.filter((p) => p.requirements.includes(r.id)).map((p) => p.title),
  }));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const { colorsFor } = await import('./report/colors.js');
  const c = colorsFor(io.stdout, global.color);
  for (const r of rows) {
    io.stdout.write(`${c.bold(r.id)}  ${r.title}\n  kind: ${r.kind}${r.reason ? ` — ${r.reason}` : ''}\n  source: ${r.source}\n`);
    io.stdout.write(`  checked by: ${r.properties.length ? r.properties.join('; ') : c.dim('(no property)')}\n`);
  }
  io.stdout.write(`${rows.length} requirements\n`);
  return 0;
}

/** `areas`: each area of the list with its capability, what it covers, its requirements, instructions and event kinds. */
async function areasCommand(flags: { json?: boolean }, global: GlobalFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const list = deps.areas ?? (await import('./areas/index.js')).areas;
  const rows = list.map((a) => ({
    capability: a.name,
    summary: a.summary,
    needs: [...a.needs],
    requirements: a.requirements.flat().map((r) => r.id),
    properties: a.properties.map((p) => p.key),
    instructions: Object.keys(a.language.instructions),
    events: Object.keys(a.language.events),
  }));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const { colorsFor } = await import('./report/colors.js');
  const c = colorsFor(io.stdout, global.color);
  for (const r of rows) {
    const prefixes = [...new Set(r.requirements.map((id) => id.replace(/-\d+$/, '')))];
    io.stdout.write(`${c.bold(r.capability)}  ${r.summary}\n  needs: ${r.needs.join(', ')}\n`);
    io.stdout.write(`  requirements: ${r.requirements.length} (${prefixes.join(', ')}), ${r.properties.length} properties, acceptance: STRICT.${r.capability}\n`);
    io.stdout.write(`  instructions: ${r.instructions.join(', ')}\n  trace events: ${r.events.join(', ')}\n`);
  }
  io.stdout.write(`${rows.length} areas; an adapter declares the capabilities of those it implements (capabilities: ${rows.map((r) => r.capability).join(', ')})\n`);
  return 0;
}

function oneLine(text: string): string {
  return `${text.replace(/\s*\n\s*/g, ' ').trim()}\n`;
}

const defaultIO: CliIO = { stdout: process.stdout, stderr: process.stderr };

/** Examples and exit codes, shown after the option list of `--help`. */
export const HELP_FOOTER = `
Examples:
  $ trueasync-conformance run --adapter ./my-adapter.mjs                check a runtime (every area it declares)
  $ trueasync-conformance run --adapter ./my-adapter.ts --only SCH,WAK-5 --runs 200 --seed 42
  $ trueasync-conformance run --adapter ./my-adapter.mjs --reporter dot,junit --bail
  $ trueasync-conformance run --adapter ./my-adapter.mjs --reporter github-actions,json   in a GitHub workflow
  $ trueasync-conformance replay reports/counterexamples/SCH-1.json    re-run a failure on the adapter it failed on
  $ trueasync-conformance compat --adapter reference,tarn --only POOL   requirement × implementation matrix
  $ trueasync-conformance requirements --json                          the requirement catalogue
  $ trueasync-conformance areas                                        the areas: capability, instructions, requirements

Exit codes:
  0  every applicable requirement passed, or failed only as an expected failure
  1  a requirement failed, or an expected failure passed (unexpected-pass)
  2  usage error: unknown option or command, bad value, adapter or file that cannot be loaded

A TypeScript adapter (.ts, .mts) is loaded with tsx (npm install --save-dev tsx).
Colour follows NO_COLOR, FORCE_COLOR, CI and the terminal; --color / --no-color override.
`;

/**
 * Run the CLI.
 *
 * @param argv - the arguments after the program name (`process.argv.slice(2)`).
 * @param io - where to write.
 * @param inject - replacements of the real catalogue, suite, spec and loaders (tests).
 * @returns the exit code.
 */
export async function main(argv: string[], io: CliIO = defaultIO, inject: Partial<CliDeps> = {}): Promise<number> {
  const deps = (): Promise<CliDeps> => resolveDeps(inject);
  let code = 0;
  const program = new Command('trueasync-conformance')
    .description('Conformance suite for TrueAsync runtimes: checks an adapter\'s traces against the executable spec')
    .version(SUITE.version, '-v, --version', 'print the suite version')
    .option('--color', 'force colour output')
    .option('--no-color', 'no colour output')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(oneLine(s)),
    })
    .addHelpText('after', HELP_FOOTER);
  const global = (): GlobalFlags => program.opts<GlobalFlags>();
  program.command('run').description('check an adapter against the properties')
    .option('--adapter <spec>', '"reference", "tarn", "generic-pool" or a module path', 'reference')
    .option('--only <ids>', 'comma-separated requirement IDs or prefixes (EVT,SCH-3)')
    .option('--runs <n>', 'scenarios per property', '100')
    .option('--seed <s>', 'seed of the run (random when absent)')
    .option('--timeout-ms <n>', 'wall-clock limit of one scenario', '5000')
    .option('--reporter <list>', 'human|dot|json|junit|github-actions, comma-separated', 'human,json,junit')
    .option('--out <dir>', 'report directory', 'reports')
    .option('--no-strict', 'drop the STRICT: properties (actual ≡ expected)')
    .option('--expectations <file>', 'known deviations (expected failures) of the adapter; replaces its own')
    .option('--bail', 'stop at the first failure that is not an expected one')
    .option('--quiet', 'print only failures and the summary')
    .option('--in-process', 'run the adapter in this process (faster; a synchronous hang or process.exit then stops the run)')
    .option('--max-duration <ms>', 'stop the whole run after this long and write a partial report')
    .option('--memory-limit-mb <n>', 'heap limit of the isolated adapter (worker), in MiB')
    .option('--phpt-dir <dir>', 'write every counterexample as a php-src .phpt regression test into DIR')
    .option('--shard <i/n>', 'run only shard i of n (properties dealt round-robin by key); combine with merge-reports')
    .option('--workers <n>', 'check N properties at once in worker threads (the same report as 1)', '1')
    .addHelpText('after', HELP_FOOTER)
    .action(async (flags: RunFlags & GlobalFlags) => { code = await runCommand(flags, global(), io, await deps()); });
  addExternalAdapterOptions(program.commands[program.commands.length - 1]!);
  program.command('compat').description('run several adapters and print the requirement × implementation matrix')
    .option('--adapter <list>', 'comma-separated adapters ("reference", "tarn", "generic-pool" or module paths)', DEFAULT_COMPAT_ADAPTERS)
    .option('--only <ids>', 'comma-separated requirement IDs or prefixes (POOL,CB-3)')
    .option('--runs <n>', 'scenarios per property', '100')
    .option('--seed <s>', 'seed of the run (random when absent)')
    .option('--timeout-ms <n>', 'wall-clock limit of one scenario', '5000')
    .option('--out <dir>', 'report directory (compat.json, compat.md)', 'reports')
    .option('--no-strict', 'drop the STRICT: properties (actual ≡ expected)')
    .option('--update-expectations', 'rewrite each bundled adapter\'s expectations.json from this run (violations become entries, stamped with --runs)')
    .option('--in-process', 'run the adapter in this process (faster; a synchronous hang or process.exit then stops the run)')
    .option('--max-duration <ms>', 'stop the whole run after this long and write a partial report')
    .option('--memory-limit-mb <n>', 'heap limit of the isolated adapter (worker), in MiB')
    .action(async (flags: CompatFlags & GlobalFlags) => { code = await compatCommand(flags, global(), io, await deps()); });
  program.command('replay').description('re-run a counterexample file (on the adapter it records) or a bare scenario')
    .argument('<file>', 'counterexample or scenario JSON')
    .option('--adapter <spec>', 'the adapter to replay on; default: the one recorded in the counterexample file')
    .option('--timeout-ms <n>', 'wall-clock limit', '5000')
    .option('--in-process', 'run the adapter in this process instead of a worker thread')
    .option('--phpt <file>', 'also write the scenario and the spec\'s expected output as a php-src .phpt test')
    .action(async (file: string, flags: { adapter?: string; timeoutMs: string; inProcess?: boolean } & ExternalFlags & GlobalFlags) => {
      code = await replayCommand(file, flags, global(), io, await deps());
    });
  addExternalAdapterOptions(program.commands[program.commands.length - 1]!);
  registerServeCommand(program, inject.cwd ?? process.cwd(), (c) => { code = c; });
  program.command('merge-reports').description('combine the report.json of every shard (run --shard i/n) into one report.json and junit.xml')
    .argument('<paths...>', 'shard report directories or report.json files')
    .option('--out <dir>', 'directory of the merged reports', 'reports')
    .action(async (paths: string[], flags: { out: string }) => { code = await mergeReportsCommand(paths, flags, global(), io, await deps()); });
  program.command('requirements').description('list the requirement catalogue')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => { code = await requirementsCommand(flags, global(), io, await deps()); });
  program.command('areas').description('list the areas: capability, instructions, trace events, requirements')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => { code = await areasCommand(flags, global(), io, await deps()); });
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    io.stderr.write(HELP_FOOTER);
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.version'].includes(e.code) || (e.code === 'commander.help' && e.exitCode === 0) ? 0 : 2;
    }
    const usage = e instanceof Error && ['UsageError', 'AdapterLoadError', 'ExpectationsError'].includes(e.name);
    io.stderr.write(oneLine(`error: ${usage ? (e as Error).message : errorMessage(e)}`));
    return 2;
  }
  return code;
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/**
 * End the process with `code` once stdout and stderr are flushed, even if an
 * in-process adapter leaked a handle (a `setInterval`) that would keep it
 * alive after the summary.
 */
export function exitWhenDone(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
  setTimeout(() => process.exit(code), 2000).unref();
}

/** Ignore EPIPE and other errors of stdout/stderr (`… | head` closed the pipe): the reports are still written. */
export function tolerateClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}

if (isEntryPoint()) {
  tolerateClosedOutput();
  exitWhenDone(await main(process.argv.slice(2)));
}
