/**
 * EVT-12 mutant: a late awaiter of a settled future or finished coroutine gets `null`.
 * @module
 */
import { type AsyncEvent, type Outcome, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Replay drops the stored value (errors are still replayed). */
const seams: ReferenceSeams = {
  kernel: {
    replayOutcome(kernel: Kernel, event: AsyncEvent): Outcome {
      const outcome = kernelSeams.replayOutcome(kernel, event);
      return outcome.kind === 'value' ? { kind: 'value', value: null } : outcome;
    },
  },
};

/** Awaiting an already-settled event returns null. */
export const mutant: Mutant = {
  name: 'noReplayValue',
  targets: 'EVT-12',
  description: 'awaiting an already-settled future or finished coroutine returns null instead of its stored value',
  seams,
};
