/**
 * EVT-8 mutant: a nested notify on the same event runs a nested pass.
 * @module
 */
import { ScenarioEvent, type ReferenceSeams, type CoreArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An event that allows one level of nested pass (bounded so the mutant never runs away). */
class NestingEvent extends ScenarioEvent {
  protected override allowNestedPass(): boolean {
    return this.passDepth < 2;
  }
}

/** The runtime creating such events. */
const seams: ReferenceSeams = {
  core: {
    createEvent(area: CoreArea, type: 'trigger' | 'future', id: string): ScenarioEvent {
      return new NestingEvent(type, id);
    },
  },
};

/** A nested fire runs a nested pass instead of the warning. */
export const mutant: Mutant = {
  name: 'nestedNotify',
  targets: 'EVT-8',
  description: 'a nested fire of the same event during its pass runs a nested pass instead of being refused with the warning',
  seams,
};
