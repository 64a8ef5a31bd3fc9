/**
 * Invariants of the circuit-breaker machine, named after what stays true;
 * their ids are CB requirement IDs (the pool invariants gate, transition-function, reporting-count, strategy-faults).
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { Invariant } from '../kernel/machine.js';
import { targetOf } from './breaker.js';
import type { BreakerCore, CircuitBreakerConfig, CircuitBreakerMachineState } from './model.js';

/** An invariant of the circuit-breaker machine. */
export type CircuitBreakerInvariant = Invariant<CircuitBreakerConfig, CircuitBreakerMachineState>;

/** The fields of a core a pool user can observe, as one comparable string. */
const observables = (core: BreakerCore): string =>
  JSON.stringify([
    core.status,
    core.strategy,
    core.failures,
    core.held,
    core.parked,
    core.lastCall,
    core.lastGate,
    core.releases,
    core.rejectedReleases,
    core.successReports,
    core.failureReports,
    core.shouldRecoverCalls,
    core.lastRelease,
  ]);

/** CB-1: until a transition method is called the breaker is ACTIVE. */
export const startsActive: CircuitBreakerInvariant = {
  id: 'CB-1',
  title: 'no transition call yet ⇒ ACTIVE',
  holds: (s) => s.lastCall !== null || s.status === 'ACTIVE',
};

/**
 * CB-2 (and CB-5): the state is the target of the last transition call,
 * whoever made it — so nothing but a call (by user code or the strategy)
 * ever changes it, and every call succeeds from any state.
 */
export const stateIsLastCallTarget: CircuitBreakerInvariant = {
  id: 'CB-2',
  title: 'the breaker state equals the target of the last activate/deactivate/recover call',
  holds: (s) => s.lastCall === null || s.status === targetOf(s.lastCall.call),
};

/** CB-3: the gate never lets an acquire or a retry through while INACTIVE. */
export const inactiveAdmitsNothing: CircuitBreakerInvariant = {
  id: 'CB-3',
  title: 'an acquire, tryAcquire or retry admitted by the gate found the breaker ACTIVE or RECOVERING',
  holds: (s) => s.lastGate === null || !s.lastGate.admitted || s.lastGate.status !== 'INACTIVE',
};

/** CB-4: RECOVERING admits like ACTIVE: the gate refuses only in INACTIVE. */
export const recoveringAdmitsLikeActive: CircuitBreakerInvariant = {
  id: 'CB-4',
  title: 'the gate refuses only in INACTIVE (RECOVERING has no request limit)',
  holds: (s) => s.lastGate === null || s.lastGate.admitted || s.lastGate.status === 'INACTIVE',
};

/** CB-6: one report per release, a failure exactly for each release beforeRelease rejected, none from acquire paths. */
export const oneReportPerRelease: CircuitBreakerInvariant = {
  id: 'CB-6',
  title: '#reportSuccess + #reportFailure = #release; #reportFailure = #releases rejected by beforeRelease',
  holds: (s) => s.successReports + s.failureReports === s.releases && s.failureReports === s.rejectedReleases,
};

/** CB-7: the run with the configured (possibly throwing) strategy is indistinguishable from its fault-free twin. */
export const strategyFaultsHarmless: CircuitBreakerInvariant = {
  id: 'CB-7',
  title: 'a strategy that throws changes no observable: state, counts and release outcomes equal the fault-free run',
  holds: (s) => observables(s) === observables(s.faultFree) && s.lastRelease !== 'threw',
};

/** CB-8: the runtime never polls `shouldRecover()`. */
export const shouldRecoverNeverCalled: CircuitBreakerInvariant = {
  id: 'CB-8',
  title: 'CircuitBreakerStrategy::shouldRecover() is never called',
  holds: (s) => s.shouldRecoverCalls === 0,
};

/** Every invariant of the circuit-breaker machine. */
export const invariants: readonly CircuitBreakerInvariant[] = [
  startsActive,
  stateIsLastCallTarget,
  inactiveAdmitsNothing,
  recoveringAdmitsLikeActive,
  oneReportPerRelease,
  strategyFaultsHarmless,
  shouldRecoverNeverCalled,
];
