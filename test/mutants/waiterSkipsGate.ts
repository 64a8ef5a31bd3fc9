/**
 * CB-3 mutant: the gate is checked when an acquire starts, not when a parked waiter retries.
 * @module
 */
import { ReferenceRuntime, makeError, MESSAGES, type Coroutine, type Pool } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** A waiter that resumed normally skips the breaker gate on its retry. */
class WaiterSkipsGateRuntime extends ReferenceRuntime {
  private readonly retrying = new Set<string>();

  protected override *waitForResource(co: Coroutine, pool: Pool, timeoutMs: number): Generator<void, boolean, void> {
    const hasRes = yield* super.waitForResource(co, pool, timeoutMs);
    this.retrying.add(co.id);
    return hasRes;
  }

  protected override acquireRefusal(pool: Pool): ErrorValue | undefined {
    const actor = this.actorId();
    if (this.retrying.delete(actor)) return pool.closed ? makeError('Async\\PoolException', MESSAGES.poolClosed) : undefined;
    return super.acquireRefusal(pool);
  }
}

/** No gate on retries. */
export const mutant: Mutant = {
  name: 'waiterSkipsGate',
  targets: 'CB-3',
  description: 'a parked waiter woken while the pool is INACTIVE takes the resource: the gate is checked only when acquire() starts, not on every retry',
  caughtBy: { id: 'CB-3', aspect: 'gate' },
  Runtime: WaiterSkipsGateRuntime,
};
