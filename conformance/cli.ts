/**
 * The `trueasync-conformance` command line: `run`, `compat`, `replay`,
 * `requirements`.
 *
 * @remarks Exit codes: 0 when every applicable requirement passes or fails
 * only as an expected failure (listed in the adapter's expectations), 1 when
 * anything else fails or an expected failure passes (`unexpected-pass`: the
 * entry is stale), 2 for usage errors (unknown flag or command, bad values,
 * an adapter that cannot be loaded, an unreadable replay or expectations
 * file); usage errors print one line on stderr.
 * @module
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import type { Adapter, Expectations, Scenario } from './adapter.js';
import type { Requirement } from '../spec/kernel/requirement.js';
import type { ConformanceProperty } from './harness/property.js';
import { allRequirements } from '../spec/requirements.js';
import { allProperties } from './properties/index.js';
import { expectedTrace as specExpectedTrace } from '../spec/system/interpret.js';
import { errorMessage, runScenario, type ExpectedTraceFn } from './harness/execute.js';
import { hasFailures, runConformance, unknownOnly, type ConformanceResult } from './harness/run.js';
import { ExpectationsError, readExpectationsFile } from './harness/expectations.js';
import { AdapterLoadError, loadAdapter as defaultLoadAdapter } from './loadAdapter.js';
import { addExternalAdapterOptions, externalOptionsOf, loadAdapterWith, registerServeCommand, writePhptFiles, writeReplayPhpt, type ExternalFlags } from './adapters/stdio/cli.js';
import {
  colorsFor, compatReport, compatText, formatHeader, formatProgress, formatSummary, REPORTERS, slugify, traceWindow,
  writeCompatReports, writeReports, type CompatColumn, type Output, type ReporterName,
} from './report/index.js';

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
  /** The executable spec's interpreter. */
  expectedTrace: ExpectedTraceFn;
  /** Loads `--adapter`. */
  loadAdapter: (spec: string, cwd: string) => Promise<Adapter>;
  /** Validates a replayed scenario. */
  validateScenario: (x: unknown) => ScenarioValidation | Promise<ScenarioValidation>;
  /** Directory relative paths are resolved against. */
  cwd: string;
}

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

async function load(deps: CliDeps, spec: string): Promise<Adapter> {
  return deps.loadAdapter(spec, deps.cwd);
}

async function closeAdapter(adapter: Adapter, io: CliIO): Promise<void> {
  try {
    await adapter.close?.();
  } catch (e) {
    io.stderr.write(`warning: adapter close() failed: ${errorMessage(e)}\n`);
  }
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
}

function parseOnly(value: string | undefined, deps: CliDeps): string[] | undefined {
  const only = value === undefined ? undefined : parseList(value, '--only');
  if (only) {
    const unknown = unknownOnly(only, deps.requirements);
    if (unknown.length > 0) throw new UsageError(`--only: unknown requirement ID or prefix ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  }
  return only;
}

function readExpectations(file: string | undefined, deps: CliDeps): Expectations | undefined {
  if (file === undefined) return undefined;
  try {
    return readExpectationsFile(resolve(deps.cwd, file)).expectations;
  } catch (e) {
    throw new UsageError(e instanceof ExpectationsError ? `--expectations: ${e.message}` : errorMessage(e));
  }
}

async function runCommand(flags: RunFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const runs = positiveInt(flags.runs, '--runs');
  const timeoutMs = positiveInt(flags.timeoutMs, '--timeout-ms');
  const seed = parseSeed(flags.seed);
  const reporters = parseList(flags.reporter, '--reporter');
  const badReporter = reporters.find((r) => !(REPORTERS as readonly string[]).includes(r));
  if (badReporter) throw new UsageError(`unknown reporter ${JSON.stringify(badReporter)} (known: ${REPORTERS.join(', ')})`);
  const only = parseOnly(flags.only, deps);
  const expectations = readExpectations(flags.expectations, deps);
  const adapter = await loadAdapterWith(flags.adapter, externalOptionsOf(flags), () => load(deps, flags.adapter), deps.cwd);
  const human = reporters.includes('human');
  const c = colorsFor(io.stdout);
  io.stdout.write(human ? formatHeader(adapter.name, seed, runs, c) : `seed ${seed}\n`);
  let result;
  try {
    result = await runConformance({
      adapter, properties: deps.properties, requirements: deps.requirements, expectedTrace: deps.expectedTrace,
      runs, seed, timeoutMs, only, strict: flags.strict, ...(expectations ? { expectations } : {}),
      onProgress: human ? (p, i, n) => io.stdout.write(formatProgress(p, i, n, c)) : undefined,
    });
  } finally {
    await closeAdapter(adapter, io);
  }
  const outDir = resolve(deps.cwd, flags.out);
  const files = await writeReports(outDir, result, reporters as ReporterName[]);
  if (human) io.stdout.write(formatSummary(result, { adapterSpec: flags.adapter, outDir: flags.out, files }, c));
  if (flags.phptDir !== undefined) await writePhptFiles(result, resolve(deps.cwd, flags.phptDir), io);
  return hasFailures(result) ? 1 : 0;
}

interface CompatFlags {
  adapter: string;
  only?: string;
  runs: string;
  seed?: string;
  timeoutMs: string;
  out: string;
  strict: boolean;
}

/** The implementations `compat` compares when `--adapter` is not given. */
export const DEFAULT_COMPAT_ADAPTERS = 'reference,tarn,generic-pool';

async function compatCommand(flags: CompatFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const runs = positiveInt(flags.runs, '--runs');
  const timeoutMs = positiveInt(flags.timeoutMs, '--timeout-ms');
  const seed = parseSeed(flags.seed);
  const only = parseOnly(flags.only, deps);
  const specs = parseList(flags.adapter, '--adapter');
  const adapters: { spec: string; adapter: Adapter }[] = [];
  for (const spec of specs) adapters.push({ spec, adapter: await load(deps, spec) });
  const c = colorsFor(io.stdout);
  io.stdout.write(`${c.bold('TrueAsync compatibility')} — ${adapters.length} implementations, seed ${c.cyan(String(seed))}, ${runs} runs per property\n`);
  const outDir = resolve(deps.cwd, flags.out);
  const columns: CompatColumn[] = [];
  const used = new Set<string>();
  for (const { spec, adapter } of adapters) {
    let name = adapter.name;
    for (let n = 2; used.has(name); n++) name = `${adapter.name}#${n}`;
    used.add(name);
    let result: ConformanceResult;
    try {
      result = await runConformance({
        adapter, properties: deps.properties, requirements: deps.requirements, expectedTrace: deps.expectedTrace,
        runs, seed, timeoutMs, only, strict: flags.strict,
      });
    } finally {
      await closeAdapter(adapter, io);
    }
    await writeReports(join(outDir, 'compat', slugify(name)), result, ['json']);
    const count = (s: string): number => result.requirements.filter((r) => r.status === s).length;
    io.stdout.write(
      `  ${name}: ${count('pass')} pass, ${count('fail')} fail, ${count('expected-fail')} expected-fail, ` +
        `${count('unexpected-pass')} unexpected-pass, ${count('n/a')} n/a\n`,
    );
    columns.push({ name, spec, result });
  }
  const report = compatReport(columns);
  io.stdout.write(`\n${compatText(report, c)}`);
  const files = await writeCompatReports(outDir, report);
  io.stdout.write(c.dim(`written: ${files.json}, ${files.markdown}, per-implementation reports under ${join(outDir, 'compat')}\n`));
  return columns.some((col) => hasFailures(col.result)) ? 1 : 0;
}

async function replayCommand(file: string, flags: { adapter: string; timeoutMs: string } & ExternalFlags, io: CliIO, deps: CliDeps): Promise<number> {
  const timeoutMs = positiveInt(flags.timeoutMs, '--timeout-ms');
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
  const property = title === undefined ? undefined : deps.properties.find((p) => p.title === title);
  const seed = isCounterexample && typeof record.seed === 'number' ? record.seed : 0;
  if (flags.phpt !== undefined) await writeReplayPhpt(validation.scenario, deps.expectedTrace, { file, title, seed }, resolve(deps.cwd, flags.phpt), io);
  const adapter = await loadAdapterWith(flags.adapter, externalOptionsOf(flags), () => load(deps, flags.adapter), deps.cwd);
  const c = colorsFor(io.stdout);
  let outcome;
  try {
    outcome = await runScenario(validation.scenario, { adapter, expectedTrace: deps.expectedTrace, property, timeoutMs, seed });
  } finally {
    await closeAdapter(adapter, io);
  }
  io.stdout.write(`replay ${file} on adapter ${c.cyan(adapter.name)}\n`);
  if (title !== undefined) {
    io.stdout.write(property ? `property: ${title}\n` : c.yellow(`property not found: ${title}; checking actual ≡ expected\n`));
  } else io.stdout.write('no property named; checking actual ≡ expected\n');
  if (outcome.ok) {
    io.stdout.write(`${c.green('✓ pass')} (${outcome.actual.length} events)\n`);
    return 0;
  }
  io.stdout.write(`${c.red(`✗ ${outcome.classification}`)}: ${outcome.message}\n`);
  if (outcome.expected !== null && Array.isArray(outcome.actual)) {
    io.stdout.write(`${traceWindow(outcome.expected, outcome.actual, c).join('\n')}\n`);
  } else if (!Array.isArray(outcome.actual)) io.stdout.write(`actual: ${c.red(outcome.actual.error)}\n`);
  return 1;
}

function requirementsCommand(flags: { json?: boolean }, io: CliIO, deps: CliDeps): number {
  const rows = deps.requirements.map((r) => ({
    id: r.id, title: r.title, kind: r.kind, ...(r.reason !== undefined ? { reason: r.reason } : {}), source: r.source,
    properties: deps.properties.filter((p) => p.requirements.includes(r.id)).map((p) => p.title),
  }));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const c = colorsFor(io.stdout);
  for (const r of rows) {
    io.stdout.write(`${c.bold(r.id)}  ${r.title}\n  kind: ${r.kind}${r.reason ? ` — ${r.reason}` : ''}\n  source: ${r.source}\n`);
    io.stdout.write(`  checked by: ${r.properties.length ? r.properties.join('; ') : c.dim('(no property)')}\n`);
  }
  io.stdout.write(`${rows.length} requirements\n`);
  return 0;
}

function oneLine(text: string): string {
  return `${text.replace(/\s*\n\s*/g, ' ').trim()}\n`;
}

const defaultIO: CliIO = { stdout: process.stdout, stderr: process.stderr };

/**
 * Run the CLI.
 *
 * @param argv - the arguments after the program name (`process.argv.slice(2)`).
 * @param io - where to write.
 * @param inject - replacements of the real catalogue, suite, spec and loaders (tests).
 * @returns the exit code.
 */
export async function main(argv: string[], io: CliIO = defaultIO, inject: Partial<CliDeps> = {}): Promise<number> {
  const deps: CliDeps = {
    requirements: allRequirements, properties: allProperties, expectedTrace: specExpectedTrace,
    loadAdapter: defaultLoadAdapter, validateScenario: defaultValidateScenario, cwd: process.cwd(), ...inject,
  };
  if (argv.length === 0) {
    io.stderr.write('error: missing command (run, compat, replay, requirements, serve); see --help\n');
    return 2;
  }
  let code = 0;
  const program = new Command('trueasync-conformance')
    .description('Conformance suite for TrueAsync runtimes')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(oneLine(s)),
    });
  program.command('run').description('check an adapter against the properties')
    .option('--adapter <spec>', '"reference", "tarn", "generic-pool" or a module path', 'reference')
    .option('--only <ids>', 'comma-separated requirement IDs or prefixes (EVT,SCH-3)')
    .option('--runs <n>', 'scenarios per property', '100')
    .option('--seed <s>', 'seed of the run (random when absent)')
    .option('--timeout-ms <n>', 'wall-clock limit of one scenario', '5000')
    .option('--reporter <list>', 'human,json,junit', 'human,json,junit')
    .option('--out <dir>', 'report directory', 'reports')
    .option('--no-strict', 'drop the STRICT: properties (actual ≡ expected)')
    .option('--expectations <file>', 'known deviations (expected failures) of the adapter; replaces its own')
    .option('--phpt-dir <dir>', 'write every counterexample as a php-src .phpt regression test into DIR')
    .action(async (flags: RunFlags) => { code = await runCommand(flags, io, deps); });
  addExternalAdapterOptions(program.commands[program.commands.length - 1]!);
  program.command('compat').description('run several adapters and print the requirement × implementation matrix')
    .option('--adapter <list>', 'comma-separated adapters ("reference", "tarn", "generic-pool" or module paths)', DEFAULT_COMPAT_ADAPTERS)
    .option('--only <ids>', 'comma-separated requirement IDs or prefixes (POOL,CB-3)')
    .option('--runs <n>', 'scenarios per property', '100')
    .option('--seed <s>', 'seed of the run (random when absent)')
    .option('--timeout-ms <n>', 'wall-clock limit of one scenario', '5000')
    .option('--out <dir>', 'report directory (compat.json, compat.md)', 'reports')
    .option('--no-strict', 'drop the STRICT: properties (actual ≡ expected)')
    .action(async (flags: CompatFlags) => { code = await compatCommand(flags, io, deps); });
  program.command('replay').description('re-run a counterexample file or a bare scenario')
    .argument('<file>', 'counterexample or scenario JSON')
    .option('--adapter <spec>', '"reference", "tarn", "generic-pool" or a module path', 'reference')
    .option('--timeout-ms <n>', 'wall-clock limit', '5000')
    .option('--phpt <file>', 'also write the scenario and the spec\'s expected output as a php-src .phpt test')
    .action(async (file: string, flags: { adapter: string; timeoutMs: string } & ExternalFlags) => { code = await replayCommand(file, flags, io, deps); });
  addExternalAdapterOptions(program.commands[program.commands.length - 1]!);
  registerServeCommand(program, deps.cwd, (c) => { code = c; });
  program.command('requirements').description('list the requirement catalogue')
    .option('--json', 'machine-readable output')
    .action((flags: { json?: boolean }) => { code = requirementsCommand(flags, io, deps); });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.version'].includes(e.code) || (e.code === 'commander.help' && e.exitCode === 0) ? 0 : 2;
    }
    io.stderr.write(oneLine(`error: ${e instanceof UsageError || e instanceof AdapterLoadError || e instanceof ExpectationsError ? e.message : errorMessage(e)}`));
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

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
