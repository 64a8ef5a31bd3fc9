/**
 * `Async\Pool` of the reference runtime: the pool's state, its admission
 * decisions, and the callbacks it puts on timers.
 *
 * @remarks
 * A {@link Pool} is the internal `zend_async_pool_t` together with its PHP
 * object (every object lives until the end of the run). It holds `idle` as a
 * circular buffer of resource names ({@link IdleRing}), the `active` and
 * `reserved` counters, the FIFO of {@link PoolWaiter}s with their
 * reservation flags, the `closed` flag, the circuit-breaker state, an
 * optional strategy with its failure counter and one call counter per
 * callable. The callables are data (scenario `HookSpec`, `FactorySpec`,
 * `DestructorSpec`): call `k` of a callable decides its answer.
 *
 * The algorithms that act on a pool — acquire, release, close, the
 * healthcheck tick — live in the pool area `PoolArea`
 * (`pooling.ts`), because they suspend coroutines and write the trace. The
 * *decisions* they take about the pool's own state are methods here, each
 * the default of the pool-area seam of the same name (`poolSeams`):
 *
 * - {@link Pool.mayTake} — the reservation check (no barging, POOL-4);
 * - {@link Pool.admits} — the circuit-breaker gate (INACTIVE rejects,
 *   RECOVERING admits; CB-3, CB-4);
 * - {@link Pool.selectWaiter} — which waiter `wake_one` reserves (the oldest
 *   unreserved one still `WAITING`; POOL-4);
 * - {@link Pool.healthcheckCandidates} — which resources a healthcheck tick
 *   visits (idle only; POOL-12).
 *
 * Follows trace-semantics §7 (digest §7.3 is normative).
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { ErrorValue, Instruction, QueryInstruction, Value } from '../conformance/adapter.js';
import type { Timer } from './clock.js';
import type { Coroutine } from './coroutine.js';
import type { AsyncEvent, EventCallback } from './event.js';
import { RunQueue } from './scheduler.js';
import { WakerStatus } from './waker.js';

/** `pool.new`. */
export type PoolNewInstruction = Extract<Instruction, { op: 'pool.new' }>;
/** A hook callable as data: `healthcheck`, `beforeAcquire`, `beforeRelease`. */
export type PoolHookSpec = NonNullable<PoolNewInstruction['beforeAcquire']>;
/** The factory as data. */
export type PoolFactorySpec = NonNullable<PoolNewInstruction['factory']>;
/** The destructor as data. */
export type PoolDestructorSpec = NonNullable<PoolNewInstruction['destructor']>;
/** A `CircuitBreakerStrategy` as data. */
export type PoolStrategySpec = NonNullable<Extract<Instruction, { op: 'pool.setStrategy' }>['strategy']>;
/** The methods a `query` may call on a pool. */
export type PoolQueryMethod = Extract<QueryInstruction['what'], 'count' | 'idleCount' | 'activeCount' | 'isClosed' | 'getState'>;
/** `Async\CircuitBreakerState` (CB-1, CB-2). */
export type BreakerState = 'ACTIVE' | 'INACTIVE' | 'RECOVERING';
/** The hooks of a pool, as named in `hook` trace events. */
export type PoolHook = 'beforeAcquire' | 'beforeRelease' | 'healthcheck';
/** Every callable of a pool (one call counter each). */
export type PoolCallable = PoolHook | 'factory' | 'destructor';
/** What a strategy is told by `release` (CB-6). */
export type ReportKind = 'success' | 'failure';

/** A pool's construction parameters, with defaults applied (trace-semantics §7.2). */
export interface PoolConfig {
  /** Resources created by pre-warm, and the floor the healthcheck refills to. */
  readonly min: number;
  /** Capacity: `total` never exceeds it (POOL-2). */
  readonly max: number;
  /** Healthcheck period in virtual ms; 0 disables the timer. */
  readonly healthcheckIntervalMs: number;
  /** The factory (always present: an omitted one always succeeds at once). */
  readonly factory: PoolFactorySpec;
  /** The destructor, if any (destruction is reported either way). */
  readonly destructor: PoolDestructorSpec | undefined;
  /** The healthcheck callable, if any. */
  readonly healthcheck: PoolHookSpec | undefined;
  /** The beforeAcquire hook, if any (POOL-7). */
  readonly beforeAcquire: PoolHookSpec | undefined;
  /** The beforeRelease hook, if any (POOL-8). */
  readonly beforeRelease: PoolHookSpec | undefined;
}

/**
 * The configuration of a `pool.new` instruction, defaults applied.
 *
 * @param instruction - the instruction.
 * @returns its configuration.
 */
export function poolConfig(instruction: PoolNewInstruction): PoolConfig {
  return {
    min: instruction.min ?? 0,
    max: instruction.max ?? 10,
    healthcheckIntervalMs: instruction.healthcheckIntervalMs ?? 0,
    factory: instruction.factory ?? {},
    destructor: instruction.destructor,
    healthcheck: instruction.healthcheck,
    beforeAcquire: instruction.beforeAcquire,
    beforeRelease: instruction.beforeRelease,
  };
}

/**
 * The idle resources: a FIFO ring of names (the run queue's circular buffer),
 * plus removal of an arbitrary entry for the healthcheck tick.
 */
export class IdleRing extends RunQueue<string> {
  /**
   * Remove `item` wherever it is, keeping the order of the others.
   *
   * @param item - a resource name.
   * @returns whether it was idle.
   */
  remove(item: string): boolean {
    const items = this.toArray();
    const index = items.indexOf(item);
    if (index < 0) return false;
    items.splice(index, 1);
    this.buffer.fill(undefined);
    this.head = 0;
    this.size = 0;
    for (const rest of items) this.push(rest);
    return true;
  }
}

/** A coroutine parked in `acquire` (`pool_wait_for_resource`): an entry of the pool's waiter FIFO. */
export class PoolWaiter {
  /** Whether `wake_one` promised it a place (`reserved_count` counts it until it runs). */
  reserved = false;

  /**
   * @param coroutine - the parked coroutine.
   * @param pool - the pool it waits on.
   */
  constructor(
    readonly coroutine: Coroutine,
    readonly pool: Pool,
  ) {}
}

/** An installed strategy and its failure counter (counting from installation). */
export interface InstalledStrategy {
  /** The strategy as data. */
  readonly spec: PoolStrategySpec;
  /** Failures reported since installation. */
  failures: number;
}

/**
 * An `Async\Pool` (POOL-1..POOL-12, CB-1..CB-7).
 *
 * @remarks `total = |idle| + active`, `unreserved = max − active − reserved`.
 * `active` includes places reserved for a factory call in progress and
 * resources inside a hook (POOL-2).
 */
export class Pool {
  /** Idle resources, oldest released first (POOL-3). */
  readonly idle = new IdleRing();
  /** Resources handed out, in a hook, or being created. */
  active = 0;
  /** Places promised to woken waiters that have not run yet (POOL-4). */
  reserved = 0;
  /** Parked acquirers in arrival order (an insertion-ordered set: O(1) removal). */
  readonly waiters = new Set<PoolWaiter>();
  /** Set by `close` (POOL-10). */
  closed = false;
  /** Circuit-breaker state (CB-1: `ACTIVE` initially). */
  state: BreakerState = 'ACTIVE';
  /** The circuit-breaker strategy, if one is installed (CB-6, CB-7). */
  strategy: InstalledStrategy | undefined;
  /** Calls made so far, per callable (call numbers start at 1). */
  readonly calls: Record<PoolCallable, number> = { factory: 0, destructor: 0, healthcheck: 0, beforeAcquire: 0, beforeRelease: 0 };
  /** Per coroutine id: the resources it acquired from this pool and has not released, oldest first. */
  readonly held = new Map<string, string[]>();
  /** Resources already destroyed (each is destroyed at most once). */
  readonly destroyed = new Set<string>();
  /** The hidden periodic healthcheck timer while armed. */
  healthcheckTimer: Timer | undefined;

  /**
   * @param id - scenario id.
   * @param config - construction parameters.
   */
  constructor(
    readonly id: string,
    readonly config: PoolConfig,
  ) {}

  /** `min`. */
  get min(): number {
    return this.config.min;
  }

  /** `max`. */
  get max(): number {
    return this.config.max;
  }

  /** `count()` = `|idle| + active` (POOL-2). */
  get total(): number {
    return this.idle.length + this.active;
  }

  /** Places open to a caller without a reservation. */
  get unreserved(): number {
    return this.max - this.active - this.reserved;
  }

  /**
   * Seam — the reservation check, `may_take` (POOL-4, no barging): a caller
   * may take an idle resource or create one only if it holds a reservation
   * or some place is not promised to a woken waiter.
   *
   * @param hasReservation - the caller was woken by `wake_one` and has not used its place yet.
   * @returns whether the caller may take a place.
   */
  mayTake(hasReservation: boolean): boolean {
    return hasReservation || this.unreserved > 0;
  }

  /**
   * Seam — the circuit-breaker gate (CB-3, CB-4): `INACTIVE` rejects every
   * `acquire` (at start and at every retry) and makes `tryAcquire` answer
   * `null`; `RECOVERING` admits exactly like `ACTIVE`.
   *
   * @returns whether the state admits an acquirer.
   */
  admits(): boolean {
    return this.state !== 'INACTIVE';
  }

  /**
   * Seam — the waiter `wake_one` reserves a place for (POOL-4): the oldest
   * one without a reservation whose coroutine is still `WAITING` (a waiter
   * already resumed by a timeout, a cancellation or `close` is skipped).
   *
   * @returns the waiter, or `undefined` when there is none.
   */
  selectWaiter(): PoolWaiter | undefined {
    for (const w of this.waiters) if (!w.reserved && w.coroutine.waker.status === WakerStatus.WAITING) return w;
    return undefined;
  }

  /**
   * Seam — the resources a healthcheck tick visits (POOL-12): those idle at
   * the tick's start, in idle order. Resources held by coroutines are never checked.
   *
   * @returns resource names.
   */
  healthcheckCandidates(): string[] {
    return this.idle.toArray();
  }

  /**
   * The answer of a hook's call `k` for resource `r`: `false` when `k ∈
   * falseOn` or `r ∈ falseFor`.
   *
   * @param spec - the hook.
   * @param k - its call number (from 1).
   * @param resource - the resource it is called with.
   * @returns the hook's boolean answer.
   */
  hookAnswer(spec: PoolHookSpec, k: number, resource: string): boolean {
    return !(spec.falseOn?.includes(k) ?? false) && !(spec.falseFor?.includes(resource) ?? false);
  }

  /**
   * Count one more call of a callable.
   *
   * @param callable - which one.
   * @returns its call number (from 1).
   */
  nextCall(callable: PoolCallable): number {
    return ++this.calls[callable];
  }

  /**
   * Remove a waiter from the FIFO (it runs again).
   *
   * @param waiter - the waiter.
   */
  removeWaiter(waiter: PoolWaiter): void {
    this.waiters.delete(waiter);
  }

  /**
   * The resources a coroutine holds from this pool, oldest first.
   *
   * @param coroutine - the coroutine id.
   * @returns the live list (created empty on first use).
   */
  heldBy(coroutine: string): string[] {
    let list = this.held.get(coroutine);
    if (list === undefined) {
      list = [];
      this.held.set(coroutine, list);
    }
    return list;
  }

  /**
   * Answer a pool method.
   *
   * @param what - `count`, `idleCount`, `activeCount`, `isClosed` or `getState`.
   * @returns its answer.
   */
  query(what: PoolQueryMethod): Value {
    switch (what) {
      case 'count':
        return this.total;
      case 'idleCount':
        return this.idle.length;
      case 'activeCount':
        return this.active;
      case 'isClosed':
        return this.closed;
      case 'getState':
        return this.state;
    }
  }
}

/** What the pool's timer callbacks need from the runtime. */
export interface PoolTimerHost {
  /**
   * The acquire timeout of a parked waiter fired (POOL-9).
   *
   * @param waiter - the waiter.
   */
  onPoolTimeout(waiter: PoolWaiter): void;
  /**
   * The hidden healthcheck timer of a pool fired (POOL-12).
   *
   * @param pool - the pool.
   */
  onHealthcheckTick(pool: Pool): void;
}

/** The callback of an `acquire` timeout timer, a subscription of the waiter's waker. */
export class PoolTimeout implements EventCallback {
  /** @inheritDoc */
  refCount = 0;

  /**
   * @param waiter - the parked waiter.
   * @param host - the runtime.
   */
  constructor(
    readonly waiter: PoolWaiter,
    private readonly host: PoolTimerHost,
  ) {}

  /** @inheritDoc */
  invoke(event: AsyncEvent): ErrorValue | undefined {
    void event;
    this.host.onPoolTimeout(this.waiter);
    return undefined;
  }
}

/** The callback of the hidden periodic healthcheck timer (one timer per period). */
export class HealthcheckTick implements EventCallback {
  /** @inheritDoc */
  refCount = 0;

  /**
   * @param pool - the checked pool.
   * @param host - the runtime.
   */
  constructor(
    readonly pool: Pool,
    private readonly host: PoolTimerHost,
  ) {}

  /** @inheritDoc */
  invoke(event: AsyncEvent): ErrorValue | undefined {
    void event;
    this.host.onHealthcheckTick(this.pool);
    return undefined;
  }
}
