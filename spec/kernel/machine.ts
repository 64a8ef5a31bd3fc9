/**
 * The shape every spec module shares: a pure state machine whose transitions
 * are data and whose invariants are named requirement predicates.
 * @module
 */

/** An error a transition can produce; `type` is TrueAsync's exception class name. */
export interface SpecError {
  /** PHP class name, e.g. `Async\\AsyncException`, or a C-level diagnostic (`E_WARNING`). */
  type: string;
  /** The exact message. */
  message: string;
}

/**
 * The outcome of one step. A domain outcome is never thrown: an operation
 * that fails in TrueAsync returns `kind: 'error'` with the unchanged (or
 * partially updated, where the C code does so) state.
 */
export type StepResult<S, O> =
  | { kind: 'ok'; state: S; outputs: O[] }
  | {
      kind: 'error';
      state: S;
      error: SpecError;
      /** What the step reported before the exception (side effects the C code makes first, e.g. destructor calls). */
      outputs?: O[];
    };

/** A named pure function, so diagrams and docs can show its name. */
export interface Named<F> {
  /** Shown in diagrams. */
  name: string;
  /** The function. */
  fn: F;
}

/**
 * One transition, as data.
 *
 * @remarks `from` and `to` are the machine's status names (TrueAsync's own,
 * e.g. `WAITING`). `update` is pure.
 */
export interface Transition<C, S, A extends { type: string }, O> {
  /** The requirement ID this transition implements. */
  requirement: string;
  /** Status names it leaves from. */
  from: readonly string[];
  /** The action `type` that fires it. */
  on: A['type'];
  /** Status it reaches (for diagrams; `update` computes the actual state). */
  to: string;
  /** Enabling condition; absent means always. */
  guard?: Named<(config: C, state: S, action: A) => boolean>;
  /** The effect. */
  update: Named<(config: C, state: S, action: A) => StepResult<S, O>>;
}

/** A named predicate that holds in every reachable state. `id` is a requirement ID. */
export interface Invariant<C, S> {
  /** Requirement ID, e.g. `WAK-1`. */
  id: string;
  /** What stays true, in words. */
  title: string;
  /** Whether it holds in `state`. */
  holds(state: S, config: C): boolean;
}

/**
 * A spec module's machine: initial state, transitions as data, a pure step,
 * the enabled actions (for exhaustive exploration) and its invariants.
 */
export interface Machine<C, S, A extends { type: string }, O> {
  /** Module name, e.g. `waker`. */
  name: string;
  /** The state a fresh instance starts in. */
  initial(config: C): S;
  /** The status name of a state (diagram node). */
  status(state: S): string;
  /**
   * The status an action's transitions are matched against, when it is not
   * {@link Machine.status}: a machine composed of per-caller parts (the
   * pool's acquire and release calls) matches each action against the status
   * of the part it moves. @defaultValue `status(state)`
   */
  statusFor?(state: S, action: A): string;
  /** Every transition, as data. */
  transitions: readonly Transition<C, S, A, O>[];
  /**
   * Apply one action: the first transition whose `on`, `from` and guard match
   * fires. No match yields `{ kind: 'error', error: { type: 'Unhandled' } }`.
   */
  step(config: C, state: S, action: A): StepResult<S, O>;
  /** Actions worth trying in `state` (a finite list, for `explore()`). */
  enabled(config: C, state: S): A[];
  /** Invariants checked in every explored state. */
  invariants: readonly Invariant<C, S>[];
  /** Canonical string of a state, for de-duplication. @defaultValue `JSON.stringify` */
  serialize?(state: S): string;
}

/**
 * The generic `step`: fire the first transition matching `action.type`, the
 * current status and the guard.
 *
 * @returns the transition's result, or an `Unhandled` error naming the status and action.
 */
export function stepBy<C, S, A extends { type: string }, O>(
  machine: Pick<Machine<C, S, A, O>, 'transitions' | 'status' | 'statusFor'>,
  config: C,
  state: S,
  action: A,
): StepResult<S, O> {
  const status = machine.statusFor ? machine.statusFor(state, action) : machine.status(state);
  for (const t of machine.transitions) {
    if (t.on !== action.type || !t.from.includes(status)) continue;
    if (t.guard && !t.guard.fn(config, state, action)) continue;
    return t.update.fn(config, state, action);
  }
  return { kind: 'error', state, error: { type: 'Unhandled', message: `no transition on '${action.type}' from ${status}` } };
}

/** The transition that `step` would fire, or `undefined`. */
export function firingTransition<C, S, A extends { type: string }, O>(
  machine: Pick<Machine<C, S, A, O>, 'transitions' | 'status' | 'statusFor'>,
  config: C,
  state: S,
  action: A,
): Transition<C, S, A, O> | undefined {
  const status = machine.statusFor ? machine.statusFor(state, action) : machine.status(state);
  return machine.transitions.find(
    (t) => t.on === action.type && t.from.includes(status) && (!t.guard || t.guard.fn(config, state, action)),
  );
}

/**
 * A deliberately broken variant of a machine: the update named `name` is
 * replaced by `fn` in every transition that uses it, and `step` follows the
 * new table. Self-tests use it to show that an invariant can fail.
 *
 * @throws Error when no transition has an update of that name (a typo would
 * otherwise make the "broken" machine the correct one).
 */
export function withUpdate<C, S, A extends { type: string }, O>(
  machine: Machine<C, S, A, O>,
  name: string,
  fn: (config: C, state: S, action: A) => StepResult<S, O>,
): Machine<C, S, A, O> {
  if (!machine.transitions.some((t) => t.update.name === name)) throw new Error(`withUpdate: ${machine.name} has no update named '${name}'`);
  const transitions = machine.transitions.map((t) => (t.update.name === name ? { ...t, update: { name: `broken ${name}`, fn } } : t));
  return { ...machine, transitions, step: (c, s, a) => stepBy({ transitions, status: machine.status, statusFor: machine.statusFor }, c, s, a) };
}
