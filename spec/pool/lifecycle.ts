/**
 * The pool algorithms of `pool.c` besides the acquire loop: construction
 * with pre-warm, the end of `release()`, `close()`, a healthcheck tick and
 * the wake-up side of `pool_wait_for_resource`.
 *
 * @remarks Like {@link attempt}, each function mutates a draft and appends
 * to `out`.
 * @see https://true-async.github.io/en/architecture/pool.html
 * @module
 */
import { RESOURCE_VALIDATION_FAILED } from '../circuitBreaker/model.js';
import { applyPoolCancellation, mergePoolResumeError } from './errors.js';
import type { PoolConfig, PoolError, PoolOutput, PoolState } from './model.js';
import { CONSTRUCT_ERRORS, FACTORY_ERROR, POOL_CLOSED } from './model.js';
import { create, destroy, dropHeld, freeCoroutine, renumber, total, wakeOne } from './attempt.js';

/**
 * The constructor's argument checks, in the C order.
 *
 * @returns the `ValueError`, or `null` for valid arguments.
 * POOL-1
 */
export function validateConfig(c: PoolConfig): PoolError | null {
  const valueError = (message: string): PoolError => ({ type: 'ValueError', message });
  if (c.min < 0) return valueError(CONSTRUCT_ERRORS.min);
  if (c.max < 1) return valueError(CONSTRUCT_ERRORS.max);
  if (c.min > c.max) return valueError(CONSTRUCT_ERRORS.minAboveMax);
  if (c.healthcheckIntervalMs < 0) return valueError(CONSTRUCT_ERRORS.interval);
  return null;
}

/** Whether the hidden healthcheck timer runs: a healthcheck callable and an interval > 0 (POOL-12). */
export function healthcheckEnabled(c: PoolConfig): boolean {
  return c.healthcheck && c.healthcheckIntervalMs > 0;
}

/** The constructor ran to its end: the pool is open and its healthcheck timer armed (POOL-1, POOL-12). */
export function open(c: PoolConfig, s: PoolState): void {
  s.status = 'OPEN';
  s.timerArmed = healthcheckEnabled(c);
}

/**
 * One pre-warm factory call returned (the constructor calls the factory
 * until `min` resources are idle; each call may suspend the constructing
 * coroutine): its resource goes into idle, and with the `min`-th the pool
 * opens. A call that throws stops pre-warm: the failed constructor frees the
 * object, whose dispose destroys what was pre-warmed (destructor exceptions
 * dropped), and the factory's exception is thrown.
 *
 * @param error - the factory's exception; `undefined`: it returned a resource.
 * @returns the exception the constructor throws.
 * POOL-1
 */
export function prewarmReturned(c: PoolConfig, s: PoolState, error: PoolError | undefined, out: PoolOutput[]): PoolError | null {
  s.factoryCalls++;
  if (error) {
    for (const id of s.idle.splice(0)) destroy({ ...c, destructorThrows: false }, s, id, out);
    s.status = 'FAILED';
    return error;
  }
  create(s, `r${s.factoryCalls}`, 'idle', out);
  if (s.idle.length >= c.min) open(c, s);
  return null;
}

/**
 * The end of `release()`, after `beforeRelease` (which may have suspended):
 * `active_count--`; a rejected resource is reported as a failure, destroyed
 * and a waiter woken; an accepted one is reported as a success and destroyed
 * if the pool closed, else pushed to the idle tail and a waiter woken.
 *
 * @returns the destructor's exception, which `release()` then throws (POOL-11).
 * POOL-4, POOL-8, POOL-10, CB-6
 */
export function finishRelease(c: PoolConfig, s: PoolState, coroutine: string, resource: string, ok: boolean, out: PoolOutput[]): PoolError | null {
  s.activeCount--;
  dropHeld(s, resource);
  s.coroutines[coroutine] = freeCoroutine(s.coroutines[coroutine].held);
  if (!ok) {
    out.push({ type: 'reportFailure', error: RESOURCE_VALIDATION_FAILED });
    const error = destroy(c, s, resource, out);
    wakeOne(s, out);
    return error;
  }
  out.push({ type: 'reportSuccess' });
  if (s.status === 'CLOSED') return destroy(c, s, resource, out);
  s.idle.push(resource);
  s.resources[resource] = { ...s.resources[resource], status: 'idle' };
  wakeOne(s, out);
  return null;
}

/**
 * `zend_async_pool_close` on an open pool: close, stop the timer, wake every
 * parked waiter with `PoolException("Pool is closed")` in arrival order (one
 * already resumed keeps its outcome), destroy
 * every idle resource even when the destructor throws.
 *
 * @returns the destructor exceptions chained (the last one first), which `close()` throws.
 * POOL-10, POOL-11
 */
export function closePool(c: PoolConfig, s: PoolState, out: PoolOutput[]): PoolError | null {
  s.status = 'CLOSED';
  s.timerArmed = false;
  for (const w of s.waiters) {
    // A waiter already resumed (by a reservation, a timeout, a cancellation) keeps its outcome and finds the pool closed when it runs.
    const co = s.coroutines[w.coroutine];
    if (co.status !== 'WAITING') continue;
    out.push({ type: 'woken', coroutine: w.coroutine, error: POOL_CLOSED });
    s.coroutines[w.coroutine] = { ...co, status: 'RESUMED', error: mergePoolResumeError(co.error, POOL_CLOSED) };
  }
  s.waiters = [];
  let thrown: PoolError | null = null;
  for (const id of s.idle.splice(0)) {
    const error = destroy(c, s, id, out);
    if (error) thrown = thrown ? { ...error, previous: thrown } : error;
  }
  return thrown;
}

/**
 * One tick of the hidden healthcheck timer: each resource idle at the tick's
 * start is popped, counted active during the check (`checked`), pushed back
 * when healthy, else destroyed and — while `total < min` — replaced; then
 * one waiter is woken. The exception of a throwing destructor or replacement
 * factory surfaces in the scheduler (`uncaught`) and the loop goes on.
 *
 * @param replacementFails - every replacement factory call throws, or those with these call numbers.
 * POOL-12
 */
export function healthcheckTick(
  c: PoolConfig,
  s: PoolState,
  unhealthy: readonly string[],
  replacementFails: boolean | readonly number[],
  out: PoolOutput[],
): void {
  const count = s.idle.length;
  for (let i = 0; i < count; i++) {
    const id = s.idle.shift() as string;
    s.touchedActive ||= s.resources[id]?.status !== 'idle';
    const ok = !unhealthy.includes(id);
    out.push({ type: 'checked', resource: id, ok });
    if (ok) {
      s.idle.push(id);
      continue;
    }
    const error = destroy(c, s, id, out);
    if (error) out.push({ type: 'uncaught', error });
    if (total(s) < c.min) {
      s.factoryCalls++;
      const fails = typeof replacementFails === 'boolean' ? replacementFails : replacementFails.includes(s.factoryCalls);
      if (fails) out.push({ type: 'uncaught', error: FACTORY_ERROR });
      else create(s, `r${s.factoryCalls}`, 'idle', out);
    }
  }
  wakeOne(s, out);
}

/** A parked waiter is resumed with an error: a timeout or (while resumed too) a cancellation; its entry stays queued. */
export function resumeWithError(s: PoolState, coroutine: string, cause: 'timeout' | 'cancel', error: PoolError): void {
  const co = s.coroutines[coroutine];
  const merged = cause === 'cancel' ? applyPoolCancellation(co.error, error) : mergePoolResumeError(co.error, error);
  s.coroutines[coroutine] = { ...co, status: 'RESUMED', error: merged };
}

/**
 * The wake-up side of `pool_wait_for_resource`, when the woken coroutine
 * runs: leave the queue, give the reservation back to `reserved_count` and,
 * when leaving with an exception while the pool is open, hand it on.
 *
 * @returns whether it held a reservation (`has_res` for the retry).
 * POOL-5
 */
export function leaveQueue(s: PoolState, coroutine: string, out: PoolOutput[]): boolean {
  const co = s.coroutines[coroutine];
  s.waiters = renumber(s.waiters.filter((w) => w.coroutine !== coroutine));
  const hadReservation = co.reserved;
  s.coroutines[coroutine] = { ...co, reserved: false };
  if (hadReservation) s.reservedCount--;
  if (hadReservation && co.error && s.status === 'OPEN') wakeOne(s, out);
  return hadReservation;
}
