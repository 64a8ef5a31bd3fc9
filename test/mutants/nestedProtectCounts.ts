/**
 * CAN-6 mutant: nested protect blocks nest (a depth counter instead of C's flag).
 * @module
 */
import { ReferenceRuntime, type Coroutine } from '../../reference/index.js';
import type { ErrorValue } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';

/** `PROTECTED` is a depth: leaving an inner block keeps the outer one protected and defers delivery to the outermost exit. */
class NestedProtectCountsRuntime extends ReferenceRuntime {
  private readonly depth = new Map<Coroutine, number>();

  protected override enterProtect(co: Coroutine): void {
    this.depth.set(co, (this.depth.get(co) ?? 0) + 1);
    super.enterProtect(co);
  }

  protected override exitProtect(co: Coroutine, inFlight: ErrorValue | undefined): ErrorValue | undefined {
    const d = (this.depth.get(co) ?? 1) - 1;
    this.depth.set(co, d);
    if (d > 0 && co.protectedFlag) return undefined;
    return super.exitProtect(co, inFlight);
  }
}

/** The "safer" semantics the catalogue leaves to the implementation (CAN-6). */
export const mutant: Mutant = {
  name: 'nestedProtectCounts',
  targets: 'CAN-6',
  description: 'nested protect() blocks count depth: leaving the inner block keeps the outer one protected (the cancellation is thrown at the outer exit), unlike C\'s single flag',
  caughtBy: { id: 'CAN-6' },
  Runtime: NestedProtectCountsRuntime,
};
