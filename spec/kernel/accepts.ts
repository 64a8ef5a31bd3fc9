/**
 * Trace acceptance: does a model allow an observed sequence of events?
 *
 * @remarks Modelled on TLA+ trace validation (Kuppe, Cirstea, Merz et al.,
 * "Validating Traces of Distributed Programs Against TLA+ Specifications",
 * 2024): the model offers, in every state, the set of steps it allows next
 * (`enabled`), each labelled with the event it emits and the requirement IDs
 * of the transition that produces it. Acceptance walks the observed trace
 * event by event over the *set* of states that can explain the prefix read
 * so far (a subset construction, states de-duplicated by `key`), so a model
 * that leaves an order open — several allowed next events — is accepted along
 * every order it allows, without backtracking. A rejection reports the
 * longest accepted prefix, the first offending event, the events the model
 * allowed there and the requirement IDs they and the offending event are
 * attributed to.
 * @module
 */

/** One step a model allows: the event it emits, who is responsible, and the state after it. */
export interface AllowedStep<E, S> {
  /** The event this step emits. */
  event: E;
  /** Requirement IDs of the transition that produces the event. */
  requirements: readonly string[];
  /** The state after the step. */
  next: S;
}

/** A model of the traces a system may emit, as an automaton over events. */
export interface TraceModel<E, S> {
  /** The state before the first event. */
  initial: S;
  /** Every step allowed in `state` (empty: nothing more may happen). */
  enabled(state: S): readonly AllowedStep<E, S>[];
  /** Whether a trace may end in `state`. */
  isFinal(state: S): boolean;
  /** A serialisation of `state`, for de-duplication. */
  key(state: S): string;
  /** Whether an observed event is the one a step emits. */
  matches(observed: E, allowed: E): boolean;
  /**
   * The requirement IDs an observed event claims: the transitions that
   * would have produced an event like it. Used to attribute a rejection.
   */
  claims(observed: E): readonly string[];
}

/** An event the model allowed where the observed trace went another way. */
export interface AllowedEvent<E> {
  /** The allowed event. */
  event: E;
  /** Requirement IDs of the transition that would have produced it. */
  requirements: readonly string[];
}

/** Why a trace was rejected. */
export interface Rejection<E> {
  /** Discriminant. */
  accepted: false;
  /** Index of the first offending event (= `prefix.length`). */
  index: number;
  /** The longest prefix of the trace the model accepts. */
  prefix: E[];
  /** The first event the model does not allow, or `null` when the trace ended where the model requires more. */
  offending: E | null;
  /** What the model allowed at that point (empty when it allowed nothing more). */
  allowed: AllowedEvent<E>[];
  /**
   * The requirement IDs the rejection is attributed to: those of the allowed
   * events and those the offending event claims, distinct, in that order.
   */
  requirements: string[];
}

/** The verdict of {@link acceptTrace}. */
export type Acceptance<E> = { accepted: true } | Rejection<E>;

/**
 * Decide whether `model` allows `trace`.
 *
 * @param model - the automaton.
 * @param trace - the observed events, in order.
 * @returns `{ accepted: true }`, or the {@link Rejection}.
 */
export function acceptTrace<E, S>(model: TraceModel<E, S>, trace: readonly E[]): Acceptance<E> {
  let frontier = new Map<string, S>([[model.key(model.initial), model.initial]]);
  for (let i = 0; i < trace.length; i++) {
    const observed = trace[i];
    const next = new Map<string, S>();
    const allowed: AllowedEvent<E>[] = [];
    for (const state of frontier.values()) {
      for (const step of model.enabled(state)) {
        if (model.matches(observed, step.event)) next.set(model.key(step.next), step.next);
        else allowed.push({ event: step.event, requirements: step.requirements });
      }
    }
    if (next.size === 0) return reject(model, trace, i, observed, allowed);
    frontier = next;
  }
  const states = [...frontier.values()];
  if (states.some((s) => model.isFinal(s))) return { accepted: true };
  const allowed = states.flatMap((s) => model.enabled(s).map((step) => ({ event: step.event, requirements: step.requirements })));
  return reject(model, trace, trace.length, null, allowed);
}

function reject<E, S>(model: TraceModel<E, S>, trace: readonly E[], index: number, offending: E | null, allowed: AllowedEvent<E>[]): Rejection<E> {
  const ids = [...allowed.flatMap((a) => a.requirements), ...(offending === null ? [] : model.claims(offending))];
  return {
    accepted: false, index, prefix: trace.slice(0, index), offending, allowed: distinctAllowed(allowed, model),
    requirements: [...new Set(ids)],
  };
}

function distinctAllowed<E, S>(allowed: AllowedEvent<E>[], model: TraceModel<E, S>): AllowedEvent<E>[] {
  const out: AllowedEvent<E>[] = [];
  for (const a of allowed) if (!out.some((o) => model.matches(a.event, o.event))) out.push(a);
  return out;
}

/** `JSON.stringify` with object keys sorted: the canonical form events are compared in. */
export function canonicalJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}
