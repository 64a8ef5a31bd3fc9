/**
 * The human reporter: a progress line per property, a summary per
 * requirement, and for each failure everything needed to understand and
 * replay it.
 * @module
 */
import type { Trace } from '../adapter.js';
import {
  STRICT_PREFIX, type ConformanceResult, type PropertyResult, type RequirementResult, type RequirementStatus,
} from '../harness/run.js';
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

const MARK = { pass: '✓', fail: '✗', 'expected-fail': '⊘', 'unexpected-pass': '!', 'n/a': '–', 'spec-only': '·' } as const;

function mark(status: keyof typeof MARK, c: Colors): string {
  if (status === 'pass') return c.green(MARK.pass);
  if (status === 'fail') return c.red(MARK.fail);
  if (status === 'expected-fail') return c.yellow(MARK[status]);
  if (status === 'unexpected-pass') return c.red(c.bold(MARK[status]));
  return c.dim(MARK[status]);
}

function paintStatus(status: RequirementStatus, c: Colors): string {
  if (status === 'pass') return c.green(status);
  if (status === 'fail') return c.red(status);
  if (status === 'expected-fail') return c.yellow(status);
  if (status === 'unexpected-pass') return c.red(c.bold(status));
  return c.dim(status);
}

/** The header line of a run. */
export function formatHeader(adapter: string, seed: number, runs: number, c: Colors): string {
  return `${c.bold('TrueAsync conformance')} — adapter ${c.cyan(adapter)}, seed ${c.cyan(String(seed))}, ${runs} runs per property\n`;
}

/** The progress line of one finished property. */
export function formatProgress(p: PropertyResult, index: number, total: number, c: Colors): string {
  const counter = c.dim(`[${String(index + 1).padStart(String(total).length)}/${total}]`);
  const skipped = p.skipped ? `, ${p.skipped} unsupported scenarios skipped` : '';
  const tail =
    p.status === 'n/a'
      ? c.dim(p.missingCapabilities ? `(adapter lacks ${p.missingCapabilities.join(', ')})` : `(every scenario unsupported: ${(p.unsupported ?? []).join('; ')})`)
      : p.status === 'fail'
        ? p.expected
          ? c.yellow(`expected failure (${p.failure?.classification ?? 'fail'}) after ${p.runs} runs${skipped}`)
          : c.red(`${p.failure?.classification ?? 'fail'} after ${p.runs} runs${skipped}`)
        : c.dim(`${p.runs} runs${skipped}`);
  const label = p.status === 'n/a' ? c.dim('n/a') : mark(p.status === 'fail' && p.expected ? 'expected-fail' : p.status, c);
  return `${counter} ${label} ${p.title} ${tail}\n`;
}

function requirementLine(r: RequirementResult, c: Colors): string {
  const detail =
    r.status === 'pass'
      ? c.dim(` (${r.runs} runs${r.expectation ? '; a listed intermittent deviation, not seen in this run' : ''})`)
      : r.status === 'expected-fail'
        ? c.dim(` — known deviation: ${r.expectation?.observed ?? ''}`)
        : r.status === 'unexpected-pass'
          ? c.red(` — listed as a known deviation ("${r.expectation?.observed ?? ''}") but passed (${r.runs} runs)`)
          : r.reason
            ? c.dim(` — ${r.reason}`)
            : '';
  return `  ${mark(r.status, c)} ${r.id.padEnd(8)} ${paintStatus(r.status, c)} ${r.title}${detail}`;
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

function expectedSection(result: ConformanceResult, ctx: HumanContext, c: Colors): string[] {
  const listed = result.requirements.filter((r) => r.status === 'expected-fail');
  if (listed.length === 0) return [];
  const lines = ['', c.yellow(c.bold(`Expected failures (${listed.length}): known deviations of ${result.adapter}, listed in its expectations`))];
  for (const r of listed) {
    lines.push(`  ${mark('expected-fail', c)} ${c.bold(r.id)} ${r.title}`);
    lines.push(`      observed: ${r.expectation?.observed ?? ''}`, `      reason:   ${r.expectation?.reason ?? ''}`);
    if (r.failure) {
      lines.push(c.dim(`      this run: ${r.failure.classification}: ${r.failure.message}`));
      const file = ctx.files?.get(r.failure.property);
      if (file && ctx.outDir !== undefined) lines.push(c.dim(`      counterexample: ${ctx.outDir.replace(/\/+$/, '')}/${file}`));
    }
  }
  return lines;
}

function unexpectedSection(result: ConformanceResult, c: Colors): string[] {
  const listed = result.requirements.filter((r) => r.status === 'unexpected-pass');
  if (listed.length === 0) return [];
  const lines = ['', c.red(c.bold(`UNEXPECTED PASSES (${listed.length}): listed as known deviations of ${result.adapter}, but they pass`))];
  for (const r of listed) {
    lines.push(`  ${mark('unexpected-pass', c)} ${c.bold(r.id)} ${r.title} (${r.runs} runs)`);
    lines.push(`      listed as: ${r.expectation?.observed ?? ''}`);
    lines.push(c.dim('      the deviation is gone (or the check no longer sees it): remove or update the entry'));
  }
  return lines;
}

/** The closing note: every deviation the run found — expected failures and failures. */
export function formatDeviations(result: ConformanceResult, c: Colors): string[] {
  const found = result.requirements.filter((r) => r.status === 'fail' || r.status === 'expected-fail');
  if (found.length === 0) return [`${c.bold('Deviations found')} in ${result.adapter}: none`];
  const lines = [`${c.bold('Deviations found')} in ${result.adapter} (${found.length}):`];
  for (const r of found) {
    const what =
      r.status === 'expected-fail'
        ? `${r.expectation?.observed ?? ''} (${r.expectation?.reason ?? ''})`
        : r.failure
          ? `${r.failure.classification}: ${r.failure.message}`
          : r.reason ?? 'failed';
    lines.push(`  ${r.id.padEnd(8)} ${paintStatus(r.status, c)}  ${what}`);
  }
  return lines;
}

/** The end-of-run summary: one line per requirement, each failure, expected failures, unexpected passes, totals and the deviations found. */
export function formatSummary(result: ConformanceResult, ctx: HumanContext, c: Colors): string {
  const lines = ['', c.bold('Requirements')];
  for (const r of result.requirements) lines.push(requirementLine(r, c));
  for (const p of result.properties) if (p.status === 'fail' && !p.expected && p.failure) lines.push(...failureSection(p, result, ctx, c));
  lines.push(...expectedSection(result, ctx, c), ...unexpectedSection(result, c));
  if (result.unknownExpectations) {
    lines.push('', c.yellow(`warning: expectations name IDs that are not in the catalogue: ${result.unknownExpectations.join(', ')}`));
  }
  const count = (s: RequirementStatus): number => result.requirements.filter((r) => r.status === s).length;
  const failedProps = result.properties.filter((p) => p.status === 'fail' && !p.expected).length;
  const expectedProps = result.properties.filter((p) => p.expected).length;
  lines.push(
    '',
    `${c.bold('Summary')}: ${c.green(`${count('pass')} pass`)}, ${count('fail') ? c.red(`${count('fail')} fail`) : '0 fail'}, ` +
      `${count('expected-fail') ? c.yellow(`${count('expected-fail')} expected-fail`) : '0 expected-fail'}, ` +
      `${count('unexpected-pass') ? c.red(`${count('unexpected-pass')} unexpected-pass`) : '0 unexpected-pass'}, ` +
      `${count('n/a')} n/a, ${count('spec-only')} spec-only; ` +
      `${result.properties.length} properties (${failedProps} failed, ${expectedProps} expected failures), seed ${result.seed}`,
    ...formatDeviations(result, c),
  );
  return `${lines.join('\n')}\n`;
}
