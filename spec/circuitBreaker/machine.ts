/**
 * The circuit-breaker machine: the breaker state of `Async\Pool` under its
 * total transition function (CB-2, a decision recorded in the catalogue), the gate that
 * `acquire()` / `tryAcquire()` pass on every start and retry (CB-3, CB-4),
 * the reports each `release()` makes to a data-described strategy (CB-6) and
 * the isolation of a throwing strategy (CB-7).
 *
 * @remarks The machine's status is the breaker state. The pool behind the
 * gate is abstract — an admitted acquire gets a resource, parks or fails as
 * the action says; `spec/pool` models the pool itself. Every update runs
 * twice: on the state with the configured strategy and on the ghost twin
 * `faultFree` whose strategy never throws ({@link liftCore}).
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { Machine, Named, StepResult, SpecError, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import { BREAKER_STATES, reactTo, targetOf } from './breaker.js';
import { invariants } from './invariants.js';
import type {
  BreakerCore,
  Caller,
  CircuitBreakerAction,
  CircuitBreakerConfig,
  CircuitBreakerMachineState,
  CircuitBreakerOutput,
  CircuitBreakerState,
  TransitionCall,
} from './model.js';
import { RESOURCE_VALIDATION_FAILED, SERVICE_UNAVAILABLE } from './model.js';

/** A transition of the circuit-breaker machine. */
export type CircuitBreakerTransition = Transition<CircuitBreakerConfig, CircuitBreakerMachineState, CircuitBreakerAction, CircuitBreakerOutput>;

/** A named guard of the circuit-breaker machine. */
export type CircuitBreakerGuard = Named<(config: CircuitBreakerConfig, state: CircuitBreakerMachineState, action: CircuitBreakerAction) => boolean>;

/** A named update of the circuit-breaker machine. */
export type CircuitBreakerUpdate = Named<
  (
    config: CircuitBreakerConfig,
    state: CircuitBreakerMachineState,
    action: CircuitBreakerAction,
  ) => StepResult<CircuitBreakerMachineState, CircuitBreakerOutput>
>;

/** The result of an update on one {@link BreakerCore}. */
export interface CoreResult {
  /** The core after the action. */
  core: BreakerCore;
  /** What the action reported. */
  outputs: CircuitBreakerOutput[];
  /** The exception the call itself throws, if any. */
  error?: SpecError;
}

/**
 * An update on one core. `throwing` says whether the strategy's methods throw
 * as configured (`true`) or never (`false`, the ghost twin).
 */
export type CoreUpdate = (config: CircuitBreakerConfig, core: BreakerCore, action: CircuitBreakerAction, throwing: boolean) => CoreResult;

/**
 * A named machine update from a {@link CoreUpdate}: it runs on the state with
 * the configured strategy and on the fault-free twin, so CB-7 can compare them.
 *
 * @param name - the update's name (shown in diagrams).
 * @param fn - the update on one core.
 * @returns the machine update.
 * CB-7
 */
export function liftCore(name: string, fn: CoreUpdate): CircuitBreakerUpdate {
  return {
    name,
    fn: (c, s, a) => {
      const { faultFree, ...core } = s;
      const real = fn(c, core, a, true);
      const twin = fn(c, faultFree, a, false);
      const state: CircuitBreakerMachineState = { ...real.core, faultFree: twin.core };
      return real.error ? { kind: 'error', state, error: real.error } : { kind: 'ok', state, outputs: real.outputs };
    },
  };
}

const guard = (name: string, fn: CircuitBreakerGuard['fn']): CircuitBreakerGuard => ({ name, fn });
const all = (...gs: CircuitBreakerGuard[]): CircuitBreakerGuard =>
  guard(gs.map((g) => g.name).join(' ∧ '), (c, s, a) => gs.every((g) => g.fn(c, s, a)));
const done = (core: BreakerCore, outputs: CircuitBreakerOutput[] = []): CoreResult => ({ core, outputs });

/** A fresh breaker core: ACTIVE, no strategy, nothing out (CB-1). */
function freshCore(): BreakerCore {
  return {
    status: 'ACTIVE',
    strategy: null,
    failures: 0,
    held: 0,
    parked: 0,
    lastCall: null,
    lastGate: null,
    releases: 0,
    rejectedReleases: 0,
    successReports: 0,
    failureReports: 0,
    shouldRecoverCalls: 0,
    lastRelease: null,
  };
}

/** A new pool: the breaker is ACTIVE (CB-1). */
export function initial(_config: CircuitBreakerConfig): CircuitBreakerMachineState {
  return { ...freshCore(), faultFree: freshCore() };
}

/** The breaker state (the diagram node). */
export function status(state: CircuitBreakerMachineState): CircuitBreakerState {
  return state.status;
}

/** Call a transition method: it sets its target from any state (CB-2). */
export function callTransition(core: BreakerCore, call: TransitionCall, by: Caller): BreakerCore {
  return { ...core, status: targetOf(call), lastCall: { call, by } };
}

const gate = (core: BreakerCore, admitted: boolean): BreakerCore => ({ ...core, lastGate: { status: core.status, admitted } });

const userCall = (call: TransitionCall): CoreUpdate => (_c, core) => done(callTransition(core, call, 'user'));

/**
 * The per-core updates, by update name: the machine's updates are these,
 * lifted by {@link liftCore}. Self-tests build broken variants from them.
 */
export const coreUpdates: Readonly<Record<string, CoreUpdate>> = {
  activate: userCall('activate'),
  deactivate: userCall('deactivate'),
  recover: userCall('recover'),
  throwServiceUnavailable: (_c, core) => ({ ...done(gate(core, false)), error: SERVICE_UNAVAILABLE }),
  admitAcquire: (_c, core, a) => {
    const outcome = a.type === 'acquire' ? a.outcome : 'fail';
    const next = gate(core, true);
    const held = next.held + (outcome === 'resource' ? 1 : 0);
    const parked = next.parked + (outcome === 'park' ? 1 : 0);
    return done({ ...next, held, parked }, [{ type: 'admitted', outcome }]);
  },
  returnNull: (_c, core) => done(gate(core, false), [{ type: 'nullResult' }]),
  admitTryAcquire: (_c, core, a) => {
    const outcome = a.type === 'tryAcquire' ? a.outcome : 'none';
    const next = gate(core, true);
    const outputs: CircuitBreakerOutput[] = [{ type: 'admitted', outcome }];
    if (outcome === 'none') outputs.push({ type: 'nullResult' });
    return done({ ...next, held: next.held + (outcome === 'resource' ? 1 : 0) }, outputs);
  },
  rejectRetry: (_c, core) => done({ ...gate(core, false), parked: core.parked - 1 }, [{ type: 'rejected', error: SERVICE_UNAVAILABLE }]),
  admitRetry: (_c, core) =>
    done({ ...gate(core, true), parked: core.parked - 1, held: core.held + 1 }, [{ type: 'admitted', outcome: 'resource' }]),
  /**
   * `release()` with a strategy installed: the resource goes back (or is
   * destroyed), then exactly one report; the strategy may call a transition
   * method and may throw, which is swallowed (CB-6, CB-7).
   */
  reportAndRelease: (c, core, a, throwing) => {
    return coreUpdates.report(c, { ...core, held: core.held - 1 }, a, throwing);
  },
  /**
   * The pool reports how a release went to the installed strategy: exactly
   * one report; the strategy may call a transition method and may throw,
   * which is swallowed (CB-6, CB-7). The resource itself is the pool's: a
   * composed pool machine releases it, the abstract pool with `release`.
   */
  report: (_c, core, a, throwing) => {
    const ok = a.type === 'release' || a.type === 'report' ? a.ok : true;
    const method = ok ? 'reportSuccess' : 'reportFailure';
    const reaction = reactTo(core.strategy!, core.failures, method);
    let next: BreakerCore = {
      ...core,
      releases: core.releases + 1,
      rejectedReleases: core.rejectedReleases + (ok ? 0 : 1),
      successReports: core.successReports + (ok ? 1 : 0),
      failureReports: core.failureReports + (ok ? 0 : 1),
      failures: reaction.failures,
      lastRelease: 'returned',
    };
    const outputs: CircuitBreakerOutput[] = [ok ? { type: 'reported', method } : { type: 'reported', method, error: RESOURCE_VALIDATION_FAILED }];
    if (reaction.call) {
      next = callTransition(next, reaction.call, 'strategy');
      outputs.push({ type: 'strategyCalled', call: reaction.call });
    }
    if (reaction.throws && throwing) outputs.push({ type: 'strategyThrew', method });
    return done(next, outputs);
  },
  releaseUnreported: (_c, core) => done({ ...core, held: core.held - 1, lastRelease: 'returned' }),
  /** `setCircuitBreakerStrategy($strategy)`: the strategy is state; a newly installed one starts with no failures reported. */
  setStrategy: (_c, core, a) => done({ ...core, strategy: a.type === 'setStrategy' ? a.strategy : null, failures: 0 }),
};

const lifted = (name: string): CircuitBreakerUpdate => liftCore(name, coreUpdates[name]);
const activate = lifted('activate');
const deactivate = lifted('deactivate');
const recover = lifted('recover');
const rejectAcquire = lifted('throwServiceUnavailable');
const admitAcquire = lifted('admitAcquire');
const refuseTryAcquire = lifted('returnNull');
const admitTryAcquire = lifted('admitTryAcquire');
const rejectRetry = lifted('rejectRetry');
const admitRetry = lifted('admitRetry');
const reportAndRelease = lifted('reportAndRelease');
const releaseUnreported = lifted('releaseUnreported');
const reportOnly = lifted('report');
const setStrategy = lifted('setStrategy');

const holdsResource = guard('holdsResource', (_c, s) => s.held > 0);
const hasParked = guard('hasParked', (_c, s) => s.parked > 0);
const hasStrategy = guard('strategyInstalled', (_c, s) => s.strategy !== null);

/** Every transition of the circuit breaker, as data. */
export const transitions: readonly CircuitBreakerTransition[] = [
  { requirement: 'CB-2', from: BREAKER_STATES, on: 'activate', to: 'ACTIVE', update: activate },
  { requirement: 'CB-2', from: BREAKER_STATES, on: 'deactivate', to: 'INACTIVE', update: deactivate },
  { requirement: 'CB-2', from: BREAKER_STATES, on: 'recover', to: 'RECOVERING', update: recover },
  { requirement: 'CB-3', from: ['INACTIVE'], on: 'acquire', to: 'INACTIVE', update: rejectAcquire },
  { requirement: 'CB-3', from: ['ACTIVE'], on: 'acquire', to: 'ACTIVE', update: admitAcquire },
  { requirement: 'CB-4', from: ['RECOVERING'], on: 'acquire', to: 'RECOVERING', update: admitAcquire },
  { requirement: 'CB-3', from: ['INACTIVE'], on: 'tryAcquire', to: 'INACTIVE', update: refuseTryAcquire },
  { requirement: 'CB-3', from: ['ACTIVE'], on: 'tryAcquire', to: 'ACTIVE', update: admitTryAcquire },
  { requirement: 'CB-4', from: ['RECOVERING'], on: 'tryAcquire', to: 'RECOVERING', update: admitTryAcquire },
  { requirement: 'CB-3', from: ['INACTIVE'], on: 'retry', to: 'INACTIVE', guard: hasParked, update: rejectRetry },
  { requirement: 'CB-3', from: ['ACTIVE'], on: 'retry', to: 'ACTIVE', guard: hasParked, update: admitRetry },
  { requirement: 'CB-4', from: ['RECOVERING'], on: 'retry', to: 'RECOVERING', guard: hasParked, update: admitRetry },
  { requirement: 'CB-6', from: BREAKER_STATES, on: 'release', to: 'same', guard: all(holdsResource, hasStrategy), update: reportAndRelease },
  { requirement: 'CB-7', from: BREAKER_STATES, on: 'release', to: 'same', guard: holdsResource, update: releaseUnreported },
  { requirement: 'CB-6', from: BREAKER_STATES, on: 'report', to: 'same', guard: hasStrategy, update: reportOnly },
  { requirement: 'CB-7', from: BREAKER_STATES, on: 'setStrategy', to: 'same', update: setStrategy },
];

/** Apply one action: the first matching transition of {@link transitions} fires. */
export function step(
  config: CircuitBreakerConfig,
  state: CircuitBreakerMachineState,
  action: CircuitBreakerAction,
): StepResult<CircuitBreakerMachineState, CircuitBreakerOutput> {
  return stepBy({ transitions, status }, config, state, action);
}

/** The actions `explore()` tries: user transition calls, gated operations within the bounds, releases and strategy changes. */
export function enabled(config: CircuitBreakerConfig, s: CircuitBreakerMachineState): CircuitBreakerAction[] {
  const actions: CircuitBreakerAction[] = [{ type: 'activate' }, { type: 'deactivate' }, { type: 'recover' }];
  const room = s.held < config.maxHeld;
  if (room) actions.push({ type: 'acquire', outcome: 'resource' }, { type: 'tryAcquire', outcome: 'resource' });
  if (s.parked < config.maxParked) actions.push({ type: 'acquire', outcome: 'park' });
  actions.push({ type: 'acquire', outcome: 'fail' }, { type: 'tryAcquire', outcome: 'none' }, { type: 'tryAcquire', outcome: 'fail' });
  if (room && s.parked > 0) actions.push({ type: 'retry' });
  if (s.held > 0 && (!s.strategy || s.releases < config.maxReleases)) actions.push({ type: 'release', ok: true }, { type: 'release', ok: false });
  if (s.strategy && s.releases < config.maxReleases) actions.push({ type: 'report', ok: false });
  actions.push({ type: 'setStrategy', strategy: s.strategy ? null : config.strategy });
  return actions;
}

/** The circuit-breaker machine: the gate, the transition function and strategy reporting. */
export const machine: Machine<CircuitBreakerConfig, CircuitBreakerMachineState, CircuitBreakerAction, CircuitBreakerOutput> = {
  name: 'circuitBreaker',
  initial,
  status,
  transitions,
  step,
  enabled,
  invariants,
};
