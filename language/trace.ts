/**
 * The trace: what a runtime reports after running a scenario.
 *
 * @remarks
 * A trace is the ordered list of observable events. Each event carries the
 * virtual time `t` (ms), the acting coroutine (`actor`), a `kind` from the
 * closed vocabulary and its data. Which events an instruction produces is
 * fixed by `docs/guides/trace-semantics.md`. Identifiers are the scenario's
 * own ids, so traces from different runtimes compare directly.
 *
 * The vocabulary is the union of the areas' event kinds: each area module
 * adds its union to {@link TraceEvents} by declaration merging. This module
 * imports nothing.
 * @module
 */

/** Fields every trace event has. */
export interface EventBase {
  /** Virtual time in milliseconds. */
  t: number;
  /** Coroutine id, `scheduler`, or `finally:<id>`. */
  actor: string;
  /**
   * The `label` of the instruction that caused the event, when it has one:
   * the instruction its actor (a coroutine) most recently started, control
   * flow (`try`, `throw`, `rethrow`, `return`) aside — trace semantics,
   * "Labels". Absent on events of `scheduler` and `finally:<id>`.
   */
  label?: string;
}

/** What a coroutine suspended on: `queue` (suspend), `timer`, or `coroutine:<id>` / `future:<id>` / `trigger:<id>` / `scope:<id>`. */
export type SuspendedOn = string;

/**
 * The event kinds of the areas (their data beyond {@link EventBase}), keyed
 * by area. Each area module adds its own entry
 * (`declare module './trace.js' { interface TraceEvents { pool: PoolTraceEvent } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface TraceEvents {}

/** Every trace event, discriminated by `kind`: the union of the areas' event kinds. */
export type TraceEvent = EventBase & TraceEvents[keyof TraceEvents];

/** The `kind` names of the trace vocabulary. */
export type EventKind = TraceEvent['kind'];

/** An ordered trace; the last event is always `exit`. */
export type Trace = TraceEvent[];
