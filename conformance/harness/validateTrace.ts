/**
 * Shape validation of a trace returned by an adapter under test.
 *
 * @remarks A foreign runtime may return anything; before a property's check
 * looks at a trace, the harness makes sure it is an array of event objects,
 * each with a numeric `t`, a string `actor` and a `kind` of the closed
 * vocabulary, ending with `exit`. Anything else is a `malformed-trace`
 * failure whose message names the index and the field.
 * @module
 */
import { EVENT_KINDS, type Trace } from '../../spec/system/trace.js';

/** The verdict of {@link validateTrace}. */
export type TraceValidation = { ok: true; trace: Trace } | { ok: false; message: string };

const KINDS: ReadonlySet<string> = new Set(EVENT_KINDS);

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x;
}

/**
 * Check that `x` has the shape of a {@link Trace}.
 *
 * @param x - whatever the adapter returned.
 * @returns the trace, or a one-line message naming the bad index and field.
 */
export function validateTrace(x: unknown): TraceValidation {
  if (!Array.isArray(x)) return { ok: false, message: `trace is not an array (got ${describe(x)})` };
  if (x.length === 0) return { ok: false, message: 'trace is empty (it must end with an exit event)' };
  for (let i = 0; i < x.length; i++) {
    const e: unknown = x[i];
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      return { ok: false, message: `trace[${i}] is not an object (got ${describe(e)})` };
    }
    const ev = e as Record<string, unknown>;
    if (typeof ev.t !== 'number' || !Number.isFinite(ev.t)) {
      return { ok: false, message: `trace[${i}].t is not a finite number (got ${describe(ev.t)})` };
    }
    if (typeof ev.actor !== 'string') {
      return { ok: false, message: `trace[${i}].actor is not a string (got ${describe(ev.actor)})` };
    }
    if (typeof ev.kind !== 'string') {
      return { ok: false, message: `trace[${i}].kind is not a string (got ${describe(ev.kind)})` };
    }
    if (!KINDS.has(ev.kind)) {
      return { ok: false, message: `trace[${i}].kind: unknown event kind ${JSON.stringify(ev.kind)}` };
    }
  }
  const last = x[x.length - 1] as { kind: string };
  if (last.kind !== 'exit') {
    return {
      ok: false,
      message: `trace[${x.length - 1}].kind: the last event must be "exit" (got ${JSON.stringify(last.kind)})`,
    };
  }
  return { ok: true, trace: x as Trace };
}
