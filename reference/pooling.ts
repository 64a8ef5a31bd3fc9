/**
 * The pool area of the reference runtime: `Async\Pool` and its circuit
 * breaker — pre-warm, acquire, tryAcquire, release, close, the breaker
 * transitions, strategies and the hidden healthcheck timer.
 *
 * @remarks
 * An area module: {@link PoolArea} registers the handlers of the `pool.*`
 * instructions and the pool targets of `query`. Follows trace-semantics §7 (§7.3 for the
 * algorithms, digest §7.3 being normative). The pool's state and the
 * decisions about it are in {@link Pool} (`pool.ts`); the algorithms are
 * here because they suspend the calling coroutine (hooks and the factory
 * may `delay`, `acquire` parks) and write the trace.
 *
 * Seams for mutants (the named seams of {@link poolSeams}; a mutant replaces
 * one, e.g. `mayTake`, `admits`, `selectWaiter` or `healthcheckCandidates`,
 * whose defaults are the {@link Pool} decisions of the same names):
 *
 * - `wakeOne` — `wake_one`: reserve a place for the waiter
 *   {@link Pool.selectWaiter} picks and resume it (POOL-4);
 * - `acquireRefusal` — step 1 of acquire: closed, then the
 *   breaker gate {@link Pool.admits} (POOL-10, CB-3);
 * - `handOn` — a waiter leaving with an error passes its
 *   unused reservation on (POOL-5);
 * - `factoryFailed` — a failed factory returns its place
 *   and wakes one waiter (POOL-6);
 * - `reportRelease` — which report a release makes:
 *   success when `beforeRelease` accepted, failure otherwise (CB-6);
 * - `report` — the strategy's reaction and the swallowing
 *   of its exceptions (CB-6, CB-7);
 * - `wakeWaitersOnClose` and
 *   `destroyIdleOnClose` — the two halves of `close`
 *   (POOL-10);
 * - `destroyResource` — destruction, at most once per
 *   resource (POOL-8, POOL-11);
 * - `replacesUpToMin` — whether a healthcheck tick
 *   replaces an unhealthy resource (only while `total < min`, POOL-12).
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { ErrorValue, Instruction, QueryInstruction, Value } from '../conformance/adapter.js';
import { ScenarioThrow, type Coroutine } from './coroutine.js';
import { appendPrevious, makeError, MESSAGES, undefinedReference } from './errors.js';
import { defineArea } from './area.js';
import type { HandlerTable, Kernel, Target, TargetResolver } from './kernel.js';
import {
  HealthcheckTick,
  Pool,
  poolConfig,
  PoolTimeout,
  PoolWaiter,
  type BreakerState,
  type PoolConfig,
  type PoolHook,
  type PoolNewInstruction,
  type PoolQueryMethod,
  type PoolStrategySpec,
  type PoolTimerHost,
  type ReportKind,
} from './pool.js';
import { WakerStatus } from './waker.js';

/** The methods a `query` may call on a pool (trace-semantics §7.2). */
const POOL_QUERIES: ReadonlySet<QueryInstruction['what']> = new Set<PoolQueryMethod>(['count', 'idleCount', 'activeCount', 'isClosed', 'getState']);

/** The instructions the pool area handles (the pool and its circuit breaker). */
export type PoolOp = Extract<Instruction['op'], `pool.${string}`>;

/**
 * The pool area.
 *
 * @remarks Requirements: POOL-1..POOL-12, CB-1..CB-7 (trace-semantics §7).
 */
export class PoolArea implements PoolTimerHost, TargetResolver {
  /**
   * Build the area on a kernel: it resolves pool targets of `query`.
   *
   * @param k - the kernel.
   * @param seams - the area's seams (defaults: {@link poolSeams}).
   */
  constructor(
    readonly k: Kernel,
    readonly seams: PoolSeams = poolSeams,
  ) {
    k.addTargets(this);
  }

  /** @inheritDoc */
  resolveTarget(co: Coroutine, id: string): Target | undefined {
    const pool = this.pools.get(id);
    return pool === undefined ? undefined : this.target(pool);
  }

  /**
   * A pool as the target of `query` (it has no `finally()`).
   *
   * @param pool - the pool.
   * @returns the target.
   */
  target(pool: Pool): Target {
    return {
      id: pool.id,
      query: (what) => {
        if (!POOL_QUERIES.has(what)) throw new Error(`ReferenceRuntime: '${what}' is not a pool method`);
        return this.poolQueryValue(pool, what as PoolQueryMethod);
      },
    };
  }

  /** @inheritDoc */
  onPoolTimeout(waiter: PoolWaiter): void {
    this.seams.onPoolTimeout(this, waiter);
  }

  /** Pools by id (held until the end of the run). */
  readonly pools = new Map<string, Pool>();

  /**
   * Resolve a pool reference.
   *
   * @param id - pool id.
   * @returns the pool.
   * @throws ScenarioThrow `Error("Undefined reference '<id>'")` when it does not exist (yet, or its construction failed).
   */
  poolRef(id: string): Pool {
    const pool = this.pools.get(id);
    if (pool === undefined) throw new ScenarioThrow(undefinedReference(id));
    return pool;
  }

  /**
   * `pool.acquire`: emit `acquire`, run *acquire*, record the resource as
   * held by the actor and emit `acquired`.
   *
   * @param co - the acting coroutine.
   * @param pool - the pool.
   * @param timeoutMs - the timeout (0 or omitted: forever).
   */
  *poolAcquire(co: Coroutine, pool: Pool, timeoutMs: number | undefined): Generator<void, void, void> {
    this.k.emit(co.id, { kind: 'acquire', pool: pool.id, try: false });
    const resource = yield* this.seams.acquire(this, co, pool, timeoutMs ?? 0);
    pool.heldBy(co.id).push(resource);
    this.k.emit(co.id, { kind: 'acquired', pool: pool.id, resource });
  }

  /**
   * `pool.tryAcquire`: emit `acquire {try:true}`, run *tryAcquire*, emit
   * `acquired` with the resource or `null`.
   *
   * @param co - the acting coroutine.
   * @param pool - the pool.
   */
  *poolTryAcquire(co: Coroutine, pool: Pool): Generator<void, void, void> {
    this.k.emit(co.id, { kind: 'acquire', pool: pool.id, try: true });
    const resource = yield* this.tryAcquire(co, pool);
    if (resource !== null) pool.heldBy(co.id).push(resource);
    this.k.emit(co.id, { kind: 'acquired', pool: pool.id, resource });
  }

  /**
   * `pool.release`: the actor's oldest resource from the pool; emit
   * `release`, forget it, run *release*.
   *
   * @param co - the acting coroutine.
   * @param pool - the pool.
   * @throws ScenarioThrow `Error("Nothing to release to '<pool>'")` when the actor holds nothing from it.
   */
  *poolRelease(co: Coroutine, pool: Pool): Generator<void, void, void> {
    const held = pool.heldBy(co.id);
    const resource = held.shift();
    if (resource === undefined) throw new ScenarioThrow(makeError('Error', `Nothing to release to '${pool.id}'`));
    this.k.emit(co.id, { kind: 'release', pool: pool.id, resource });
    yield* this.release(co, pool, resource);
  }

  /**
   * `pool.close`: nothing when already closed; else emit `poolClose` and run *close*.
   *
   * @param co - the acting coroutine.
   * @param pool - the pool.
   */
  poolClose(co: Coroutine, pool: Pool): void {
    if (pool.closed) return;
    this.k.emit(co.id, { kind: 'poolClose', pool: pool.id });
    this.close(pool);
  }

  /**
   * *tryAcquire* (trace-semantics §7.3): `null` when closed or `INACTIVE`;
   * else the idle and create steps of *acquire* without a reservation; never waits.
   *
   * @param co - the acting coroutine (may suspend in a hook or the factory).
   * @param pool - the pool.
   * @returns the resource, or `null`.
   */
  *tryAcquire(co: Coroutine, pool: Pool): Generator<void, string | null, void> {
    for (;;) {
      if (this.seams.acquireRefusal(this, pool) !== undefined) return null;
      const mayTake = this.seams.mayTake(this, pool, false);
      if (!pool.idle.isEmpty() && mayTake) {
        const resource = yield* this.takeIdle(co, pool);
        if (resource !== undefined) return resource;
        continue;
      }
      if (pool.total < pool.max && mayTake) return yield* this.seams.createForCaller(this, co, pool);
      return null;
    }
  }

  /**
   * Step 3 of *acquire*: take the idle head (`active++`); a `beforeAcquire`
   * rejecting it destroys it (`active--`) and the caller retries (POOL-3, POOL-7).
   *
   * @param co - the acting coroutine.
   * @param pool - the pool, with an idle resource the caller may take.
   * @returns the resource, or `undefined` when `beforeAcquire` rejected it.
   * @throws ScenarioThrow a destructor exception, after `wake_one` (POOL-11).
   */
  *takeIdle(co: Coroutine, pool: Pool): Generator<void, string | undefined, void> {
    const resource = pool.idle.pop()!;
    pool.active++;
    if (pool.config.beforeAcquire === undefined) return resource;
    const ok = yield* this.callHook(co, pool, 'beforeAcquire', resource);
    if (ok) return resource;
    pool.active--;
    const thrown = this.seams.destroyResource(this, pool, resource);
    if (thrown !== undefined) {
      this.seams.wakeOne(this, pool);
      throw new ScenarioThrow(thrown);
    }
    return undefined;
  }

  /**
   * *release* (trace-semantics §7.3; POOL-8, POOL-10, CB-6): `beforeRelease`
   * while the resource still counts as active (§12 #31), `active--`, the
   * report, then destroy (rejected, or the pool is closed) or back to the
   * idle tail and *wake_one*.
   *
   * @param co - the acting coroutine.
   * @param pool - the pool.
   * @param resource - the released resource.
   * @throws ScenarioThrow a destructor exception (after the `wake_one` of a rejected resource).
   */
  *release(co: Coroutine, pool: Pool, resource: string): Generator<void, void, void> {
    const ok = yield* this.seams.releaseVerdict(this, co, pool, resource);
    pool.active--;
    this.seams.reportRelease(this, pool, ok);
    this.seams.settleRelease(this, pool, resource, ok);
  }

  /** Seam — a healthy resource back to the idle tail, then *wake_one* (POOL-3, POOL-4). */
  returnToIdle(pool: Pool, resource: string): void {
    pool.idle.push(resource);
    this.seams.wakeOne(this, pool);
  }

  /** Destroy a resource; a destructor exception is thrown. */
  destroyOrThrow(pool: Pool, resource: string): void {
    const thrown = this.seams.destroyResource(this, pool, resource);
    if (thrown !== undefined) throw new ScenarioThrow(thrown);
  }

  /**
   * Seam — *report* to the strategy (CB-6, CB-7): without a strategy
   * nothing; else emit `report`, count a failure and `deactivate()` once
   * `deactivateAfter` is reached, `activate()` on a success with
   * `activateOnSuccess`; an exception of the strategy method (`throwOn`) is
   * swallowed by the pool.
   *
   * @param pool - the pool.
   * @param what - `success` or `failure`.
   */
  report(pool: Pool, what: ReportKind): void {
    const strategy = pool.strategy;
    if (strategy === undefined) return;
    const actor = this.k.actorId();
    this.k.emit(actor, { kind: 'report', pool: pool.id, what });
    this.seams.isolateStrategy(this, () => {
      const spec = strategy.spec;
      if (what === 'failure') {
        strategy.failures++;
        if (spec.deactivateAfter !== undefined && strategy.failures >= spec.deactivateAfter) this.seams.setBreakerState(this, actor, pool, 'INACTIVE');
      } else if (spec.activateOnSuccess === true) {
        this.seams.setBreakerState(this, actor, pool, 'ACTIVE');
      }
      if (spec.throwOn?.includes(what)) throw new ScenarioThrow(makeError('RuntimeException', MESSAGES.strategyFailed));
    });
  }

  /**
   * `setCircuitBreakerStrategy` (CB-7): install a strategy with a fresh failure counter, or remove it with `null`.
   *
   * @param pool - the pool.
   * @param spec - the strategy, or `null`.
   */
  setPoolStrategy(pool: Pool, spec: PoolStrategySpec | null): void {
    pool.strategy = spec === null ? undefined : { spec, failures: 0 };
  }

  /**
   * *close* (trace-semantics §7.3; POOL-10, POOL-11): mark closed, disarm
   * the healthcheck timer, wake the parked waiters, destroy the idle
   * resources; the first destructor exception is thrown at the end with the
   * later ones appended to its `previous` chain.
   *
   * @param pool - an open pool.
   */
  close(pool: Pool): void {
    pool.closed = true;
    if (pool.healthcheckTimer !== undefined) this.k.clock.disarm(pool.healthcheckTimer);
    pool.healthcheckTimer = undefined;
    this.seams.wakeWaitersOnClose(this, pool);
    const thrown = this.seams.destroyIdleOnClose(this, pool);
    if (thrown !== undefined) throw new ScenarioThrow(thrown);
  }

  /**
   * Call a hook for a coroutine: its answer is fixed by its call number and
   * the resource; with `delayMs` it first suspends the caller like `delay`;
   * a `throws` hook's `RuntimeException` and a cancellation at the delay are
   * swallowed and count as `false`. The caller then emits `hook`.
   *
   * @param co - the calling coroutine.
   * @param pool - the pool.
   * @param hook - `beforeAcquire` or `beforeRelease`.
   * @param resource - the resource it is called with.
   * @returns its answer.
   */
  *callHook(co: Coroutine, pool: Pool, hook: PoolHook, resource: string): Generator<void, boolean, void> {
    const spec = pool.config[hook]!;
    const k = pool.nextCall(hook);
    let ok = pool.hookAnswer(spec, k, resource);
    if (spec.delayMs !== undefined) {
      try {
        yield* this.k.sleep(co, spec.delayMs);
      } catch (signal) {
        if (!(signal instanceof ScenarioThrow)) throw signal;
        ok = false;
      }
    }
    this.k.emit(co.id, { kind: 'hook', pool: pool.id, hook, resource, ok });
    return ok;
  }

  /**
   * Call the factory for a coroutine: with `delayMs` it first suspends the
   * caller like `delay` (a cancellation there is the factory's exception);
   * call `k` throws `RuntimeException("factory failed")` when `k ∈ failOn`,
   * else emits `created` for `r<k>`.
   *
   * @param co - the calling coroutine.
   * @param pool - the pool.
   * @returns the new resource.
   * @throws ScenarioThrow the factory's exception.
   */
  *callFactory(co: Coroutine, pool: Pool): Generator<void, string, void> {
    const k = pool.nextCall('factory');
    const delayMs = pool.config.factory.delayMs;
    if (delayMs !== undefined) yield* this.k.sleep(co, delayMs);
    return this.factoryResult(pool, k);
  }

  /**
   * The end of factory call `k`: its exception, or the `created` event of `r<k>` by the actor.
   *
   * @param pool - the pool.
   * @param k - the call number.
   * @returns the new resource's name.
   * @throws ScenarioThrow `RuntimeException("factory failed")` when `k ∈ failOn`.
   */
  factoryResult(pool: Pool, k: number): string {
    if (pool.config.factory.failOn?.includes(k)) throw new ScenarioThrow(makeError('RuntimeException', MESSAGES.factoryFailed));
    const resource = `r${k}`;
    this.k.emit(this.k.actorId(), { kind: 'created', pool: pool.id, resource });
    return resource;
  }

  /**
   * Arm the hidden periodic healthcheck timer, with a `healthcheck` callable
   * and a positive interval (EVT-4, POOL-12).
   *
   * @param pool - the pool.
   */
  armHealthcheck(pool: Pool): void {
    if (pool.config.healthcheck === undefined || pool.config.healthcheckIntervalMs <= 0 || pool.closed) return;
    const timer = this.k.clock.arm(pool.config.healthcheckIntervalMs, true);
    timer.addCallback(new HealthcheckTick(pool, this));
    pool.healthcheckTimer = timer;
  }

  /**
   * *healthcheck tick* (trace-semantics §7.3; POOL-12), actor `scheduler`,
   * never suspending: each candidate ({@link Pool.healthcheckCandidates})
   * leaves idle and counts as active while checked; healthy → idle tail;
   * unhealthy → destroyed (destructor exception ignored) and, per
   * the `replacesUpToMin` seam, one factory call into idle (failure ignored).
   * Then *wake_one* and re-arm at `now + interval`.
   *
   * @param pool - the pool.
   */
  onHealthcheckTick(pool: Pool): void {
    pool.healthcheckTimer = undefined;
    if (pool.closed) return;
    const spec = pool.config.healthcheck!;
    for (const resource of this.seams.healthcheckCandidates(this, pool)) {
      pool.idle.remove(resource);
      pool.active++;
      const ok = pool.hookAnswer(spec, pool.nextCall('healthcheck'), resource);
      this.k.emit(this.k.actorId(), { kind: 'hook', pool: pool.id, hook: 'healthcheck', resource, ok });
      pool.active--;
      if (ok) {
        pool.idle.push(resource);
        continue;
      }
      this.seams.destroyResource(this, pool, resource);
      if (!this.seams.replacesUpToMin(this, pool)) continue;
      try {
        pool.idle.push(this.factoryResult(pool, pool.nextCall('factory')));
      } catch (signal) {
        if (!(signal instanceof ScenarioThrow)) throw signal;
      }
    }
    this.seams.wakeOne(this, pool);
    this.armHealthcheck(pool);
  }

  /**
   * Answer a pool method.
   *
   * @param pool - the queried pool.
   * @param what - the method.
   * @returns its answer.
   */
  poolQueryValue(pool: Pool, what: PoolQueryMethod): Value {
    return pool.query(what);
  }
}


/** The handlers of the pool and breaker instructions. (one per op, each called with the area instance). */
export const poolHandlers: HandlerTable<PoolOp, PoolArea> = {
  'pool.new': (area, co, instruction) => area.seams.newPool(area, co, instruction),
  'pool.acquire': (area, co, instruction) => area.poolAcquire(co, area.poolRef(instruction.pool), instruction.timeoutMs),
  'pool.tryAcquire': (area, co, instruction) => area.poolTryAcquire(co, area.poolRef(instruction.pool)),
  'pool.release': (area, co, instruction) => area.poolRelease(co, area.poolRef(instruction.pool)),
  'pool.close': (area, co, instruction) => area.poolClose(co, area.poolRef(instruction.pool)),
  'pool.activate': (area, co, instruction) => area.seams.setBreakerState(area, co.id, area.poolRef(instruction.pool), 'ACTIVE'),
  'pool.deactivate': (area, co, instruction) => area.seams.setBreakerState(area, co.id, area.poolRef(instruction.pool), 'INACTIVE'),
  'pool.recover': (area, co, instruction) => area.seams.setBreakerState(area, co.id, area.poolRef(instruction.pool), 'RECOVERING'),
  'pool.setStrategy': (area, co, instruction) => area.setPoolStrategy(area.poolRef(instruction.pool), instruction.strategy),
};

/**
 * The pool area's seams: each replaceable decision of the pool and its
 * circuit breaker, called as `area.seams.<name>(area, …)`. A mutant replaces
 * one (`createReferenceRuntime({ seams: { pool: { … } } })`).
 */
export const poolSeams = {
  /**
   * The reservation check, `may_take` (POOL-4, no barging): {@link Pool.mayTake}.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @param hasReservation - the caller was woken by `wake_one` and has not used its place yet.
   * @returns whether the caller may take a place.
   */
  mayTake(area: PoolArea, pool: Pool, hasReservation: boolean): boolean {
    return pool.mayTake(hasReservation);
  },

  /**
   * The circuit-breaker gate (CB-3, CB-4): {@link Pool.admits}.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @returns whether the state admits an acquirer.
   */
  admits(area: PoolArea, pool: Pool): boolean {
    return pool.admits();
  },

  /**
   * The waiter `wake_one` reserves a place for (POOL-4): {@link Pool.selectWaiter}.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @returns the waiter, or `undefined` when there is none.
   */
  selectWaiter(area: PoolArea, pool: Pool): PoolWaiter | undefined {
    return pool.selectWaiter();
  },

  /**
   * The resources a healthcheck tick visits (POOL-12): {@link Pool.healthcheckCandidates}.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @returns resource names.
   */
  healthcheckCandidates(area: PoolArea, pool: Pool): string[] {
    return pool.healthcheckCandidates();
  },

  /**
   * Factory of pools (a seam for mutants: a {@link Pool} subclass changes one decision).
   *
   * @param area - the pool area.
   * @param id - pool id.
   * @param config - its parameters.
   * @returns a new, empty, open pool in state `ACTIVE`.
   */
  createPool(area: PoolArea, id: string, config: PoolConfig): Pool {
    return new Pool(id, config);
  },

  /**
   * `pool.new` (POOL-1): pre-warm `min` resources into idle, then arm the
   * hidden healthcheck timer; the pool becomes referable only once built.
   * The first factory exception destroys the resources already created (a
   * destructor exception there is ignored) and is thrown.
   *
   * @param area - the pool area.
   * @param co - the acting coroutine (may suspend in the factory).
   * @param instruction - the instruction.
   */
  *newPool(area: PoolArea, co: Coroutine, instruction: PoolNewInstruction): Generator<void, void, void> {
    const pool = area.seams.createPool(area, instruction.id, poolConfig(instruction));
    for (let i = 0; i < pool.min; i++) {
      let resource: string;
      try {
        resource = yield* area.callFactory(co, pool);
      } catch (signal) {
        if (signal instanceof ScenarioThrow) {
          for (let r = pool.idle.pop(); r !== undefined; r = pool.idle.pop()) area.seams.destroyResource(area, pool, r);
        }
        throw signal;
      }
      pool.idle.push(resource);
    }
    area.pools.set(pool.id, pool);
    area.armHealthcheck(pool);
  },

  /**
   * *acquire* (trace-semantics §7.3; POOL-2..POOL-9, CB-3).
   *
   * @param area - the pool area.
   * @param co - the acting coroutine.
   * @param pool - the pool.
   * @param timeoutMs - the timeout of each wait; 0 waits forever.
   * @returns the acquired resource.
   * @throws ScenarioThrow `PoolException`, `ServiceUnavailableException`, the
   *   timeout, a cancellation, or a factory or destructor exception.
   */
  *acquire(area: PoolArea, co: Coroutine, pool: Pool, timeoutMs: number): Generator<void, string, void> {
    let hasRes = false;
    for (;;) {
      const refusal = area.seams.acquireRefusal(area, pool);
      if (refusal !== undefined) {
        if (hasRes) area.seams.wakeOne(area, pool);
        throw new ScenarioThrow(refusal);
      }
      const mayTake = area.seams.mayTake(area, pool, hasRes);
      if (!pool.idle.isEmpty() && mayTake) {
        hasRes = false;
        const resource = yield* area.takeIdle(co, pool);
        if (resource !== undefined) return resource;
        continue;
      }
      if (pool.total < pool.max && mayTake) {
        hasRes = false;
        return yield* area.seams.createForCaller(area, co, pool);
      }
      hasRes = yield* area.seams.waitForResource(area, co, pool, timeoutMs);
    }
  },

  /**
   * Seam — step 1 of *acquire* (and the `null` of *tryAcquire*): a closed
   * pool refuses with `PoolException("Pool is closed")` (POOL-10), then a
   * pool whose breaker does not admit ({@link Pool.admits}) with
   * `ServiceUnavailableException` (CB-3).
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @returns the refusal, or `undefined` when the caller may go on.
   */
  acquireRefusal(area: PoolArea, pool: Pool): ErrorValue | undefined {
    if (pool.closed) return makeError('Async\\PoolException', MESSAGES.poolClosed);
    if (!area.seams.admits(area, pool)) return makeError('Async\\ServiceUnavailableException', MESSAGES.serviceUnavailable);
    return undefined;
  },

  /**
   * Step 4 of *acquire*: count the place before calling the factory (it may
   * suspend, POOL-2); a fresh resource gets no `beforeAcquire`.
   *
   * @param area - the pool area.
   * @param co - the acting coroutine.
   * @param pool - the pool, with a place the caller may take.
   * @returns the new resource.
   * @throws ScenarioThrow the factory's exception, after the `factoryFailed` seam (POOL-6).
   */
  *createForCaller(area: PoolArea, co: Coroutine, pool: Pool): Generator<void, string, void> {
    pool.active++;
    try {
      return yield* area.callFactory(co, pool);
    } catch (signal) {
      if (signal instanceof ScenarioThrow) area.seams.factoryFailed(area, pool);
      throw signal;
    }
  },

  /**
   * Seam — a factory call for a caller failed (POOL-6, §12 #4): its place is
   * returned (`active--`) and one waiter is woken, so a parked waiter retries
   * instead of deadlocking; the exception then propagates (no waiting).
   *
   * @param area - the pool area.
   * @param pool - the pool.
   */
  factoryFailed(area: PoolArea, pool: Pool): void {
    pool.active--;
    area.seams.wakeOne(area, pool);
  },

  /**
   * Step 5 of *acquire*: park as a waiter (`pool_wait_for_resource`) with an
   * optional (visible) timeout timer; on resumption leave the FIFO and take
   * back an unused reservation.
   *
   * @param area - the pool area.
   * @param co - the acting coroutine.
   * @param pool - the pool.
   * @param timeoutMs - 0 waits forever.
   * @returns whether the caller holds a reservation (`hasRes`).
   * @throws ScenarioThrow the timeout (`TimeoutException`, POOL-9), `PoolException` from `close`, or a cancellation — after the hand-on.
   */
  *waitForResource(area: PoolArea, co: Coroutine, pool: Pool, timeoutMs: number): Generator<void, boolean, void> {
    const waiter = new PoolWaiter(co, pool);
    pool.waiters.add(waiter);
    if (timeoutMs > 0) {
      const timer = area.k.clock.arm(timeoutMs);
      co.waker.subscribe(timer, new PoolTimeout(waiter, area));
      co.waker.own(() => area.k.clock.disarm(timer));
    }
    area.k.emit(co.id, { kind: 'suspended', on: `pool:${pool.id}` });
    co.waker.status = WakerStatus.WAITING;
    yield;
    pool.removeWaiter(waiter);
    let hasRes = false;
    if (waiter.reserved) {
      pool.reserved--;
      hasRes = true;
    }
    const outcome = area.k.seams.resumeOutcome(area.k, co);
    if ('error' in outcome) {
      area.k.emit(co.id, { kind: 'resumed', error: outcome.error });
      if (hasRes) area.seams.handOn(area, pool);
      throw new ScenarioThrow(outcome.error);
    }
    area.k.emit(co.id, { kind: 'resumed' });
    return hasRes;
  },

  /**
   * Seam — reservation hand-on (POOL-5): a woken waiter that leaves with an
   * error passes its place to the next unreserved waiter, if the pool is open.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   */
  handOn(area: PoolArea, pool: Pool): void {
    if (!pool.closed) area.seams.wakeOne(area, pool);
  },

  /**
   * Seam — *wake_one* (`pool_wake_waiter`, POOL-4): the waiter chosen by
   * {@link Pool.selectWaiter} becomes reserved (`reserved++`) and is resumed
   * with no value; no waiter: nothing.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   */
  wakeOne(area: PoolArea, pool: Pool): void {
    const waiter = area.seams.selectWaiter(area, pool);
    if (waiter === undefined) return;
    waiter.reserved = true;
    pool.reserved++;
    area.k.seams.wake(area.k, waiter.coroutine, { value: null });
  },

  /**
   * @inheritDoc
   *
   * @param area - the pool area.
   */
  onPoolTimeout(area: PoolArea, waiter: PoolWaiter): void {
    area.k.seams.wake(area.k, waiter.coroutine, { error: makeError('Async\\TimeoutException', MESSAGES.poolAcquireTimeout) });
  },

  /**
   * Seam — the verdict on a released resource: `beforeRelease`'s answer
   * (called while the resource still counts as active, §12 #31), `true`
   * without the hook.
   *
   * @param area - the pool area.
   */
  *releaseVerdict(area: PoolArea, co: Coroutine, pool: Pool, resource: string): Generator<void, boolean, void> {
    return pool.config.beforeRelease === undefined ? true : yield* area.callHook(co, pool, 'beforeRelease', resource);
  },

  /**
   * Seam — where a released resource goes after the report: a rejected one
   * is destroyed (the `discardBroken` seam); on a closed pool it is destroyed;
   * otherwise back to the idle tail and *wake_one* ({@link PoolArea.returnToIdle}).
   *
   * @throws ScenarioThrow a destructor exception.
   *
   * @param area - the pool area.
   */
  settleRelease(area: PoolArea, pool: Pool, resource: string, ok: boolean): void {
    if (!ok) area.seams.discardBroken(area, pool, resource);
    else if (pool.closed) area.destroyOrThrow(pool, resource);
    else area.returnToIdle(pool, resource);
  },

  /**
   * Seam — a resource `beforeRelease` rejected: destroy it, then *wake_one* so a waiter can create a fresh one (POOL-8).
   *
   * @param area - the pool area.
   */
  discardBroken(area: PoolArea, pool: Pool, resource: string): void {
    const thrown = area.seams.destroyResource(area, pool, resource);
    area.seams.wakeOne(area, pool);
    if (thrown !== undefined) throw new ScenarioThrow(thrown);
  },

  /**
   * Seam — the report a release makes (CB-6): exactly one per release,
   * `success` when `beforeRelease` is absent or accepted (also on a closed
   * pool), `failure` when it rejected the resource.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @param ok - the `beforeRelease` answer.
   */
  reportRelease(area: PoolArea, pool: Pool, ok: boolean): void {
    area.report(pool, ok ? 'success' : 'failure');
  },

  /**
   * Seam — strategy isolation (CB-7): run a strategy method and swallow the
   * exception it throws, so it never affects the pool operation.
   *
   * @param area - the pool area.
   * @param call - the strategy method's body.
   */
  isolateStrategy(area: PoolArea, call: () => void): void {
    try {
      call();
    } catch (signal) {
      if (!(signal instanceof ScenarioThrow)) throw signal;
    }
  },

  /**
   * `activate()` / `deactivate()` / `recover()` (CB-2): set the state from
   * any state and emit `breaker`; nobody is woken (CB-3, CB-5).
   *
   * @param area - the pool area.
   * @param actor - the caller of the transition.
   * @param pool - the pool.
   * @param state - the new state.
   */
  setBreakerState(area: PoolArea, actor: string, pool: Pool, state: BreakerState): void {
    pool.state = state;
    area.k.emit(actor, { kind: 'breaker', pool: pool.id, state });
  },

  /**
   * Seam — the first half of *close*: every parked waiter still `WAITING`
   * is resumed with `PoolException("Pool is closed")`, in arrival order;
   * waiters already resumed find the pool closed when they retry.
   *
   * @param area - the pool area.
   * @param pool - the closing pool.
   */
  wakeWaitersOnClose(area: PoolArea, pool: Pool): void {
    for (const waiter of [...pool.waiters]) {
      if (waiter.coroutine.waker.status !== WakerStatus.WAITING) continue;
      area.k.seams.wake(area.k, waiter.coroutine, { error: makeError('Async\\PoolException', MESSAGES.poolClosed) });
    }
  },

  /**
   * Seam — the second half of *close*: destroy every idle resource in order
   * (idle becomes empty), going on after a destructor exception.
   *
   * @param area - the pool area.
   * @param pool - the closing pool.
   * @returns the first destructor exception with the later ones chained at the end, or `undefined`.
   */
  destroyIdleOnClose(area: PoolArea, pool: Pool): ErrorValue | undefined {
    let first: ErrorValue | undefined;
    for (let r = pool.idle.pop(); r !== undefined; r = pool.idle.pop()) {
      const thrown = area.seams.destroyResource(area, pool, r);
      if (thrown !== undefined) first = first === undefined ? thrown : appendPrevious(first, thrown);
    }
    return first;
  },

  /**
   * Seam — destroy a resource (POOL-8, POOL-11): at most once per resource;
   * emit `destroyed` by the actor (whether or not a destructor exists), then
   * a destructor whose `throwFor` names it throws `RuntimeException("destructor failed")`.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @param resource - the resource.
   * @returns the destructor's exception, if it threw.
   */
  destroyResource(area: PoolArea, pool: Pool, resource: string): ErrorValue | undefined {
    if (pool.destroyed.has(resource)) return undefined;
    pool.destroyed.add(resource);
    area.k.emit(area.k.actorId(), { kind: 'destroyed', pool: pool.id, resource });
    const destructor = pool.config.destructor;
    if (destructor === undefined) return undefined;
    pool.nextCall('destructor');
    return destructor.throwFor?.includes(resource) ? makeError('RuntimeException', MESSAGES.destructorFailed) : undefined;
  },

  /**
   * Seam — whether a healthcheck tick replaces the resource it just
   * destroyed: only while `total < min` (POOL-12), with one factory call.
   *
   * @param area - the pool area.
   * @param pool - the pool.
   * @returns true when the tick calls the factory.
   */
  replacesUpToMin(area: PoolArea, pool: Pool): boolean {
    return pool.total < pool.min;
  },
};

/** The type of the pool area's seam record ({@link poolSeams}). */
export type PoolSeams = typeof poolSeams;

/** The pool area module (listed in `reference/areas.ts`). */
export const poolArea = defineArea({
  name: 'pool',
  capabilities: ['pool', 'breaker'],
  seams: poolSeams,
  handlers: poolHandlers,
  install: (kernel: Kernel, seams: PoolSeams) => new PoolArea(kernel, seams),
});
