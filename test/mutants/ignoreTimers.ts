/**
 * SCH-12 mutant: armed timers do not keep the loop alive.
 * @module
 */
import { ReferenceRuntime } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An empty queue ends the run when timers are armed. */
class IgnoreTimersRuntime extends ReferenceRuntime {
  protected override isRunOver(): boolean {
    return this.queue.isEmpty() && this.clock.hasArmedTimers;
  }
}

/** Coroutines sleeping on timers are abandoned. */
export const mutant: Mutant = {
  name: 'ignoreTimers',
  targets: 'SCH-12',
  description: 'the loop ends when the queue is empty even if coroutines wait on armed timers',
  Runtime: IgnoreTimersRuntime,
};
