/**
 * COR-5 mutant: `finally()` handlers run before the completion event.
 * @module
 */
import { type Coroutine, type Outcome, type ReferenceSeams, type Kernel, kernelSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Handlers are reported synchronously, before `completed`/`failed`. */
const seams: ReferenceSeams = {
  kernel: {
    emitFinished(kernel: Kernel, co: Coroutine, outcome: Outcome): void {
      for (const handler of co.finallyHandlers.splice(0)) {
        kernel.emit(`finally:${co.id}`, { kind: 'finally', target: co.id, handler });
      }
      kernelSeams.emitFinished(kernel, co, outcome);
    },
  },
};

/** Finalize order broken. */
export const mutant: Mutant = {
  name: 'finallyBeforeCompletion',
  targets: 'COR-5',
  description: "finally handlers run before the coroutine's completed/failed event",
  seams,
};
