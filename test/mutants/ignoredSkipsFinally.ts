/**
 * CAN-10 mutant (`finally-once`): a coroutine cancelled before it started never runs its finally handlers.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** Finishing an `IGNORED` coroutine drops its finally handlers. */
class IgnoredSkipsFinallyRuntime extends ReferenceRuntime {
  protected override finishIgnored(co: Coroutine): void {
    co.finallyHandlers.splice(0);
    super.finishIgnored(co);
  }
}

/** The cancelled-before-start path loses finally() handlers. */
export const mutant: Mutant = {
  name: 'ignoredSkipsFinally',
  targets: 'CAN-10',
  description: 'finally() handlers of a coroutine cancelled before it started never run',
  caughtBy: { id: 'CAN-10', aspect: 'finally-once' },
  Runtime: IgnoredSkipsFinallyRuntime,
};
