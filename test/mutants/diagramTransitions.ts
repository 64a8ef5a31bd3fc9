/**
 * CB-2 mutant (a decision recorded in the catalogue, circuit-breaker.puml): only the diagram's transitions are allowed; any other call is ignored.
 * @module
 */
import { type BreakerState, type Pool, type ReferenceSeams, type PoolArea, poolSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** ACTIVE→INACTIVE, INACTIVE→RECOVERING, RECOVERING→ACTIVE|INACTIVE. */
const ALLOWED: Record<BreakerState, BreakerState[]> = { ACTIVE: ['INACTIVE'], INACTIVE: ['RECOVERING'], RECOVERING: ['ACTIVE', 'INACTIVE'] };

/** A transition the diagram does not draw does nothing. */
const seams: ReferenceSeams = {
  pool: {
    setBreakerState(area: PoolArea, actor: string, pool: Pool, state: BreakerState): void {
      if (ALLOWED[pool.state].includes(state)) poolSeams.setBreakerState(area, actor, pool, state);
    },
  },
};

/** The restricted transition function of the diagram. */
export const mutant: Mutant = {
  name: 'diagramTransitions',
  targets: 'CB-2',
  description: 'activate/deactivate/recover follow circuit-breaker.puml: a call the diagram does not draw (self-loops, ACTIVE→RECOVERING, INACTIVE→ACTIVE) is ignored',
  caughtBy: { id: 'CB-2' },
  seams,
};
