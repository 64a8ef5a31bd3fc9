import { describe, expect, it } from 'vitest';
import { explore, exploreAll, runActions } from '../kernel/explore.js';
import type { Machine } from '../kernel/machine.js';
import { withUpdate } from '../kernel/machine.js';
import type {
  CircuitBreakerAction,
  CircuitBreakerConfig,
  CircuitBreakerMachineState,
  CircuitBreakerOutput,
  CoreUpdate,
} from './index.js';
import {
  RESOURCE_VALIDATION_FAILED,
  SERVICE_UNAVAILABLE,
  admits,
  callTransition,
  coreUpdates,
  initial,
  liftCore,
  machine,
  reactTo,
  requirements,
  step,
  targetOf,
} from './index.js';

type M = Machine<CircuitBreakerConfig, CircuitBreakerMachineState, CircuitBreakerAction, CircuitBreakerOutput>;

const tripping: CircuitBreakerConfig = {
  strategy: { deactivateAfterFailures: 2, activateOnSuccess: true, throwsIn: [] },
  maxHeld: 2,
  maxParked: 1,
  maxReleases: 3,
};
const throwing: CircuitBreakerConfig = {
  strategy: { deactivateAfterFailures: 1, activateOnSuccess: false, throwsIn: ['reportSuccess', 'reportFailure'] },
  maxHeld: 1,
  maxParked: 2,
  maxReleases: 3,
};
const configs = [tripping, throwing];

const original = (name: string): CoreUpdate => coreUpdates[name];
const mutant = (name: string, fn: CoreUpdate): M => withUpdate(machine, name, liftCore(`broken ${name}`, fn).fn);
const caughtUntil = (id: string, m: M, config: CircuitBreakerConfig = tripping): string[] =>
  explore(m, config, { maxStates: 50_000, until: id }).violations.map((v) => v.id);

function run(config: CircuitBreakerConfig, actions: CircuitBreakerAction[]): { state: CircuitBreakerMachineState; outputs: CircuitBreakerOutput[] } {
  const r = runActions(machine, config, actions);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}

describe('circuit-breaker machine', () => {
  it('explores small instances without invariant violations and fires every transition', () => {
    const r = exploreAll(machine, configs, { maxStates: 100_000 });
    expect(r.truncated).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
  });

  it('every transition and invariant names a requirement of this module; every CB ID is listed once', () => {
    const ids = requirements.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 8 }, (_, i) => `CB-${i + 1}`));
    for (const t of machine.transitions) expect(ids).toContain(t.requirement);
    for (const inv of machine.invariants) expect(ids).toContain(inv.id);
    for (const r of requirements) expect(r.kind === 'spec-only').toBe(r.reason !== undefined);
  });

  it('CB-1 / CB-2: a new pool is ACTIVE; every call sets its target from every state', () => {
    expect(initial(tripping).status).toBe('ACTIVE');
    for (const from of ['activate', 'deactivate', 'recover'] as const) {
      for (const call of ['activate', 'deactivate', 'recover'] as const) {
        const s = run(tripping, [{ type: from }, { type: call }]).state;
        expect(s.status).toBe(targetOf(call));
      }
    }
  });

  it('CB-3 / CB-4: INACTIVE refuses acquire, tryAcquire and a parked retry; RECOVERING admits repeatedly', () => {
    expect(admits('INACTIVE')).toBe(false);
    const parked = run(tripping, [{ type: 'acquire', outcome: 'park' }, { type: 'deactivate' }]).state;
    expect(step(tripping, parked, { type: 'acquire', outcome: 'resource' })).toMatchObject({ kind: 'error', error: SERVICE_UNAVAILABLE });
    expect(step(tripping, parked, { type: 'tryAcquire', outcome: 'resource' })).toMatchObject({ kind: 'ok', outputs: [{ type: 'nullResult' }] });
    expect(step(tripping, parked, { type: 'retry' })).toMatchObject({ kind: 'ok', outputs: [{ type: 'rejected', error: SERVICE_UNAVAILABLE }] });
    const { state } = run(tripping, [{ type: 'recover' }, { type: 'acquire', outcome: 'resource' }, { type: 'acquire', outcome: 'resource' }]);
    expect(state.held).toBe(2);
  });

  it('CB-6 / CB-2: "deactivate after 2 failures, activate on success" trips on the 2nd rejected release and closes on a success', () => {
    expect(reactTo(tripping.strategy, 1, 'reportFailure')).toEqual({ failures: 2, call: 'deactivate', throws: false });
    const { state, outputs } = run(tripping, [
      { type: 'setStrategy', strategy: tripping.strategy },
      { type: 'acquire', outcome: 'resource' },
      { type: 'acquire', outcome: 'resource' },
      { type: 'release', ok: false },
      { type: 'release', ok: false },
    ]);
    expect(outputs.filter((o) => o.type === 'reported')).toEqual([
      { type: 'reported', method: 'reportFailure', error: RESOURCE_VALIDATION_FAILED },
      { type: 'reported', method: 'reportFailure', error: RESOURCE_VALIDATION_FAILED },
    ]);
    expect(state.status).toBe('INACTIVE');
    expect(state.lastCall).toEqual({ call: 'deactivate', by: 'strategy' });
    const back = run(tripping, [{ type: 'setStrategy', strategy: tripping.strategy }, { type: 'acquire', outcome: 'resource' }, { type: 'deactivate' }, { type: 'release', ok: true }]);
    expect(back.state.status).toBe('ACTIVE');
  });

  it('CB-7: a throwing strategy is swallowed: the release returns and its transition call still happened', () => {
    const { state, outputs } = run(throwing, [{ type: 'setStrategy', strategy: throwing.strategy }, { type: 'acquire', outcome: 'resource' }, { type: 'release', ok: false }]);
    expect(outputs).toContainEqual({ type: 'strategyThrew', method: 'reportFailure' });
    expect(state.status).toBe('INACTIVE');
    expect(state.lastRelease).toBe('returned');
    const removed = run(throwing, [{ type: 'setStrategy', strategy: throwing.strategy }, { type: 'setStrategy', strategy: null }, { type: 'acquire', outcome: 'resource' }, { type: 'release', ok: false }]);
    expect(removed.outputs.some((o) => o.type === 'reported')).toBe(false);
  });
});

describe('circuit-breaker invariants catch broken machines', () => {
  it('CB-1: a pool that starts RECOVERING', () => {
    const starts: M = { ...machine, initial: (c) => ({ ...initial(c), status: 'RECOVERING' }) };
    expect(caughtUntil('CB-1', starts)).toContain('CB-1');
  });
  it('CB-2: recover() allowed only from INACTIVE (the diagram\'s restricted transitions)', () => {
    const restricted: CoreUpdate = (_c, core) => ({ core: core.status === 'INACTIVE' ? callTransition(core, 'recover', 'user') : { ...core, lastCall: { call: 'recover', by: 'user' } }, outputs: [] });
    expect(caughtUntil('CB-2', mutant('recover', restricted))).toContain('CB-2');
  });
  it('CB-5: the pool half-opens the breaker by itself after a refused acquire', () => {
    const halfOpen: CoreUpdate = (c, core, a, thr) => {
      const r = original('throwServiceUnavailable')(c, core, a, thr);
      return { ...r, core: { ...r.core, status: 'RECOVERING' } };
    };
    expect(caughtUntil('CB-2', mutant('throwServiceUnavailable', halfOpen))).toContain('CB-2');
  });
  it('CB-3: a parked waiter retrying without the gate', () => {
    expect(caughtUntil('CB-3', mutant('rejectRetry', original('admitRetry')))).toContain('CB-3');
  });
  it('CB-4: RECOVERING limited to one resource out', () => {
    const limited: CoreUpdate = (c, core, a, thr) =>
      core.status === 'RECOVERING' && core.held >= 1 ? original('throwServiceUnavailable')(c, core, a, thr) : original('admitAcquire')(c, core, a, thr);
    expect(caughtUntil('CB-4', mutant('admitAcquire', limited))).toContain('CB-4');
  });
  it('CB-6: a failed acquire reported as a failure', () => {
    const reportsAcquire: CoreUpdate = (c, core, a, thr) => {
      const r = original('admitAcquire')(c, core, a, thr);
      return a.type === 'acquire' && a.outcome === 'fail' && core.strategy ? { ...r, core: { ...r.core, failureReports: r.core.failureReports + 1 } } : r;
    };
    expect(caughtUntil('CB-6', mutant('admitAcquire', reportsAcquire))).toContain('CB-6');
  });
  it('CB-7: a strategy exception escaping release() before the resource went back', () => {
    const escapes: CoreUpdate = (c, core, a, thr) => {
      const r = original('reportAndRelease')(c, core, a, thr);
      const threw = r.outputs.some((o) => o.type === 'strategyThrew');
      return threw ? { ...r, core: { ...r.core, held: core.held, lastRelease: 'threw' } } : r;
    };
    expect(caughtUntil('CB-7', mutant('reportAndRelease', escapes), throwing)).toContain('CB-7');
  });
  it('CB-8: polling shouldRecover() when a refused acquire hits INACTIVE', () => {
    const polls: CoreUpdate = (c, core, a, thr) => {
      const r = original('throwServiceUnavailable')(c, core, a, thr);
      return { ...r, core: { ...r.core, shouldRecoverCalls: r.core.shouldRecoverCalls + 1 } };
    };
    expect(caughtUntil('CB-8', mutant('throwServiceUnavailable', polls))).toContain('CB-8');
  });
});
