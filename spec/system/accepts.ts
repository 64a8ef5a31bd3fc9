/**
 * Acceptance of an observed trace by the system model: the oracle of the
 * conformance suite.
 *
 * @remarks The system model as a {@link TraceModel}: a state is the position
 * in the model's run of the scenario, and the steps enabled there are the
 * events the semantics allow next, each attributed to the requirement IDs of
 * the transition that emits it (`attribution.ts`). Scenario language v1
 * fixes one order for every pair of events (the run queue, the timers'
 * `(due, seq)` order and the notify passes are all specified), so today
 * every state enables at most one step and acceptance is an event-by-event
 * comparison with attribution; a model that leaves an order open (threads)
 * enables several steps in a state, and {@link acceptTrace} then accepts
 * every order it allows.
 * @module
 */
import type { Scenario } from './scenario.js';
import type { Trace, TraceEvent } from './trace.js';
import { acceptTrace, canonicalJson, type Acceptance, type TraceModel } from '../kernel/accepts.js';
import { claims } from './attribution.js';
import { expectedRun, type ExpectedRun } from './interpret.js';

/** The verdict of {@link accepts}: accepted, or a rejection with prefix, offending event, allowed events and IDs. */
export type TraceAcceptance = Acceptance<TraceEvent>;

/**
 * The system model of one scenario as a trace automaton.
 *
 * @param scenario - a valid scenario.
 * @param run - the model's run of it, if already computed.
 * @returns the automaton whose states are positions in the run.
 */
export function systemTraceModel(scenario: Scenario, run: ExpectedRun = expectedRun(scenario)): TraceModel<TraceEvent, number> {
  const forms = new WeakMap<TraceEvent, string>();
  const form = (e: TraceEvent): string => {
    let f = forms.get(e);
    if (f === undefined) forms.set(e, (f = canonicalJson(e)));
    return f;
  };
  return {
    initial: 0,
    enabled: (i) => (i < run.trace.length ? [{ event: run.trace[i], requirements: run.attribution[i], next: i + 1 }] : []),
    isFinal: (i) => i === run.trace.length,
    key: (i) => String(i),
    matches: (observed, allowed) => form(observed) === form(allowed),
    claims,
  };
}

/**
 * Whether the spec allows `trace` as the outcome of `scenario`.
 *
 * @param scenario - a valid scenario.
 * @param trace - the observed trace (already validated as a trace).
 * @returns `{ accepted: true }`, or a rejection naming the longest accepted
 *   prefix, the first offending event (`null`: the trace ended too early),
 *   the events the spec allowed there, and the requirement IDs it is
 *   attributed to.
 * @throws Error when the scenario exceeds the model's instruction budget.
 */
export function accepts(scenario: Scenario, trace: Trace): TraceAcceptance {
  return acceptTrace(systemTraceModel(scenario), trace);
}

/**
 * A rejection in a few lines: the accepted prefix (its length and last
 * event), the offending event, the allowed events with their IDs.
 */
export function describeRejection(verdict: TraceAcceptance): string {
  if (verdict.accepted) return 'accepted';
  const last = verdict.prefix.at(-1);
  const allowed = verdict.allowed.length === 0
    ? 'nothing more'
    : verdict.allowed.map((a) => `${canonicalJson(a.event)} (${a.requirements.join(', ')})`).join(' | ');
  return [
    `the spec rejects the trace at #${verdict.index} [${verdict.requirements.join(', ')}]`,
    `accepted prefix: ${verdict.index} events${last ? `, the last ${canonicalJson(last)}` : ''}`,
    `offending event: ${verdict.offending === null ? 'the trace ended' : canonicalJson(verdict.offending)}`,
    `the spec allowed: ${allowed}`,
  ].join('; ');
}
