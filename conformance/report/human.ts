/**
 * The human reporter: a progress line per property (or a live progress
 * display on a terminal, see `progress.ts`), one line per requirement, and
 * for each failure everything needed to understand and replay it — each
 * title printed once.
 *
 * @remarks Failures that say the same thing (an adapter that throws the
 * same error for every scenario) are printed in full once, then listed by
 * ID. `quiet` leaves out the passing, `n/a` and spec-only lines.
 * @module
 */
import type { Trace } from '../adapter.js';
import {
  STRICT_PREFIX, type ConformanceResult, type PropertyResult, type RequirementResult, type RequirementStatus,
} from '../harness/run.js';
import type { Colors } from './colors.js';
import { traceDiff } from './diff.js';

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
  /** Only what needs attention: no lines for passing, `n/a` or spec-only requirements. @defaultValue false */
  quiet?: boolean;
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

/** How a property is named in one-line output: its requirement IDs (`STRICT` for the trace-equality property). */
export function propertyLabel(p: Pick<PropertyResult, 'title' | 'requirements'>): string {
  return p.requirements.length > 0 ? p.requirements.join(', ') : p.title.startsWith(STRICT_PREFIX) ? 'STRICT' : p.title;
}

/** The progress line of one finished property (IDs, not the title: the title is printed once, in the summary). */
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
  return `${counter} ${label} ${propertyLabel(p)} ${tail}\n`;
}

function requirementLine(r: RequirementResult, c: Colors, detailed: boolean): string {
  const detail =
    r.status === 'pass'
      ? c.dim(` (${r.runs} runs${r.expectation ? '; a listed intermittent deviation, not seen in this run' : ''})`)
      : r.status === 'expected-fail'
        ? c.dim(' — known deviation, see below')
        : r.status === 'unexpected-pass'
          ? c.red(' — listed as a known deviation but passed, see below')
          : r.failure
            ? c.red(` — ${r.failure.classification}, see below`)
            : r.reason
              ? c.dim(` — ${r.reason}`)
              : '';
  const title = detailed ? '' : ` ${r.title}`;
  return `  ${mark(r.status, c)} ${r.id.padEnd(8)} ${paintStatus(r.status, c)}${title}${detail}`;
}

/**
 * `x` as JSON, an object or array on one line when it fits in `width`
 * columns, otherwise one member per line.
 */
export function compactJson(x: unknown, indent = 0, width = 100, prefix = 0): string {
  const flat = JSON.stringify(x) ?? String(x);
  if (indent + prefix + flat.length <= width || x === null || typeof x !== 'object') return flat;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(x)) {
    if (x.length === 0) return '[]';
    return `[\n${x.map((v) => `${pad}${compactJson(v, indent + 2, width)}`).join(',\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(x as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${compactJson(v, indent + 2, width, k.length + 4)}`).join(',\n')}\n${' '.repeat(indent)}}`;
}

function quote(arg: string): string {
  return /^[\w./:,=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** At most `max` characters of `text`, with a note of how much was cut. */
function truncate(text: string, max = 2000): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function failureSection(p: PropertyResult, result: ConformanceResult, ctx: HumanContext, c: Colors): string[] {
  const f = p.failure!;
  const cmd = ctx.command ?? 'npx trueasync-conformance';
  const lines = ['', c.red(c.bold(`✗ ${p.title}`)), `  ${c.red(f.classification)}: ${f.message}`];
  for (const id of p.requirements) {
    const r = result.requirements.find((x) => x.id === id);
    if (r) lines.push(c.dim(`  ${id}: ${r.source}`));
  }
  lines.push(`  property seed: ${f.seed}${f.path ? `, path ${f.path}` : ''}`);
  const only = p.requirements.length > 0 && !p.title.startsWith(STRICT_PREFIX) ? ` --only ${p.requirements.join(',')}` : '';
  lines.push(`  re-run:  ${cmd} run --adapter ${quote(ctx.adapterSpec)} --seed ${result.seed} --runs ${result.runsPerProperty}${only}`);
  const file = ctx.files?.get(p.title);
  if (file && ctx.outDir !== undefined) {
    lines.push(`  replay:  ${cmd} replay ${quote(`${ctx.outDir.replace(/\/+$/, '')}/${file}`)}`);
  }
  if (f.scenario !== null) lines.push(`  shrunk scenario: ${compactJson(f.scenario, 0, 96, 17).replace(/\n/g, '\n  ')}`);
  if (Array.isArray(f.actual) && f.expected !== null) {
    lines.push(...traceDiff(f.expected, f.actual as Trace, c).map((l) => `  ${l}`));
  } else if (!Array.isArray(f.actual)) {
    const returned = f.actual.value;
    if (f.classification === 'malformed-trace' && returned !== undefined) {
      lines.push(`  the adapter returned: ${c.red(truncate(compactJson(returned, 0, 96, 22)).replace(/\n/g, '\n  '))}`);
    } else lines.push(`  actual: ${c.red(f.actual.error)}`);
  }
  return lines;
}

/** The failure sections, each distinct failure in full once; repeats of an adapter-level failure listed by ID. */
function failureSections(result: ConformanceResult, ctx: HumanContext, c: Colors): string[] {
  const lines: string[] = [];
  const repeats = new Map<string, string[]>();
  for (const p of result.properties) {
    if (p.status !== 'fail' || p.expected || !p.failure) continue;
    const f = p.failure;
    const key = f.classification === 'violation' ? undefined : `${f.classification}\u0000${f.message}`;
    if (key !== undefined && repeats.has(key)) {
      repeats.get(key)!.push(propertyLabel(p));
      continue;
    }
    if (key !== undefined) repeats.set(key, []);
    lines.push(...failureSection(p, result, ctx, c));
  }
  for (const [key, labels] of repeats) {
    if (labels.length === 0) continue;
    const [classification, message] = key.split('\u0000');
    lines.push('', c.red(`✗ the same ${classification} ("${message}") in ${labels.length} more properties: ${labels.join('; ')}`));
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
  const what = (r: RequirementResult): string =>
    r.status === 'expected-fail'
      ? `${r.expectation?.observed ?? ''} (${r.expectation?.reason ?? ''})`
      : r.failure
        ? `${r.failure.classification}: ${r.failure.message}`
        : r.reason ?? 'failed';
  // Requirements that failed the same way (an adapter that throws for every scenario) share one line.
  const groups = new Map<string, RequirementResult[]>();
  for (const r of found) {
    const key = r.status === 'fail' && r.failure && r.failure.classification !== 'violation' ? `${r.status}\u0000${what(r)}` : `${r.id}\u0000`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const ids = group.length === 1 ? first.id.padEnd(8) : `${group.map((r) => r.id).join(', ')} (${group.length})`;
    lines.push(`  ${ids} ${paintStatus(first.status, c)}  ${what(first)}`);
  }
  return lines;
}

/** The end-of-run summary: one line per requirement, each failure, expected failures, unexpected passes, totals and the deviations found. */
export function formatSummary(result: ConformanceResult, ctx: HumanContext, c: Colors): string {
  const detailed = new Set(result.properties.filter((p) => p.status === 'fail' && !p.expected && p.failure).flatMap((p) => p.requirements));
  const unselected = (r: RequirementResult): boolean => r.status === 'n/a' && r.reason === 'not selected by --only';
  const shown = result.requirements.filter(
    (r) => r.status !== 'spec-only' && !unselected(r) && (!ctx.quiet || !['pass', 'n/a'].includes(r.status)),
  );
  const lines = shown.length > 0 ? ['', c.bold('Requirements'), ...shown.map((r) => requirementLine(r, c, detailed.has(r.id) || r.status === 'expected-fail' || r.status === 'unexpected-pass'))] : [];
  const specOnly = result.requirements.filter((r) => r.status === 'spec-only').length;
  const notSelected = result.requirements.filter(unselected).length;
  if (!ctx.quiet && specOnly + notSelected > 0) {
    lines.push(c.dim(`  (${[
      ...(specOnly > 0 ? [`${specOnly} spec-only requirements, checked by the spec's invariants`] : []),
      ...(notSelected > 0 ? [`${notSelected} not selected by --only`] : []),
    ].join('; ')}; \`requirements\` lists them all)`));
  }
  lines.push(...failureSections(result, ctx, c));
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
