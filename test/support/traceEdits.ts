/**
 * Helpers for the hand-broken traces of the property tests: build a scenario,
 * find an event, and copy a trace with one event replaced, removed or
 * inserted (not part of the suite's API).
 * @module
 */
import type { Instruction, Scenario } from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';

/** A v1 scenario whose `main` program is `main`. */
export const scenario = (main: Instruction[]): Scenario => ({ version: 1, main });

/** The index of the first event matching `p`; throws when there is none. */
export const find = (t: Trace, p: (e: TraceEvent) => boolean): number => {
  const i = t.findIndex(p);
  if (i === -1) throw new Error('test: event not found');
  return i;
};

/** A copy of the trace with event `i` replaced. */
export const replace = (t: Trace, i: number, e: TraceEvent): Trace => t.map((x, k) => (k === i ? e : x));
/** A copy of the trace without event `i`. */
export const remove = (t: Trace, i: number): Trace => t.filter((_, k) => k !== i);
/** A copy of the trace with `e` inserted before event `i`. */
export const insert = (t: Trace, i: number, e: TraceEvent): Trace => [...t.slice(0, i), e, ...t.slice(i)];
/** Matches an event of this actor and kind. */
export const is = (actor: string, kind: string) => (e: TraceEvent) => e.actor === actor && e.kind === kind;
