/**
 * Acceptance of an observed trace by the system model: the oracle of the
 * conformance suite.
 *
 * @remarks The system model as a {@link TraceModel}: a state is a state of
 * the system model (or a position between the events of one of its steps),
 * and the steps enabled there are the events the semantics allow next, each attributed to the requirement IDs of
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
import { acceptTrace, canonicalJson, type Acceptance, type AllowedStep, type Rejection, type TraceModel } from '../kernel/accepts.js';
import { claims } from './attribution.js';
import { enabled, initial, type SystemNode, type SystemStep } from './interpret.js';

/** The verdict of {@link accepts}: accepted, or the {@link Rejection | rejection} with prefix, offending event, allowed events and IDs. */
export type TraceAcceptance = Acceptance<TraceEvent>;

/**
 * A position of the trace automaton: a state of the system model, or inside
 * a step that emits several events (`offset` of them read).
 */
export interface TracePosition {
  /**
   * The system model's state (inside a step: the state the step reaches).
   * @internal
   */
  node: SystemNode;
  /**
   * Inside a step: the step, and how many of its events were read.
   * @internal
   */
  within?: { step: SystemStep; offset: number };
}

/**
 * The system model of one scenario as a trace automaton: its states are the
 * system model's states (`initial`, `enabled`) and the positions
 * between the events of one step; a step that emits no event is taken
 * silently.
 *
 * @param scenario - a valid scenario.
 * @returns the automaton.
 */
export function systemTraceModel(scenario: Scenario): TraceModel<TraceEvent, TracePosition> {
  const forms = new WeakMap<TraceEvent, string>();
  const form = (e: TraceEvent): string => {
    let f = forms.get(e);
    if (f === undefined) forms.set(e, (f = canonicalJson(e)));
    return f;
  };
  const event = (step: SystemStep, offset: number): AllowedStep<TraceEvent, TracePosition> => ({
    event: step.events[offset],
    requirements: step.attribution[offset],
    next: offset + 1 < step.events.length ? { node: step.next, within: { step, offset: offset + 1 } } : { node: step.next },
  });
  const allowed = (pos: TracePosition): AllowedStep<TraceEvent, TracePosition>[] => {
    if (pos.within) return [event(pos.within.step, pos.within.offset)];
    return enabled(pos.node).flatMap((step) => (step.events.length > 0 ? [event(step, 0)] : allowed({ node: step.next })));
  };
  const final = (pos: TracePosition): boolean =>
    !pos.within && (pos.node.final || enabled(pos.node).some((s) => s.events.length === 0 && final({ node: s.next })));
  return {
    initial: { node: initial(scenario) },
    enabled: allowed,
    isFinal: final,
    key: (pos) => (pos.within ? `${pos.node.id}@${pos.within.offset}` : String(pos.node.id)),
    matches: (observed, allowedEvent) => form(observed) === form(allowedEvent),
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
