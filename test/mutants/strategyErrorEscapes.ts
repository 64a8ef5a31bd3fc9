/**
 * CB-7 mutant: an exception thrown by the strategy propagates out of release().
 * @module
 */
import type { PoolArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** *report* without the pool's try/catch around the strategy. */
const seams: ReferenceSeams = {
  pool: {
    isolateStrategy(area: PoolArea, call: () => void): void {
      call();
    },
  },
};

/** Strategy exceptions are not swallowed. */
export const mutant: Mutant = {
  name: 'strategyErrorEscapes',
  targets: 'CB-7',
  description: 'an exception thrown by reportSuccess/reportFailure propagates out of release() (and replaces an exception in flight)',
  caughtBy: { id: 'CB-7' },
  seams,
};
