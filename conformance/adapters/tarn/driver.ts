/**
 * The `tarn` pool library mapped onto TrueAsync's `Async\Pool`.
 *
 * @remarks How each part of `pool.new` and the pool instructions maps, and
 * the configuration chosen to come as close to TrueAsync's semantics as tarn
 * allows (everything else it does is tarn's own behaviour, judged by the
 * properties):
 *
 * | TrueAsync | tarn |
 * |---|---|
 * | `factory` | `create` (returns a promise; `failOn` rejects) |
 * | `destructor` | `destroy` (a `throwFor` resource rejects; tarn logs and swallows it) |
 * | `beforeAcquire` | `validate` (tarn also validates freshly created resources) |
 * | `beforeRelease` | none — unsupported (tarn has no release-time hook) |
 * | `healthcheck` | none — unsupported (tarn's reaper only drops idle resources after `idleTimeoutMillis`; it never calls a check) |
 * | `min` / `max` | `min` / `max` (tarn does not pre-create `min` resources) |
 * | `acquire(timeoutMs)` | `acquire()` with `acquireTimeoutMillis` set to `timeoutMs` just for that call (tarn reads it when the call is made); 0 = 2³¹−1 ms, tarn's longest |
 * | `tryAcquire` | none — unsupported (tarn has no non-waiting acquire) |
 * | `release` | `release(resource)` |
 * | `close` | `destroy()`, not awaited (TrueAsync's `close()` does not wait for the resources on loan; tarn's `destroy()` does) |
 * | `count` / `idleCount` / `activeCount` | `numUsed()+numFree()+numPendingCreates()` / `numFree()` / `numUsed()+numPendingCreates()` |
 * | `isClosed` | tarn's `destroyed` flag |
 * | cancelling a waiter | the pending acquire's `abort()` |
 * | errors | tarn's `TimeoutError` → `TimeoutException("Operation has been cancelled by timeout")`; the `aborted` error `destroy()` ends pending acquires with → `PoolException("Pool is closed")`; the callables' own exceptions pass unchanged |
 *
 * Configuration: `propagateCreateError: true` (a factory error rejects the
 * first pending acquire instead of retrying until the acquire times out —
 * the closest to POOL-6), `createRetryIntervalMillis: 1`, and the create,
 * destroy, idle and reap intervals at 2³¹−1 ms so that no tarn deadline of
 * its own (and no idle reaping, which TrueAsync does not have) interferes.
 * @module
 */
import { createRequire } from 'node:module';
import type * as Tarn from 'tarn';
import type { ErrorValue } from '../../adapter.js';
import type { PoolNewInstruction } from '../../adapter.js';
import { FOREVER_MS } from '../host/clock.js';
import type { LibraryPool, PoolCallables, PoolDriver, PoolResource } from '../host/driver.js';
import { err, ERRORS } from '../host/errors.js';
import { instantiate, type InjectedGlobals } from '../host/isolated.js';

/** tarn's installed version. */
export const TARN_VERSION: string = (createRequire(import.meta.url)('tarn/package.json') as { version: string }).version;

/** The parts of tarn's pool the mapping reads besides its public methods. */
interface TarnInternals {
  acquireTimeoutMillis: number;
  destroyed: boolean;
}

const loaded = new WeakMap<InjectedGlobals, typeof Tarn>();

function tarn(globals: InjectedGlobals): typeof Tarn {
  let lib = loaded.get(globals);
  if (lib === undefined) {
    lib = instantiate<typeof Tarn>('tarn', globals);
    loaded.set(globals, lib);
  }
  return lib;
}

/** The tarn driver. */
export const tarnDriver: PoolDriver = {
  library: `tarn ${TARN_VERSION}`,
  unsupportedOps: { 'pool.tryAcquire': 'tarn has no non-waiting acquire' },
  unsupportedPool(spec: PoolNewInstruction): string[] {
    const reasons: string[] = [];
    if (spec.beforeRelease !== undefined) reasons.push('beforeRelease: tarn has no release-time validation hook');
    if (spec.healthcheck !== undefined) reasons.push('healthcheck: tarn has no healthcheck callable (its reaper only drops idle resources after a timeout)');
    return reasons;
  },
  createPool(spec: PoolNewInstruction, callables: PoolCallables, globals: InjectedGlobals): LibraryPool {
    const { Pool } = tarn(globals);
    const beforeAcquire = callables.beforeAcquire;
    const pool = new Pool<PoolResource>({
      create: () => callables.factory(),
      destroy: (r: PoolResource) => callables.destroy(r),
      ...(beforeAcquire ? { validate: beforeAcquire as unknown as (r: PoolResource) => boolean } : {}),
      min: spec.min ?? 0,
      max: spec.max ?? 10,
      acquireTimeoutMillis: FOREVER_MS,
      createTimeoutMillis: FOREVER_MS,
      destroyTimeoutMillis: FOREVER_MS,
      idleTimeoutMillis: FOREVER_MS,
      reapIntervalMillis: FOREVER_MS,
      createRetryIntervalMillis: 1,
      propagateCreateError: true,
    });
    const internals = pool as unknown as TarnInternals;
    return {
      acquire(timeoutMs) {
        internals.acquireTimeoutMillis = timeoutMs ?? FOREVER_MS;
        const op = pool.acquire();
        internals.acquireTimeoutMillis = FOREVER_MS;
        return { promise: op.promise, abandon: () => op.abort() };
      },
      release(r) {
        pool.release(r);
      },
      close() {
        pool.destroy().catch(() => undefined);
      },
      query(what) {
        switch (what) {
          case 'count':
            return pool.numUsed() + pool.numFree() + pool.numPendingCreates();
          case 'idleCount':
            return pool.numFree();
          case 'activeCount':
            return pool.numUsed() + pool.numPendingCreates();
          case 'isClosed':
            return internals.destroyed;
        }
      },
    };
  },
  translateError(e: unknown): ErrorValue {
    if (e instanceof Error && e.constructor.name === 'TimeoutError') return ERRORS.acquireTimeout;
    // abort() rejects with 'aborted'; the host's own aborts (cancelled waiters) are never observed, so this is destroy() ending a wait.
    if (e instanceof Error && e.message === 'aborted') return ERRORS.poolClosed;
    return err('Async\\PoolException', `tarn: ${e instanceof Error ? e.message : String(e)}`);
  },
};
