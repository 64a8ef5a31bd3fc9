/**
 * EVT-11 mutant: firing a closed trigger still notifies its callbacks.
 * @module
 */
import type { CoreArea, ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** `trigger.fire` ignores `closed`. */
const seams: ReferenceSeams = {
  core: {
    canFire(area: CoreArea): boolean {
      return true;
    },
  },
};

/** Closed is not terminal for `fire`. */
export const mutant: Mutant = {
  name: 'fireAfterClose',
  targets: 'EVT-11',
  description: 'firing a closed trigger still notifies its callbacks',
  seams,
};
