/**
 * CB-8 mutant (the interface doc's reading): the runtime polls shouldRecover() while INACTIVE and moves to RECOVERING.
 * @module
 */
import { type AsyncEvent, type BreakerState, type EventCallback, type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Poll period in virtual ms. */
const PERIOD = 2;

/** The poller's tick: a hidden timer callback. */
class RecoveryTick implements EventCallback {
  refCount = 0;
  constructor(
    readonly pool: Pool,
    private readonly fire: (pool: Pool) => void,
  ) {}
  invoke(event: AsyncEvent): ErrorValue | undefined {
    void event;
    this.fire(this.pool);
    return undefined;
  }
}

/** deactivate() arms a hidden poller; when it fires on a still-INACTIVE pool, shouldRecover() says yes. */
const seams: ReferenceSeams = {
  pool: {
    setBreakerState(area: PoolArea, actor: string, pool: Pool, state: BreakerState): void {
      poolSeams.setBreakerState(area, actor, pool, state);
      if (state !== 'INACTIVE') return;
      const timer = area.k.clock.arm(PERIOD, true);
      timer.addCallback(new RecoveryTick(pool, (p) => {
        if (p.state === 'INACTIVE' && !p.closed) poolSeams.setBreakerState(area, area.k.actorId(), p, 'RECOVERING');
      }));
    },
  },
};

/** shouldRecover() is polled. */
export const mutant: Mutant = {
  name: 'recoveryPoller',
  targets: 'CB-8',
  description: `the runtime polls shouldRecover() every ${PERIOD} ms while INACTIVE (a hidden timer) and moves the breaker to RECOVERING by itself`,
  caughtBy: { id: 'CB-8' },
  seams,
};
