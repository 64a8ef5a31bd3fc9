/**
 * SCP-20 mutant: a coroutine cancelling its own scope is interrupted at its next suspension.
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** Self-cancellation also applies the cancellation to the waker. */
class SelfScopeCancelInterruptsRuntime extends ReferenceRuntime {
  protected override cancelSelf(target: Coroutine, cancellation: ErrorValue): void {
    super.cancelSelf(target, cancellation);
    this.applyCancellation(target, cancellation);
  }
}

/** A coroutine that cancels its own scope gets the cancellation thrown at its next suspension. */
export const mutant: Mutant = {
  name: 'selfScopeCancelInterrupts',
  targets: 'SCP-20',
  description: 'a coroutine that cancels its own scope gets the cancellation thrown at its next suspension',
  Runtime: SelfScopeCancelInterruptsRuntime,
};
