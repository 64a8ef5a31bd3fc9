/**
 * EVT-9 mutant: the notify pass continues after a callback throws.
 * @module
 */
import { ScenarioEvent, type ReferenceSeams, type CoreArea } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An event whose pass ignores pending exceptions. */
class ContinuingEvent extends ScenarioEvent {
  protected override stopsOnException(): boolean {
    return false;
  }
}

/** The runtime creating such events. */
const seams: ReferenceSeams = {
  core: {
    createEvent(area: CoreArea, type: 'trigger' | 'future', id: string): ScenarioEvent {
      return new ContinuingEvent(type, id);
    },
  },
};

/** Callbacks after a throwing one are still invoked. */
export const mutant: Mutant = {
  name: 'passContinuesAfterThrow',
  targets: 'EVT-9',
  description: 'the notify pass continues after a callback throws',
  seams,
};
