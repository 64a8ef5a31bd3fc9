/**
 * COR-4 mutant: a stored self-cancellation beats an escaping error.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type Outcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Any escaping error is replaced by the stored cancellation. */
class CancellationOverridesThrowRuntime extends ReferenceRuntime {
  protected override finalOutcome(co: Coroutine, raw: Outcome): Outcome {
    if (co.storedException !== undefined && raw.kind === 'error') return { kind: 'error', error: co.storedException };
    return super.finalOutcome(co, raw);
  }
}

/** A self-cancelled coroutine that throws ends with the cancellation. */
export const mutant: Mutant = {
  name: 'cancellationOverridesThrow',
  targets: 'COR-4',
  description: 'a self-cancelled coroutine that then throws ends with the cancellation, not the thrown error',
  Runtime: CancellationOverridesThrowRuntime,
};
