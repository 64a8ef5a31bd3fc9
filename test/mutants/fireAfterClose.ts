/**
 * EVT-11 mutant: firing a closed trigger still notifies its callbacks.
 * @module
 */
import { ReferenceRuntime } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** `trigger.fire` ignores `closed`. */
class FireAfterCloseRuntime extends ReferenceRuntime {
  protected override canFire(): boolean {
    return true;
  }
}

/** Closed is not terminal for `fire`. */
export const mutant: Mutant = {
  name: 'fireAfterClose',
  targets: 'EVT-11',
  description: 'firing a closed trigger still notifies its callbacks',
  Runtime: FireAfterCloseRuntime,
};
