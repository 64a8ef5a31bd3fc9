/**
 * CB-7 mutant: a throwing strategy aborts the rest of release() (the exception itself is swallowed).
 * @module
 */
import { type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The reference *release*, returning right after a report whose strategy method throws. */
const seams: ReferenceSeams = {
  pool: {
    settleRelease(area: PoolArea, pool: Pool, resource: string, ok: boolean): void {
      if (pool.strategy?.spec.throwOn?.includes(ok ? 'success' : 'failure')) return;
      poolSeams.settleRelease(area, pool, resource, ok);
    },
  },
};

/** The strategy's exception is swallowed, the rest of the release is lost. */
export const mutant: Mutant = {
  name: 'strategyAbortsRelease',
  targets: 'CB-7',
  description: 'when a strategy method throws, release() swallows the exception but stops there: the resource is neither returned to idle nor destroyed and no waiter is woken',
  caughtBy: { id: 'CB-7', aspect: 'strategy-faults' },
  seams,
};
