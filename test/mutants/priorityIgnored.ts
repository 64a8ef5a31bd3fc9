/**
 * SCH-2 mutant: high-priority spawn goes to the tail.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Every spawn is pushed at the tail. */
class PriorityIgnoredRuntime extends ReferenceRuntime {
  protected override enqueueSpawned(co: Coroutine): void {
    this.queue.push(co);
  }
}

/** `priority: "high"` has no effect. */
export const mutant: Mutant = {
  name: 'priorityIgnored',
  targets: 'SCH-2',
  description: 'high-priority spawn goes to the tail',
  Runtime: PriorityIgnoredRuntime,
};
