/**
 * CAN-7 mutant (`silence`): a coroutine ending with an uncaught cancellation cancels its scope like an error does.
 * @module
 */
import type { Coroutine, ReferenceSeams, ScopeArea } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Cancellations reach the scope's exception handling too (fail-together on a cancellation). */
const seams: ReferenceSeams = {
  scope: {
    reachesScopeHandling(area: ScopeArea, co: Coroutine, error: ErrorValue): boolean {
      void error;
      return !co.errorHandled && !co.scope.isMain;
    },
  },
};

/** A cancelled coroutine takes its siblings down with it. */
export const mutant: Mutant = {
  name: 'cancellationFailsTogether',
  targets: 'CAN-7',
  description: 'a coroutine ending with an uncaught cancellation cancels the other coroutines of its scope (fail-together), as an error would',
  caughtBy: { id: 'SCP-14', aspect: 'silence' },
  seams,
};
