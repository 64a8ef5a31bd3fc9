/**
 * One property per circuit-breaker requirement (CB-1..CB-8),
 * each on the pool-invariant generator (`breakerScenarios.ts`) tuned for its rule.
 *
 * @remarks The checks are the building blocks of the cross-cutting pool-invariant
 * family (`poolInvariants.props.ts`): the replay of a pool, the breaker-transition
 * rule, the gate, admission, reports and strategy faults. They read the
 * adapter's trace and the scenario only. The scenarios use no `cancel` and
 * no `suspend`, so an adapter with `pool` and `breaker` runs them.
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import type { Trace } from '../../spec/system/trace.js';
import { breakerScenario, type BreakerScenarioOptions } from '../arbitraries/breakerScenarios.js';
import { at, isKind, showError } from './traceQueries.js';
import {
  admissionViolation, breakerTransitions, eachPool, gateViolation, lostWakeupViolation, releaseOutcome, reportViolation,
  SERVICE_UNAVAILABLE, stateQueries, strategyFaultViolation, type PoolReplay,
} from './poolInvariants.props.js';

const CAPS: ConformanceProperty['capabilities'] = ['pool', 'breaker'];

/** The generator of the CB properties: no `cancel`, no `suspend`. */
const scenarios = (o: BreakerScenarioOptions = {}) => breakerScenario({ cancel: false, ...o, weights: { suspend: 0, ...o.weights } });

/** Index of the first `breaker` event of the pool, or the trace length. */
function firstTransition(trace: Trace, pool: string): number {
  const k = trace.findIndex((e) => isKind(e, 'breaker') && e.pool === pool);
  return k === -1 ? trace.length : k;
}

/** CB-1: before any transition, getState() is ACTIVE and the gate admits. */
export function initialStateViolation(trace: Trace, rep: PoolReplay): string | undefined {
  const id = rep.view.id;
  const first = firstTransition(trace, id);
  for (let i = 0; i < first; i++) {
    const e = trace[i];
    if (isKind(e, 'query') && e.target === id && e.what === 'getState' && e.value !== 'ACTIVE') {
      return `getState() of the new pool ${id} is ${JSON.stringify(e.value)} at ${at(trace, i)}, before any transition: a new pool is ACTIVE`;
    }
  }
  for (const call of rep.calls) {
    if (call.end === -1 || call.end >= first) continue;
    if (call.error?.class === SERVICE_UNAVAILABLE.class) return `${call.actor}'s acquire threw ${showError(call.error)} at ${at(trace, call.end)}, before any transition of the new (ACTIVE) pool ${id}`;
  }
  return admissionViolation(trace, { ...rep, calls: rep.calls.filter((c) => c.start < first) });
}

/** CB-3 (release side): while INACTIVE, a release ends as usual — the resource back to idle, or destroyed when rejected. */
export function inactiveReleaseViolation(trace: Trace, rep: PoolReplay): string | undefined {
  for (const rel of rep.releases) {
    if (rel.completion === -1 || rep.snapshots[rel.completion].state !== 'INACTIVE') continue;
    const v = releaseOutcome(trace, rep, rel);
    if (v) return `while INACTIVE: ${v}`;
  }
  return undefined;
}

/** CB-1. */
export const cb1 = defineProperty({
  id: 'CB-1',
  rule: 'a new pool\'s circuit breaker is ACTIVE — getState() answers ACTIVE and acquire() admits until the first transition',
  needs: CAPS,
  arbitrary: scenarios({ initialGetState: true, weights: { getState: 3, breaker: 1 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => initialStateViolation(actual, rep)),
});

/**
 * CB-2.
 *
 * @remarks The full rule: activate(), deactivate() and recover() set ACTIVE, INACTIVE and RECOVERING from any state, self-loops included, and getState() answers the target of the last call
 */
export const cb2 = defineProperty({
  id: 'CB-2',
  rule: 'activate(), deactivate() and recover() set their state from any state; getState() answers the last one',
  needs: CAPS,
  arbitrary: scenarios({ strategy: 'never', initialGetState: true, weights: { breaker: 8, getState: 4 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => breakerTransitions(actual, rep.view.id) ?? stateQueries(actual, rep)),
});

/**
 * CB-3.
 *
 * @remarks The full rule: while INACTIVE, acquire() throws ServiceUnavailableException at start and at every retry (a parked waiter woken after deactivate() included, which hands its reservation on), tryAcquire() returns null, and release() works normally
 */
export const cb3 = defineProperty({
  id: 'CB-3',
  rule: 'while INACTIVE, acquire() throws ServiceUnavailableException at start and every retry; tryAcquire() gives null',
  needs: CAPS,
  arbitrary: scenarios({ transitions: { deactivate: 3, activate: 1, recover: 1 }, weights: { breaker: 5, use: 8, try: 3 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => gateViolation(actual, rep) ?? lostWakeupViolation(actual, rep) ?? inactiveReleaseViolation(actual, rep)),
});

/**
 * CB-4.
 *
 * @remarks The full rule: RECOVERING admits acquire() and tryAcquire() exactly like ACTIVE, with no request limit — a call parks or gets null only when no place can be free, and never meets ServiceUnavailableException
 */
export const cb4 = defineProperty({
  id: 'CB-4',
  rule: 'RECOVERING admits acquire() and tryAcquire() exactly like ACTIVE, with no request limit',
  needs: CAPS,
  arbitrary: scenarios({ strategy: 'never', maxCapacity: 3, transitions: { recover: 4, activate: 1, deactivate: 1 }, weights: { breaker: 4, use: 8, hold: 4, try: 3 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => {
    const v = admissionViolation(actual, rep);
    if (v) return v;
    for (const call of rep.calls) {
      if (call.error?.class !== SERVICE_UNAVAILABLE.class) continue;
      const state = rep.snapshots[call.end].state;
      if (state !== 'INACTIVE') return `${call.actor}'s acquire threw ${showError(call.error)} at ${at(actual, call.end)} while ${rep.view.id} is ${state}`;
    }
    return undefined;
  }),
});

/**
 * CB-5.
 *
 * @remarks The full rule: the pool never changes the breaker state on its own — every transition is a call of activate/deactivate/recover or the strategy acting on a report, and getState() always answers the last one
 */
export const cb5 = defineProperty({
  id: 'CB-5',
  rule: 'the pool never changes the breaker state on its own: only the calls and the strategy do',
  needs: CAPS,
  arbitrary: scenarios({ strategy: 'maybe', weights: { breaker: 2, getState: 3, use: 8, inFlight: 1 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => breakerTransitions(actual, rep.view.id) ?? stateQueries(actual, rep)),
});

/**
 * CB-6.
 *
 * @remarks The full rule: each release() reports exactly once to the installed strategy — success when beforeRelease is absent or accepts (closed pool included), failure when it rejects — and acquire paths never report
 */
export const cb6 = defineProperty({
  id: 'CB-6',
  rule: 'each release() reports exactly once to the installed strategy; acquire paths never report',
  needs: CAPS,
  arbitrary: scenarios({ strategy: 'always', weights: { use: 10, release: 4, setStrategy: 1, breaker: 1 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => reportViolation(actual, rep)),
});

/**
 * CB-7.
 *
 * @remarks The full rule: exceptions thrown by strategy methods are swallowed — the release returns normally and ends as it must, an exception in flight stays the one thrown — and setCircuitBreakerStrategy(null) removes the strategy
 */
export const cb7 = defineProperty({
  id: 'CB-7',
  rule: 'exceptions thrown by strategy methods are swallowed and the release ends as it must',
  needs: CAPS,
  arbitrary: scenarios({ strategy: 'always', strategyThrows: true, weights: { use: 8, release: 3, inFlight: 4, setStrategy: 3 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => strategyFaultViolation(actual, rep) ?? reportViolation(actual, rep)),
});

/**
 * CB-8.
 *
 * @remarks The full rule: the runtime never polls shouldRecover() — an INACTIVE pool stays INACTIVE however much virtual time passes, until user code or the strategy changes it
 */
export const cb8 = defineProperty({
  id: 'CB-8',
  rule: 'the runtime never polls shouldRecover(): an INACTIVE pool stays INACTIVE until user code changes it',
  needs: CAPS,
  arbitrary: scenarios({ strategy: 'never', transitions: { deactivate: 4, activate: 1, recover: 1 }, weights: { breaker: 3, delay: 8, getState: 4, use: 4 } }),
  check: ({ scenario, actual }) => eachPool(scenario, actual, (rep) => breakerTransitions(actual, rep.view.id) ?? stateQueries(actual, rep) ?? gateViolation(actual, rep)),
});

/** CB-1..CB-8, in order. */
export const circuitBreakerProperties: ConformanceProperty[] = [cb1, cb2, cb3, cb4, cb5, cb6, cb7, cb8];
