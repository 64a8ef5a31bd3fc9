/**
 * Pools and the circuit breaker in the system model (trace semantics §7):
 * construction with pre-warm, acquire / tryAcquire / release / close, the
 * breaker gate and transitions, strategies, the hidden healthcheck timer and
 * pool queries (POOL-*, CB-*).
 *
 * @remarks A pool call may suspend the calling coroutine in the middle of
 * its algorithm — inside a callable with `delayMs`, or parked as a waiter.
 * The call's state is then kept in {@link CoroutineState.poolCall} with
 * resumption `pool`; when the coroutine runs again the interpreter emits
 * `resumed` and calls {@link resumePool}, which continues the algorithm at
 * that point and may suspend again, finish the instruction or throw.
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type {
  ErrorValue, HookSpec, Instruction, PoolAcquireInstruction, PoolNewInstruction, PoolQuery, Value,
} from './scenario.js';
import type { CoroutineState, PoolCall, PoolState, SystemState } from './state.js';
import { POOL_ERRORS, nothingToRelease, undefinedReference } from './errors.js';
import { coroutine, emit, resolve, sleep } from './events.js';
import type { StepOutcome } from './control.js';
import { admits, targetOf } from '../circuitBreaker/breaker.js';
import { chainPrevious } from '../waker/mergeErrors.js';

const NEXT: StepOutcome = { kind: 'next' };
const SUSPEND: StepOutcome = { kind: 'suspend' };

function throwing(err: ErrorValue): StepOutcome {
  return { kind: 'throw', error: err };
}

/** The pool instructions (the `op`s this module executes). */
export type PoolInstruction = Extract<Instruction, { op: `pool.${string}` }>;

/** Whether an instruction is a pool instruction. */
export function isPoolInstruction(instr: Instruction): instr is PoolInstruction {
  return instr.op.startsWith('pool.');
}

/** The pool with this id, if it exists now (constructed, pre-warm finished). */
export function poolOf(sys: SystemState, id: string): PoolState | undefined {
  const p = sys.pools.get(id);
  return p?.ready ? p : undefined;
}

function poolState(sys: SystemState, id: string): PoolState {
  const p = sys.pools.get(id);
  if (!p) throw new Error(`spec: unknown pool ${id}`);
  return p;
}

/** `total = |idle| + active` (`count()`, POOL-2). */
function total(p: PoolState): number {
  return p.idle.length + p.active;
}

/** `unreserved = max − active − reserved` (POOL-4). */
function unreserved(p: PoolState): number {
  return p.max - p.active - p.reserved;
}

/** A hook's answer for call `k` on resource `r`: `false` on a listed call number or resource (§7.1). */
function hookAnswer(spec: HookSpec, k: number, r: string): boolean {
  return !(spec.falseOn?.includes(k) || spec.falseFor?.includes(r));
}

/**
 * A callable with `delayMs` suspends its caller exactly like `delay {ms}`;
 * the pool call continues from `call` when the coroutine runs again.
 *
 * @returns whether the caller suspended.
 */
function suspendIn(sys: SystemState, co: CoroutineState, delayMs: number | undefined, call: PoolCall): boolean {
  if (delayMs === undefined) return false;
  sleep(sys, co, delayMs, 'pool');
  co.poolCall = call;
  return true;
}

/** Destroy `r`: emit `destroyed`; the destructor's exception, if `throwFor` names `r` (POOL-8, POOL-11). */
function destroy(sys: SystemState, actor: string, p: PoolState, r: string): ErrorValue | undefined {
  emit(sys, actor, { kind: 'destroyed', pool: p.id, resource: r });
  return p.config.destructor?.throwFor?.includes(r) ? POOL_ERRORS.destructor : undefined;
}

/** The factory's exception for call `k` (`failOn`), or the error its delay was resumed with. */
function factoryFailure(p: PoolState, k: number, resumeError?: ErrorValue): ErrorValue | undefined {
  if (resumeError) return resumeError;
  return p.config.factory?.failOn?.includes(k) ? POOL_ERRORS.factory : undefined;
}

/**
 * *wake_one*: the oldest waiter still `WAITING` and not reserved becomes
 * reserved and is resolved with no value (POOL-4).
 */
function wakeOne(sys: SystemState, p: PoolState): void {
  const w = p.waiters.find((e) => !e.reserved && coroutine(sys, e.coroutine).status === 'WAITING');
  if (!w) return;
  w.reserved = true;
  p.reserved++;
  resolve(sys, w.coroutine, { value: null });
}

/** Set the breaker state and emit `breaker` (CB-2). */
function transition(sys: SystemState, actor: string, p: PoolState, call: 'activate' | 'deactivate' | 'recover'): void {
  p.state = targetOf(call);
  emit(sys, actor, { kind: 'breaker', pool: p.id, state: p.state }, ['CB-2', 'CB-5']);
}

/**
 * *report* (CB-6, CB-7): without a strategy nothing; else emit `report`,
 * count a failure and deactivate at the threshold, or activate on a success
 * with `activateOnSuccess`. A `throwOn` exception is swallowed by the pool.
 */
function report(sys: SystemState, actor: string, p: PoolState, what: 'success' | 'failure'): void {
  const s = p.strategy;
  if (!s) return;
  emit(sys, actor, { kind: 'report', pool: p.id, what }, ['CB-6', 'CB-7']);
  if (what === 'failure') {
    p.failures++;
    if (s.deactivateAfter !== undefined && p.failures >= s.deactivateAfter) transition(sys, actor, p, 'deactivate');
  } else if (s.activateOnSuccess) {
    transition(sys, actor, p, 'activate');
  }
}

/** Arm (or re-arm) the hidden healthcheck timer of a pool (POOL-12, EVT-4). */
function armHealthcheck(sys: SystemState, p: PoolState): void {
  const ms = p.config.healthcheckIntervalMs ?? 0;
  sys.timers.push({ due: sys.now + ms, seq: sys.timerSeq++, coroutine: p.id, role: 'healthcheck', ms });
}

/* ---------------------------------------------------------------- pool.new */

function newPool(instr: PoolNewInstruction): PoolState {
  return {
    id: instr.id, config: instr, min: instr.min ?? 0, max: instr.max ?? 10, ready: false,
    idle: [], active: 0, reserved: 0, waiters: [], closed: false, state: 'ACTIVE', strategy: null, failures: 0,
    calls: { factory: 0, healthcheck: 0, beforeAcquire: 0, beforeRelease: 0 }, held: new Map(),
  };
}

/** Pre-warm: call the factory until `min` resources are idle; then the pool exists (POOL-1). */
function prewarm(sys: SystemState, co: CoroutineState, p: PoolState): StepOutcome {
  while (p.idle.length < p.min) {
    const k = ++p.calls.factory;
    if (suspendIn(sys, co, p.config.factory?.delayMs, { op: 'new', pool: p.id, at: 'factory', k })) return SUSPEND;
    const out = prewarmCreated(sys, co, p, k);
    if (out) return out;
  }
  p.ready = true;
  if (p.config.healthcheck && (p.config.healthcheckIntervalMs ?? 0) > 0) armHealthcheck(sys, p);
  return NEXT;
}

/**
 * A pre-warm factory call returned: a resource into idle, or — on the first
 * exception — destroy what was created and throw it; the pool does not exist.
 *
 * @returns the throw, or `undefined` to go on.
 */
function prewarmCreated(sys: SystemState, co: CoroutineState, p: PoolState, k: number, resumeError?: ErrorValue): StepOutcome | undefined {
  const failure = factoryFailure(p, k, resumeError);
  if (!failure) {
    emit(sys, co.id, { kind: 'created', pool: p.id, resource: `r${k}` }, ['POOL-1']);
    p.idle.push(`r${k}`);
    return undefined;
  }
  // Destructor exceptions while the constructor unwinds are dropped: the factory's exception is thrown.
  for (const r of p.idle.splice(0)) destroy(sys, co.id, p, r);
  sys.pools.delete(p.id);
  return throwing(failure);
}

/* --------------------------------------------------- acquire / tryAcquire */

type AcquireCall = Extract<PoolCall, { op: 'acquire' | 'tryAcquire' }>;
type AcquireCtx = { op: 'acquire' | 'tryAcquire'; pool: string; timeoutMs: number; hasRes: boolean };

function ctxOf(call: AcquireCall): AcquireCtx {
  return { op: call.op, pool: call.pool, timeoutMs: call.timeoutMs, hasRes: call.hasRes };
}

/** The call succeeded with `r`: it joins the actor's list; emit `acquired`. */
function acquired(sys: SystemState, co: CoroutineState, p: PoolState, r: string | null): StepOutcome {
  if (r !== null) {
    const list = p.held.get(co.id) ?? [];
    list.push(r);
    p.held.set(co.id, list);
  }
  emit(sys, co.id, { kind: 'acquired', pool: p.id, resource: r });
  return NEXT;
}

/**
 * The `retry:` loop of *acquire* / *tryAcquire* (§7.3), from step 1.
 * Suspends in a callable with a delay or (acquire) as a waiter.
 */
function acquireLoop(sys: SystemState, co: CoroutineState, ctx: AcquireCtx): StepOutcome {
  const p = poolState(sys, ctx.pool);
  const tryOnly = ctx.op === 'tryAcquire';
  for (;;) {
    const gate = p.closed ? POOL_ERRORS.closed : admits(p.state) ? undefined : POOL_ERRORS.unavailable;
    if (gate) {
      if (tryOnly) return acquired(sys, co, p, null);
      if (ctx.hasRes) wakeOne(sys, p);
      return throwing(gate);
    }
    const mayTake = ctx.hasRes || unreserved(p) > 0;
    if (p.idle.length > 0 && mayTake) {
      const r = p.idle.shift()!;
      ctx.hasRes = false;
      p.active++;
      const hook = p.config.beforeAcquire;
      if (!hook) return acquired(sys, co, p, r);
      const k = ++p.calls.beforeAcquire;
      if (suspendIn(sys, co, hook.delayMs, { ...ctx, at: 'beforeAcquire', k, resource: r })) return SUSPEND;
      const out = beforeAcquireReturned(sys, co, p, r, hookAnswer(hook, k, r));
      if (out) return out;
      continue;
    }
    if (total(p) < p.max && mayTake) {
      ctx.hasRes = false;
      p.active++;
      const k = ++p.calls.factory;
      if (suspendIn(sys, co, p.config.factory?.delayMs, { ...ctx, at: 'factory', k })) return SUSPEND;
      return factoryReturned(sys, co, p, k);
    }
    if (tryOnly) return acquired(sys, co, p, null);
    p.waiters.push({ coroutine: co.id, reserved: false });
    if (ctx.timeoutMs > 0) {
      sys.timers.push({ due: sys.now + ctx.timeoutMs, seq: sys.timerSeq++, coroutine: co.id, role: 'poolTimeout', ms: ctx.timeoutMs });
    }
    emit(sys, co.id, { kind: 'suspended', on: `pool:${p.id}` }, ['POOL-4', 'POOL-3', 'POOL-6']);
    co.status = 'WAITING';
    co.resumption = 'pool';
    co.poolCall = { op: 'acquire', pool: p.id, timeoutMs: ctx.timeoutMs, hasRes: ctx.hasRes, at: 'wait' };
    return SUSPEND;
  }
}

/**
 * `beforeAcquire` answered for `r` (POOL-7): emit `hook`; `true` hands `r`
 * over; `false` destroys it (a destructor exception wakes one waiter and is
 * thrown).
 *
 * @returns the outcome, or `undefined` to go to *retry*.
 */
function beforeAcquireReturned(sys: SystemState, co: CoroutineState, p: PoolState, r: string, ok: boolean): StepOutcome | undefined {
  emit(sys, co.id, { kind: 'hook', pool: p.id, hook: 'beforeAcquire', resource: r, ok });
  if (ok) return acquired(sys, co, p, r);
  p.active--;
  const thrown = destroy(sys, co.id, p, r);
  if (thrown) {
    wakeOne(sys, p);
    return throwing(thrown);
  }
  return undefined;
}

/** The factory returned during acquire / tryAcquire (POOL-6): the new resource, or give the place back, wake one waiter, throw. */
function factoryReturned(sys: SystemState, co: CoroutineState, p: PoolState, k: number, resumeError?: ErrorValue): StepOutcome {
  const failure = factoryFailure(p, k, resumeError);
  if (failure) {
    p.active--;
    wakeOne(sys, p);
    return throwing(failure);
  }
  emit(sys, co.id, { kind: 'created', pool: p.id, resource: `r${k}` }, ['POOL-3', 'POOL-2']);
  return acquired(sys, co, p, `r${k}`);
}

/**
 * A waiter runs again (§7.3 step 5): it leaves the queue, takes back its
 * reservation as `hasRes`; an error hands the reservation on (POOL-5) and is
 * thrown, else *retry*.
 */
function waitEnded(sys: SystemState, co: CoroutineState, ctx: AcquireCtx, err: ErrorValue | undefined): StepOutcome {
  const p = poolState(sys, ctx.pool);
  const i = p.waiters.findIndex((w) => w.coroutine === co.id);
  const [w] = p.waiters.splice(i, 1);
  // `has_res := wait(timeout)`: whether this wait ended with a reservation.
  ctx.hasRes = w.reserved;
  if (w.reserved) p.reserved--;
  if (err) {
    if (ctx.hasRes && !p.closed) wakeOne(sys, p);
    return throwing(err);
  }
  return acquireLoop(sys, co, ctx);
}

/* ----------------------------------------------------------------- release */

/**
 * The rest of *release* once `beforeRelease` (if any) answered `ok`
 * (POOL-8, POOL-10, CB-6): `active--`, report, destroy or return to idle,
 * wake one waiter; a destructor exception is thrown last.
 */
function releaseRest(sys: SystemState, co: CoroutineState, p: PoolState, r: string, ok: boolean): StepOutcome {
  p.active--;
  if (!ok) {
    report(sys, co.id, p, 'failure');
    const thrown = destroy(sys, co.id, p, r);
    wakeOne(sys, p);
    return thrown ? throwing(thrown) : NEXT;
  }
  report(sys, co.id, p, 'success');
  if (p.closed) {
    const thrown = destroy(sys, co.id, p, r);
    return thrown ? throwing(thrown) : NEXT;
  }
  p.idle.push(r);
  wakeOne(sys, p);
  return NEXT;
}

function beforeReleaseReturned(sys: SystemState, co: CoroutineState, p: PoolState, r: string, ok: boolean): StepOutcome {
  emit(sys, co.id, { kind: 'hook', pool: p.id, hook: 'beforeRelease', resource: r, ok });
  return releaseRest(sys, co, p, r, ok);
}

/* ------------------------------------------------------------------- close */

/**
 * *close* (POOL-10, POOL-11): mark closed, disarm the healthcheck timer,
 * fail every `WAITING` waiter, destroy every idle resource; the first
 * destructor exception is thrown with the later ones chained at its end.
 */
function close(sys: SystemState, co: CoroutineState, p: PoolState): StepOutcome {
  emit(sys, co.id, { kind: 'poolClose', pool: p.id }, ['POOL-10', 'POOL-11']);
  p.closed = true;
  sys.timers = sys.timers.filter((t) => !(t.role === 'healthcheck' && t.coroutine === p.id));
  for (const w of [...p.waiters]) {
    if (coroutine(sys, w.coroutine).status === 'WAITING') resolve(sys, w.coroutine, { error: POOL_ERRORS.closed });
  }
  let thrown: ErrorValue | undefined;
  for (const r of p.idle.splice(0)) {
    const e = destroy(sys, co.id, p, r);
    if (e) thrown = thrown ? chainPrevious(thrown, e) : e;
  }
  return thrown ? throwing(thrown) : NEXT;
}

/* -------------------------------------------------------------- healthcheck */

/**
 * One tick of the hidden healthcheck timer of pool `id` (POOL-12), actor
 * `scheduler`: check each resource idle at the tick's start (no delay),
 * destroy the unhealthy ones and replace them while below `min` (failures
 * and destructor exceptions ignored), wake one waiter, re-arm.
 */
export function healthcheckTick(sys: SystemState, id: string): void {
  const p = poolState(sys, id);
  if (p.closed) return;
  const hook = p.config.healthcheck ?? {};
  const count = p.idle.length;
  for (let i = 0; i < count; i++) {
    const r = p.idle.shift()!;
    p.active++;
    const k = ++p.calls.healthcheck;
    const ok = hookAnswer(hook, k, r);
    p.active--;
    emit(sys, 'scheduler', { kind: 'hook', pool: p.id, hook: 'healthcheck', resource: r, ok }, ['POOL-12']);
    if (ok) {
      p.idle.push(r);
      continue;
    }
    destroy(sys, 'scheduler', p, r);
    if (total(p) < p.min) {
      const kf = ++p.calls.factory;
      if (!factoryFailure(p, kf)) {
        emit(sys, 'scheduler', { kind: 'created', pool: p.id, resource: `r${kf}` }, ['POOL-12']);
        p.idle.push(`r${kf}`);
      }
    }
  }
  wakeOne(sys, p);
  armHealthcheck(sys, p);
}

/* ----------------------------------------------------------- entry points */

/** Execute a pool instruction of `co` (trace semantics §7.2). */
export function executePool(sys: SystemState, co: CoroutineState, instr: PoolInstruction): StepOutcome {
  if (instr.op === 'pool.new') {
    const p = newPool(instr);
    sys.pools.set(p.id, p);
    return prewarm(sys, co, p);
  }
  const p = poolOf(sys, instr.pool);
  if (!p) return throwing(undefinedReference(instr.pool));
  switch (instr.op) {
    case 'pool.acquire':
    case 'pool.tryAcquire':
      return startAcquire(sys, co, p, instr);
    case 'pool.release': {
      const list = p.held.get(co.id);
      const r = list?.shift();
      if (r === undefined) return throwing(nothingToRelease(p.id));
      emit(sys, co.id, { kind: 'release', pool: p.id, resource: r });
      const hook = p.config.beforeRelease;
      if (!hook) return releaseRest(sys, co, p, r, true);
      const k = ++p.calls.beforeRelease;
      if (suspendIn(sys, co, hook.delayMs, { op: 'release', pool: p.id, at: 'beforeRelease', k, resource: r })) return SUSPEND;
      return beforeReleaseReturned(sys, co, p, r, hookAnswer(hook, k, r));
    }
    case 'pool.close':
      return p.closed ? NEXT : close(sys, co, p);
    case 'pool.activate':
    case 'pool.deactivate':
    case 'pool.recover':
      transition(sys, co.id, p, instr.op === 'pool.activate' ? 'activate' : instr.op === 'pool.deactivate' ? 'deactivate' : 'recover');
      return NEXT;
    case 'pool.setStrategy':
      p.strategy = instr.strategy;
      p.failures = 0;
      return NEXT;
  }
}

function startAcquire(sys: SystemState, co: CoroutineState, p: PoolState, instr: PoolAcquireInstruction): StepOutcome {
  const op = instr.op === 'pool.acquire' ? 'acquire' : 'tryAcquire';
  emit(sys, co.id, { kind: 'acquire', pool: p.id, try: op === 'tryAcquire' }, ['POOL-4', 'CB-3', 'CB-4']);
  return acquireLoop(sys, co, { op, pool: p.id, timeoutMs: op === 'acquire' ? (instr.timeoutMs ?? 0) : 0, hasRes: false });
}

/**
 * Continue the pool call `co` was suspended in; `resumed` has been emitted.
 *
 * @param err - the error it was resumed with (a cancellation at a callable's
 *   delay; a timeout, close or cancellation of a waiter).
 * @returns what the instruction led to: `next`, `suspend` again, or a throw.
 */
export function resumePool(sys: SystemState, co: CoroutineState, err: ErrorValue | undefined): StepOutcome {
  const call = co.poolCall;
  if (!call) throw new Error(`spec: ${co.id} resumed without a pool call`);
  // A waiter re-parked by every healthcheck tick can spin without executing an instruction.
  if (--sys.budget < 0) throw new Error('spec: instruction budget exhausted (runaway scenario)');
  co.poolCall = undefined;
  const p = poolState(sys, call.pool);
  switch (call.at) {
    case 'wait':
      return waitEnded(sys, co, ctxOf(call), err);
    case 'factory':
      if (call.op === 'new') {
        const out = prewarmCreated(sys, co, p, call.k, err);
        return out ?? prewarm(sys, co, p);
      }
      return factoryReturned(sys, co, p, call.k, err);
    case 'beforeAcquire': {
      const ok = !err && hookAnswer(p.config.beforeAcquire!, call.k, call.resource);
      return beforeAcquireReturned(sys, co, p, call.resource, ok) ?? acquireLoop(sys, co, ctxOf(call));
    }
    case 'beforeRelease': {
      const ok = !err && hookAnswer(p.config.beforeRelease!, call.k, call.resource);
      return beforeReleaseReturned(sys, co, p, call.resource, ok);
    }
  }
}

/** The answer of `$pool-><what>()` (POOL-2, POOL-10, CB-1). */
export function poolQuery(p: PoolState, what: PoolQuery): Value {
  switch (what) {
    case 'count':
      return total(p);
    case 'idleCount':
      return p.idle.length;
    case 'activeCount':
      return p.active;
    case 'isClosed':
      return p.closed;
    case 'getState':
      return p.state;
  }
}

/** Whether a query method is a pool method. */
export function isPoolQuery(what: string): what is PoolQuery {
  return what === 'count' || what === 'idleCount' || what === 'activeCount' || what === 'isClosed' || what === 'getState';
}
