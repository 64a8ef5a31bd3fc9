/**
 * SCP-10 mutant: the default scope cancellation reaches coroutines as "Coroutine cancelled".
 * @module
 */
import { MESSAGES, makeError, type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The cascade swaps the default scope cancellation for the coroutine default. */
const seams: ReferenceSeams = {
  scope: {
    cascadeScopeCancel(area: ScopeArea, scope: Scope, cancellation: ErrorValue, safe: boolean): void {
      const swapped = cancellation.message === MESSAGES.scopeCancelled ? makeError('Async\\AsyncCancellation', MESSAGES.coroutineCancelled) : cancellation;
      scopeSeams.cascadeScopeCancel(area, scope, swapped, safe);
    },
  },
};

/** Cancel()/dispose() without a reason cancel the scope's coroutines with AsyncCancellation("Coroutine cancelled") instead of the scope's "Scope was cancelled". */
export const mutant: Mutant = {
  name: 'defaultCoroutineReason',
  targets: 'SCP-10',
  description: 'cancel()/dispose() without a reason cancel the scope\'s coroutines with AsyncCancellation("Coroutine cancelled") instead of the scope\'s "Scope was cancelled"',
  seams,
};
