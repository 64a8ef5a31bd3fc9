/**
 * POOL-4 mutant: wake_one resumes the oldest waiter without reserving a place for it.
 * @module
 */
import type { Pool, PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The waiter is resumed but its place is open to anyone who runs first. */
const seams: ReferenceSeams = {
  pool: {
    wakeOne(area: PoolArea, pool: Pool): void {
      const waiter = pool.selectWaiter();
      if (waiter === undefined) return;
      area.k.seams.wake(area.k, waiter.coroutine, { value: null });
    },
  },
};

/** No reservation on wake-up. */
export const mutant: Mutant = {
  name: 'wakeWithoutReservation',
  targets: 'POOL-4',
  description: 'wake_one resumes the oldest waiter without reserving its place, so the releaser or a newcomer that runs first takes it and the waiter parks again',
  caughtBy: { id: 'POOL-4', aspect: 'fifo' },
  seams,
};
