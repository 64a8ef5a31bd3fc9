/**
 * CAN-2 mutant: a coroutine cancelled before it started completes normally.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** An `IGNORED` coroutine is finished with `null` instead of its cancellation. */
class IgnoredCompletesNormallyRuntime extends ReferenceRuntime {
  protected override finishIgnored(co: Coroutine): void {
    this.completeCoroutine(co, { kind: 'value', value: null });
  }
}

/** Cancel-before-start loses the cancellation. */
export const mutant: Mutant = {
  name: 'ignoredCompletesNormally',
  targets: 'CAN-2',
  description: 'a coroutine cancelled before it started never runs but completes with null, so await does not throw the cancellation',
  caughtBy: { id: 'CAN-2' },
  Runtime: IgnoredCompletesNormallyRuntime,
};
