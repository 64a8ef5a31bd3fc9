/**
 * The acquire algorithm of `pool.c` — one pass of the `retry:` loop of
 * `zend_async_pool_acquire` / `zend_async_pool_try_acquire` — and the
 * primitives it shares with release, close and the healthcheck: `wake_one`,
 * destroying a resource, the counters.
 *
 * @remarks Each function mutates the {@link draft} it is given and appends
 * to `out`; the machine's updates call them on a fresh draft, so `step`
 * stays pure.
 * @see https://true-async.github.io/en/architecture/pool.html
 * @module
 */
import { admits } from '../circuitBreaker/breaker.js';
import { SERVICE_UNAVAILABLE } from '../circuitBreaker/model.js';
import type { PoolConfig, PoolCounts, PoolCoroutine, PoolError, PoolOutput, PoolState, WaiterEntry } from './model.js';
import { DESTRUCTOR_ERROR, POOL_CLOSED } from './model.js';

/** A deep copy of `s` that the helpers of this module may mutate. */
export function draft(s: PoolState): PoolState {
  const coroutines: PoolState['coroutines'] = {};
  for (const [id, c] of Object.entries(s.coroutines)) coroutines[id] = { ...c, held: [...c.held] };
  const resources: PoolState['resources'] = {};
  for (const [id, r] of Object.entries(s.resources)) resources[id] = { ...r };
  return { ...s, idle: [...s.idle], waiters: s.waiters.map((w) => ({ ...w })), coroutines, resources };
}

/** `ASYNC_POOL_TOTAL`: idle plus active — `count()` (POOL-2). */
export function total(s: PoolState): number {
  return s.idle.length + s.activeCount;
}

/**
 * The answers of `count()`, `idleCount()`, `activeCount()` and `isClosed()`;
 * a pool whose constructor did not complete answers 0 and closed (POOL-14).
 *
 * POOL-2, POOL-10, POOL-14
 */
export function counts(s: PoolState): PoolCounts {
  if (s.status === 'NEW' || s.status === 'PREWARMING' || s.status === 'FAILED') return { count: 0, idleCount: 0, activeCount: 0, isClosed: true };
  return { count: total(s), idleCount: s.idle.length, activeCount: s.activeCount, isClosed: s.status === 'CLOSED' };
}

/** `ASYNC_POOL_UNRESERVED`: places (idle resources or capacity) open to a caller without a reservation (POOL-4). */
export function unreserved(c: PoolConfig, s: PoolState): number {
  return c.max - s.activeCount - s.reservedCount;
}

/** `may_take ∧ idle ≠ ∅`: the caller may take the idle head (POOL-3, POOL-4). */
export function canTakeIdle(c: PoolConfig, s: PoolState, hasReservation: boolean): boolean {
  return s.idle.length > 0 && (hasReservation || unreserved(c, s) > 0);
}

/** `may_take ∧ total < max`: the caller may create a resource (POOL-2, POOL-4). */
export function canCreate(c: PoolConfig, s: PoolState, hasReservation: boolean): boolean {
  return total(s) < c.max && (hasReservation || unreserved(c, s) > 0);
}

/** A coroutine in no pool call. */
export function freeCoroutine(held: string[] = []): PoolCoroutine {
  return { status: 'FREE', mode: null, reserved: false, timeout: false, error: null, resource: null, held };
}

/**
 * Take `resource` out of whichever coroutine holds it: any coroutine may
 * release a resource acquired from the pool, not only the one that acquired it.
 */
export function dropHeld(s: PoolState, resource: string): void {
  for (const co of Object.values(s.coroutines)) if (co.held.includes(resource)) co.held = co.held.filter((r) => r !== resource);
}

/** Give arrival ranks 0..n-1 to the waiter queue, keeping its order. */
export function renumber(waiters: WaiterEntry[]): WaiterEntry[] {
  return waiters.map((w, seq) => ({ ...w, seq }));
}

/** Whether a waiter is parked without a reservation (the ones `wake_one` may pick and `noLostWakeup` watches). */
export function isParkedUnreserved(s: PoolState, coroutine: string): boolean {
  const co = s.coroutines[coroutine];
  return co.status === 'WAITING' && !co.reserved;
}

/**
 * `pool_wake_waiter`: reserve a place for the oldest waiter still parked
 * without a reservation and resume it; the entry stays queued until it runs.
 * A waiter its waker already resumed (a timeout, a cancellation) is passed
 * over.
 *
 * @returns whether a waiter was woken (none: every parked waiter holds a reservation, or none waits).
 * POOL-4
 */
export function wakeOne(s: PoolState, out: PoolOutput[]): boolean {
  const entry = s.waiters.find((w) => isParkedUnreserved(s, w.coroutine));
  if (!entry) return false;
  const co = s.coroutines[entry.coroutine];
  co.reserved = true;
  s.reservedCount++;
  co.status = 'RESUMED';
  out.push({ type: 'woken', coroutine: entry.coroutine });
  return true;
}

/**
 * `pool_destroy_resource`: call the destructor once and forget the resource.
 *
 * @returns the destructor's exception, if it throws (POOL-11).
 * POOL-8
 */
export function destroy(c: PoolConfig, s: PoolState, resource: string, out: PoolOutput[]): PoolError | null {
  const r = s.resources[resource];
  s.resources[resource] = { status: 'destroyed', destroys: (r?.destroys ?? 0) + 1 };
  out.push({ type: 'destroyed', resource });
  return destructorThrowsFor(c, resource) ? DESTRUCTOR_ERROR : null;
}

/** Whether the destructor throws for `resource` (POOL-11). */
export function destructorThrowsFor(c: PoolConfig, resource: string): boolean {
  return typeof c.destructorThrows === 'boolean' ? c.destructorThrows : c.destructorThrows.includes(resource);
}

/** Create resource `id` into the active set for a caller, or into idle (pre-warm, healthcheck replacement). */
export function create(s: PoolState, id: string, into: 'idle' | 'active', out: PoolOutput[]): void {
  s.resources[id] = { status: into, destroys: 0 };
  if (into === 'idle') s.idle.push(id);
  out.push({ type: 'created', resource: id });
}

/** How one pass of the acquire loop ended for its caller. */
export type AttemptOutcome =
  | { kind: 'done' }
  | { kind: 'suspended' }
  | { kind: 'threw'; error: PoolError };

/** Hand `resource` to the caller: `acquire()` / `tryAcquire()` returns it. */
export function handOver(s: PoolState, coroutine: string, resource: string, mode: 'acquire' | 'tryAcquire', out: PoolOutput[]): void {
  const co = s.coroutines[coroutine];
  s.resources[resource] = { ...s.resources[resource], status: 'active' };
  s.coroutines[coroutine] = freeCoroutine([...co.held, resource]);
  out.push(mode === 'acquire' ? { type: 'acquired', coroutine, resource } : { type: 'tryAcquired', coroutine, resource });
}

/** Pop the idle head for the caller; `beforeAcquire` (if any) runs next and may suspend (POOL-3, POOL-7). */
export function takeIdle(
  c: PoolConfig,
  s: PoolState,
  coroutine: string,
  mode: 'acquire' | 'tryAcquire',
  timeout: boolean,
  out: PoolOutput[],
): AttemptOutcome {
  const resource = s.idle.shift() as string;
  s.activeCount++;
  s.resources[resource] = { ...s.resources[resource], status: 'active' };
  if (!c.beforeAcquire) {
    handOver(s, coroutine, resource, mode, out);
    return { kind: 'done' };
  }
  s.coroutines[coroutine] = { ...freeCoroutine(s.coroutines[coroutine].held), status: 'IN_BEFORE_ACQUIRE', mode, timeout, resource };
  return { kind: 'suspended' };
}

/** Reserve the slot, then call the factory, which may suspend (POOL-2: counted before the call). */
export function startFactory(
  c: PoolConfig,
  s: PoolState,
  coroutine: string,
  mode: 'acquire' | 'tryAcquire',
  timeout: boolean,
  hasReservation: boolean,
): AttemptOutcome {
  s.createdOverIdle ||= canTakeIdle(c, s, hasReservation);
  s.activeCount++;
  s.factoryCalls++;
  s.coroutines[coroutine] = { ...freeCoroutine(s.coroutines[coroutine].held), status: 'IN_FACTORY', mode, timeout, resource: `r${s.factoryCalls}` };
  return { kind: 'suspended' };
}

/** Append the caller to the waiter queue and park it (`pool_wait_for_resource`, POOL-4). */
export function park(s: PoolState, coroutine: string, timeout: boolean): AttemptOutcome {
  s.waiters = renumber([...s.waiters, { coroutine, seq: s.waiters.length }]);
  s.coroutines[coroutine] = { ...freeCoroutine(s.coroutines[coroutine].held), status: 'WAITING', timeout };
  return { kind: 'suspended' };
}

/**
 * One pass of the `retry:` loop: closed, gate, idle, create, then wait
 * (`acquire`) or null (`tryAcquire`).
 *
 * @param timeout - the call passed `$timeout > 0` (a park arms a timer).
 * @param freed - this pass follows a `beforeAcquire` rejection that freed a place.
 * @returns how the call ended; `give_up` hands an unspent reservation on.
 * POOL-3, POOL-4, POOL-5, CB-3
 */
export function attempt(
  c: PoolConfig,
  s: PoolState,
  coroutine: string,
  mode: 'acquire' | 'tryAcquire',
  hasReservation: boolean,
  timeout: boolean,
  freed: boolean,
  out: PoolOutput[],
): AttemptOutcome {
  const co = s.coroutines[coroutine];
  const giveUp = (error: PoolError): AttemptOutcome => {
    if (hasReservation) wakeOne(s, out);
    s.coroutines[coroutine] = freeCoroutine(co.held);
    if (mode === 'acquire') return { kind: 'threw', error };
    out.push({ type: 'tryAcquired', coroutine, resource: null });
    return { kind: 'done' };
  };
  switch (decide(c, s, hasReservation)) {
    case 'closed':
      return giveUp(POOL_CLOSED);
    case 'refused':
      if (freed && !hasReservation && s.waiters.some((w) => isParkedUnreserved(s, w.coroutine))) s.stranded++;
      return giveUp(SERVICE_UNAVAILABLE);
    case 'idle':
      return takeIdle(c, s, coroutine, mode, timeout, out);
    case 'create':
      return startFactory(c, s, coroutine, mode, timeout, hasReservation);
    case 'none':
      if (mode === 'acquire') return park(s, coroutine, timeout);
      s.coroutines[coroutine] = freeCoroutine(co.held);
      out.push({ type: 'tryAcquired', coroutine, resource: null });
      return { kind: 'done' };
  }
}

/**
 * What one pass of the `retry:` loop does, in the C order: the pool is
 * closed; the breaker gate refuses (CB-3); the idle head is free for the
 * caller (POOL-3); capacity is free (POOL-2); nothing is free (`acquire`
 * parks, `tryAcquire` returns null, POOL-4).
 */
export type AttemptDecision = 'closed' | 'refused' | 'idle' | 'create' | 'none';

/**
 * The branch of the `retry:` loop a caller takes in `s`.
 *
 * @param hasReservation - `has_res`: the caller holds a reservation (it may take past `unreserved`).
 * POOL-2, POOL-3, POOL-4, CB-3
 */
export function decide(c: PoolConfig, s: PoolState, hasReservation: boolean): AttemptDecision {
  if (s.status === 'CLOSED') return 'closed';
  if (!admits(s.circuit)) return 'refused';
  if (canTakeIdle(c, s, hasReservation)) return 'idle';
  if (canCreate(c, s, hasReservation)) return 'create';
  return 'none';
}

/**
 * Where the caller is after a pass that took branch `d`: back in no call,
 * inside `beforeAcquire`, inside the factory, or parked.
 */
export function statusAfter(c: PoolConfig, d: AttemptDecision, mode: 'acquire' | 'tryAcquire'): PoolCoroutine['status'] {
  if (d === 'idle') return c.beforeAcquire ? 'IN_BEFORE_ACQUIRE' : 'FREE';
  if (d === 'create') return 'IN_FACTORY';
  if (d === 'none' && mode === 'acquire') return 'WAITING';
  return 'FREE';
}
