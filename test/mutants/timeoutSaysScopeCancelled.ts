/**
 * CAN-12 mutant: disposeAfterTimeout cancels with the generic scope message.
 * @module
 */
import { makeError, MESSAGES, type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The timeout's cancellation reaches the coroutines as `AsyncCancellation("Scope was cancelled")`. */
const seams: ReferenceSeams = {
  scope: {
    userCancelScope(area: ScopeArea, scope: Scope, cancellation: ErrorValue, safe: boolean): void {
      const swapped = cancellation.message === MESSAGES.scopeTimeout ? makeError('Async\\AsyncCancellation', MESSAGES.scopeCancelled) : cancellation;
      scopeSeams.userCancelScope(area, scope, swapped, safe);
    },
  },
};

/** The wrong default message. */
export const mutant: Mutant = {
  name: 'timeoutSaysScopeCancelled',
  targets: 'CAN-12',
  description: 'a scope disposed by disposeAfterTimeout cancels its coroutines with "Scope was cancelled" instead of "Scope has been disposed due to timeout"',
  caughtBy: { id: 'CAN-12' },
  seams,
};
