/**
 * Expected-vs-actual trace display: a line diff of the two traces (one event
 * per line) with a few events of context around each change — deletions
 * (events the spec expects and the adapter did not produce) and insertions
 * (events the adapter produced and the spec does not expect).
 *
 * @remarks The diff itself is computed by the `diff` package (jsdiff's
 * `structuredPatch`, Myers' algorithm), so a single missing or extra event
 * shows as one `-` or `+` line rather than as every later event differing.
 * @module
 */
import { structuredPatch } from 'diff';
import type { Colors } from './colors.js';
import type { Trace } from '../adapter.js';
import { stableStringify } from '../harness/execute.js';

/** Index of the first event where the traces differ, or -1 when they are equal. */
export function firstDifference(expected: readonly unknown[], actual: readonly unknown[]): number {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (i >= expected.length || i >= actual.length) return i;
    if (stableStringify(expected[i]) !== stableStringify(actual[i])) return i;
  }
  return -1;
}

/** One event on one line (`JSON` with `t`, `actor`, `kind` first, other keys sorted). */
export function formatEvent(event: unknown): string {
  if (event && typeof event === 'object' && !Array.isArray(event)) {
    const { t, actor, kind, ...rest } = event as Record<string, unknown>;
    const sorted = Object.fromEntries(Object.keys(rest).sort().map((k) => [k, rest[k]]));
    return JSON.stringify({ t, actor, kind, ...sorted });
  }
  return JSON.stringify(event) ?? String(event);
}

/**
 * Expected vs actual as a diff with context.
 *
 * @param expected - the spec's trace.
 * @param actual - the adapter's trace.
 * @param c - colour functions.
 * @param context - unchanged events shown around each change.
 * @returns printable lines: a legend, then per hunk the event indices
 *   (`@@ expected 4–9, actual 4–8 @@`) and each event prefixed `-` (only in
 *   expected), `+` (only in actual) or ` ` (in both), with its index in the
 *   trace it comes from.
 */
export function traceDiff(expected: Trace, actual: Trace, c: Colors, context = 3): string[] {
  if (firstDifference(expected, actual) < 0) {
    return [c.dim(`traces are identical (${expected.length} events): the property's own predicate rejected it`)];
  }
  const text = (trace: Trace): string => trace.map((e) => `${formatEvent(e)}\n`).join('');
  const patch = structuredPatch('expected', 'actual', text(expected), text(actual), '', '', { context });
  const lines = [
    `trace diff: ${c.green('- expected')} (${expected.length} events, the spec), ${c.red('+ actual')} (${actual.length} events, the adapter)`,
  ];
  const range = (start: number, count: number): string => (count === 0 ? `none before ${start}` : count === 1 ? `${start - 1}` : `${start - 1}–${start + count - 2}`);
  for (const hunk of patch.hunks) {
    lines.push(c.cyan(`@@ expected ${range(hunk.oldStart, hunk.oldLines)}, actual ${range(hunk.newStart, hunk.newLines)} @@`));
    let e = hunk.oldStart - 1;
    let a = hunk.newStart - 1;
    for (const line of hunk.lines) {
      const body = line.slice(1);
      if (line.startsWith('-')) lines.push(c.green(`- ${String(e++).padStart(4)} │ ${body}`));
      else if (line.startsWith('+')) lines.push(c.red(`+ ${String(a++).padStart(4)} │ ${body}`));
      else if (line.startsWith(' ')) {
        lines.push(c.dim(`  ${String(a).padStart(4)} │ ${body}`));
        e++;
        a++;
      }
    }
  }
  return lines;
}

/** The former name of {@link traceDiff}. @deprecated use {@link traceDiff}. */
export const traceWindow = traceDiff;
