/**
 * EVT-12 mutant: a late awaiter of a settled future or finished coroutine gets `null`.
 * @module
 */
import { ReferenceRuntime, type AsyncEvent, type Outcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Replay drops the stored value (errors are still replayed). */
class NoReplayValueRuntime extends ReferenceRuntime {
  protected override replayOutcome(event: AsyncEvent): Outcome {
    const outcome = super.replayOutcome(event);
    return outcome.kind === 'value' ? { kind: 'value', value: null } : outcome;
  }
}

/** Awaiting an already-settled event returns null. */
export const mutant: Mutant = {
  name: 'noReplayValue',
  targets: 'EVT-12',
  description: 'awaiting an already-settled future or finished coroutine returns null instead of its stored value',
  Runtime: NoReplayValueRuntime,
};
