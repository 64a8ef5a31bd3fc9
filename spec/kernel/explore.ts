/**
 * Bounded breadth-first exploration of a pure machine.
 *
 * @remarks Modelled on xstate's `graph/adjacency.ts`: a breadth-first walk
 * over `enabled` × `step`, de-duplicating states by their serialisation, with
 * a hard limit on the number of states. Every reached state is checked
 * against every invariant; every transition that fired is recorded, so a
 * self-test can assert that the walk visited the whole transition table.
 * @module
 */
import type { Machine, SpecError } from './machine.js';
import { firingTransition } from './machine.js';

/** Options of {@link explore}. */
export interface ExploreOptions {
  /** Stop after this many distinct states. @defaultValue 100_000 */
  maxStates?: number;
  /**
   * Stop as soon as the invariant with this requirement ID is violated (for
   * tests that check a deliberately broken machine is caught). The result is
   * then partial: `truncated` is set.
   */
  until?: string;
}

/** An invariant that failed in a reached state, with the path that reached it. */
export interface InvariantViolation<S, A> {
  /** Requirement ID of the invariant. */
  id: string;
  /** The offending state. */
  state: S;
  /** Actions from the initial state to it. */
  path: A[];
}

/** What {@link explore} found. */
export interface ExploreResult<S, A> {
  /** Distinct states reached. */
  states: number;
  /** Steps taken (edges walked, including those into known states). */
  edges: number;
  /** Whether `maxStates` stopped the walk early. */
  truncated: boolean;
  /** Indices (into `machine.transitions`) of every transition that fired. */
  fired: Set<number>;
  /** Invariant violations, at most one per invariant ID. */
  violations: InvariantViolation<S, A>[];
}

/**
 * Walk every state reachable from `machine.initial(config)`.
 *
 * @param machine - the machine to explore.
 * @param config - its configuration (keep it small: the state space is exhaustive).
 * @param options - limits.
 * @returns counts, fired transitions and invariant violations.
 */
export function explore<C, S, A extends { type: string }, O>(
  machine: Machine<C, S, A, O>,
  config: C,
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  const maxStates = options.maxStates ?? 100_000;
  const key = (s: S) => (machine.serialize ? machine.serialize(s) : JSON.stringify(s));
  const start = machine.initial(config);
  const seen = new Map<string, A[]>([[key(start), []]]);
  const queue: Array<{ state: S; path: A[] }> = [{ state: start, path: [] }];
  const fired = new Set<number>();
  const violations: InvariantViolation<S, A>[] = [];
  const violated = new Set<string>();
  let edges = 0;
  let truncated = false;

  const check = (state: S, path: A[]) => {
    for (const inv of machine.invariants) {
      if (violated.has(inv.id) || inv.holds(state, config)) continue;
      violated.add(inv.id);
      violations.push({ id: inv.id, state, path });
    }
  };
  check(start, []);

  const reached = () => options.until !== undefined && violated.has(options.until);
  for (let head = 0; head < queue.length && !reached(); head++) {
    const { state, path } = queue[head];
    for (const action of machine.enabled(config, state)) {
      const t = firingTransition(machine, config, state, action);
      if (t) fired.add(machine.transitions.indexOf(t));
      const result = machine.step(config, state, action);
      edges++;
      const k = key(result.state);
      if (seen.has(k)) continue;
      if (seen.size >= maxStates) {
        truncated = true;
        continue;
      }
      const next = { state: result.state, path: [...path, action] };
      seen.set(k, next.path);
      check(result.state, next.path);
      queue.push(next);
      if (reached()) {
        truncated = true;
        break;
      }
    }
  }
  return { states: seen.size, edges, truncated, fired, violations };
}

/** What {@link exploreAll} found over several configurations. */
export interface CoverageResult {
  /** Distinct states reached, per configuration. */
  states: number[];
  /** Whether any walk hit `maxStates`. */
  truncated: boolean;
  /** IDs of the invariants violated in any configuration. */
  violations: string[];
  /** Transitions no walk fired, as `requirement:updateName`. */
  unfired: string[];
}

/**
 * Explore a machine under several configurations and merge the coverage: a
 * module's self-test asserts no violation, no truncation and no unfired
 * transition across its small instances.
 */
export function exploreAll<C, S, A extends { type: string }, O>(
  machine: Machine<C, S, A, O>,
  configs: readonly C[],
  options: ExploreOptions = {},
): CoverageResult {
  const fired = new Set<number>();
  const result: CoverageResult = { states: [], truncated: false, violations: [], unfired: [] };
  for (const config of configs) {
    const r = explore(machine, config, options);
    result.states.push(r.states);
    result.truncated ||= r.truncated;
    result.violations.push(...r.violations.map((v) => v.id));
    r.fired.forEach((i) => fired.add(i));
  }
  result.unfired = machine.transitions.filter((_, i) => !fired.has(i)).map((t) => `${t.requirement}:${t.update.name}`);
  return result;
}

/** The outcome of {@link runActions}. */
export interface RunActionsResult<S, A, O> {
  /** The state after the last accepted action. */
  state: S;
  /** Outputs of every accepted action, in order. */
  outputs: O[];
  /** The first action that returned an error, which stopped the run. */
  rejected?: { index: number; action: A; error: SpecError };
}

/** Apply actions in order from the initial state, stopping at the first error. */
export function runActions<C, S, A extends { type: string }, O>(
  machine: Machine<C, S, A, O>,
  config: C,
  actions: readonly A[],
): RunActionsResult<S, A, O> {
  let state = machine.initial(config);
  const outputs: O[] = [];
  for (let index = 0; index < actions.length; index++) {
    const r = machine.step(config, state, actions[index]);
    if (r.kind === 'error') return { state, outputs, rejected: { index, action: actions[index], error: r.error } };
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { state, outputs };
}
