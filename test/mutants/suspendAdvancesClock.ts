/**
 * SCH-6 mutant: `suspend()` alone in the queue fires later timers first.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type CoreArea, coreSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** With an empty queue, suspend advances the clock before re-queueing. */
const seams: ReferenceSeams = {
  core: {
    *suspendToQueue(area: CoreArea, co: Coroutine): Generator<void, void, void> {
      if (area.k.queue.isEmpty()) area.k.fireTimers();
      yield* coreSeams.suspendToQueue(area, co);
    },
  },
};

/** The empty suspend is not a no-op. */
export const mutant: Mutant = {
  name: 'suspendAdvancesClock',
  targets: 'SCH-6',
  description: 'suspend() with an otherwise empty run queue fires due-later timers (advances the clock) before resuming',
  seams,
};
