/**
 * Expected-vs-actual trace display: the first difference and a small window
 * of events around it.
 * @module
 */
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

/** One event on one line (`JSON` with `t`, `actor`, `kind` first). */
export function formatEvent(event: unknown): string {
  if (event && typeof event === 'object' && !Array.isArray(event)) {
    const { t, actor, kind, ...rest } = event as Record<string, unknown>;
    return JSON.stringify({ t, actor, kind, ...rest });
  }
  return JSON.stringify(event) ?? String(event);
}

function block(label: string, trace: readonly unknown[], from: number, to: number, diff: number, paint: (s: string) => string, c: Colors): string[] {
  const lines = [c.bold(`${label} (${trace.length} events):`)];
  if (from > 0) lines.push(c.dim('        …'));
  for (let i = from; i < Math.min(to, trace.length); i++) {
    const text = `${String(i).padStart(5)} │ ${formatEvent(trace[i])}`;
    lines.push(i === diff ? paint(`  > ${text}`) : c.dim(`    ${text}`));
  }
  if (diff >= trace.length) lines.push(paint(`  > ${String(diff).padStart(5)} │ (no event)`));
  if (to < trace.length) lines.push(c.dim('        …'));
  return lines;
}

/**
 * Expected vs actual around the first difference.
 *
 * @param expected - the spec's trace.
 * @param actual - the adapter's trace.
 * @param c - colour functions.
 * @param radius - events shown either side of the difference.
 * @returns printable lines.
 */
export function traceWindow(expected: Trace, actual: Trace, c: Colors, radius = 3): string[] {
  const diff = firstDifference(expected, actual);
  if (diff < 0) {
    return [c.dim(`traces are identical (${expected.length} events): the property's own predicate rejected it`)];
  }
  const from = Math.max(0, diff - radius);
  const to = diff + radius + 1;
  return [
    `first difference at event ${diff}:`,
    ...block('expected', expected, from, to, diff, c.green, c),
    ...block('actual', actual, from, to, diff, c.red, c),
  ];
}
