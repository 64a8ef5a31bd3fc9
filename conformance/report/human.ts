/**
 * The human reporter: a progress line per property, a summary per
 * requirement, and for each failure everything needed to understand and
 * replay it.
 * @module
 */
import type { Trace } from '../adapter.js';
import { STRICT_PREFIX, type ConformanceResult, type PropertyResult, type RequirementResult } from '../harness/run.js';
import type { Colors } from './colors.js';
import { traceWindow } from './diff.js';

/** What the failure section needs to print replay commands. */
export interface HumanContext {
  /** The `--adapter` value of this run (`reference` or a path). */
  adapterSpec: string;
  /** The `--out` directory, if counterexample files were written. */
  outDir?: string;
  /** Relative counterexample file paths keyed by property title. */
  files?: ReadonlyMap<string, string>;
  /** Command prefix of the CLI. @defaultValue `'npx trueasync-conformance'` */
  command?: string;
}

const MARK = { pass: '✓', fail: '✗', 'n/a': '–', 'spec-only': '·' } as const;

function mark(status: keyof typeof MARK, c: Colors): string {
  if (status === 'pass') return c.green(MARK.pass);
  if (status === 'fail') return c.red(MARK.fail);
  return c.dim(MARK[status]);
}

/** The header line of a run. */
export function formatHeader(adapter: string, seed: number, runs: number, c: Colors): string {
  return `${c.bold('TrueAsync conformance')} — adapter ${c.cyan(adapter)}, seed ${c.cyan(String(seed))}, ${runs} runs per property\n`;
}

/** The progress line of one finished property. */
export function formatProgress(p: PropertyResult, index: number, total: number, c: Colors): string {
  const counter = c.dim(`[${String(index + 1).padStart(String(total).length)}/${total}]`);
  const tail =
    p.status === 'n/a'
      ? c.dim(`(adapter lacks ${(p.missingCapabilities ?? []).join(', ')})`)
      : p.status === 'fail'
        ? c.red(`${p.failure?.classification ?? 'fail'} after ${p.runs} runs`)
        : c.dim(`${p.runs} runs`);
  const label = p.status === 'n/a' ? c.dim('n/a') : mark(p.status, c);
  return `${counter} ${label} ${p.title} ${tail}\n`;
}

function requirementLine(r: RequirementResult, c: Colors): string {
  const status = r.status === 'fail' ? c.red('fail') : r.status === 'pass' ? c.green('pass') : c.dim(r.status);
  const detail = r.status === 'pass' ? c.dim(` (${r.runs} runs)`) : r.reason ? c.dim(` — ${r.reason}`) : '';
  return `  ${mark(r.status, c)} ${r.id.padEnd(8)} ${status.padEnd(4)} ${r.title}${detail}`;
}

function pretty(x: unknown): string {
  return JSON.stringify(x, null, 2)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function quote(arg: string): string {
  return /^[\w./:,=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function failureSection(p: PropertyResult, result: ConformanceResult, ctx: HumanContext, c: Colors): string[] {
  const f = p.failure!;
  const cmd = ctx.command ?? 'npx trueasync-conformance';
  const lines = [
    '',
    c.red(c.bold(`✗ ${p.title.startsWith(p.requirements.join(', ')) ? p.title : `${p.requirements.join(', ')} — ${p.title}`}`)),
    `  classification: ${c.red(f.classification)}`,
    `  ${f.message}`,
  ];
  for (const id of p.requirements) {
    const r = result.requirements.find((x) => x.id === id);
    if (r) lines.push(c.dim(`  ${id}: ${r.source}`));
  }
  lines.push(`  property seed: ${f.seed}${f.path ? `, path ${f.path}` : ''}`);
  const only = p.requirements.length > 0 && !p.title.startsWith(STRICT_PREFIX) ? ` --only ${p.requirements.join(',')}` : '';
  lines.push(`  re-run:  ${cmd} run --adapter ${quote(ctx.adapterSpec)} --seed ${result.seed} --runs ${result.runsPerProperty}${only}`);
  const file = ctx.files?.get(p.title);
  if (file && ctx.outDir !== undefined) {
    lines.push(`  replay:  ${cmd} replay ${quote(`${ctx.outDir.replace(/\/+$/, '')}/${file}`)} --adapter ${quote(ctx.adapterSpec)}`);
  }
  if (f.scenario !== null) lines.push('  shrunk scenario:', pretty(f.scenario));
  if (Array.isArray(f.actual) && f.expected !== null) {
    lines.push(...traceWindow(f.expected, f.actual as Trace, c).map((l) => `  ${l}`));
  } else if (!Array.isArray(f.actual)) {
    lines.push(`  actual: ${c.red(f.actual.error)}`);
  }
  return lines;
}

/** The end-of-run summary: one line per requirement, then each failure, then totals. */
export function formatSummary(result: ConformanceResult, ctx: HumanContext, c: Colors): string {
  const lines = ['', c.bold('Requirements')];
  for (const r of result.requirements) lines.push(requirementLine(r, c));
  for (const p of result.properties) if (p.status === 'fail' && p.failure) lines.push(...failureSection(p, result, ctx, c));
  const count = (s: string): number => result.requirements.filter((r) => r.status === s).length;
  const failedProps = result.properties.filter((p) => p.status === 'fail').length;
  lines.push(
    '',
    `${c.bold('Summary')}: ${c.green(`${count('pass')} pass`)}, ${count('fail') ? c.red(`${count('fail')} fail`) : '0 fail'}, ` +
      `${count('n/a')} n/a, ${count('spec-only')} spec-only; ` +
      `${result.properties.length} properties (${failedProps} failed), seed ${result.seed}`,
  );
  return `${lines.join('\n')}\n`;
}
