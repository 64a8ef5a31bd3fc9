/**
 * CB-3 mutant: the gate is checked when an acquire starts, not when a parked waiter retries.
 * @module
 */
import { makeError, MESSAGES, poolSeams, type Coroutine, type Pool, type PoolArea, type ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The coroutines retrying after a normal wake-up, per pool area (one per run). */
const retrying = new WeakMap<PoolArea, Set<string>>();
/** The retrying set of an area. */
const retries = (area: PoolArea): Set<string> => retrying.get(area) ?? retrying.set(area, new Set()).get(area)!;

/** A waiter that resumed normally skips the breaker gate on its retry (the wait marks the retry, the gate reads the mark). */
const seams: ReferenceSeams = {
  pool: {
    *waitForResource(area: PoolArea, co: Coroutine, pool: Pool, timeoutMs: number): Generator<void, boolean, void> {
      const hasRes = yield* poolSeams.waitForResource(area, co, pool, timeoutMs);
      retries(area).add(co.id);
      return hasRes;
    },
    acquireRefusal(area: PoolArea, pool: Pool): ErrorValue | undefined {
      const actor = area.k.actorId();
      if (retries(area).delete(actor)) return pool.closed ? makeError('Async\\PoolException', MESSAGES.poolClosed) : undefined;
      return poolSeams.acquireRefusal(area, pool);
    },
  },
};

/** No gate on retries. */
export const mutant: Mutant = {
  name: 'waiterSkipsGate',
  targets: 'CB-3',
  description: 'a parked waiter woken while the pool is INACTIVE takes the resource: the gate is checked only when acquire() starts, not on every retry',
  caughtBy: { id: 'CB-3', aspect: 'gate' },
  seams,
};
