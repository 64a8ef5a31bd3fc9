/**
 * The dot reporter: one character per property as it finishes (`.` pass,
 * `F` failure, `x` expected failure, `-` n/a), 50 to a line, then the quiet
 * summary (only what needs attention).
 * @module
 */
import type { PropertyResult } from '../harness/run.js';
import type { Colors } from './colors.js';

/** Characters per line of dots. */
export const DOTS_PER_LINE = 50;

/** The character of one finished property, with a newline after every {@link DOTS_PER_LINE}th and after the last. */
export function formatDot(p: PropertyResult, index: number, total: number, c: Colors): string {
  const ch = p.status === 'pass' ? c.green('.') : p.status === 'n/a' ? c.dim('-') : p.expected ? c.yellow('x') : c.red('F');
  const last = index + 1 === total;
  return `${ch}${last || (index + 1) % DOTS_PER_LINE === 0 ? '\n' : ''}`;
}
