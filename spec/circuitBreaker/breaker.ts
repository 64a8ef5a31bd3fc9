/**
 * The breaker as pure functions: the gate, the total transition function and
 * a data-described strategy's reaction to a report. `spec/pool` uses the
 * gate; the circuit-breaker machine uses all three.
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { CircuitBreakerState, ReportMethod, StrategySpec, TransitionCall } from './model.js';

/** The three breaker states, in enum order. */
export const BREAKER_STATES: readonly CircuitBreakerState[] = ['ACTIVE', 'INACTIVE', 'RECOVERING'];

/**
 * Whether `acquire()` / `tryAcquire()` pass the gate: every state but
 * INACTIVE, RECOVERING without any limit.
 *
 * @param status - the breaker state when the call starts or retries.
 * @returns `false` exactly for INACTIVE.
 * CB-3, CB-4
 */
export function admits(status: CircuitBreakerState): boolean {
  return status !== 'INACTIVE';
}

/**
 * The state a transition method sets, whatever the current state (total
 * transition function, a decision recorded in the catalogue).
 *
 * @param call - `activate`, `deactivate` or `recover`.
 * @returns ACTIVE, INACTIVE or RECOVERING.
 * CB-2
 */
export function targetOf(call: TransitionCall): CircuitBreakerState {
  return call === 'activate' ? 'ACTIVE' : call === 'deactivate' ? 'INACTIVE' : 'RECOVERING';
}

/** What a data-described strategy does when a report method is called. */
export interface StrategyReaction {
  /** The strategy's failure count after the call. */
  failures: number;
  /** The transition method it calls on the pool, if any. */
  call: TransitionCall | null;
  /** Whether the method then throws. */
  throws: boolean;
}

/**
 * A {@link StrategySpec}'s reaction to `method`.
 *
 * @remarks `reportSuccess` calls `activate()` when `activateOnSuccess`;
 * `reportFailure` counts the failure and calls `deactivate()` once the
 * count — failures since the strategy was installed — reaches
 * `deactivateAfterFailures`. A method
 * listed in `throwsIn` throws after its transition call.
 * @param spec - the strategy.
 * @param failures - its failure count before the call.
 * @param method - the report method the pool calls.
 * @returns the new failure count, the transition call and whether it throws.
 * CB-6, CB-7
 */
export function reactTo(spec: StrategySpec, failures: number, method: ReportMethod): StrategyReaction {
  const throws = spec.throwsIn.includes(method);
  if (method === 'reportSuccess') return { failures, call: spec.activateOnSuccess ? 'activate' : null, throws };
  const count = failures + 1;
  const trips = spec.deactivateAfterFailures !== null && count >= spec.deactivateAfterFailures;
  return { failures: count, call: trips ? 'deactivate' : null, throws };
}
