/**
 * CAN-6 mutant: nested protect blocks nest (a depth counter instead of C's flag).
 * @module
 */
import { kernelSeams, type Coroutine, type Kernel, type ReferenceSeams } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** The `protect` depth of each coroutine (coroutines are per run, so the map is too). */
const depth = new WeakMap<Coroutine, number>();

/** `PROTECTED` is a depth: leaving an inner block keeps the outer one protected and defers delivery to the outermost exit (the enter and exit seams of `protect`). */
const seams: ReferenceSeams = {
  kernel: {
    enterProtect(kernel: Kernel, co: Coroutine): void {
      depth.set(co, (depth.get(co) ?? 0) + 1);
      kernelSeams.enterProtect(kernel, co);
    },
    exitProtect(kernel: Kernel, co: Coroutine, inFlight: ErrorValue | undefined): ErrorValue | undefined {
      const d = (depth.get(co) ?? 1) - 1;
      depth.set(co, d);
      if (d > 0 && co.protectedFlag) return undefined;
      return kernelSeams.exitProtect(kernel, co, inFlight);
    },
  },
};

/** The "safer" semantics the catalogue leaves to the implementation (CAN-6). */
export const mutant: Mutant = {
  name: 'nestedProtectCounts',
  targets: 'CAN-6',
  description: 'nested protect() blocks count depth: leaving the inner block keeps the outer one protected (the cancellation is thrown at the outer exit), unlike C\'s single flag',
  caughtBy: { id: 'CAN-6' },
  seams,
};
