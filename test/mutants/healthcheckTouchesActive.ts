/**
 * POOL-12 mutant: the healthcheck also checks resources that are in use.
 * @module
 */
import { Pool, ReferenceRuntime, type PoolConfig } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Candidates: idle and held resources. */
class TouchActivePool extends Pool {
  override healthcheckCandidates(): string[] {
    return [...this.idle.toArray(), ...[...this.held.values()].flat()];
  }
}

/** The runtime handing out such pools. */
class HealthcheckTouchesActiveRuntime extends ReferenceRuntime {
  protected override createPool(id: string, config: PoolConfig): Pool {
    return new TouchActivePool(id, config);
  }
}

/** A held resource is checked (and, if healthy, put back into idle). */
export const mutant: Mutant = {
  name: 'healthcheckTouchesActive',
  targets: 'POOL-12',
  description: 'the healthcheck tick checks resources held by coroutines, not only idle ones',
  Runtime: HealthcheckTouchesActiveRuntime,
};
