/**
 * The trace as the rendered PHP scripts print it — one JSON object per line,
 * `t`, `actor`, `kind` first, then the event's data with keys sorted (PHP's
 * `ksort`), errors as `{class, message, previous?}` — and back.
 * @module
 */
import type { ErrorValue, Trace, TraceEvent } from '../../adapter.js';

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (typeof x !== 'object' || x === null) return x;
  const r = x as Record<string, unknown>;
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, sortKeys(r[k])]));
}

/** One event as the line a rendered script prints for it. */
export function formatTraceLine(e: TraceEvent): string {
  const { t, actor, kind, ...rest } = e as TraceEvent & Record<string, unknown>;
  return JSON.stringify({ t, actor, kind, ...(sortKeys(rest) as object) });
}

/** The kinds only the runtime can observe (never printed by the script itself). */
export const RUNTIME_ONLY_KINDS: readonly string[] = ['deadlock', 'exit'];

/**
 * The events of `trace` a rendered script prints itself, in order: without
 * `exit`, `deadlock` and the events by `scheduler`.
 */
export function scriptPrintedEvents(trace: Trace): Trace {
  return trace.filter((e) => !RUNTIME_ONLY_KINDS.includes(e.kind) && e.actor !== 'scheduler');
}

/** The exit exception of a trace, if any. */
export function exitError(trace: Trace): ErrorValue | undefined {
  const last = trace[trace.length - 1];
  return last?.kind === 'exit' ? last.error : undefined;
}
