/**
 * COR-1 mutant: spawn runs the child at once.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The child runs until it suspends or finishes, then the spawner continues. */
class EagerSpawnRuntime extends ReferenceRuntime {
  protected override enqueueSpawned(co: Coroutine): void {
    this.runSlice(co);
  }
}

/** The spawner does not continue first. */
export const mutant: Mutant = {
  name: 'eagerSpawn',
  targets: 'COR-1',
  description: "spawn runs the child's body immediately, before the spawner continues",
  Runtime: EagerSpawnRuntime,
};
