/**
 * Types of the scope machine: a small fixed forest of scopes, the coroutines
 * spawned into them, user cancels and disposes, fail-together exception
 * handling and disposal.
 *
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */

/** What a scope exception handler does with the error it receives (SCP-14). */
export type HandlerBehaviour = 'swallow' | 'rethrow';

/** One scope of the configured forest. */
export interface ScopeSpec {
  /** Scope id. */
  id: string;
  /** Parent id; `null` for a root (`new Scope()`, created in the initial state). */
  parent: string | null;
  /**
   * `asNotSafely()` (`false`) or `allowZombies()` (`true`) called right after
   * creation; absent keeps the default of SCP-2 (root not safe, child copies
   * its parent).
   */
  safe?: boolean;
  /** The handler `setExceptionHandler()` installs, if the exploration may install one. */
  exceptionHandler?: HandlerBehaviour;
  /** The handler `setChildScopeExceptionHandler()` installs, if the exploration may install one. */
  childScopeExceptionHandler?: HandlerBehaviour;
}

/** A coroutine the exploration may spawn, into a fixed scope. */
export interface ScopedCoroutineSpec {
  /** Coroutine id. */
  id: string;
  /** The scope it is spawned into. */
  scope: string;
}

/**
 * The configuration of the scope machine.
 *
 * @remarks Keep it small: `explore()` is exhaustive. Parents must come
 * before their children in `scopes`; the first scope is the root whose
 * status names the diagram node.
 */
export interface ScopeConfig {
  /** The forest, parents first. */
  scopes: readonly ScopeSpec[];
  /** Coroutines that may be spawned, each at most once (at most 3 for exploration). */
  coroutines: readonly ScopedCoroutineSpec[];
  /** Offer `protect`/`unprotect` to running coroutines. @defaultValue false */
  protect: boolean;
  /** Offer one scope `finally()` registration per scope. @defaultValue false */
  finally: boolean;
  /** Offer `disposeAfterTimeout()` and the timer firing. @defaultValue false */
  timers: boolean;
}

/**
 * The lifecycle status of a scope, upper case: `OPEN`,
 * `CANCELLED` (coroutines may still run), `CLOSED`, `DISPOSED` (the internal
 * scope is gone; the object reports closed). A scope not yet created by
 * `Scope::inherit()` has no status.
 */
export type ScopeStatus = 'OPEN' | 'CANCELLED' | 'CLOSED' | 'DISPOSED';

/**
 * Where a coroutine is: `CREATED` (not spawned), `QUEUED` (spawned, not
 * started), `IGNORED` (cancelled before it started: its body never runs),
 * `RUNNING` (the current coroutine), `SUSPENDED` (started, not running),
 * `COMPLETED`.
 */
export type ScopedCoroutineStatus = 'CREATED' | 'QUEUED' | 'IGNORED' | 'RUNNING' | 'SUSPENDED' | 'COMPLETED';

/** How a coroutine ended. */
export type ScopedOutcome = { kind: 'returned' } | { kind: 'failed' } | { kind: 'cancelled'; reason: string };

/** One scope's internal state and object flags. */
export interface ScopeRecord {
  /** The scope exists (`new Scope()` / `Scope::inherit()` ran). */
  created: boolean;
  /** `DISPOSE_SAFELY`. */
  safe: boolean;
  /** `CANCELLED` (after disposal: the object's sticky copy). */
  cancelled: boolean;
  /** `CLOSED`. */
  closed: boolean;
  /** The internal scope was disposed; the object's pointer is `null`. */
  disposed: boolean;
  /** Live child scopes, in creation order (`scopes` vector). */
  children: string[];
  /** Unfinished coroutines, in spawn order (`coroutines` vector). */
  coroutines: string[];
  /** `active_coroutines_count`. */
  active: number;
  /** `zombie_coroutines_count`. */
  zombies: number;
  /** The installed exception handler. */
  exceptionHandler: HandlerBehaviour | null;
  /** The installed child-scope exception handler. */
  childScopeExceptionHandler: HandlerBehaviour | null;
  /** A registered `finally()` handler has not run yet. */
  finallyPending: boolean;
  /** Ghost: how many times a finally handler of this scope ran (SCP-16). */
  finallyRuns: number;
  /** A `disposeAfterTimeout()` timer is armed (SCP-11). */
  timer: boolean;
  /** Ghost: how many of its coroutines had been spawned when it was closed or disposed; `null` while neither (SCP-3). */
  sealedAt: number | null;
}

/** One coroutine of the scope machine. */
export interface ScopedCoroutineRecord {
  /** Where it is. */
  status: ScopedCoroutineStatus;
  /** `STARTED`. */
  started: boolean;
  /** `CANCELLED`. */
  cancelled: boolean;
  /** `ZOMBIE`. */
  zombie: boolean;
  /** `PROTECTED` (inside `protect()`). */
  protected: boolean;
  /** The cancellation its waker throws when it is switched in. */
  pending: string | null;
  /** `deferred_cancellation` (CAN-5). */
  deferred: string | null;
  /** The cancellation stored by a self-cancel (SCP-20). */
  stored: string | null;
  /** The cancellation propagating through its running body. */
  unwinding: string | null;
  /** Ghost: it was cancelled before it started (waker `IGNORED`, SCP-5). */
  ignored: boolean;
  /** Ghost: how many times it was marked zombie (SCP-18). */
  zombified: number;
}

/** What a cascade did to one scope. */
export interface ScopeStep {
  /** Discriminant. */
  kind: 'scope';
  /** The scope. */
  scope: string;
  /** `cancelled` (CANCELLED set), `closed` (completely done: CLOSED set) or `unchanged` (already CLOSED or disposed). */
  effect: 'cancelled' | 'closed' | 'unchanged';
}

/**
 * What the cancel algorithm did to one coroutine: `none`
 * (finished), `marked` (the issuer itself, SCP-20), `deferred` (protected),
 * `ignored` (not started, SCP-5), `zombie` (safe mode, SCP-6), `kept` (a
 * pending cancellation stays), `thrown` (the cancellation is thrown at its
 * suspension point).
 */
export type CoroutineEffect = 'none' | 'marked' | 'deferred' | 'ignored' | 'zombie' | 'kept' | 'thrown';

/** What a cascade did to one coroutine. */
export interface CoroutineStep {
  /** Discriminant. */
  kind: 'coroutine';
  /** The coroutine. */
  coroutine: string;
  /** Its scope. */
  scope: string;
  /** What happened to it. */
  effect: CoroutineEffect;
  /** The cancellation message it received. */
  reason: string;
  /** Whether it had started before the step. */
  started: boolean;
}

/** One step of a cascade, in the order the C code takes it. */
export type CascadeStep = ScopeStep | CoroutineStep;

/** Ghost: the last cascade (user cancel, timeout or fail-together), for the invariants. */
export interface CascadeWitness {
  /** The scope the cascade started at. */
  origin: string;
  /** `cancel` (cancel/dispose/disposeSafely), `timeout` (disposeAfterTimeout fired) or `fail` (SCP-14). */
  cause: 'cancel' | 'timeout' | 'fail';
  /** For `cancel`: the method called. */
  method: CancelMethod | null;
  /** The mode: started coroutines become zombies (SCP-6). */
  safe: boolean;
  /** The cancellation message given by the user, if any. */
  given: string | null;
  /** The coroutine that issued it; `null` for main, the timer or the fail path. */
  issuer: string | null;
  /** What happened, in order. */
  steps: CascadeStep[];
}

/** Ghost: the last unhandled exception handled by the scope tree (SCP-14). */
export interface FailureWitness {
  /** The coroutine that failed. */
  coroutine: string;
  /** Scopes the error visited, from the coroutine's scope upward. */
  chain: string[];
  /** The scope whose handler absorbed it; `null` when it left the root unhandled. */
  absorbedBy: string | null;
}

/** The state of the forest and its coroutines. */
export interface ScopeMachineState {
  /** The id of the first configured scope, whose status is the machine's status. */
  root: string;
  /** Every configured scope. */
  scopes: Record<string, ScopeRecord>;
  /** Every configured coroutine. */
  coroutines: Record<string, ScopedCoroutineRecord>;
  /** The running coroutine; `null` when main (outside every configured scope) runs. */
  current: string | null;
  /** Ghost: the cascade of the last step, if it ran one. */
  cascade: CascadeWitness | null;
  /** Ghost: the exception handling of the last step, if it ran one. */
  failure: FailureWitness | null;
}

/** The three user methods that close a scope (SCP-10). */
export type CancelMethod = 'cancel' | 'dispose' | 'disposeSafely';

/**
 * An operation. Coroutine-body operations (`suspend`, `protect`, `unprotect`,
 * `return`, `fail`) apply to the current coroutine; scope operations are
 * issued by the current coroutine, or by main when none runs.
 */
export type ScopeAction =
  | { type: 'inherit'; scope: string }
  | { type: 'spawn'; coroutine: string }
  | { type: 'start'; coroutine: string }
  | { type: 'suspend' }
  | { type: 'resume'; coroutine: string }
  | { type: 'protect' }
  | { type: 'unprotect' }
  | { type: 'return' }
  | { type: 'fail' }
  | { type: 'cancel'; scope: string; method: CancelMethod; reason?: string }
  | { type: 'disposeAfterTimeout'; scope: string }
  | { type: 'timerFires'; scope: string }
  | { type: 'onFinally'; scope: string }
  | { type: 'setExceptionHandler'; scope: string }
  | { type: 'setChildScopeExceptionHandler'; scope: string };

/** What a step reports. */
export type ScopeOutput =
  | { type: 'completed'; coroutine: string; outcome: ScopedOutcome }
  | { type: 'handlerCalled'; scope: string; handler: 'exception' | 'childScope'; behaviour: HandlerBehaviour }
  | { type: 'uncaught'; coroutine: string }
  | { type: 'finallyCalled'; scope: string }
  | { type: 'disposed'; scope: string };

/** `AsyncCancellation` message of a scope cancel without a reason (SCP-10, CAN-12). */
export const SCOPE_CANCELLED = 'Scope was cancelled';

/** `AsyncCancellation` message a fail-together cascade gives a scope's own coroutines (SCP-14, CAN-12). */
export const COROUTINE_CANCELLED = 'Coroutine cancelled';

/** `AsyncCancellation` message of a fired `disposeAfterTimeout()` (SCP-11, CAN-12). */
export const TIMEOUT_CANCELLED = 'Scope has been disposed due to timeout';

/** `AsyncException` of spawning into, or setting a handler on, a disposed scope (SCP-3, SCP-19). */
export const DISPOSED_MESSAGE = 'Scope object has been disposed';

/** `AsyncException` of spawning into a closed scope (SCP-3). */
export const CLOSED_MESSAGE = 'Cannot spawn a coroutine in a closed scope';

/** `AsyncException` of `Scope::inherit()` from a disposed scope (SCP-19). */
export const INHERIT_DISPOSED_MESSAGE = 'Cannot inherit a Scope from a parent Scope that has already been disposed.';
