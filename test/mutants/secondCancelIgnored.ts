/**
 * SCP-7 mutant: a second cancel of a cancelled scope does not close it.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Only a drained scope is closed at once. */
class SecondCancelIgnoredRuntime extends ReferenceRuntime {
  protected override closesAtOnce(scope: Scope): boolean {
    return scope.drained;
  }
}

/** Cancel()/dispose*() on an already cancelled scope whose coroutines still run cancels it again instead of closing it. */
export const mutant: Mutant = {
  name: 'secondCancelIgnored',
  targets: 'SCP-7',
  description: 'cancel()/dispose*() on an already cancelled scope whose coroutines still run cancels it again instead of closing it',
  Runtime: SecondCancelIgnoredRuntime,
};
