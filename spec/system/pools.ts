/**
 * Pools and the circuit breaker in the system model (trace semantics §7):
 * a composition layer over the pool machine (`spec/pool`) and the
 * circuit-breaker machine (`spec/circuitBreaker`).
 *
 * @remarks A pool's state is the pool machine's state. Each pool
 * instruction, each return of a callable (the factory, a hook), each run of a
 * woken waiter and each healthcheck tick is one action of the machine; this
 * module only maps the machine's outputs to trace events, wake-ups and
 * throws, and answers the callables as the scenario describes them (call
 * numbers, `falseOn`, `failOn`, `throwFor`, `delayMs`). A callable with
 * `delayMs` suspends its caller like `delay {ms}`; the call's place is kept
 * in {@link CoroutineState.poolCall} with resumption `pool`, and when the
 * coroutine runs again the interpreter emits `resumed` and calls
 * {@link resumePool}, which sends the callable's return (or the waiter's
 * run) to the machine.
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { ErrorClass, ErrorValue, HookSpec, Instruction, PoolAcquireInstruction, PoolNewInstruction, PoolQuery, StrategySpec, Value } from './scenario.js';
import type { CoroutineState, PoolCall, PoolState, SystemState } from './state.js';
import type { Attribution } from './attribution.js';
import { POOL_ERRORS, nothingToRelease, undefinedReference } from './errors.js';
import { coroutine, emit, resolve, sleep } from './events.js';
import type { StepOutcome } from './control.js';
import { initial as breakerInitial, step as breakerStep } from '../circuitBreaker/machine.js';
import type { CircuitBreakerAction, CircuitBreakerConfig, CircuitBreakerOutput, StrategySpec as BreakerStrategy, TransitionCall } from '../circuitBreaker/model.js';
import { counts, freeCoroutine, total } from '../pool/attempt.js';
import { initial, step } from '../pool/machine.js';
import type { PoolAction, PoolConfig, PoolError, PoolOutput, PoolState as PoolMachineState } from '../pool/model.js';

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
  return p && (p.machine.status === 'OPEN' || p.machine.status === 'CLOSED') ? p : undefined;
}

function poolState(sys: SystemState, id: string): PoolState {
  const p = sys.pools.get(id);
  if (!p) throw new Error(`spec: unknown pool ${id}`);
  return p;
}

/* ------------------------------------------------------- errors both ways */

/** The system's exceptions as the machine carries them, and back (the same object when it went through). */
const carried = new WeakMap<PoolError, ErrorValue>();

function toPoolError(e: ErrorValue): PoolError {
  const p: PoolError = e.previous ? { type: e.class, message: e.message, previous: toPoolError(e.previous) } : { type: e.class, message: e.message };
  carried.set(p, e);
  return p;
}

function fromPoolError(p: PoolError): ErrorValue {
  const known = carried.get(p);
  if (known) return known;
  const cls = p.type as ErrorClass;
  return p.previous ? { class: cls, message: p.message, previous: fromPoolError(p.previous) } : { class: cls, message: p.message };
}

/* ------------------------------------------------------------ the machine */

/** The machine's configuration for a constructor's arguments. */
function machineConfig(instr: PoolNewInstruction): PoolConfig {
  return {
    min: instr.min ?? 0,
    max: instr.max ?? 10,
    healthcheckIntervalMs: instr.healthcheckIntervalMs ?? 0,
    healthcheck: instr.healthcheck !== undefined,
    beforeAcquire: instr.beforeAcquire !== undefined,
    beforeRelease: instr.beforeRelease !== undefined,
    destructorThrows: instr.destructor?.throwFor ?? false,
    coroutines: [],
    timeouts: false,
    breaker: false,
    maxHeld: 1,
  };
}

/** One action a pool's machine took in a system run, with the states around it. */
export interface PoolStep {
  /** The pool's id. */
  pool: string;
  /** The machine's configuration for the pool's constructor arguments. */
  config: PoolConfig;
  /** The state the action was applied to. */
  before: PoolMachineState;
  /** The action. */
  action: PoolAction;
  /** The state it led to. */
  after: PoolMachineState;
}

let observer: ((s: PoolStep) => void) | undefined;

/**
 * Watch every action the pool machines take in system runs (a probe for
 * tests that check the system's pool states against the machine's
 * invariants and transitions).
 *
 * @returns a function that stops watching.
 */
export function observePoolSteps(fn: (s: PoolStep) => void): () => void {
  observer = fn;
  return () => {
    if (observer === fn) observer = undefined;
  };
}

/** What one action of the machine did. */
interface Fired {
  outputs: PoolOutput[];
  /** The exception the call itself throws. */
  error?: PoolError;
}

/**
 * Send one action to the pool's machine and keep the state it leads to.
 * Waiters that their waker resumed since the last action (a timeout, a
 * cancellation) are reported to the machine first.
 */
function fire(sys: SystemState, p: PoolState, action: PoolAction): Fired {
  if ('coroutine' in action && !p.machine.coroutines[action.coroutine]) {
    p.machine = { ...p.machine, coroutines: { ...p.machine.coroutines, [action.coroutine]: freeCoroutine() } };
  }
  if (action.type !== 'cancel' && action.type !== 'timeout') syncWaiters(sys, p);
  const r = step(p.machineConfig, p.machine, action);
  observer?.({ pool: p.id, config: p.machineConfig, before: p.machine, action, after: r.state });
  p.machine = r.state;
  if (r.kind === 'ok') return { outputs: r.outputs };
  if (r.error.type === 'Unhandled') throw new Error(`spec: pool ${p.id}: ${r.error.message}`);
  return { outputs: r.outputs ?? [], error: r.error };
}

/**
 * A parked waiter whose coroutine is no longer `WAITING` was resumed by its
 * waker since the pool's last action: the machine hears it as its acquire
 * timeout (POOL-9) or a cancellation (POOL-5). The error it runs with is the
 * waker's, given again when it runs.
 */
function syncWaiters(sys: SystemState, p: PoolState): void {
  for (const w of p.machine.waiters) {
    const co = coroutine(sys, w.coroutine);
    if (p.machine.coroutines[w.coroutine]?.status !== 'WAITING' || co.status === 'WAITING') continue;
    const timedOut = co.error?.class === POOL_ERRORS.timeout.class && p.machine.status === 'OPEN' && p.machine.coroutines[w.coroutine].timeout;
    fire(sys, p, { type: timedOut ? 'timeout' : 'cancel', coroutine: w.coroutine });
  }
}

/** Where a `created` event comes from, for its attribution. */
type Origin = 'prewarm' | 'call' | 'healthcheck';
const CREATED_BY: Record<Origin, Attribution> = { prewarm: ['POOL-1'], call: ['POOL-3', 'POOL-2'], healthcheck: ['POOL-12'] };

/**
 * Map the machine's outputs to the trace and the run queue, in order.
 *
 * @returns the exception a `failed` output gives the caller, if any.
 */
function apply(sys: SystemState, actor: string, p: PoolState, fired: Fired, origin: Origin): ErrorValue | undefined {
  let thrown = fired.error ? fromPoolError(fired.error) : undefined;
  for (const o of fired.outputs) {
    switch (o.type) {
      case 'created':
        emit(sys, actor, { kind: 'created', pool: p.id, resource: o.resource }, CREATED_BY[origin]);
        break;
      case 'destroyed':
        emit(sys, actor, { kind: 'destroyed', pool: p.id, resource: o.resource });
        break;
      case 'checked':
        emit(sys, actor, { kind: 'hook', pool: p.id, hook: 'healthcheck', resource: o.resource, ok: o.ok }, ['POOL-12']);
        break;
      case 'woken':
        resolve(sys, o.coroutine, o.error ? { error: fromPoolError(o.error) } : { value: null });
        break;
      case 'acquired':
      case 'tryAcquired':
        emit(sys, actor, { kind: 'acquired', pool: p.id, resource: o.resource });
        break;
      case 'reportSuccess':
        report(sys, actor, p, 'success');
        break;
      case 'reportFailure':
        report(sys, actor, p, 'failure');
        break;
      case 'failed':
        thrown = fromPoolError(o.error);
        break;
      case 'released':
      case 'uncaught':
        // A released resource shows in no event; an exception in scheduler context (healthcheck) is dropped.
        break;
    }
  }
  return thrown;
}

/**
 * The circuit-breaker machine's configuration in the system: only its
 * `explore()` bounds and candidate strategy are in it, none of which the
 * system's steps read (the installed strategy is the machine's state).
 */
const BREAKER_CONFIG: CircuitBreakerConfig = {
  strategy: { deactivateAfterFailures: null, activateOnSuccess: false, throwsIn: [] }, maxHeld: 0, maxParked: 0, maxReleases: 0,
};

/** Step a pool's breaker through the circuit-breaker machine; its outputs. */
function stepBreaker(p: PoolState, action: CircuitBreakerAction): CircuitBreakerOutput[] {
  const r = breakerStep(BREAKER_CONFIG, p.breaker, action);
  if (r.kind === 'error') throw new Error(`spec: pool ${p.id}: breaker ${action.type} refused (${r.error.message})`);
  p.breaker = r.state;
  return r.outputs;
}

/** The breaker state the breaker machine set becomes the pool machine's gate (its circuit transition); emit `breaker` (CB-2). */
function breakerMoved(sys: SystemState, actor: string, p: PoolState, call: TransitionCall): void {
  fire(sys, p, { type: call });
  emit(sys, actor, { kind: 'breaker', pool: p.id, state: p.breaker.status }, ['CB-2', 'CB-5']);
}

/** A breaker transition call by the user: the breaker machine's `activate` / `deactivate` / `recover` (CB-2). */
function transition(sys: SystemState, actor: string, p: PoolState, call: TransitionCall): void {
  stepBreaker(p, { type: call });
  breakerMoved(sys, actor, p, call);
}

/**
 * The pool reports a release to the installed strategy (CB-6, CB-7): emit
 * `report`; the breaker machine's `report` runs the strategy, whose
 * transition call (`strategyCalled`) moves the breaker; a throwing strategy
 * (`strategyThrew`) is swallowed by the pool and shows in no event.
 */
function report(sys: SystemState, actor: string, p: PoolState, what: 'success' | 'failure'): void {
  if (!p.breaker.strategy) return;
  emit(sys, actor, { kind: 'report', pool: p.id, what }, ['CB-6', 'CB-7']);
  for (const o of stepBreaker(p, { type: 'report', ok: what === 'success' })) {
    if (o.type === 'strategyCalled') breakerMoved(sys, actor, p, o.call);
  }
}

/** A scenario's strategy as the breaker machine's strategy. */
function breakerStrategy(spec: StrategySpec | null): BreakerStrategy | null {
  if (!spec) return null;
  return {
    deactivateAfterFailures: spec.deactivateAfter ?? null,
    activateOnSuccess: spec.activateOnSuccess === true,
    throwsIn: (spec.throwOn ?? []).map((m) => (m === 'success' ? 'reportSuccess' : 'reportFailure')),
  };
}

/* ------------------------------------------------------------ the callables */

/** A hook's answer for call `k` on resource `r`: `false` on a listed call number or resource (§7.1). */
function hookAnswer(spec: HookSpec, k: number, r: string): boolean {
  return !(spec.falseOn?.includes(k) || spec.falseFor?.includes(r));
}

/** The factory's exception for call `k` (`failOn`), or the error its delay was resumed with. */
function factoryFailure(p: PoolState, k: number, resumeError?: ErrorValue): ErrorValue | undefined {
  if (resumeError) return resumeError;
  return p.config.factory?.failOn?.includes(k) ? POOL_ERRORS.factory : undefined;
}

/** A callable with `delayMs` suspends its caller exactly like `delay {ms}`; the call goes on from `call`. */
function suspendIn(sys: SystemState, co: CoroutineState, delayMs: number | undefined, call: PoolCall): boolean {
  if (delayMs === undefined) return false;
  sleep(sys, co, delayMs, 'pool');
  co.poolCall = call;
  return true;
}

/** Arm (or re-arm) the hidden healthcheck timer of a pool (POOL-12, EVT-4). */
function armHealthcheck(sys: SystemState, p: PoolState): void {
  const ms = p.config.healthcheckIntervalMs ?? 0;
  sys.timers.push({ due: sys.now + ms, seq: sys.timerSeq++, coroutine: p.id, role: 'healthcheck', ms });
}

/* ------------------------------------------------------------- a pool call */

/** The call a coroutine is in: which one, and its `acquire` timeout. */
type Call = Pick<PoolCall, 'op' | 'pool' | 'timeoutMs'>;

/**
 * Go on with `co`'s call after the machine took `fired`: throw its exception,
 * or follow the caller's status — done, inside the factory or a hook (answer
 * it, or suspend in its delay), or parked as a waiter.
 */
function proceed(sys: SystemState, co: CoroutineState, p: PoolState, call: Call, fired: Fired): StepOutcome {
  for (;;) {
    const thrown = apply(sys, co.id, p, fired, 'call');
    if (thrown) return throwing(thrown);
    const me = p.machine.coroutines[co.id];
    switch (me.status) {
      case 'FREE':
        return NEXT;
      case 'IN_FACTORY': {
        const k = p.machine.factoryCalls;
        if (suspendIn(sys, co, p.config.factory?.delayMs, { ...call, at: 'factory', k })) return SUSPEND;
        fired = factoryReturns(sys, co, p, k);
        break;
      }
      case 'IN_BEFORE_ACQUIRE':
      case 'IN_BEFORE_RELEASE': {
        const hook = me.status === 'IN_BEFORE_ACQUIRE' ? 'beforeAcquire' : 'beforeRelease';
        const k = ++p.calls[hook];
        if (suspendIn(sys, co, p.config[hook]?.delayMs, { ...call, at: hook, k })) return SUSPEND;
        fired = hookReturns(sys, co, p, hook, k, true);
        break;
      }
      case 'WAITING':
        return park(sys, co, p, call);
      case 'RESUMED':
        throw new Error(`spec: ${co.id} runs while resumed in pool ${p.id}`);
    }
  }
}

/** The factory returned during acquire / tryAcquire: a resource, or its exception (POOL-2, POOL-6). */
function factoryReturns(sys: SystemState, co: CoroutineState, p: PoolState, k: number, resumeError?: ErrorValue): Fired {
  const failure = factoryFailure(p, k, resumeError);
  return fire(sys, p, failure ? { type: 'factoryReturns', coroutine: co.id, ok: false, error: toPoolError(failure) } : { type: 'factoryReturns', coroutine: co.id, ok: true });
}

/** `beforeAcquire` / `beforeRelease` answered (a cancellation in its delay answers `false`): emit `hook`, send the verdict (POOL-7, POOL-8). */
function hookReturns(sys: SystemState, co: CoroutineState, p: PoolState, hook: 'beforeAcquire' | 'beforeRelease', k: number, answered: boolean): Fired {
  const resource = p.machine.coroutines[co.id].resource as string;
  const ok = answered && hookAnswer(p.config[hook] as HookSpec, k, resource);
  emit(sys, co.id, { kind: 'hook', pool: p.id, hook, resource, ok });
  return fire(sys, p, { type: hook === 'beforeAcquire' ? 'beforeAcquireReturns' : 'beforeReleaseReturns', coroutine: co.id, ok });
}

/** The machine parked the caller as a waiter (POOL-4): arm its timeout (POOL-9), emit `suspended`. */
function park(sys: SystemState, co: CoroutineState, p: PoolState, call: Call): StepOutcome {
  if (call.timeoutMs > 0) {
    sys.timers.push({ due: sys.now + call.timeoutMs, seq: sys.timerSeq++, coroutine: co.id, role: 'poolTimeout', ms: call.timeoutMs });
  }
  emit(sys, co.id, { kind: 'suspended', on: `pool:${p.id}` }, ['POOL-4', 'POOL-3', 'POOL-6']);
  co.status = 'WAITING';
  co.resumption = 'pool';
  co.poolCall = { ...call, at: 'wait', k: 0 };
  return SUSPEND;
}

/* ---------------------------------------------------------------- pool.new */

/** Pre-warm: call the factory until the machine opens the pool (POOL-1). */
function prewarm(sys: SystemState, co: CoroutineState, p: PoolState): StepOutcome {
  while (p.machine.status === 'PREWARMING') {
    const k = p.machine.factoryCalls + 1;
    if (suspendIn(sys, co, p.config.factory?.delayMs, { op: 'new', pool: p.id, at: 'factory', k, timeoutMs: 0 })) return SUSPEND;
    const out = prewarmReturns(sys, co, p, k);
    if (out) return out;
  }
  if (p.machine.timerArmed) armHealthcheck(sys, p);
  return NEXT;
}

/**
 * A pre-warm factory call returned: the machine puts the resource into idle,
 * or — on the first exception — destroys what was created and fails; the
 * pool does not exist and the exception is thrown.
 *
 * @returns the throw, or `undefined` to go on.
 */
function prewarmReturns(sys: SystemState, co: CoroutineState, p: PoolState, k: number, resumeError?: ErrorValue): StepOutcome | undefined {
  const failure = factoryFailure(p, k, resumeError);
  const fired = fire(sys, p, failure ? { type: 'prewarmReturns', ok: false, error: toPoolError(failure) } : { type: 'prewarmReturns', ok: true });
  const thrown = apply(sys, co.id, p, fired, 'prewarm');
  if (!thrown) return undefined;
  sys.pools.delete(p.id);
  return throwing(thrown);
}

/* -------------------------------------------------------------- healthcheck */

/**
 * One tick of the hidden healthcheck timer of pool `id` (POOL-12), actor
 * `scheduler`: the healthcheck answers for each resource idle at the tick's
 * start (no delay), the factory for each replacement; the machine checks,
 * destroys, replaces and wakes one waiter; re-arm.
 */
export function healthcheckTick(sys: SystemState, id: string): void {
  const p = poolState(sys, id);
  if (p.machine.status !== 'OPEN') return;
  const hook = p.config.healthcheck ?? {};
  const unhealthy = p.machine.idle.filter((r) => !hookAnswer(hook, ++p.calls.healthcheck, r));
  const fired = fire(sys, p, { type: 'healthcheck', unhealthy, replacementFails: p.config.factory?.failOn ?? false });
  apply(sys, 'scheduler', p, fired, 'healthcheck');
  armHealthcheck(sys, p);
}

/* ----------------------------------------------------------- entry points */

/** Execute a pool instruction of `co` (trace semantics §7.2). */
export function executePool(sys: SystemState, co: CoroutineState, instr: PoolInstruction): StepOutcome {
  if (instr.op === 'pool.new') {
    const machineCfg = machineConfig(instr);
    const p: PoolState = {
      id: instr.id, config: instr, machineConfig: machineCfg, machine: initial(machineCfg), breaker: breakerInitial(BREAKER_CONFIG),
      calls: { healthcheck: 0, beforeAcquire: 0, beforeRelease: 0 },
    };
    sys.pools.set(p.id, p);
    const fired = fire(sys, p, { type: 'construct' });
    if (fired.error) {
      sys.pools.delete(p.id);
      return throwing(fromPoolError(fired.error));
    }
    return prewarm(sys, co, p);
  }
  const p = poolOf(sys, instr.pool);
  if (!p) return throwing(undefinedReference(instr.pool));
  switch (instr.op) {
    case 'pool.acquire':
    case 'pool.tryAcquire':
      return startAcquire(sys, co, p, instr);
    case 'pool.release': {
      const r = p.machine.coroutines[co.id]?.held[0];
      if (r === undefined) return throwing(nothingToRelease(p.id));
      emit(sys, co.id, { kind: 'release', pool: p.id, resource: r });
      return proceed(sys, co, p, { op: 'release', pool: p.id, timeoutMs: 0 }, fire(sys, p, { type: 'release', coroutine: co.id, resource: r }));
    }
    case 'pool.close': {
      if (p.machine.status === 'CLOSED') {
        fire(sys, p, { type: 'close' });
        return NEXT;
      }
      emit(sys, co.id, { kind: 'poolClose', pool: p.id }, ['POOL-10', 'POOL-11']);
      const thrown = apply(sys, co.id, p, fire(sys, p, { type: 'close' }), 'call');
      sys.timers = sys.timers.filter((t) => !(t.role === 'healthcheck' && t.coroutine === p.id));
      return thrown ? throwing(thrown) : NEXT;
    }
    case 'pool.activate':
    case 'pool.deactivate':
    case 'pool.recover':
      transition(sys, co.id, p, instr.op === 'pool.activate' ? 'activate' : instr.op === 'pool.deactivate' ? 'deactivate' : 'recover');
      return NEXT;
    case 'pool.setStrategy':
      stepBreaker(p, { type: 'setStrategy', strategy: breakerStrategy(instr.strategy) });
      return NEXT;
  }
}

function startAcquire(sys: SystemState, co: CoroutineState, p: PoolState, instr: PoolAcquireInstruction): StepOutcome {
  const op = instr.op === 'pool.acquire' ? 'acquire' : 'tryAcquire';
  emit(sys, co.id, { kind: 'acquire', pool: p.id, try: op === 'tryAcquire' }, ['POOL-4', 'CB-3', 'CB-4']);
  const timeoutMs = op === 'acquire' ? (instr.timeoutMs ?? 0) : 0;
  const action: PoolAction = op === 'acquire' ? { type: 'acquire', coroutine: co.id, timeout: timeoutMs > 0 } : { type: 'tryAcquire', coroutine: co.id };
  return proceed(sys, co, p, { op, pool: p.id, timeoutMs }, fire(sys, p, action));
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
      return proceed(sys, co, p, call, fire(sys, p, { type: 'run', coroutine: co.id, error: err ? toPoolError(err) : null }));
    case 'factory':
      if (call.op === 'new') return prewarmReturns(sys, co, p, call.k, err) ?? prewarm(sys, co, p);
      return proceed(sys, co, p, call, factoryReturns(sys, co, p, call.k, err));
    case 'beforeAcquire':
    case 'beforeRelease':
      return proceed(sys, co, p, call, hookReturns(sys, co, p, call.at, call.k, !err));
  }
}

/** The answer of `$pool-><what>()` (POOL-2, POOL-10, CB-1). */
export function poolQuery(p: PoolState, what: PoolQuery): Value {
  if (what === 'getState') return p.breaker.status;
  const c = counts(p.machine);
  return what === 'count' ? total(p.machine) : c[what];
}

/** Whether a query method is a pool method. */
export function isPoolQuery(what: string): what is PoolQuery {
  return what === 'count' || what === 'idleCount' || what === 'activeCount' || what === 'isClosed' || what === 'getState';
}
