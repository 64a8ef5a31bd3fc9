/**
 * The `generic-pool` library mapped onto TrueAsync's `Async\Pool`.
 *
 * @remarks How each part of `pool.new` and the pool instructions maps, and
 * the configuration chosen to come as close to TrueAsync's semantics as
 * generic-pool allows (everything else it does is generic-pool's own
 * behaviour, judged by the properties):
 *
 * | TrueAsync | generic-pool |
 * |---|---|
 * | `factory` | `factory.create` (returns a promise; `failOn` rejects) |
 * | `destructor` | `factory.destroy` (a `throwFor` resource rejects; generic-pool emits `factoryDestroyError`) |
 * | `beforeAcquire` | `factory.validate` with `testOnBorrow: true` |
 * | `beforeRelease` | `factory.validate` with `testOnReturn: true` (when there is no `beforeAcquire`: `validate` is one function). generic-pool 3.9 accepts `testOnReturn` but never calls `validate` on release. |
 * | `healthcheck` | none — unsupported (the evictor drops idle resources by age; it never calls a check) |
 * | `min` / `max` | `min` / `max` (`autostart: true` pre-creates `min` in the background) |
 * | `acquire(timeoutMs)` | `acquire()` with `acquireTimeoutMillis` set to `timeoutMs` just for that call (generic-pool reads it when the call is made); 0 = no timeout |
 * | `tryAcquire` | none — unsupported (no non-waiting acquire) |
 * | `release` | `release(resource)` |
 * | `close` | `drain()` then `clear()`, not awaited (the documented shutdown sequence) |
 * | `count` / `idleCount` / `activeCount` | `size` / `available` / `size − available` |
 * | `isClosed` | generic-pool's draining flag |
 * | cancelling a waiter | none: generic-pool cannot withdraw a request, so the host gives the resource straight back when the abandoned request is served |
 * | errors | generic-pool's `TimeoutError` → `TimeoutException("Operation has been cancelled by timeout")`; "pool is draining and cannot accept work" → `PoolException("Pool is closed")`; the callables' own exceptions pass unchanged |
 *
 * Configuration: `fifo: true` (idle resources reused oldest first, as
 * POOL-3 asks), `evictionRunIntervalMillis: 0` (no idle eviction, which
 * TrueAsync does not have), and `Promise`: a subclass of the native promise
 * that marks every rejection handled — generic-pool leaves some of its
 * internal promises unhandled (a rejecting `validate`), which would otherwise
 * crash the process; what the pool does next is what the trace shows.
 * @module
 */
import { createRequire } from 'node:module';
import type * as GenericPool from 'generic-pool';
import type { ErrorValue } from '../../adapter.js';
import type { PoolNewInstruction } from '../../adapter.js';
import type { LibraryPool, PoolCallables, PoolDriver, PoolResource } from '../host/driver.js';
import { err, ERRORS } from '../host/errors.js';
import { instantiate, type InjectedGlobals } from '../host/isolated.js';

/** generic-pool's installed version. */
export const GENERIC_POOL_VERSION: string = (createRequire(import.meta.url)('generic-pool/package.json') as { version: string }).version;

/** The parts of generic-pool's pool the mapping reads besides its public API. */
interface GenericPoolInternals {
  _config: { acquireTimeoutMillis?: number };
  _draining: boolean;
}

let quiet = true;
const ignore = (): void => undefined;

/** A native promise whose rejections never count as unhandled. */
class HandledPromise<T> extends Promise<T> {
  constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
    super(executor);
    if (quiet) {
      quiet = false; // the handler's own derived promise needs no handler
      try {
        Promise.prototype.then.call(this, undefined, ignore);
      } finally {
        quiet = true;
      }
    }
  }
}

const loaded = new WeakMap<InjectedGlobals, typeof GenericPool>();

function genericPool(globals: InjectedGlobals): typeof GenericPool {
  let lib = loaded.get(globals);
  if (lib === undefined) {
    lib = instantiate<typeof GenericPool>('generic-pool', globals);
    loaded.set(globals, lib);
  }
  return lib;
}

/** The generic-pool driver. */
export const genericPoolDriver: PoolDriver = {
  library: `generic-pool ${GENERIC_POOL_VERSION}`,
  unsupportedOps: { 'pool.tryAcquire': 'generic-pool has no non-waiting acquire' },
  unsupportedPool(spec: PoolNewInstruction): string[] {
    return spec.healthcheck !== undefined
      ? ['healthcheck: generic-pool has no healthcheck callable (its evictor only drops idle resources by age)']
      : [];
  },
  createPool(spec: PoolNewInstruction, callables: PoolCallables, globals: InjectedGlobals): LibraryPool {
    const validate = callables.beforeAcquire ?? callables.beforeRelease;
    const factory: GenericPool.Factory<PoolResource> = {
      create: () => callables.factory(),
      destroy: (r) => callables.destroy(r),
      ...(validate ? { validate } : {}),
    };
    const pool = genericPool(globals).createPool(factory, {
      min: spec.min ?? 0,
      max: spec.max ?? 10,
      fifo: true,
      autostart: true,
      testOnBorrow: callables.beforeAcquire !== undefined,
      testOnReturn: callables.beforeRelease !== undefined,
      evictionRunIntervalMillis: 0,
      Promise: HandledPromise as unknown as PromiseConstructor,
    } as GenericPool.Options);
    const internals = pool as unknown as GenericPoolInternals;
    return {
      acquire(timeoutMs) {
        internals._config.acquireTimeoutMillis = timeoutMs;
        const promise = pool.acquire();
        internals._config.acquireTimeoutMillis = undefined;
        return { promise, abandon: ignore };
      },
      release(r) {
        pool.release(r).catch(ignore);
      },
      close() {
        pool.drain().then(() => pool.clear()).catch(ignore);
      },
      query(what) {
        switch (what) {
          case 'count':
            return pool.size;
          case 'idleCount':
            return pool.available;
          case 'activeCount':
            return pool.size - pool.available;
          case 'isClosed':
            return internals._draining;
        }
      },
    };
  },
  translateError(e: unknown): ErrorValue {
    if (e instanceof Error && e.constructor.name === 'TimeoutError') return ERRORS.acquireTimeout;
    if (e instanceof Error && e.message === 'pool is draining and cannot accept work') return ERRORS.poolClosed;
    return err('Async\\PoolException', `generic-pool: ${e instanceof Error ? e.message : String(e)}`);
  },
};
