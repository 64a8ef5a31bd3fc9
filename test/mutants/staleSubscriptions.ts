/**
 * WAK-2 mutant: a woken coroutine keeps its other subscriptions.
 * @module
 */
import type { ReferenceSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Waking does not unsubscribe. */
const seams: ReferenceSeams = {
  kernel: { releaseSubscriptionsOnWake(): void {} },
};

/** A later fire of an event it no longer waits on wakes it again. */
export const mutant: Mutant = {
  name: 'staleSubscriptions',
  targets: 'WAK-2',
  description: 'when a coroutine is woken its other subscriptions are not removed, so a later fire of an event it no longer waits on wakes it again',
  seams,
};
