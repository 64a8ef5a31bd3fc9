/**
 * Invariants of the pool machine, named after what stays true; their ids
 * are POOL requirement IDs (the pool invariants conservation, fifo, no-lost-wakeup, close).
 *
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { Invariant } from '../kernel/machine.js';
import { isParkedUnreserved, unreserved } from './attempt.js';
import { healthcheckEnabled } from './lifecycle.js';
import type { PoolConfig, PoolState } from './model.js';

/** An invariant of the pool machine. */
export type PoolInvariant = Invariant<PoolConfig, PoolState>;

const coroutines = (s: PoolState) => Object.values(s.coroutines);
const inFactory = (s: PoolState): number => coroutines(s).filter((c) => c.status === 'IN_FACTORY').length;
const inHook = (s: PoolState): string[] =>
  coroutines(s).flatMap((c) => ((c.status === 'IN_BEFORE_ACQUIRE' || c.status === 'IN_BEFORE_RELEASE') && c.resource ? [c.resource] : []));
const occurrences = (xs: readonly string[], x: string): number => xs.filter((y) => y === x).length;

/**
 * POOL-2 (capacity): idle plus active never exceeds `max`, and neither do
 * the resources that exist plus those being created — a slot is counted
 * before the factory runs and while a hook holds a resource.
 */
export const capacityWithinMax: PoolInvariant = {
  id: 'POOL-2',
  title: '0 ≤ idle + active ≤ max and live resources + factory calls in progress ≤ max',
  holds: (s, c) => {
    const live = Object.values(s.resources).filter((r) => r.status !== 'destroyed').length;
    return s.activeCount >= 0 && s.reservedCount >= 0 && s.idle.length + s.activeCount <= c.max && live + inFactory(s) <= c.max;
  },
};

/**
 * POOL-2 (conservation): every created resource is exactly one of idle (in
 * the ring once), active (held by one caller or inside one hook) or
 * destroyed (nowhere), and `activeCount()` counts the active ones plus the
 * factory calls in progress — so `count() = idleCount() + activeCount()` and
 * #created − #destroyed = `count()` minus the creations in progress.
 */
export const resourcesConserved: PoolInvariant = {
  id: 'POOL-2',
  title: 'each resource is idle, active or destroyed, in exactly one place; activeCount = active + creating',
  holds: (s) => {
    const held = coroutines(s).flatMap((c) => c.held);
    const hooks = inHook(s);
    const placed = [...s.idle, ...held, ...hooks];
    if (placed.some((id) => !s.resources[id])) return false;
    const records = Object.entries(s.resources);
    const active = records.filter(([, r]) => r.status === 'active').length;
    return (
      s.activeCount === active + inFactory(s) &&
      records.every(([id, r]) => {
        const where = [occurrences(s.idle, id), occurrences(held, id) + occurrences(hooks, id)];
        if (r.status === 'idle') return where[0] === 1 && where[1] === 0;
        if (r.status === 'active') return where[0] === 0 && where[1] === 1;
        return where[0] === 0 && where[1] === 0;
      })
    );
  },
};

/** POOL-3: the factory is never called while an idle resource was free for the caller. */
export const reuseBeforeCreate: PoolInvariant = {
  id: 'POOL-3',
  title: 'no resource is created while an idle one could be taken',
  holds: (s) => !s.createdOverIdle,
};

/**
 * POOL-4: the waiter queue keeps arrival order; reservations go to the
 * oldest waiters (reserved entries precede unreserved ones, passing over
 * waiters their waker already resumed without one); a reserved
 * waiter has been resumed; `reserved_count` is the number of coroutines
 * holding a reservation, and every reservation is backed by a place nobody
 * else took (`active + reserved ≤ max`: no barging).
 */
export const waitersServedInOrder: PoolInvariant = {
  id: 'POOL-4',
  title: 'waiters in arrival order, reservations a prefix of the queue, reserved ⇒ resumed, reserved_count exact and backed by a free place',
  holds: (s, c) => {
    const ids = s.waiters.map((w) => w.coroutine);
    // A waiter its waker resumed (a timeout, a cancellation) without a reservation is passed over by `wake_one`.
    const queued = ids.filter((id) => s.coroutines[id]?.status !== 'RESUMED' || s.coroutines[id]?.reserved === true);
    const reserved = queued.map((id) => s.coroutines[id]?.reserved === true);
    const firstUnreserved = reserved.indexOf(false);
    return (
      new Set(ids).size === ids.length &&
      s.waiters.every((w, i) => i === 0 || s.waiters[i - 1].seq < w.seq) &&
      (firstUnreserved < 0 || reserved.slice(firstUnreserved).every((r) => !r)) &&
      ids.every((id) => s.coroutines[id]?.status === 'WAITING' || s.coroutines[id]?.status === 'RESUMED') &&
      Object.entries(s.coroutines).every(([id, c]) => c.status !== 'WAITING' || (ids.includes(id) && !c.reserved)) &&
      s.reservedCount === coroutines(s).filter((c) => c.reserved).length &&
      unreserved(c, s) >= 0
    );
  },
};

/**
 * POOL-5 (no lost wake-up, the pool invariant `no-lost-wakeup`): at a stable point of an open
 * pool — no woken coroutine still to run — a waiter parked without a
 * reservation means no place is free: no idle resource and no capacity.
 *
 * @remarks One C path breaks this: a `beforeAcquire` rejection frees a
 * place, and when the retry then meets an INACTIVE breaker it gives up
 * without waking anyone. The ghost `stranded` counts those places; the
 * invariant tolerates exactly that many.
 */
export const noLostWakeup: PoolInvariant = {
  id: 'POOL-5',
  title: 'stable ∧ open ∧ a waiter parked without reservation ⇒ no unreserved idle resource or capacity',
  holds: (s, c) => {
    if (s.status !== 'OPEN' || coroutines(s).some((co) => co.status === 'RESUMED')) return true;
    if (!s.waiters.some((w) => isParkedUnreserved(s, w.coroutine))) return true;
    return unreserved(c, s) <= s.stranded;
  },
};

/** POOL-8: the destructor runs at most once per resource, and exactly once for a destroyed one. */
export const destroyedAtMostOnce: PoolInvariant = {
  id: 'POOL-8',
  title: 'every resource is destroyed at most once; destroyed ⇔ its destructor ran',
  holds: (s) => Object.values(s.resources).every((r) => r.destroys <= 1 && (r.destroys === 1) === (r.status === 'destroyed')),
};

/** POOL-10: a closed pool has no waiter, no idle resource and no healthcheck timer. */
export const closedPoolIsDrained: PoolInvariant = {
  id: 'POOL-10',
  title: 'closed ⇒ no waiters, no parked coroutine, idle empty, timer stopped',
  holds: (s) =>
    s.status !== 'CLOSED' ||
    (s.waiters.length === 0 && s.idle.length === 0 && !s.timerArmed && coroutines(s).every((c) => c.status !== 'WAITING')),
};

/** POOL-12: the healthcheck only ever touches idle resources; its timer runs only while an open pool has one configured. */
export const healthcheckTouchesIdleOnly: PoolInvariant = {
  id: 'POOL-12',
  title: 'the healthcheck never checks an active resource; timer armed ⇒ open ∧ healthcheck ∧ interval > 0',
  holds: (s, c) => !s.touchedActive && (!s.timerArmed || (s.status === 'OPEN' && healthcheckEnabled(c))),
};

/** Every invariant of the pool machine. */
export const invariants: readonly PoolInvariant[] = [
  capacityWithinMax,
  resourcesConserved,
  reuseBeforeCreate,
  waitersServedInOrder,
  noLostWakeup,
  destroyedAtMostOnce,
  closedPoolIsDrained,
  healthcheckTouchesIdleOnly,
];
