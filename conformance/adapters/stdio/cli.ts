/**
 * The command-line pieces of the external adapters, kept out of
 * `conformance/cli.ts`: the `serve` command, the `--arg`, `--stdio-stderr`,
 * `--php`, `--php-prepend` options of `run` and `replay`, and the `.phpt`
 * export (`run --phpt-dir`, `replay --phpt`).
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { Adapter, Scenario } from '../../adapter.js';
import type { ExpectedTraceFn } from '../../harness/execute.js';
import type { ConformanceResult } from '../../harness/run.js';
import type { Output } from '../../report/index.js';
import type { StderrPolicy } from './client.js';
import type { ExternalAdapterOptions } from './load.js';

// Everything heavier than commander is imported when a command runs, so the CLI starts fast.
const loaders = (): Promise<typeof import('../../loadAdapter.js')> => import('../../loadAdapter.js');

/** The flags these options add (commander's camelCase names). */
export interface ExternalFlags {
  /** `--arg` values, in order. */
  arg?: string[];
  /** `--stdio-stderr`. */
  stdioStderr?: string;
  /** `--php`. */
  php?: string;
  /** `--php-prepend`. */
  phpPrepend?: string;
  /** `--phpt-dir` (run). */
  phptDir?: string;
  /** `--phpt` (replay). */
  phpt?: string;
}

/** Add `--arg`, `--stdio-stderr`, `--php`, `--php-prepend` to a command. */
export function addExternalAdapterOptions(command: Command): void {
  command
    .option('--arg <value>', 'an argument appended to the stdio:CMD command (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--stdio-stderr <policy>', 'stdio server stderr: "fail" (classified malformed-trace) or "ignore"', 'fail')
    .option('--php <path>', 'PHP binary of --adapter php', 'php')
    .option('--php-prepend <file>', 'PHP file prepended to every script of --adapter php (e.g. test/php-shim/trueasync.php)');
}

/** The {@link ExternalAdapterOptions} of parsed flags. */
export async function externalOptionsOf(flags: ExternalFlags): Promise<ExternalAdapterOptions> {
  const stderr = flags.stdioStderr ?? 'fail';
  if (stderr !== 'fail' && stderr !== 'ignore') throw new (await loaders()).AdapterLoadError(`--stdio-stderr must be "fail" or "ignore" (got ${JSON.stringify(stderr)})`);
  return {
    ...(flags.arg ? { args: flags.arg } : {}), stderr: stderr as StderrPolicy,
    ...(flags.php !== undefined ? { php: flags.php } : {}), ...(flags.phpPrepend !== undefined ? { phpPrepend: flags.phpPrepend } : {}),
  };
}

/**
 * Load `spec` with the external options when it is `stdio:…` or `php`, else with `fallback`.
 *
 * @throws AdapterLoadError with a one-line message.
 */
export async function loadAdapterWith(spec: string, options: ExternalAdapterOptions, fallback: () => Promise<Adapter>, cwd: string): Promise<Adapter> {
  const { isExternalAdapterSpec, loadExternalAdapter } = await import('./load.js');
  if (!isExternalAdapterSpec(spec)) return fallback();
  try {
    return await loadExternalAdapter(spec, options, cwd);
  } catch (e) {
    throw new (await loaders()).AdapterLoadError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Register `serve --adapter SPEC`: serve an in-process adapter over the stdio
 * protocol on this process's stdin/stdout until `shutdown` or end of input.
 */
export function registerServeCommand(program: Command, cwd: string, setCode: (code: number) => void): void {
  program.command('serve').description('serve an adapter over the stdio protocol (JSON lines on stdin/stdout)')
    .option('--adapter <spec>', '"reference", "tarn", "generic-pool" or a module path', 'reference')
    .option('--impl-version <v>', 'implementation version announced in the handshake', '0.1.0')
    .action(async (flags: { adapter: string; implVersion: string }) => {
      const [{ loadAdapter }, { serveAdapter }] = await Promise.all([loaders(), import('./server.js')]);
      const adapter = await loadAdapter(flags.adapter, cwd);
      await serveAdapter(adapter, { input: process.stdin, output: process.stdout, version: flags.implVersion });
      setCode(0);
    });
}

function phptName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9_-]+/g, '_')}.phpt`;
}

/**
 * `run --phpt-dir DIR`: every failing requirement's counterexample that has a
 * PHP spelling becomes `DIR/<ID>.phpt`.
 *
 * @returns the files written.
 */
export async function writePhptFiles(result: ConformanceResult, dir: string, io: { stdout: Output }): Promise<string[]> {
  const [{ renderPhpt }, { unsupportedByPhp }] = await Promise.all([import('../php/phpt.js'), import('../php/render.js')]);
  const written: string[] = [];
  const skipped: string[] = [];
  for (const r of result.requirements) {
    const f = r.failure;
    if (f === undefined || f.scenario === null || f.expected === null) continue;
    if (unsupportedByPhp(f.scenario) !== undefined) {
      skipped.push(r.id);
      continue;
    }
    await mkdir(dir, { recursive: true });
    const file = join(dir, phptName(r.id));
    await writeFile(file, renderPhpt({
      scenario: f.scenario, expected: f.expected, title: `${r.id}: ${r.title}`,
      description: [`Requirement ${r.id} (${r.source}); property "${f.property}"; seed ${f.seed}.`],
    }));
    written.push(file);
  }
  io.stdout.write(`phpt: ${written.length} written to ${dir}${skipped.length ? `; no PHP spelling for ${skipped.join(', ')}` : ''}\n`);
  return written;
}

/** `replay FILE --phpt OUT`: write the scenario and the spec's expected output as a `.phpt`. */
export async function writeReplayPhpt(
  scenario: Scenario, expectedTrace: ExpectedTraceFn, from: { file: string; title: string | undefined; seed: number }, out: string, io: { stdout: Output },
): Promise<void> {
  const [{ renderPhpt }, { unsupportedByPhp }, { AdapterLoadError }] = await Promise.all([import('../php/phpt.js'), import('../php/render.js'), loaders()]);
  const why = unsupportedByPhp(scenario);
  if (why !== undefined) throw new AdapterLoadError(`--phpt: the scenario has no PHP spelling: ${why}`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, renderPhpt({
    scenario, expected: expectedTrace(scenario), title: from.title ?? scenario.name ?? `scenario ${from.file}`,
    description: [`Replayed from ${from.file}${from.title ? ` (seed ${from.seed})` : ''}.`],
  }));
  io.stdout.write(`phpt: written ${out}\n`);
}
