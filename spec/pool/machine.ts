/**
 * The pool machine: `Async\Pool` from construction (POOL-1) through
 * acquire — reuse (POOL-3), creation counted before the factory (POOL-2),
 * factory failure (POOL-6), `beforeAcquire` (POOL-7), FIFO waiting without
 * barging (POOL-4), timeouts (POOL-9) — release with `beforeRelease`
 * (POOL-8), reservation hand-on (POOL-5), the healthcheck (POOL-12), close
 * (POOL-10), destructor errors (POOL-11), the breaker gate (CB-3) and the
 * uninitialised object (POOL-14).
 *
 * @remarks Three parts, each a transition table over its own status: the
 * pool's lifecycle ({@link lifecycleTransitions}, status
 * {@link PoolState.status}), one `acquire()` / `tryAcquire()` call
 * ({@link acquireTransitions}) and one `release()` call
 * ({@link releaseTransitions}), both over the calling coroutine's
 * {@link PoolCoroutine.status}; {@link statusFor} picks the status an action
 * is matched against. Pre-warm, hooks and the factory may suspend, so each is
 * entered by one action and left by another that carries its verdict. The
 * healthcheck runs in scheduler context and cannot suspend: one tick is one
 * step. Resource ids are `r<n>` for the n-th factory call; {@link serialize}
 * renames them canonically so exploration stays finite. The system model
 * (`spec/system/pools.ts`) drives this machine: it is the pool's only model.
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import { targetOf } from '../circuitBreaker/breaker.js';
import { SERVICE_UNAVAILABLE } from '../circuitBreaker/model.js';
import type { Machine, Named, StepResult, Transition } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import type { AttemptDecision, AttemptOutcome } from './attempt.js';
import {
  attempt,
  create,
  decide,
  destroy,
  destructorThrowsFor,
  draft,
  dropHeld,
  freeCoroutine,
  handOver,
  isParkedUnreserved,
  park,
  startFactory,
  takeIdle,
  unreserved,
  wakeOne,
} from './attempt.js';
import { serialize } from './canonical.js';
import { invariants } from './invariants.js';
import { closePool, finishRelease, healthcheckTick, leaveQueue, open, prewarmReturned, resumeWithError, validateConfig } from './lifecycle.js';
import type { PoolAction, PoolConfig, PoolCoroutineStatus, PoolError, PoolOutput, PoolState, PoolStatus } from './model.js';
import {
  ACQUIRE_TIMEOUT,
  DESTRUCTOR_ERROR,
  FACTORY_ERROR,
  FOREIGN,
  FOREIGN_RESOURCE,
  POOL_CLOSED,
  POOL_NOT_INITIALIZED,
  WAITER_CANCELLED,
} from './model.js';

/** A transition of the pool machine. */
export type PoolTransition = Transition<PoolConfig, PoolState, PoolAction, PoolOutput>;

/** A named guard of the pool machine. */
export type PoolGuard = Named<(config: PoolConfig, state: PoolState, action: PoolAction) => boolean>;

/** A named update of the pool machine. */
export type PoolUpdate = Named<(config: PoolConfig, state: PoolState, action: PoolAction) => StepResult<PoolState, PoolOutput>>;

/**
 * The body of an update: it mutates a fresh draft, appends outputs, and
 * returns the exception the call itself throws (`null`: none).
 */
type Body = (config: PoolConfig, s: PoolState, action: PoolAction, out: PoolOutput[]) => PoolError | null | void;

/**
 * Keep the ghost `stranded` to the places still stranded: none once no waiter
 * is parked without a reservation, and never more than the places free.
 */
function settle(c: PoolConfig, s: PoolState): void {
  const parked = s.waiters.some((w) => isParkedUnreserved(s, w.coroutine));
  s.stranded = parked ? Math.min(s.stranded, Math.max(0, unreserved(c, s))) : 0;
}

const update = (name: string, body: Body): PoolUpdate => ({
  name,
  fn: (c, s, a) => {
    const d = draft(s);
    const out: PoolOutput[] = [];
    const error = body(c, d, a, out);
    settle(c, d);
    return error ? { kind: 'error', state: d, error, outputs: out } : { kind: 'ok', state: d, outputs: out };
  },
});
const guard = (name: string, fn: PoolGuard['fn']): PoolGuard => ({ name, fn });
const all = (...gs: PoolGuard[]): PoolGuard => guard(gs.map((g) => g.name).join(' ∧ '), (c, s, a) => gs.every((g) => g.fn(c, s, a)));
const idOf = (a: PoolAction): string => ('coroutine' in a ? a.coroutine : '');
const modeOf = (a: PoolAction): 'acquire' | 'tryAcquire' => (a.type === 'tryAcquire' ? 'tryAcquire' : 'acquire');
const okOf = (a: PoolAction): boolean => ('ok' in a ? a.ok : true);
/** A continuation ended the suspended call with an exception: report it as the coroutine's failure. */
const failed = (out: PoolOutput[], coroutine: string, r: AttemptOutcome | PoolError | null): void => {
  const error = r === null ? null : 'kind' in r ? (r.kind === 'threw' ? r.error : null) : r;
  if (error) out.push({ type: 'failed', coroutine, error });
};

/** The error a woken waiter runs with: the one `run` brings (its waker's), else the one pending in the pool model. */
const runError = (s: PoolState, a: PoolAction): PoolError | null =>
  a.type === 'run' && a.error !== undefined ? a.error : (s.coroutines[idOf(a)]?.error ?? null);
/** Record {@link runError} as the waiter's pending error (a draft) and return it. */
const takeRunError = (s: PoolState, a: PoolAction): PoolError | null => {
  const error = runError(s, a);
  s.coroutines[idOf(a)] = { ...s.coroutines[idOf(a)], error };
  return error;
};

/** A pool object whose constructor has not run yet; every configured coroutine is free. */
export function initial(config: PoolConfig): PoolState {
  return {
    status: 'NEW',
    idle: [],
    activeCount: 0,
    reservedCount: 0,
    waiters: [],
    circuit: 'ACTIVE',
    timerArmed: false,
    factoryCalls: 0,
    coroutines: Object.fromEntries(config.coroutines.map((id) => [id, freeCoroutine()])),
    resources: {},
    touchedActive: false,
    createdOverIdle: false,
    stranded: 0,
  };
}

/** The pool's lifecycle (the diagram node). */
export function status(state: PoolState): PoolStatus {
  return state.status;
}

const throwValueError = update('throwValueError', (c, s) => {
  s.status = 'FAILED';
  return validateConfig(c);
});
const openPool = update('open', (c, s) => void open(c, s));
const startPrewarm = update('startPrewarm', (_c, s) => void (s.status = 'PREWARMING'));
const prewarmError = (a: PoolAction): PoolError | undefined => (a.type === 'prewarmReturns' && !a.ok ? (a.error ?? FACTORY_ERROR) : undefined);
const prewarmNext = (name: string) => update(name, (c, s, a, out) => prewarmReturned(c, s, prewarmError(a), out));
const throwNotInitialized = update('throwNotInitialized', () => POOL_NOT_INITIALIZED);
const returnNull = update('returnNull', (_c, _s, a, out) => void out.push({ type: 'tryAcquired', coroutine: idOf(a), resource: null }));
const noop = update('noop', () => null);
const throwClosed = update('throwClosed', () => POOL_CLOSED);
const throwServiceUnavailable = update('throwServiceUnavailable', () => SERVICE_UNAVAILABLE);
const timeoutOf = (a: PoolAction): boolean => a.type === 'acquire' && a.timeout;
const reuseIdle = update('takeIdle', (c, s, a, out) => void takeIdle(c, s, idOf(a), modeOf(a), timeoutOf(a), out));
const callFactory = update('callFactory', (c, s, a) => void startFactory(c, s, idOf(a), modeOf(a), timeoutOf(a), false));
const parkWaiter = update('park', (_c, s, a) => void park(s, idOf(a), timeoutOf(a)));

const handOverCreated = update('handOverCreated', (_c, s, a, out) => {
  const co = s.coroutines[idOf(a)];
  create(s, co.resource as string, 'active', out);
  handOver(s, idOf(a), co.resource as string, co.mode ?? 'acquire', out);
});
const returnCapacityAndWake = update('returnCapacityAndWake', (_c, s, a, out) => {
  s.activeCount--;
  s.coroutines[idOf(a)] = freeCoroutine(s.coroutines[idOf(a)].held);
  wakeOne(s, out);
  failed(out, idOf(a), (a.type === 'factoryReturns' ? a.error : undefined) ?? FACTORY_ERROR);
});
const handOverIdle = update('handOverIdle', (_c, s, a, out) => {
  const co = s.coroutines[idOf(a)];
  handOver(s, idOf(a), co.resource as string, co.mode ?? 'acquire', out);
});
const destroyWakeAndThrow = update('destroyWakeAndThrow', (c, s, a, out) => {
  const co = s.coroutines[idOf(a)];
  s.activeCount--;
  s.coroutines[idOf(a)] = freeCoroutine(co.held);
  destroy(c, s, co.resource as string, out);
  wakeOne(s, out);
  failed(out, idOf(a), DESTRUCTOR_ERROR);
});
const destroyAndRetry = update('destroyAndRetry', (c, s, a, out) => {
  const co = s.coroutines[idOf(a)];
  s.activeCount--;
  s.coroutines[idOf(a)] = freeCoroutine(co.held);
  destroy(c, s, co.resource as string, out);
  failed(out, idOf(a), attempt(c, s, idOf(a), co.mode ?? 'acquire', false, co.timeout, true, out));
});

const throwForeign = update('throwForeign', () => FOREIGN_RESOURCE);
const callBeforeRelease = update('callBeforeRelease', (_c, s, a) => {
  const resource = a.type === 'release' ? a.resource : '';
  dropHeld(s, resource);
  s.coroutines[idOf(a)] = { ...freeCoroutine(s.coroutines[idOf(a)].held), status: 'IN_BEFORE_RELEASE', resource };
});
/** `release()` after its hook: a direct call throws the destructor's exception, a resumed one reports it as a failure. */
const completeRelease = (name: string) =>
  update(name, (c, s, a, out) => {
    const direct = a.type === 'release';
    const resource = direct ? a.resource : (s.coroutines[idOf(a)].resource as string);
    const error = finishRelease(c, s, idOf(a), resource, okOf(a), out);
    if (!error) out.push({ type: 'released', coroutine: idOf(a), resource });
    if (direct) return error;
    failed(out, idOf(a), error);
  });
const destroyOnRelease = completeRelease('destroyOnRelease');
const returnToIdle = completeRelease('returnToIdle');
const destroyBroken = completeRelease('destroyBroken');

const resumeWithTimeout = update('resumeWithTimeout', (_c, s, a) => resumeWithError(s, idOf(a), 'timeout', ACQUIRE_TIMEOUT));
const resumeWithCancellation = update('resumeWithCancellation', (_c, s, a) => resumeWithError(s, idOf(a), 'cancel', WAITER_CANCELLED));
const leaveWithError = update('leaveWithError', (_c, s, a, out) => {
  const error = takeRunError(s, a) as PoolError;
  leaveQueue(s, idOf(a), out);
  s.coroutines[idOf(a)] = freeCoroutine(s.coroutines[idOf(a)].held);
  failed(out, idOf(a), error);
});
const retry = update('retry', (c, s, a, out) => {
  takeRunError(s, a);
  const hasReservation = leaveQueue(s, idOf(a), out);
  failed(out, idOf(a), attempt(c, s, idOf(a), 'acquire', hasReservation, s.coroutines[idOf(a)].timeout, false, out));
});
const checkIdle = update('checkIdle', (c, s, a, out) => {
  if (a.type === 'healthcheck') healthcheckTick(c, s, a.unhealthy, a.replacementFails, out);
});
const close = update('close', (c, s, _a, out) => closePool(c, s, out));
const setCircuit = (call: 'activate' | 'deactivate' | 'recover') => update(call, (_c, s) => void (s.circuit = targetOf(call)));

const invalidArgs = guard('invalidArguments', (c) => validateConfig(c) !== null);
const nothingToPrewarm = guard('minIsZero', (c) => c.min === 0);
const lastPrewarm = guard('lastOfMin', (c, s) => s.idle.length + 1 >= c.min);
const verdictOk = guard('verdictTrue', (_c, _s, a) => okOf(a));
const destructorThrows = guard('destructorThrows', (c, s, a) => destructorThrowsFor(c, s.coroutines[idOf(a)]?.resource ?? ''));
const hasBeforeRelease = guard('beforeReleaseGiven', (c) => c.beforeRelease);
const isOut = guard('resourceOut', (_c, s, a) => a.type === 'release' && Object.values(s.coroutines).some((co) => co.held.includes(a.resource)));
const hasTimeout = guard('timeoutArmed', (_c, s, a) => s.coroutines[idOf(a)]?.timeout === true);
const hasError = guard('errorPending', (_c, s, a) => runError(s, a) !== null);
const timerArmed = guard('timerArmed', (_c, s) => s.timerArmed);

const poolIs = (name: string, ...statuses: PoolStatus[]): PoolGuard => guard(name, (_c, s) => statuses.includes(s.status));
const poolNew = poolIs('poolNew', 'NEW');
const poolOpen = poolIs('poolOpen', 'OPEN');
const poolClosed = poolIs('poolClosed', 'CLOSED');
const poolLive = poolIs('poolLive', 'OPEN', 'CLOSED');
const notOut = guard('notOut', (c, s, a) => !isOut.fn(c, s, a));
const verdictFalse = guard('verdictFalse', (_c, _s, a) => !okOf(a));
const hookGiven = guard('beforeAcquireGiven', (c) => c.beforeAcquire);
const noHook = guard('noBeforeAcquire', (c) => !c.beforeAcquire);
const modeIs = (mode: 'acquire' | 'tryAcquire'): PoolGuard =>
  guard(`in${mode[0].toUpperCase()}${mode.slice(1)}`, (_c, s, a) => (s.coroutines[idOf(a)]?.mode ?? 'acquire') === mode);

/** A named guard: the `retry:` pass that follows takes branch `d` (see {@link decide}); `prepare` gives the state and `has_res` it starts from. */
const passTakes = (label: string, d: AttemptDecision, prepare: (c: PoolConfig, s: PoolState, a: PoolAction) => [PoolState, boolean]): PoolGuard =>
  guard(`${label}:${d}`, (c, s, a) => decide(c, ...prepare(c, s, a)) === d);
/** A fresh call: the state as it is, no reservation. */
const fresh = (_c: PoolConfig, s: PoolState): [PoolState, boolean] => [s, false];
/** A woken waiter that runs without an error: its reservation is its `has_res`. */
const woken = (_c: PoolConfig, s: PoolState, a: PoolAction): [PoolState, boolean] => [s, s.coroutines[idOf(a)]?.reserved === true];
/** After a `beforeAcquire` rejection: the resource destroyed (its place free), no reservation. */
const rejected = (_c: PoolConfig, s: PoolState): [PoolState, boolean] => [{ ...s, activeCount: s.activeCount - 1 }, false];
const REQUIREMENT_OF: Record<AttemptDecision, string> = { closed: 'POOL-10', refused: 'CB-3', idle: 'POOL-3', create: 'POOL-2', none: 'POOL-4' };

/**
 * The transitions of one `retry:` pass, one per branch the caller can take
 * (with `beforeAcquire` given or not — `inHook`: the pass follows a
 * `beforeAcquire` verdict, so it is given — for `acquire` or `tryAcquire`
 * where the branch's end depends on it): each names the status the caller
 * ends in.
 */
function passes(
  label: string,
  on: PoolAction['type'],
  from: string,
  prepare: (c: PoolConfig, s: PoolState, a: PoolAction) => [PoolState, boolean],
  decisions: readonly AttemptDecision[],
  modes: readonly ('acquire' | 'tryAcquire')[],
  update: PoolUpdate,
  base: readonly PoolGuard[] = [],
  inHook = false,
): PoolTransition[] {
  const byMode = modes.length > 1;
  return decisions.flatMap((d) => {
    const takes = passTakes(label, d, prepare);
    const rows: { guards: PoolGuard[]; to: PoolCoroutineStatus }[] = [];
    if (d === 'idle' && inHook) {
      rows.push({ guards: [takes], to: 'IN_BEFORE_ACQUIRE' });
    } else if (d === 'idle') {
      rows.push({ guards: [takes, hookGiven], to: 'IN_BEFORE_ACQUIRE' }, { guards: [takes, noHook], to: 'FREE' });
    } else if (d === 'none') {
      for (const m of modes) rows.push({ guards: byMode ? [takes, modeIs(m)] : [takes], to: m === 'acquire' ? 'WAITING' : 'FREE' });
    } else {
      rows.push({ guards: [takes], to: d === 'create' ? 'IN_FACTORY' : 'FREE' });
    }
    return rows.map(({ guards, to }) => ({ requirement: REQUIREMENT_OF[d], from: [from], on, to, guard: all(...base, ...guards), update }));
  });
}

/**
 * The pool object's lifecycle: construction with pre-warm, close, the
 * healthcheck tick and the breaker calls; status {@link PoolState.status}.
 */
export const lifecycleTransitions: readonly PoolTransition[] = [
  { requirement: 'POOL-1', from: ['NEW'], on: 'construct', to: 'FAILED', guard: invalidArgs, update: throwValueError },
  { requirement: 'POOL-1', from: ['NEW'], on: 'construct', to: 'OPEN', guard: nothingToPrewarm, update: openPool },
  { requirement: 'POOL-1', from: ['NEW'], on: 'construct', to: 'PREWARMING', update: startPrewarm },
  { requirement: 'POOL-1', from: ['PREWARMING'], on: 'prewarmReturns', to: 'OPEN', guard: all(verdictOk, lastPrewarm), update: prewarmNext('prewarmLast') },
  { requirement: 'POOL-1', from: ['PREWARMING'], on: 'prewarmReturns', to: 'PREWARMING', guard: verdictOk, update: prewarmNext('prewarm') },
  { requirement: 'POOL-1', from: ['PREWARMING'], on: 'prewarmReturns', to: 'FAILED', update: prewarmNext('prewarmFactoryThrew') },
  { requirement: 'POOL-14', from: ['NEW'], on: 'close', to: 'NEW', update: noop },
  { requirement: 'POOL-12', from: ['OPEN'], on: 'healthcheck', to: 'OPEN', guard: timerArmed, update: checkIdle },
  { requirement: 'POOL-10', from: ['OPEN'], on: 'close', to: 'CLOSED', update: close },
  { requirement: 'POOL-10', from: ['CLOSED'], on: 'close', to: 'CLOSED', update: noop },
  { requirement: 'CB-2', from: ['OPEN', 'CLOSED'], on: 'activate', to: 'same', update: setCircuit('activate') },
  { requirement: 'CB-2', from: ['OPEN', 'CLOSED'], on: 'deactivate', to: 'same', update: setCircuit('deactivate') },
  { requirement: 'CB-2', from: ['OPEN', 'CLOSED'], on: 'recover', to: 'same', update: setCircuit('recover') },
];

/**
 * One `acquire()` / `tryAcquire()` call of one coroutine, from its start
 * through the breaker gate, the idle ring, the factory, `beforeAcquire` and
 * the waiter queue to its end; status: the caller's {@link PoolCoroutine.status}.
 */
export const acquireTransitions: readonly PoolTransition[] = [
  { requirement: 'POOL-14', from: ['FREE'], on: 'acquire', to: 'FREE', guard: poolNew, update: throwNotInitialized },
  { requirement: 'POOL-14', from: ['FREE'], on: 'tryAcquire', to: 'FREE', guard: poolNew, update: returnNull },
  ...passes('call', 'acquire', 'FREE', fresh, ['closed'], ['acquire'], throwClosed, [poolLive]),
  ...passes('call', 'acquire', 'FREE', fresh, ['refused'], ['acquire'], throwServiceUnavailable, [poolLive]),
  ...passes('call', 'acquire', 'FREE', fresh, ['idle'], ['acquire'], reuseIdle, [poolLive]),
  ...passes('call', 'acquire', 'FREE', fresh, ['create'], ['acquire'], callFactory, [poolLive]),
  ...passes('call', 'acquire', 'FREE', fresh, ['none'], ['acquire'], parkWaiter, [poolLive]),
  ...passes('call', 'tryAcquire', 'FREE', fresh, ['closed', 'refused', 'none'], ['tryAcquire'], returnNull, [poolLive]),
  ...passes('call', 'tryAcquire', 'FREE', fresh, ['idle'], ['tryAcquire'], reuseIdle, [poolLive]),
  ...passes('call', 'tryAcquire', 'FREE', fresh, ['create'], ['tryAcquire'], callFactory, [poolLive]),
  { requirement: 'POOL-2', from: ['IN_FACTORY'], on: 'factoryReturns', to: 'FREE', guard: verdictOk, update: handOverCreated },
  { requirement: 'POOL-6', from: ['IN_FACTORY'], on: 'factoryReturns', to: 'FREE', update: returnCapacityAndWake },
  { requirement: 'POOL-7', from: ['IN_BEFORE_ACQUIRE'], on: 'beforeAcquireReturns', to: 'FREE', guard: verdictOk, update: handOverIdle },
  { requirement: 'POOL-11', from: ['IN_BEFORE_ACQUIRE'], on: 'beforeAcquireReturns', to: 'FREE', guard: destructorThrows, update: destroyWakeAndThrow },
  ...passes('rejected', 'beforeAcquireReturns', 'IN_BEFORE_ACQUIRE', rejected, ['closed', 'refused', 'idle', 'create', 'none'], ['acquire', 'tryAcquire'], destroyAndRetry, [], true).map(
    (t) => ({ ...t, requirement: 'POOL-7' }),
  ),
  { requirement: 'POOL-9', from: ['WAITING'], on: 'timeout', to: 'RESUMED', guard: all(poolOpen, hasTimeout), update: resumeWithTimeout },
  { requirement: 'POOL-5', from: ['WAITING', 'RESUMED'], on: 'cancel', to: 'RESUMED', update: resumeWithCancellation },
  { requirement: 'POOL-5', from: ['RESUMED'], on: 'run', to: 'FREE', guard: hasError, update: leaveWithError },
  ...passes('woken', 'run', 'RESUMED', woken, ['closed', 'refused', 'idle', 'create', 'none'], ['acquire'], retry).map((t) => ({ ...t, requirement: 'POOL-4' })),
];

/**
 * One `release()` call: the foreign check, `beforeRelease` (which may
 * suspend), then back to idle, destroyed, or destroyed because the pool
 * closed; status: the caller's {@link PoolCoroutine.status}.
 */
export const releaseTransitions: readonly PoolTransition[] = [
  { requirement: 'POOL-14', from: ['FREE'], on: 'release', to: 'FREE', guard: poolNew, update: throwNotInitialized },
  { requirement: 'POOL-15', from: ['FREE'], on: 'release', to: 'FREE', guard: all(poolLive, notOut), update: throwForeign },
  { requirement: 'POOL-8', from: ['FREE'], on: 'release', to: 'IN_BEFORE_RELEASE', guard: all(poolLive, hasBeforeRelease), update: callBeforeRelease },
  { requirement: 'POOL-10', from: ['FREE'], on: 'release', to: 'FREE', guard: poolClosed, update: destroyOnRelease },
  { requirement: 'POOL-4', from: ['FREE'], on: 'release', to: 'FREE', guard: poolOpen, update: returnToIdle },
  { requirement: 'POOL-8', from: ['IN_BEFORE_RELEASE'], on: 'beforeReleaseReturns', to: 'FREE', guard: verdictFalse, update: destroyBroken },
  { requirement: 'POOL-10', from: ['IN_BEFORE_RELEASE'], on: 'beforeReleaseReturns', to: 'FREE', guard: poolClosed, update: destroyOnRelease },
  { requirement: 'POOL-4', from: ['IN_BEFORE_RELEASE'], on: 'beforeReleaseReturns', to: 'FREE', guard: poolOpen, update: returnToIdle },
];

/** Every transition of the pool, as data: {@link lifecycleTransitions}, {@link acquireTransitions}, {@link releaseTransitions}. */
export const transitions: readonly PoolTransition[] = [...lifecycleTransitions, ...acquireTransitions, ...releaseTransitions];

const ACQUIRE_ACTIONS = new Set(['acquire', 'tryAcquire', 'factoryReturns', 'beforeAcquireReturns', 'timeout', 'cancel', 'run']);
const RELEASE_ACTIONS = new Set(['release', 'beforeReleaseReturns']);

/**
 * The status an action is matched against: a coroutine's action, the status
 * of that coroutine's call; the others, the pool's lifecycle.
 */
export function statusFor(state: PoolState, action: PoolAction): string {
  if (ACQUIRE_ACTIONS.has(action.type) || RELEASE_ACTIONS.has(action.type)) return state.coroutines[idOf(action)]?.status ?? 'FREE';
  return state.status;
}

/** The parts of the pool machine, each a transition table over its own status, for the state diagrams. */
export const parts: readonly { name: string; module: string; transitions: readonly PoolTransition[] }[] = [
  { name: 'pool', module: 'pool', transitions: lifecycleTransitions },
  { name: 'poolAcquire', module: 'pool', transitions: acquireTransitions },
  { name: 'poolRelease', module: 'pool', transitions: releaseTransitions },
];

/** Apply one action: the first transition of {@link transitions} matching its type, the status {@link statusFor} gives and its guard fires. */
export function step(config: PoolConfig, state: PoolState, action: PoolAction): StepResult<PoolState, PoolOutput> {
  return stepBy({ transitions, status, statusFor }, config, state, action);
}

/** The healthcheck verdicts `explore()` tries: all healthy, each idle resource alone unhealthy, all unhealthy. */
function healthchecks(c: PoolConfig, s: PoolState): PoolAction[] {
  const verdicts: string[][] = [[], ...s.idle.map((id) => [id])];
  if (s.idle.length > 1) verdicts.push([...s.idle]);
  return verdicts.flatMap((unhealthy): PoolAction[] =>
    unhealthy.length > 0 && c.min > 0
      ? [{ type: 'healthcheck', unhealthy, replacementFails: false }, { type: 'healthcheck', unhealthy, replacementFails: true }]
      : [{ type: 'healthcheck', unhealthy, replacementFails: false }],
  );
}

/** The actions `explore()` tries in `state`: each coroutine's next pool move, the healthcheck, close and the breaker. */
export function enabled(config: PoolConfig, s: PoolState): PoolAction[] {
  const first = config.coroutines[0];
  if (s.status === 'FAILED') return [];
  if (s.status === 'NEW') {
    const actions: PoolAction[] = [{ type: 'construct' }];
    actions.push({ type: 'acquire', coroutine: first, timeout: false }, { type: 'tryAcquire', coroutine: first });
    actions.push({ type: 'release', coroutine: first, resource: FOREIGN }, { type: 'close' });
    return actions;
  }
  if (s.status === 'PREWARMING') return [{ type: 'prewarmReturns', ok: true }, { type: 'prewarmReturns', ok: false }];
  const actions: PoolAction[] = [];
  for (const id of config.coroutines) {
    const co = s.coroutines[id];
    const verdicts = (type: 'factoryReturns' | 'beforeAcquireReturns' | 'beforeReleaseReturns'): PoolAction[] => [
      { type, coroutine: id, ok: true },
      { type, coroutine: id, ok: false },
    ];
    if (co.status === 'FREE') {
      if (co.held.length < config.maxHeld) {
        actions.push({ type: 'acquire', coroutine: id, timeout: false });
        if (config.timeouts) actions.push({ type: 'acquire', coroutine: id, timeout: true });
        actions.push({ type: 'tryAcquire', coroutine: id });
      }
      for (const resource of co.held) actions.push({ type: 'release', coroutine: id, resource });
      if (id === first) actions.push({ type: 'release', coroutine: id, resource: FOREIGN });
    } else if (co.status === 'WAITING') {
      if (co.timeout) actions.push({ type: 'timeout', coroutine: id });
      actions.push({ type: 'cancel', coroutine: id });
    } else if (co.status === 'RESUMED') actions.push({ type: 'run', coroutine: id }, { type: 'cancel', coroutine: id });
    else if (co.status === 'IN_FACTORY') actions.push(...verdicts('factoryReturns'));
    else if (co.status === 'IN_BEFORE_ACQUIRE') actions.push(...verdicts('beforeAcquireReturns'));
    else actions.push(...verdicts('beforeReleaseReturns'));
  }
  if (s.timerArmed) actions.push(...healthchecks(config, s));
  actions.push({ type: 'close' });
  if (config.breaker) actions.push({ type: 'activate' }, { type: 'deactivate' }, { type: 'recover' });
  return actions;
}

/** The pool machine: acquire, release, waiters, hooks, healthcheck, close and the breaker gate. */
export const machine: Machine<PoolConfig, PoolState, PoolAction, PoolOutput> = {
  name: 'pool',
  initial,
  status,
  statusFor,
  transitions,
  step,
  enabled,
  invariants,
  serialize,
};
