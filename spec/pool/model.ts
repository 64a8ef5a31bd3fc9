/**
 * Types of the pool machine: `Async\Pool` with its idle ring, counters,
 * reservations, FIFO waiters, hooks that may suspend, the healthcheck timer
 * and close.
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { CircuitBreakerState } from '../circuitBreaker/model.js';
import type { SpecError } from '../kernel/machine.js';

/** The configuration of the pool machine: constructor arguments and exploration bounds. */
export interface PoolConfig {
  /** Constructor `$min`: resources pre-created into idle, and the healthcheck's replacement floor. @defaultValue 0 */
  min: number;
  /** Constructor `$max`: most resources, idle plus active. @defaultValue 10 */
  max: number;
  /** Constructor `$healthcheckInterval` in ms; 0 disables the healthcheck timer. @defaultValue 0 */
  healthcheckIntervalMs: number;
  /** A `healthcheck` callable is given. @defaultValue false */
  healthcheck: boolean;
  /** A `beforeAcquire` callable is given (it may suspend; its verdict is an action). @defaultValue false */
  beforeAcquire: boolean;
  /** A `beforeRelease` callable is given (it may suspend; its verdict is an action). @defaultValue false */
  beforeRelease: boolean;
  /**
   * The `destructor` callable throws {@link DESTRUCTOR_ERROR} (POOL-11):
   * for every resource (`true`), for none (`false`), or for the listed
   * resource ids. @defaultValue false
   */
  destructorThrows: boolean | readonly string[];
  /** Coroutines that call the pool (at most 3 for exploration). */
  coroutines: readonly string[];
  /** `explore()` also tries `acquire($timeout > 0)`. @defaultValue false */
  timeouts: boolean;
  /** `explore()` also tries `activate()`, `deactivate()`, `recover()`. @defaultValue false */
  breaker: boolean;
  /** Most resources one coroutine holds at once in `explore()`. @defaultValue 1 */
  maxHeld: number;
}

/**
 * The pool's lifecycle (the diagram node).
 *
 * `NEW` — the object exists, its constructor has not run (POOL-14);
 * `PREWARMING` — the constructor is calling the factory for the `min`
 * resources (each call may suspend the constructing coroutine);
 * `OPEN` — constructed; `CLOSED` — `close()` ran (POOL-10);
 * `FAILED` — the constructor threw (POOL-1): the object is gone.
 */
export type PoolStatus = 'NEW' | 'PREWARMING' | 'OPEN' | 'CLOSED' | 'FAILED';

/**
 * Where a coroutine is in a pool call.
 *
 * `FREE` — in no pool call; `WAITING` — parked in the waiter queue;
 * `RESUMED` — woken (by a reservation, a timeout, a cancellation or close)
 * and queued to run, still in the waiter queue until it runs;
 * `IN_FACTORY`, `IN_BEFORE_ACQUIRE`, `IN_BEFORE_RELEASE` — inside a callable
 * that may suspend.
 */
export type PoolCoroutineStatus = 'FREE' | 'WAITING' | 'RESUMED' | 'IN_FACTORY' | 'IN_BEFORE_ACQUIRE' | 'IN_BEFORE_RELEASE';

/** An exception as the pool model carries it: TrueAsync class name, message and `previous` chain. */
export interface PoolError extends SpecError {
  /** `getPrevious()`, omitted when there is none. */
  previous?: PoolError;
}

/** One coroutine as the pool sees it. */
export interface PoolCoroutine {
  /** Where it is in a pool call. */
  status: PoolCoroutineStatus;
  /** The call in progress while in the factory or `beforeAcquire`. */
  mode: 'acquire' | 'tryAcquire' | null;
  /** `waiter->reserved` / `has_res`: a place was reserved for it by `wake_one` (POOL-4). */
  reserved: boolean;
  /** Its `acquire()` passed `$timeout > 0`: every park arms a fresh timer (POOL-9). */
  timeout: boolean;
  /** The waker's pending error, thrown when it runs (while `RESUMED`). */
  error: PoolError | null;
  /** The resource inside a hook, or the id the factory call in progress will give. */
  resource: string | null;
  /** Resources it acquired and nobody released yet, oldest first (any coroutine may release them). */
  held: string[];
}

/** One entry of the waiter queue (arrival order). */
export interface WaiterEntry {
  /** The waiting coroutine. */
  coroutine: string;
  /** Rank of its arrival among the entries now queued (0 = oldest); renumbered after every change. */
  seq: number;
}

/** Ghost: where a created resource is. */
export interface ResourceRecord {
  /** `idle` in the ring; `active` held by a caller or inside a hook; `destroyed`. */
  status: 'idle' | 'active' | 'destroyed';
  /** How many times the destructor ran for it (POOL-8: at most once). */
  destroys: number;
}

/** The state of one `Async\Pool` and of the coroutines that call it. */
export interface PoolState {
  /** The pool's lifecycle. */
  status: PoolStatus;
  /** The idle ring, head (oldest) first. */
  idle: string[];
  /** `active_count`: resources out, inside a hook, or being created. */
  activeCount: number;
  /** `reserved_count`: places reserved for woken waiters that have not run yet. */
  reservedCount: number;
  /** The waiter queue, oldest first. */
  waiters: WaiterEntry[];
  /** `circuit_state` (CB-3 gate). */
  circuit: CircuitBreakerState;
  /** The hidden periodic healthcheck timer is armed (POOL-12). */
  timerArmed: boolean;
  /** Factory calls made so far; the n-th call's resource is `r<n>`. */
  factoryCalls: number;
  /** Every configured coroutine. */
  coroutines: Record<string, PoolCoroutine>;
  /** Ghost: every resource ever created, by id. */
  resources: Record<string, ResourceRecord>;
  /** Ghost: the healthcheck touched a resource that was not idle (POOL-12). */
  touchedActive: boolean;
  /** Ghost: the factory was called while an idle resource was free for the caller (POOL-3). */
  createdOverIdle: boolean;
  /**
   * Ghost: places freed without a wake-up by retries that gave up at the
   * breaker gate after a `beforeAcquire` rejection — the C code's one lost
   * wake-up (see `noLostWakeup`). Never more than the places still free, and
   * 0 whenever no waiter is parked without a reservation.
   */
  stranded: number;
}

/**
 * An operation on the pool; coroutine operations name the calling coroutine.
 *
 * @remarks `construct` runs the constructor up to pre-warm; each pre-warm
 * factory call returns with `prewarmReturns`, each factory call of an
 * acquire with `factoryReturns`, each hook with its `…Returns` verdict
 * (`ok: false` with `error`: the exception the factory threw, or the one its
 * delay was resumed with; default {@link FACTORY_ERROR}). `run` is a woken
 * waiter running again; `error` is the one its waker resumed it with
 * (`null`: none), which replaces the one pending in the model. A
 * `healthcheck` tick names the resources found unhealthy and the replacement
 * factory calls that throw (all, or these call numbers).
 */
export type PoolAction =
  | { type: 'construct' }
  | { type: 'prewarmReturns'; ok: boolean; error?: PoolError }
  | { type: 'acquire'; coroutine: string; timeout: boolean }
  | { type: 'tryAcquire'; coroutine: string }
  | { type: 'factoryReturns'; coroutine: string; ok: boolean; error?: PoolError }
  | { type: 'beforeAcquireReturns'; coroutine: string; ok: boolean }
  | { type: 'release'; coroutine: string; resource: string }
  | { type: 'beforeReleaseReturns'; coroutine: string; ok: boolean }
  | { type: 'timeout'; coroutine: string }
  | { type: 'cancel'; coroutine: string }
  | { type: 'run'; coroutine: string; error?: PoolError | null }
  | { type: 'healthcheck'; unhealthy: readonly string[]; replacementFails: boolean | readonly number[] }
  | { type: 'close' }
  | { type: 'activate' }
  | { type: 'deactivate' }
  | { type: 'recover' };

/**
 * What a step reports. `woken` resumes a waiter (with `error`: close's
 * exception); `checked` is one healthcheck call and its verdict; `uncaught`
 * an exception in scheduler context (the healthcheck's).
 */
export type PoolOutput =
  | { type: 'acquired'; coroutine: string; resource: string }
  | { type: 'tryAcquired'; coroutine: string; resource: string | null }
  | { type: 'failed'; coroutine: string; error: PoolError }
  | { type: 'released'; coroutine: string; resource: string }
  | { type: 'created'; resource: string }
  | { type: 'destroyed'; resource: string }
  | { type: 'woken'; coroutine: string; error?: PoolError }
  | { type: 'checked'; resource: string; ok: boolean }
  | { type: 'reportSuccess' }
  | { type: 'reportFailure'; error: PoolError }
  | { type: 'uncaught'; error: PoolError };

/** The observable counters of a pool (`count()`, `idleCount()`, `activeCount()`, `isClosed()`). */
export interface PoolCounts {
  /** `count()`: idle plus active. */
  count: number;
  /** `idleCount()`. */
  idleCount: number;
  /** `activeCount()`. */
  activeCount: number;
  /** `isClosed()`. */
  isClosed: boolean;
}

/** `PoolException("Pool is closed")` (POOL-10). */
export const POOL_CLOSED: PoolError = { type: 'Async\\PoolException', message: 'Pool is closed' };

/** `PoolException("Pool is not initialized")` (POOL-14). */
export const POOL_NOT_INITIALIZED: PoolError = { type: 'Async\\PoolException', message: 'Pool is not initialized' };

/** `PoolException("Failed to create pool resource")`: a factory that fails without an exception (POOL-6; unreachable from PHP). */
export const FAILED_TO_CREATE: PoolError = { type: 'Async\\PoolException', message: 'Failed to create pool resource' };

/** The reference runtime's answer to releasing a foreign value (POOL-15, a decision recorded in the catalogue; C does not detect it). */
export const FOREIGN_RESOURCE: PoolError = { type: 'Async\\PoolException', message: 'Resource does not belong to this pool' };

/** `Async\TimeoutException` of an `acquire($timeout)` not served in time (POOL-9). */
export const ACQUIRE_TIMEOUT: PoolError = { type: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' };

/** The cancellation a cancelled waiter receives. */
export const WAITER_CANCELLED: PoolError = { type: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' };

/** The exception the factory throws when an action says it fails (POOL-6). */
export const FACTORY_ERROR: PoolError = { type: 'RuntimeException', message: 'factory failed' };

/** The exception a throwing destructor raises (POOL-11). */
export const DESTRUCTOR_ERROR: PoolError = { type: 'RuntimeException', message: 'destructor failed' };

/** The value a foreign `release()` passes (POOL-15). */
export const FOREIGN = 'foreign';

/** The `ValueError` messages of the constructor (POOL-1). */
export const CONSTRUCT_ERRORS = {
  min: 'Async\\Pool::__construct(): Argument #6 ($min) must be >= 0',
  max: 'Async\\Pool::__construct(): Argument #7 ($max) must be >= 1',
  minAboveMax: 'Async\\Pool::__construct(): Argument #6 ($min) must be <= max',
  interval: 'Async\\Pool::__construct(): Argument #8 ($healthcheckInterval) must be >= 0',
} as const;
