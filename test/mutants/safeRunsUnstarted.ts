/**
 * SCP-5 mutant: a safe cascade lets not-started coroutines run.
 * @module
 */
import { type Coroutine, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** In safe mode a not-started coroutine becomes a zombie instead of being cancelled. */
const seams: ReferenceSeams = {
  kernel: {
    cancelCoroutine(kernel: Kernel, target: Coroutine, cancellation: ErrorValue, safe = false): void {
      if (safe && !target.started && !target.finished && target !== kernel.current) {
        kernel.home.markZombie(target);
        return;
      }
      kernelSeams.cancelCoroutine(kernel, target, cancellation, safe);
    },
  },
};

/** A cascade in safe mode makes not-started coroutines zombies, so their bodies run. */
export const mutant: Mutant = {
  name: 'safeRunsUnstarted',
  targets: 'SCP-5',
  description: 'a cascade in safe mode makes not-started coroutines zombies, so their bodies run',
  seams,
};
