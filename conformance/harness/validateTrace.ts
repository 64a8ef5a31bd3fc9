/**
 * Validation of a trace returned by an adapter under test.
 *
 * @remarks A foreign runtime may return anything; before a property's check
 * looks at a trace, the harness makes sure that it is a trace in depth:
 *
 * 1. an array of event objects, each with a finite, non-negative `t`, a
 *    non-empty string `actor` and a `kind` of the closed vocabulary;
 * 2. every event's kind-specific fields present and typed, error classes
 *    known (the published trace schema, `conformance/scenario/traceSchema.ts`);
 * 3. times non-decreasing (virtual time never runs backwards);
 * 4. exactly one `exit`, the last event;
 * 5. with a scenario given, every actor known to it: `main`, `scheduler`, a
 *    coroutine the scenario spawns, or `finally:<id>` of one of those.
 *
 * Anything else is a `malformed-trace` failure whose message names the event
 * index and the field (`trace[3].error.class: unknown error class "TypeError"`).
 * @module
 */
import { Ajv, type ErrorObject } from 'ajv';
import { EVENT_KINDS, type Trace } from '../../spec/system/trace.js';
import type { Program, Scenario } from '../../spec/system/scenario.js';
import { traceSchema } from '../scenario/traceSchema.js';

/** The verdict of {@link validateTrace}. */
export type TraceValidation = { ok: true; trace: Trace } | { ok: false; message: string };

/** What {@link validateTrace} checks the trace against besides its shape. */
export interface TraceContext {
  /** The scenario the trace answers: its coroutine ids are the known actors. */
  scenario?: Scenario;
}

const KINDS: ReadonlySet<string> = new Set(EVENT_KINDS);
const ajv = new Ajv({ allErrors: false, discriminator: true, strict: true, allowUnionTypes: true });
const schemaCheck = ajv.compile(traceSchema);

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x;
}

/** `/3/error/class` → `trace[3].error.class`. */
function tracePath(instancePath: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `trace${parts.map((p, i) => (i === 0 || /^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('')}`;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let cur = root;
  for (const p of instancePath.split('/').slice(1)) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

/** One ajv error as `trace[i].field: what is wrong`. */
function formatError(e: ErrorObject, root: unknown): string {
  const path = tracePath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const got = valueAt(root, e.instancePath);
  const shown = JSON.stringify(got) ?? describe(got);
  switch (e.keyword) {
    case 'required':
      return `${path}.${String(p.missingProperty)}: missing (required for this event kind)`;
    case 'additionalProperties':
      return `${path}.${String(p.additionalProperty)}: unknown field for this event kind`;
    case 'enum':
      if (path.endsWith('.class')) return `${path}: unknown error class ${shown} (known: ${(p.allowedValues as unknown[]).join(', ')})`;
      return `${path}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${shown})`;
    case 'type':
      return `${path}: must be ${String(p.type).replace(',', ' or ')} (got ${describe(got)})`;
    case 'minimum':
      return `${path}: must be >= ${String(p.limit)} (got ${shown})`;
    default:
      return `${path}: ${e.message ?? e.keyword} (got ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown})`;
  }
}

function collectActors(program: Program, out: Set<string>, scopes: Set<string>): void {
  for (const instr of program) {
    if (instr.op === 'spawn') out.add(instr.id);
    if (instr.op === 'scope.new' || instr.op === 'scope.inherit') scopes.add(instr.id);
    for (const key of ['body', 'finally'] as const) {
      const nested = (instr as unknown as Record<string, unknown>)[key];
      if (Array.isArray(nested)) collectActors(nested as Program, out, scopes);
    }
    if (instr.op === 'try') for (const c of instr.catch ?? []) collectActors(c.body, out, scopes);
  }
}

/**
 * The actors a trace of `scenario` may name: `main`, `scheduler`, its
 * coroutines, and the `finally:` handler iterators of its coroutines and scopes.
 */
export function knownActors(scenario: Scenario): Set<string> {
  const coroutines = new Set<string>(['main']);
  const scopes = new Set<string>();
  collectActors(scenario.main, coroutines, scopes);
  const actors = new Set<string>(['scheduler', ...coroutines]);
  for (const c of [...coroutines, ...scopes]) actors.add(`finally:${c}`);
  return actors;
}

/**
 * Check that `x` is a {@link Trace} in depth (see the module remarks).
 *
 * @param x - whatever the adapter returned (plain JSON: snapshot it first).
 * @param context - the scenario, for the known actors.
 * @returns the trace, or a one-line message naming the bad index and field.
 */
export function validateTrace(x: unknown, context: TraceContext = {}): TraceValidation {
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
    if (ev.t < 0) return { ok: false, message: `trace[${i}].t is negative (got ${ev.t})` };
    if (i > 0 && ev.t < (x[i - 1] as { t: number }).t) {
      return { ok: false, message: `trace[${i}].t: time runs backwards (${ev.t} after ${(x[i - 1] as { t: number }).t} at trace[${i - 1}])` };
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
    if (ev.kind === 'exit' && i !== x.length - 1) {
      return { ok: false, message: `trace[${i}].kind: "exit" before the end of the trace (it must be the last event)` };
    }
  }
  const last = x[x.length - 1] as { kind: string };
  if (last.kind !== 'exit') {
    return {
      ok: false,
      message: `trace[${x.length - 1}].kind: the last event must be "exit" (got ${JSON.stringify(last.kind)})`,
    };
  }
  let valid: boolean;
  try {
    valid = schemaCheck(x);
  } catch (e) {
    return { ok: false, message: `trace could not be validated (nested too deeply?): ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!valid) return { ok: false, message: formatError(schemaCheck.errors![0], x) };
  if (context.scenario) {
    const actors = knownActors(context.scenario);
    for (let i = 0; i < x.length; i++) {
      const actor = (x[i] as { actor: string }).actor;
      if (!actors.has(actor)) {
        return { ok: false, message: `trace[${i}].actor: unknown actor ${JSON.stringify(actor)} (the scenario has ${[...actors].filter((a) => !a.startsWith('finally:')).join(', ')} and their finally:<id>)` };
      }
    }
  }
  return { ok: true, trace: x as Trace };
}
