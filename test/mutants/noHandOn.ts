/**
 * POOL-5 mutant: a woken waiter that leaves with an error drops its reservation.
 * @module
 */
import { ReferenceRuntime, type Pool } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** No hand-on. */
class NoHandOnRuntime extends ReferenceRuntime {
  protected override handOn(pool: Pool): void {
    void pool;
  }
}

/** The next waiter is never woken. */
export const mutant: Mutant = {
  name: 'noHandOn',
  targets: 'POOL-5',
  description: 'a waiter cancelled after being woken does not pass its reservation on, so the next waiter is never woken',
  Runtime: NoHandOnRuntime,
};
