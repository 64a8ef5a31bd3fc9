/**
 * COR-4 mutant: a stored self-cancellation beats an escaping error.
 * @module
 */
import { type Coroutine, type Outcome, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Any escaping error is replaced by the stored cancellation. */
const seams: ReferenceSeams = {
  kernel: {
    finalOutcome(kernel: Kernel, co: Coroutine, raw: Outcome): Outcome {
      if (co.storedException !== undefined && raw.kind === 'error') return { kind: 'error', error: co.storedException };
      return kernelSeams.finalOutcome(kernel, co, raw);
    },
  },
};

/** A self-cancelled coroutine that throws ends with the cancellation. */
export const mutant: Mutant = {
  name: 'cancellationOverridesThrow',
  targets: 'COR-4',
  description: 'a self-cancelled coroutine that then throws ends with the cancellation, not the thrown error',
  seams,
};
