/**
 * WAK-3 mutant: a pending result beats a pending error on resumption.
 * @module
 */
import { ReferenceRuntime, type Coroutine, type WakeOutcome } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The result is delivered even when an error (a cancellation) is pending. */
class ResultBeatsErrorRuntime extends ReferenceRuntime {
  protected override resumeOutcome(co: Coroutine): WakeOutcome {
    const value = co.waker.result;
    if (value === undefined) return super.resumeOutcome(co);
    co.waker.clear();
    return { value };
  }
}

/** Woken with a value, then cancelled before it runs: gets the value. */
export const mutant: Mutant = {
  name: 'resultBeatsError',
  targets: 'WAK-3',
  description: 'a coroutine woken with a value and cancelled before it runs gets the value instead of the cancellation',
  Runtime: ResultBeatsErrorRuntime,
};
