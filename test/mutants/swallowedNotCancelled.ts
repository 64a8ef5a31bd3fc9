/**
 * CAN-7 mutant: a coroutine that caught its cancellation and returned is no longer reported cancelled.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { Outcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Completing with a value clears `CANCELLED`. */
class SwallowedNotCancelledRuntime extends ReferenceRuntime {
  protected override completeCoroutine(co: Coroutine, outcome: Outcome): void {
    if (outcome.kind === 'value') co.cancelled = false;
    super.completeCoroutine(co, outcome);
  }
}

/** A swallowed cancellation is forgotten. */
export const mutant: Mutant = {
  name: 'swallowedNotCancelled',
  targets: 'CAN-7',
  description: 'a coroutine that catches its cancellation and returns normally reports isCancelled() false',
  caughtBy: { id: 'CAN-7' },
  Runtime: SwallowedNotCancelledRuntime,
};
