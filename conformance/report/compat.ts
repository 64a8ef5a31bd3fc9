/**
 * The compatibility matrix: requirement ID × implementation → `pass` /
 * `fail` / `expected-fail` / `unexpected-pass` / `n/a`, built from one
 * conformance run per adapter (`trueasync-conformance compat`).
 *
 * @remarks Written as `compat.json` (machine-readable, no durations, so one
 * seed gives the same bytes) and `compat.md` (a Markdown table, a legend and
 * the deviations found per implementation), and printed as a text table.
 * Spec-only requirements are left out: no implementation is checked on them.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Adapter } from '../adapter.js';
import { matchesOnly, type ConformanceResult, type RequirementStatus } from '../harness/run.js';
import type { Colors } from './colors.js';

/** One implementation's column. */
export interface CompatColumn {
  /** The adapter's name (made unique with `#2`, … when two share one). */
  name: string;
  /** The `--adapter` value it was loaded from. */
  spec: string;
  /** Its run. */
  result: ConformanceResult;
  /** The implementation's version ({@link Adapter.version}), when it declares one. */
  version?: string;
}

/** Options of {@link compatReport}. */
export interface CompatReportOptions {
  /** The `--only` selection: the matrix has rows only for the requirements it selects. */
  only?: readonly string[];
  /** The suite that made the runs. */
  suite?: { name: string; version: string };
}

/** One deviation an implementation showed: a `fail` or an `expected-fail`. */
export interface CompatDeviation {
  /** Requirement ID. */
  id: string;
  /** `fail` or `expected-fail`. */
  status: 'fail' | 'expected-fail';
  /** What the implementation does (from its expectations), for an `expected-fail`. */
  observed?: string;
  /** Why (from its expectations), for an `expected-fail`. */
  reason?: string;
  /** The failure's classification in this run. */
  classification?: string;
  /** The failure's one-line message in this run. */
  message?: string;
}

/** The content of `compat.json`. */
export interface CompatReport {
  /** The suite that made the runs (`{ name, version }`). */
  suite?: { name: string; version: string };
  /** The run seed shared by every implementation. */
  seed: number;
  /** Scenarios per property. */
  runsPerProperty: number;
  /** The implementations, in column order, with their versions when declared. */
  implementations: { name: string; spec: string; version?: string }[];
  /** The `--only` selection the rows were limited to. */
  only?: string[];
  /** One row per observable requirement, in catalogue order: its status per implementation. */
  requirements: { id: string; title: string; results: Record<string, RequirementStatus> }[];
  /** The deviations found, per implementation. */
  deviations: Record<string, CompatDeviation[]>;
}

/** Build the matrix. */
export function compatReport(columns: readonly CompatColumn[], options: CompatReportOptions = {}): CompatReport {
  const first = columns[0]?.result;
  const only = options.only;
  const ids = (first?.requirements ?? []).filter((r) => r.status !== 'spec-only' && (only === undefined || matchesOnly(r.id, only)));
  const selected = new Set(ids.map((r) => r.id));
  return {
    ...(options.suite ? { suite: { ...options.suite } } : {}),
    seed: first?.seed ?? 0,
    runsPerProperty: first?.runsPerProperty ?? 0,
    implementations: columns.map((c) => ({ name: c.name, spec: c.spec, ...(c.version !== undefined ? { version: c.version } : {}) })),
    ...(only !== undefined ? { only: [...only] } : {}),
    requirements: ids.map((r) => ({
      id: r.id,
      title: r.title,
      results: Object.fromEntries(
        columns.map((c) => [c.name, c.result.requirements.find((x) => x.id === r.id)?.status ?? 'n/a']),
      ) as Record<string, RequirementStatus>,
    })),
    deviations: Object.fromEntries(
      columns.map((c) => [
        c.name,
        c.result.requirements
          .filter((r) => (r.status === 'fail' || r.status === 'expected-fail') && selected.has(r.id))
          .map((r): CompatDeviation => ({
            id: r.id,
            status: r.status as 'fail' | 'expected-fail',
            ...(r.expectation ? { observed: r.expectation.observed, reason: r.expectation.reason } : {}),
            ...(r.failure ? { classification: r.failure.classification, message: r.failure.message } : r.reason ? { message: r.reason } : {}),
          })),
      ]),
    ),
  };
}

const LEGEND =
  '`pass` — every covering property passed · `fail` — a property failed and the deviation is not listed · ' +
  '`expected-fail` — a known deviation, listed in the implementation\'s expectations · `unexpected-pass` — listed, but it passed · ' +
  '`n/a` — the implementation lacks what the properties need';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** `compat.md`: the table, the legend and the deviations per implementation. */
export function compatMarkdown(report: CompatReport): string {
  const names = report.implementations.map((i) => i.name);
  const lines = [
    '# TrueAsync compatibility matrix',
    '',
    `${report.suite ? `${report.suite.name} ${report.suite.version}; s` : 'S'}eed ${report.seed}, ${report.runsPerProperty} runs per property${report.only ? `, requirements ${report.only.join(', ')}` : ''}. ${LEGEND}.`,
    '',
    `| requirement | ${report.implementations.map((i) => escapeCell(i.version && !i.name.includes(i.version) ? `${i.name} ${i.version}` : i.name)).join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...report.requirements.map((r) => `| ${r.id} | ${names.map((n) => r.results[n]).join(' | ')} |`),
    '',
    '## Deviations found',
  ];
  for (const n of names) {
    const found = report.deviations[n] ?? [];
    lines.push('', `### ${n}`, '');
    if (found.length === 0) lines.push('None.');
    for (const d of found) {
      const why = d.status === 'expected-fail' ? `${d.observed ?? ''} — ${d.reason ?? ''}` : `**not in the expectations**: ${d.classification ?? 'fail'}: ${d.message ?? ''}`;
      lines.push(`- **${d.id}** (${d.status}): ${escapeCell(why)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function paint(status: RequirementStatus, c: Colors): (s: string) => string {
  if (status === 'pass') return c.green;
  if (status === 'fail' || status === 'unexpected-pass') return c.red;
  if (status === 'expected-fail') return c.yellow;
  return c.dim;
}

/** The matrix as a text table for the terminal, then the deviations found per implementation. */
export function compatText(report: CompatReport, c: Colors): string {
  const names = report.implementations.map((i) => i.name);
  const widths = names.map((n) => Math.max(n.length, 'unexpected-pass'.length));
  const idWidth = Math.max(11, ...report.requirements.map((r) => r.id.length));
  const lines = [
    c.bold(`${'requirement'.padEnd(idWidth)}  ${names.map((n, i) => n.padEnd(widths[i])).join('  ')}`),
    ...report.requirements.map(
      (r) => `${r.id.padEnd(idWidth)}  ${names.map((n, i) => paint(r.results[n], c)(r.results[n].padEnd(widths[i]))).join('  ')}`,
    ),
    '',
  ];
  for (const n of names) {
    const found = report.deviations[n] ?? [];
    lines.push(`${c.bold('Deviations found')} in ${n}: ${found.length === 0 ? 'none' : found.length}`);
    for (const d of found) {
      const why = d.status === 'expected-fail' ? `${d.observed ?? ''} (${d.reason ?? ''})` : `${d.classification ?? 'fail'}: ${d.message ?? ''}`;
      lines.push(`  ${d.id.padEnd(8)} ${paint(d.status, c)(d.status)}  ${why}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Write `dir/compat.json` and `dir/compat.md`; returns their paths. */
export async function writeCompatReports(dir: string, report: CompatReport): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'compat.json');
  const markdown = join(dir, 'compat.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, compatMarkdown(report));
  return { json, markdown };
}
