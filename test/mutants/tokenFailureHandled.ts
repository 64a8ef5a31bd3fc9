/**
 * SCP-14 mutant: the failure of a coroutine used as the cancellation token
 * of an await counts as handled, as if the await had consumed it, so the
 * scope's exception handling never sees it (trace-semantics §6.5 counts only
 * the awaited target).
 * @module
 */
import type { ErrorValue, Value } from '../../conformance/adapter.js';
import { Coroutine, type AsyncEvent, type WakerSubscription, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Marks a failed token coroutine's error handled, like a failed target's. */
const seams: ReferenceSeams = {
  kernel: {
    onSubscriptionFired(kernel: Kernel, subscription: WakerSubscription, value: Value, error: ErrorValue | undefined, event: AsyncEvent): void {
      if (subscription.role === 'cancel' && error !== undefined && event instanceof Coroutine) kernel.recordHandled(event);
      kernelSeams.onSubscriptionFired(kernel, subscription, value, error, event);
    },
  },
};

/** A token coroutine's failure is swallowed by the await it cancels. */
export const mutant: Mutant = {
  name: 'tokenFailureHandled',
  targets: 'SCP-14',
  description: 'the failure of a coroutine used as an await\'s cancellation token counts as handled and skips the scope\'s exception handling',
  seams,
  caughtBy: { id: 'SCP-14' },
};
