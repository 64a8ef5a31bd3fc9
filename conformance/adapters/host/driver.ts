/**
 * What a pool library must provide to be run by the library host: a
 * {@link PoolDriver} maps `pool.new` and the pool instructions onto the
 * library's own API.
 * @module
 */
import type { ErrorValue, Op, Value } from '../../adapter.js';
import type { PoolNewInstruction } from '../../adapter.js';
import type { InjectedGlobals } from './isolated.js';

/** A resource as the host hands it to the library: named after the factory call that made it (`r3`). */
export interface PoolResource {
  /** `r<k>`. */
  readonly name: string;
}

/**
 * The scenario's data-described callables as JavaScript functions. Each one
 * emits its trace event (`created`, `destroyed`, `hook`) itself, by the
 * coroutine that was running when the library called it.
 */
export interface PoolCallables {
  /** Create a resource; rejects with `RuntimeException("factory failed")` on a `failOn` call. */
  factory(): Promise<PoolResource>;
  /** Destroy a resource; rejects with `RuntimeException("destructor failed")` for a `throwFor` resource. */
  destroy(resource: PoolResource): Promise<void>;
  /** The `beforeAcquire` hook, when the scenario has one: resolves to its answer, or rejects when it `throws`. */
  beforeAcquire?: (resource: PoolResource) => Promise<boolean>;
  /** The `beforeRelease` hook, when the scenario has one. */
  beforeRelease?: (resource: PoolResource) => Promise<boolean>;
}

/** An acquire in progress. */
export interface PendingAcquire {
  /** Settles with the resource, or with the library's error. */
  promise: Promise<PoolResource>;
  /** The caller gave up (it was cancelled): withdraw the request if the library can. */
  abandon(): void;
}

/** The pool queries the host maps (`getState` belongs to the breaker). */
export type PoolCountQuery = 'count' | 'idleCount' | 'activeCount' | 'isClosed';

/** One library pool. */
export interface LibraryPool {
  /**
   * Start an acquire.
   *
   * @param timeoutMs - the scenario's timeout, or `undefined` to wait forever.
   */
  acquire(timeoutMs: number | undefined): PendingAcquire;
  /** Give a resource back. */
  release(resource: PoolResource): void;
  /** Close the pool (at most once per pool; the host skips a second close). */
  close(): void;
  /** Answer a pool query from the library's own counters. */
  query(what: PoolCountQuery): Value;
}

/** A pool library, mapped. */
export interface PoolDriver {
  /** `name version`, e.g. `tarn 3.1.2`. */
  library: string;
  /** Instructions the library cannot run, with the reason (e.g. `pool.tryAcquire`). */
  unsupportedOps: Partial<Record<Op, string>>;
  /** Why this `pool.new` cannot be mapped faithfully (empty when it can). */
  unsupportedPool(spec: PoolNewInstruction): string[];
  /**
   * Construct the library's pool.
   *
   * @param spec - the instruction (min, max, callables as data).
   * @param callables - the callables as functions.
   * @param globals - the virtual-time globals the library instance must use.
   */
  createPool(spec: PoolNewInstruction, callables: PoolCallables, globals: InjectedGlobals): LibraryPool;
  /** Translate an error an acquire rejected with (other than a {@link ScenarioError}) into a TrueAsync error. */
  translateError(error: unknown): ErrorValue;
}
