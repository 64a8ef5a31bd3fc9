/**
 * EVT-6 mutant: removal during a notify pass swaps the last callback into the
 * hole and adjusts the iterator (the C defect).
 * @module
 */
import { ScenarioEvent, type ReferenceSeams, type CoreArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An event whose in-pass removal is `callbacks_remove` of C: swap-with-last. */
class SwapRemovalEvent extends ScenarioEvent {
  protected override removeDuringPass(index: number): void {
    const last = this.entries.length - 1;
    if (this.iterator > index) this.iterator--;
    this.entries[index] = this.entries[last];
    this.entries.length = last;
  }
}

/** The runtime creating such events. */
const seams: ReferenceSeams = {
  core: {
    createEvent(area: CoreArea, type: 'trigger' | 'future', id: string): ScenarioEvent {
      return new SwapRemovalEvent(type, id);
    },
  },
};

/** Removing an already-visited callback re-invokes one callback and skips another. */
export const mutant: Mutant = {
  name: 'swapRemoval',
  targets: 'EVT-6',
  description: 'removal during a notify pass swaps the last callback into the hole (C defect): an earlier removal re-invokes one callback and skips another',
  seams,
};
