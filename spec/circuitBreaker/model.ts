/**
 * Types of the circuit-breaker machine: the breaker state of `Async\Pool`,
 * a strategy described as data, and the abstract pool operations the
 * breaker gates and the strategy hears about.
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { SpecError } from '../kernel/machine.js';

/** `enum Async\CircuitBreakerState`: TrueAsync's names, not OPEN / HALF_OPEN. */
export type CircuitBreakerState = 'ACTIVE' | 'INACTIVE' | 'RECOVERING';

/** A `CircuitBreaker` transition method. */
export type TransitionCall = 'activate' | 'deactivate' | 'recover';

/** A `CircuitBreakerStrategy` method the pool calls (`shouldRecover` is never called, CB-8). */
export type ReportMethod = 'reportSuccess' | 'reportFailure';

/** Who called a transition method (CB-5: never the pool itself). */
export type Caller = 'user' | 'strategy';

/**
 * A `CircuitBreakerStrategy` described as data, as the scenario language
 * will offer it: it records every call and may react with a transition call.
 */
export interface StrategySpec {
  /**
   * `reportFailure` calls `deactivate()` once this many failures were
   * reported since the strategy was installed (a success does not reset the count);
   * `null`: never. @defaultValue null
   */
  deactivateAfterFailures: number | null;
  /** `reportSuccess` calls `activate()`. @defaultValue false */
  activateOnSuccess: boolean;
  /** Report methods that throw, after their transition call (CB-7). @defaultValue [] */
  throwsIn: readonly ReportMethod[];
}

/** The configuration of the circuit-breaker machine. Keep it small: `explore()` is exhaustive. */
export interface CircuitBreakerConfig {
  /** The strategy `explore()` installs with `setStrategy` (the installed one is state: {@link BreakerCore.strategy}). */
  strategy: StrategySpec;
  /** Most resources out at once (the abstract pool's capacity). */
  maxHeld: number;
  /** Most acquires parked at once. */
  maxParked: number;
  /** Most `release()` calls `explore()` makes. */
  maxReleases: number;
}

/** The last admission decision of the gate (ghost, CB-3, CB-4). */
export interface GateRecord {
  /** The breaker state the gate read. */
  status: CircuitBreakerState;
  /** Whether the operation was let through. */
  admitted: boolean;
}

/**
 * Everything a throwing strategy must not change (CB-7): the breaker, the
 * strategy's own memory, the abstract pool and the counts the properties of
 * the pool invariants read.
 */
export interface BreakerCore {
  /** `circuit_state`. */
  status: CircuitBreakerState;
  /** The installed strategy (`setCircuitBreakerStrategy`), `null` for none. */
  strategy: StrategySpec | null;
  /** The strategy's memory: failures reported since it was installed. */
  failures: number;
  /** Resources out (acquired, not yet released) of the abstract pool; a composed pool machine owns its own and reports with `report`. */
  held: number;
  /** Admitted `acquire()` calls parked in the abstract pool, waiting for a resource. */
  parked: number;
  /** Ghost: the target of the last transition call and who made it; `null` before any (CB-1, CB-2). */
  lastCall: { call: TransitionCall; by: Caller } | null;
  /** Ghost: the gate's last decision (CB-3, CB-4). */
  lastGate: GateRecord | null;
  /** Ghost: reports made to an installed strategy (one per `release()` with a strategy installed, CB-6). */
  releases: number;
  /** Ghost: those of them that `beforeRelease` rejected. */
  rejectedReleases: number;
  /** Ghost: `reportSuccess` calls. */
  successReports: number;
  /** Ghost: `reportFailure` calls. */
  failureReports: number;
  /** Ghost: `shouldRecover` calls (CB-8: always 0). */
  shouldRecoverCalls: number;
  /** Ghost: how the last `release()` ended for its caller. */
  lastRelease: 'returned' | 'threw' | null;
}

/**
 * The state of the machine: the breaker as it runs with the configured
 * strategy, and a ghost twin that runs the same actions with a strategy that
 * never throws (CB-7 compares the two).
 */
export interface CircuitBreakerMachineState extends BreakerCore {
  /** Ghost: the same run with a strategy whose methods never throw. */
  faultFree: BreakerCore;
}

/** What the pool does with an admitted `acquire()` (the pool itself is modelled by `spec/pool`). */
export type AcquireOutcome = 'resource' | 'park' | 'fail';

/** What the pool does with an admitted `tryAcquire()`. */
export type TryAcquireOutcome = 'resource' | 'none' | 'fail';

/** An operation on the pool, as the breaker and the strategy see it. */
export type CircuitBreakerAction =
  | { type: 'acquire'; outcome: AcquireOutcome }
  | { type: 'tryAcquire'; outcome: TryAcquireOutcome }
  | { type: 'retry' }
  | { type: 'release'; ok: boolean }
  | { type: 'report'; ok: boolean }
  | { type: 'activate' }
  | { type: 'deactivate' }
  | { type: 'recover' }
  | { type: 'setStrategy'; strategy: StrategySpec | null };

/** What a step reports. */
export type CircuitBreakerOutput =
  | { type: 'admitted'; outcome: AcquireOutcome | TryAcquireOutcome }
  | { type: 'rejected'; error: SpecError }
  | { type: 'nullResult' }
  | { type: 'reported'; method: ReportMethod; error?: SpecError }
  | { type: 'strategyCalled'; call: TransitionCall }
  | { type: 'strategyThrew'; method: ReportMethod };

/** `Async\ServiceUnavailableException` of an acquire while INACTIVE (CB-3). */
export const SERVICE_UNAVAILABLE: SpecError = {
  type: 'Async\\ServiceUnavailableException',
  message: 'Service is unavailable (circuit breaker is open)',
};

/** The `\Exception` a rejected release reports to `reportFailure` (CB-6). */
export const RESOURCE_VALIDATION_FAILED: SpecError = { type: 'Exception', message: 'Resource validation failed' };

/** The exception a throwing strategy method raises (CB-7). */
export const STRATEGY_ERROR: SpecError = { type: 'RuntimeException', message: 'strategy failed' };
