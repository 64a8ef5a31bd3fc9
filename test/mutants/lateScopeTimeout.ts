/**
 * SCP-11 mutant: disposeAfterTimeout fires 1 ms late.
 * @module
 */
import { ReferenceRuntime, type Scope } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The timer is armed for ms + 1. */
class LateScopeTimeoutRuntime extends ReferenceRuntime {
  protected override disposeAfterTimeout(scope: Scope, ms: number): void {
    super.disposeAfterTimeout(scope, ms + 1);
  }
}

/** DisposeAfterTimeout(ms) cancels the scope at now+ms+1 instead of now+ms. */
export const mutant: Mutant = {
  name: 'lateScopeTimeout',
  targets: 'SCP-11',
  description: 'disposeAfterTimeout(ms) cancels the scope at now+ms+1 instead of now+ms',
  Runtime: LateScopeTimeoutRuntime,
};
