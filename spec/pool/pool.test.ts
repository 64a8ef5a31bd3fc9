import { describe, expect, it } from 'vitest';
import { SERVICE_UNAVAILABLE } from '../circuitBreaker/model.js';
import { explore, exploreAll, runActions } from '../kernel/explore.js';
import type { Invariant, Machine, StepResult } from '../kernel/machine.js';
import { withUpdate } from '../kernel/machine.js';
import { requirements as breakerRequirements } from '../circuitBreaker/requirements.js';
import type { PoolAction, PoolConfig, PoolOutput, PoolState } from './index.js';
import {
  ACQUIRE_TIMEOUT,
  CONSTRUCT_ERRORS,
  DESTRUCTOR_ERROR,
  FACTORY_ERROR,
  FOREIGN,
  POOL_CLOSED,
  POOL_NOT_INITIALIZED,
  WAITER_CANCELLED,
  capacityWithinMax,
  closedPoolIsDrained,
  counts,
  destroyedAtMostOnce,
  draft,
  finishRelease,
  healthcheckTick,
  healthcheckTouchesIdleOnly,
  acquireTransitions,
  initial,
  machine,
  parts,
  statusFor,
  noLostWakeup,
  requirements,
  resourcesConserved,
  reuseBeforeCreate,
  serialize,
  step,
  waitersServedInOrder,
} from './index.js';

type M = Machine<PoolConfig, PoolState, PoolAction, PoolOutput>;
type Fn = (c: PoolConfig, s: PoolState, a: PoolAction) => StepResult<PoolState, PoolOutput>;

const base: PoolConfig = {
  min: 0,
  max: 1,
  healthcheckIntervalMs: 0,
  healthcheck: false,
  beforeAcquire: false,
  beforeRelease: false,
  destructorThrows: false,
  coroutines: ['a', 'b'],
  timeouts: false,
  breaker: false,
  maxHeld: 1,
};
const timed: PoolConfig = { ...base, timeouts: true };
const three: PoolConfig = { ...base, coroutines: ['a', 'b', 'c'] };
const wide: PoolConfig = { ...base, coroutines: ['a', 'b', 'c'], max: 2 };
const hooks: PoolConfig = { ...base, beforeAcquire: true, beforeRelease: true, min: 1, max: 2 };
const hooksThrow: PoolConfig = { ...base, beforeAcquire: true, beforeRelease: true, destructorThrows: true, min: 1 };
const checked: PoolConfig = { ...base, healthcheck: true, healthcheckIntervalMs: 10, min: 1, max: 2 };
const gated: PoolConfig = { ...base, breaker: true, beforeAcquire: true };
/**
 * A healthcheck tick wakes a waiter even when no place is free (`pool.c`:
 * `pool_wake_waiter` after the loop, unconditionally): a woken waiter or a
 * rejected `beforeAcquire` then finds nothing and parks again.
 */
const staleWake: PoolConfig = { ...base, healthcheck: true, healthcheckIntervalMs: 10, beforeAcquire: true };
const configs = [{ ...base, min: 2 }, { ...base, min: 2, max: 2 }, timed, three, wide, hooks, hooksThrow, checked, gated];

const original = (name: string): Fn => {
  const t = machine.transitions.find((x) => x.update.name === name);
  if (!t) throw new Error(`no update ${name}`);
  return t.update.fn;
};
/** The correct update of `name`, then `breakIt` on a draft of its result. */
const after = (name: string, breakIt: (c: PoolConfig, s: PoolState, a: PoolAction) => void): Fn => (c, s, a) => {
  const r = original(name)(c, s, a);
  const d = draft(r.state);
  breakIt(c, d, a);
  return { ...r, state: d };
};
/** Whether exploring `m` on `config` violates `inv` (and only `inv` is checked). */
const caughtBy = (inv: Invariant<PoolConfig, PoolState>, m: M, config: PoolConfig = base): boolean =>
  explore({ ...m, invariants: [inv] }, config, { maxStates: 50_000, until: inv.id }).violations.length > 0;

/** Run `actions`; a `construct` is followed by `min` pre-warm factory calls that return. */
function run(config: PoolConfig, actions: PoolAction[]): { state: PoolState; outputs: PoolOutput[] } {
  const prewarmed = actions.flatMap((a) => (a.type === 'construct' ? [a, ...Array.from({ length: config.min }, () => prewarmOk)] : [a]));
  const r = runActions(machine, config, prewarmed);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}
const construct: PoolAction = { type: 'construct' };
const prewarmOk: PoolAction = { type: 'prewarmReturns', ok: true };
const acquire = (coroutine: string, timeout = false): PoolAction => ({ type: 'acquire', coroutine, timeout });
const created = (coroutine: string): PoolAction => ({ type: 'factoryReturns', coroutine, ok: true });
const release = (coroutine: string, resource: string): PoolAction => ({ type: 'release', coroutine, resource });
const runCo = (coroutine: string): PoolAction => ({ type: 'run', coroutine });
/** The transitions only {@link staleWake} reaches (a woken waiter, or a rejected `beforeAcquire`, finds no free place). */
const staleWakeFires = ['POOL-7:destroyAndRetry', 'POOL-4:retry'];
/** `a` holds r1 of a max-1 pool. */
const holding: PoolAction[] = [construct, acquire('a'), created('a')];

describe('pool machine', () => {
  it('explores small instances without invariant violations and fires every transition', () => {
    const r = exploreAll(machine, configs, { maxStates: 50_000 });
    expect(r.truncated).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.unfired.filter((u) => !staleWakeFires.includes(u))).toEqual([]);
  });

  it("a healthcheck tick's wake-up without a free place breaks only POOL-4's 'backed by a free place' and reaches the re-park branches", () => {
    const r = explore(machine, staleWake, { maxStates: 50_000 });
    expect(r.truncated).toBe(false);
    expect(r.violations.map((v) => v.id)).toEqual(['POOL-4']);
    const fired = [...r.fired].map((i) => `${machine.transitions[i].requirement}:${machine.transitions[i].update.name}`);
    for (const u of staleWakeFires) expect(fired).toContain(u);
    expect(exploreAll(machine, [...configs, staleWake], { maxStates: 50_000 }).unfired).toEqual([]);
  });

  it('each part of the machine moves its own status: lifecycle, one acquire call, one release call', () => {
    expect(parts.map((p) => p.name)).toEqual(['pool', 'poolAcquire', 'poolRelease']);
    expect(parts.flatMap((p) => p.transitions)).toEqual([...machine.transitions]);
    const acquireStates = new Set(acquireTransitions.flatMap((t) => [...t.from, t.to]));
    expect([...acquireStates].sort()).toEqual(['FREE', 'IN_BEFORE_ACQUIRE', 'IN_FACTORY', 'RESUMED', 'WAITING']);
    const { state } = run(hooks, [construct, acquire('a')]);
    expect(statusFor(state, acquire('a'))).toBe('IN_BEFORE_ACQUIRE');
    expect(statusFor(state, construct)).toBe('OPEN');
  });

  it('every transition and invariant names a POOL or CB requirement; every POOL ID is listed once', () => {
    const ids = requirements.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 15 }, (_, i) => `POOL-${i + 1}`));
    const known = [...ids, ...breakerRequirements.map((r) => r.id)];
    for (const t of machine.transitions) expect(known).toContain(t.requirement);
    for (const inv of machine.invariants) expect(ids).toContain(inv.id);
    for (const r of requirements) expect(r.kind === 'spec-only').toBe(r.reason !== undefined);
  });

  it('canonical form: states equal up to resource names serialise equally', () => {
    const one = run(base, [...holding, release('a', 'r1')]).state;
    const renamed = { ...one, idle: ['r7'], resources: { r7: one.resources.r1 }, factoryCalls: 7 };
    expect(serialize(renamed)).toBe(serialize(one));
  });

  it('POOL-1: invalid arguments throw ValueError; a pre-warm failure throws and destroys what it made', () => {
    const bad = step({ ...base, min: 2 }, initial({ ...base, min: 2 }), construct);
    expect(bad).toMatchObject({ kind: 'error', error: { type: 'ValueError', message: CONSTRUCT_ERRORS.minAboveMax } });
    const cfg = { ...base, min: 3, max: 5 };
    const started = runActions(machine, cfg, [construct, prewarmOk]);
    expect(started.state).toMatchObject({ status: 'PREWARMING', idle: ['r1'] });
    const r = step(cfg, started.state, { type: 'prewarmReturns', ok: false });
    expect(r).toMatchObject({ kind: 'error', error: FACTORY_ERROR, state: { status: 'FAILED', factoryCalls: 2, idle: [] } });
    const ok = run(cfg, [construct]).state;
    expect(ok.idle).toEqual(['r1', 'r2', 'r3']);
  });

  it('POOL-2: a slot is counted while the factory runs, so a concurrent acquire waits instead of over-creating', () => {
    const { state } = run(base, [construct, acquire('a'), acquire('b')]);
    expect(counts(state)).toEqual({ count: 1, idleCount: 0, activeCount: 1, isClosed: false });
    expect(state.coroutines.b.status).toBe('WAITING');
  });

  it('POOL-3: idle is reused before creating, oldest released first', () => {
    const { state, outputs } = run({ ...base, max: 2 }, [
      construct, acquire('a'), created('a'), acquire('b'), created('b'), release('b', 'r2'), release('a', 'r1'), acquire('a'),
    ]);
    expect(outputs.at(-1)).toEqual({ type: 'acquired', coroutine: 'a', resource: 'r2' });
    expect(state.factoryCalls).toBe(2);
  });

  it('POOL-4: a released resource is reserved for the parked waiter; neither acquire nor tryAcquire may barge', () => {
    const released = run(base, [...holding, acquire('b'), release('a', 'r1')]);
    expect(released.outputs.at(-2)).toEqual({ type: 'woken', coroutine: 'b' });
    expect(run(base, [...holding, acquire('b'), release('a', 'r1'), acquire('a')]).state.coroutines.a.status).toBe('WAITING');
    const { outputs } = run(base, [...holding, acquire('b'), release('a', 'r1'), { type: 'tryAcquire', coroutine: 'a' }, runCo('b')]);
    expect(outputs.slice(-2)).toEqual([
      { type: 'tryAcquired', coroutine: 'a', resource: null },
      { type: 'acquired', coroutine: 'b', resource: 'r1' },
    ]);
  });

  it('POOL-5: a cancelled woken waiter hands its reservation to the next; with none the resource stays idle', () => {
    const { outputs } = run(three, [...holding, acquire('b'), acquire('c'), release('a', 'r1'), { type: 'cancel', coroutine: 'b' }, runCo('b'), runCo('c')]);
    expect(outputs.slice(-3)).toEqual([
      { type: 'woken', coroutine: 'c' },
      { type: 'failed', coroutine: 'b', error: WAITER_CANCELLED },
      { type: 'acquired', coroutine: 'c', resource: 'r1' },
    ]);
    const alone = run(base, [...holding, acquire('b'), release('a', 'r1'), { type: 'cancel', coroutine: 'b' }, runCo('b')]).state;
    expect(alone.idle).toEqual(['r1']);
    expect(step(base, alone, { type: 'tryAcquire', coroutine: 'a' })).toMatchObject({ outputs: [{ type: 'tryAcquired', resource: 'r1' }] });
  });

  it('POOL-5: a cancelled waiter hands on a reserved right to create (064); surplus idle stays acquirable (065)', () => {
    const rejecting = { ...three, beforeRelease: true };
    const { outputs } = run(rejecting, [
      ...holding, acquire('b'), acquire('c'), release('a', 'r1'), { type: 'beforeReleaseReturns', coroutine: 'a', ok: false },
      { type: 'cancel', coroutine: 'b' }, runCo('b'), runCo('c'), created('c'),
    ]);
    expect(outputs.slice(-4)).toEqual([
      { type: 'woken', coroutine: 'c' },
      { type: 'failed', coroutine: 'b', error: WAITER_CANCELLED },
      { type: 'created', resource: 'r2' },
      { type: 'acquired', coroutine: 'c', resource: 'r2' },
    ]);
    const surplus = run({ ...three, max: 2 }, [
      construct, acquire('a'), created('a'), acquire('b'), created('b'), acquire('c'), release('a', 'r1'), release('b', 'r2'),
      { type: 'tryAcquire', coroutine: 'a' }, runCo('c'),
    ]);
    expect(surplus.outputs.slice(-2)).toEqual([
      { type: 'tryAcquired', coroutine: 'a', resource: 'r1' },
      { type: 'acquired', coroutine: 'c', resource: 'r2' },
    ]);
  });

  it('POOL-6: a failing factory throws at once, returns its slot and wakes a parked waiter (tryAcquire too)', () => {
    const { state, outputs } = run(base, [construct, { type: 'tryAcquire', coroutine: 'a' }, acquire('b'), { type: 'factoryReturns', coroutine: 'a', ok: false }]);
    expect(outputs).toEqual([{ type: 'woken', coroutine: 'b' }, { type: 'failed', coroutine: 'a', error: FACTORY_ERROR }]);
    expect(counts(state).count).toBe(0);
  });

  it('POOL-7 / POOL-11: a rejected idle resource is destroyed and the acquire retries; a throwing destructor aborts it', () => {
    const { outputs } = run(hooks, [construct, acquire('a'), { type: 'beforeAcquireReturns', coroutine: 'a', ok: false }, created('a')]);
    expect(outputs.slice(1)).toEqual([{ type: 'destroyed', resource: 'r1' }, { type: 'created', resource: 'r2' }, { type: 'acquired', coroutine: 'a', resource: 'r2' }]);
    const thrown = run(hooksThrow, [construct, acquire('a'), { type: 'beforeAcquireReturns', coroutine: 'a', ok: false }]);
    expect(thrown.outputs.at(-1)).toEqual({ type: 'failed', coroutine: 'a', error: DESTRUCTOR_ERROR });
  });

  it('POOL-8: a rejected release stays counted during the hook, is destroyed once, reports a failure and wakes a waiter', () => {
    const cfg = { ...hooks, min: 0, max: 1 };
    const during = run(cfg, [...holding, acquire('b'), release('a', 'r1')]).state;
    expect(counts(during)).toMatchObject({ count: 1, activeCount: 1 });
    const { outputs } = run(cfg, [...holding, acquire('b'), release('a', 'r1'), { type: 'beforeReleaseReturns', coroutine: 'a', ok: false }, runCo('b'), created('b')]);
    expect(outputs.map((o) => o.type)).toEqual(['created', 'acquired', 'reportFailure', 'destroyed', 'woken', 'released', 'created', 'acquired']);
  });

  it('POOL-9: an acquire not served in time throws TimeoutException', () => {
    const { outputs } = run(timed, [...holding, acquire('b', true), { type: 'timeout', coroutine: 'b' }, runCo('b')]);
    expect(outputs.at(-1)).toEqual({ type: 'failed', coroutine: 'b', error: ACQUIRE_TIMEOUT });
  });

  it('POOL-10: close wakes a reserved waiter with PoolException, destroys the idle resource once; later calls fail or return null', () => {
    const { state, outputs } = run(base, [...holding, acquire('b'), release('a', 'r1'), { type: 'close' }, runCo('b'), { type: 'close' }]);
    expect(outputs.filter((o) => o.type === 'destroyed')).toEqual([{ type: 'destroyed', resource: 'r1' }]);
    expect(outputs).toContainEqual({ type: 'failed', coroutine: 'b', error: POOL_CLOSED });
    expect(counts(state)).toEqual({ count: 0, idleCount: 0, activeCount: 0, isClosed: true });
    expect(step(base, state, acquire('a'))).toMatchObject({ kind: 'error', error: POOL_CLOSED });
    const later = run(base, [...holding, { type: 'close' }, release('a', 'r1')]);
    expect(later.outputs.slice(-3)).toEqual([{ type: 'reportSuccess' }, { type: 'destroyed', resource: 'r1' }, { type: 'released', coroutine: 'a', resource: 'r1' }]);
  });

  it('POOL-11: close() destroys every idle resource and throws the destructor exceptions chained', () => {
    const cfg = { ...base, min: 2, max: 2, destructorThrows: true };
    const r = step(cfg, run(cfg, [construct]).state, { type: 'close' });
    expect(r).toMatchObject({ kind: 'error', error: { ...DESTRUCTOR_ERROR, previous: DESTRUCTOR_ERROR }, state: { status: 'CLOSED', idle: [] } });
  });

  it('POOL-12: an unhealthy idle resource is destroyed and replaced up to min; held ones are never checked', () => {
    const held = run(checked, [construct, acquire('a')]).state;
    const tick = step(checked, held, { type: 'healthcheck', unhealthy: ['r1'], replacementFails: false });
    expect(tick).toMatchObject({ kind: 'ok', outputs: [] });
    expect(tick.state.coroutines.a.held).toEqual(['r1']);
    const idle = run(checked, [construct, { type: 'healthcheck', unhealthy: ['r1'], replacementFails: false }]);
    expect(idle.outputs).toEqual([
      { type: 'created', resource: 'r1' },
      { type: 'checked', resource: 'r1', ok: false },
      { type: 'destroyed', resource: 'r1' },
      { type: 'created', resource: 'r2' },
    ]);
    expect(run(checked, [construct, { type: 'close' }]).state.timerArmed).toBe(false);
  });

  it('POOL-14 / POOL-15: an uninitialised pool and a foreign release', () => {
    const fresh = initial(base);
    expect(step(base, fresh, acquire('a'))).toMatchObject({ kind: 'error', error: POOL_NOT_INITIALIZED });
    expect(counts(fresh)).toEqual({ count: 0, idleCount: 0, activeCount: 0, isClosed: true });
    const open = run(base, [construct]).state;
    expect(step(base, open, release('a', FOREIGN))).toMatchObject({ kind: 'error', error: { message: 'Resource does not belong to this pool' } });
    const byOther = run(base, [...holding, release('b', 'r1')]);
    expect(byOther.outputs.at(-1)).toEqual({ type: 'released', coroutine: 'b', resource: 'r1' });
    expect(step(base, byOther.state, release('a', 'r1'))).toMatchObject({ kind: 'error', error: { type: 'Async\\PoolException' } });
  });

  it('CB-3 / POOL-5: a reserved waiter meeting INACTIVE throws ServiceUnavailableException and hands the reservation on', () => {
    const { outputs } = run({ ...three, breaker: true }, [...holding, acquire('b'), acquire('c'), release('a', 'r1'), { type: 'deactivate' }, runCo('b'), runCo('c')]);
    expect(outputs.slice(-3)).toEqual([
      { type: 'woken', coroutine: 'c' },
      { type: 'failed', coroutine: 'b', error: SERVICE_UNAVAILABLE },
      { type: 'failed', coroutine: 'c', error: SERVICE_UNAVAILABLE },
    ]);
  });

  it('C defect pinned: a beforeAcquire rejection whose retry meets INACTIVE frees a place and wakes nobody', () => {
    const { state } = run(gated, [
      construct, acquire('a'), created('a'), release('a', 'r1'), acquire('a'), acquire('b'), { type: 'deactivate' },
      { type: 'beforeAcquireReturns', coroutine: 'a', ok: false }, { type: 'activate' },
    ]);
    expect(state.coroutines.b.status).toBe('WAITING');
    expect(counts(state).count).toBe(0);
    expect(state.stranded).toBe(1);
    expect(noLostWakeup.holds({ ...state, stranded: 0 }, gated)).toBe(false);
  });
});

describe('pool invariants catch broken machines', () => {
  it('control: the correct machine passes every check below', () => {
    const checks: [Invariant<PoolConfig, PoolState>, PoolConfig][] = [
      [capacityWithinMax, { ...hooks, min: 0, max: 1 }],
      [resourcesConserved, base],
      [reuseBeforeCreate, { ...base, max: 2 }],
      [waitersServedInOrder, three],
      [waitersServedInOrder, base],
      [noLostWakeup, three],
      [noLostWakeup, base],
      [destroyedAtMostOnce, { ...hooks, min: 0 }],
      [closedPoolIsDrained, base],
      [healthcheckTouchesIdleOnly, checked],
    ];
    for (const [inv, config] of checks) expect(caughtBy(inv, machine, config), inv.title).toBe(false);
  });
  it('POOL-2 capacity: release.puml — active_count drops before beforeRelease (a decision recorded in the catalogue)', () => {
    const early = withUpdate(machine, 'callBeforeRelease', after('callBeforeRelease', (_c, s) => void s.activeCount--));
    const late = (name: string) => (c: PoolConfig, s: PoolState, a: PoolAction): StepResult<PoolState, PoolOutput> => {
      const r = original(name)(c, s, a);
      return { ...r, state: { ...r.state, activeCount: r.state.activeCount + 1 } };
    };
    const m = ['returnToIdle', 'destroyBroken', 'destroyOnRelease'].reduce((acc, n) => withUpdate(acc, n, late(n)), early);
    expect(caughtBy(capacityWithinMax, m, { ...hooks, min: 0, max: 1 })).toBe(true);
  });
  it('POOL-2 conservation / POOL-6: a failing factory that keeps its slot (phantom slot)', () => {
    expect(caughtBy(resourcesConserved, withUpdate(machine, 'returnCapacityAndWake', after('returnCapacityAndWake', (_c, s) => void s.activeCount++)))).toBe(true);
  });
  it('POOL-3: an acquire that creates although an idle resource is free', () => {
    expect(caughtBy(reuseBeforeCreate, withUpdate(machine, 'takeIdle', original('callFactory')), { ...base, max: 2 })).toBe(true);
  });
  it('POOL-4: a release that wakes the newest waiter', () => {
    const newest: Fn = (c, s, a) => {
      const d = draft(s);
      const out: PoolOutput[] = [];
      const reversed = { ...d, waiters: [...d.waiters].reverse() };
      finishRelease(c, reversed, (a as { coroutine: string }).coroutine, (a as { resource: string }).resource, true, out);
      return { kind: 'ok', state: { ...reversed, waiters: d.waiters }, outputs: out };
    };
    expect(caughtBy(waitersServedInOrder, withUpdate(machine, 'returnToIdle', newest), three)).toBe(true);
  });
  it('POOL-4: tryAcquire that barges into a place reserved for a waiter', () => {
    const barge: Fn = (c, s, a) => (s.status === 'OPEN' && s.idle.length > 0 ? original('takeIdle')(c, s, a) : original('returnNull')(c, s, a));
    expect(caughtBy(waitersServedInOrder, withUpdate(machine, 'returnNull', barge))).toBe(true);
  });
  it('POOL-5: a woken waiter leaving with an exception without handing its reservation on', () => {
    const keep: Fn = (_c, s, a) => {
      const id = (a as { coroutine: string }).coroutine;
      const d = draft(s);
      const co = d.coroutines[id];
      if (co.reserved) d.reservedCount--;
      d.waiters = d.waiters.filter((w) => w.coroutine !== id).map((w, seq) => ({ ...w, seq }));
      d.coroutines[id] = { ...co, status: 'FREE', reserved: false, error: null, timeout: false };
      return { kind: 'ok', state: d, outputs: [] };
    };
    expect(caughtBy(noLostWakeup, withUpdate(machine, 'leaveWithError', keep), three)).toBe(true);
  });
  it('POOL-6 / POOL-5: acquire.puml — a failed factory makes the caller wait', () => {
    const wait: Fn = (c, s, a) => {
      const r = original('returnCapacityAndWake')(c, s, a);
      const id = (a as { coroutine: string }).coroutine;
      const d = draft(r.state);
      if (d.coroutines[id].status === 'FREE' && s.coroutines[id].mode === 'acquire') {
        d.waiters.push({ coroutine: id, seq: d.waiters.length });
        d.coroutines[id] = { ...d.coroutines[id], status: 'WAITING' };
      }
      return { kind: 'ok', state: d, outputs: [] };
    };
    expect(caughtBy(noLostWakeup, withUpdate(machine, 'returnCapacityAndWake', wait))).toBe(true);
  });
  it('POOL-8: a broken release that frees the caller\'s reference too (double destroy)', () => {
    const doubleFree: Fn = (c, s, a) => {
      const resource = s.coroutines[(a as { coroutine: string }).coroutine].resource as string;
      const r = original('destroyBroken')(c, s, a);
      const d = draft(r.state);
      d.resources[resource] = { ...d.resources[resource], destroys: d.resources[resource].destroys + 1 };
      return { ...r, state: d };
    };
    expect(caughtBy(destroyedAtMostOnce, withUpdate(machine, 'destroyBroken', doubleFree), { ...hooks, min: 0 })).toBe(true);
  });
  it('POOL-10: close that forgets the parked waiters', () => {
    const keepWaiters: Fn = (c, s, a) => {
      const r = original('close')(c, { ...s, waiters: [] }, a);
      return { ...r, state: { ...r.state, waiters: s.waiters } };
    };
    expect(caughtBy(closedPoolIsDrained, withUpdate(machine, 'close', keepWaiters))).toBe(true);
  });
  it('POOL-12: a healthcheck that checks held resources too', () => {
    const everything: Fn = (c, s, a) => {
      const d = draft(s);
      const out: PoolOutput[] = [];
      const held = Object.values(d.coroutines).flatMap((co) => co.held);
      d.idle.push(...held);
      healthcheckTick(c, d, a.type === 'healthcheck' ? a.unhealthy : [], false, out);
      d.idle = d.idle.filter((id) => !held.includes(id));
      return { kind: 'ok', state: d, outputs: out };
    };
    expect(caughtBy(healthcheckTouchesIdleOnly, withUpdate(machine, 'checkIdle', everything), checked)).toBe(true);
  });
});
