/**
 * SCP-11 mutant: disposeAfterTimeout fires 1 ms late.
 * @module
 */
import { type Scope, type ReferenceSeams, type ScopeArea, scopeSeams } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** The timer is armed for ms + 1. */
const seams: ReferenceSeams = {
  scope: {
    disposeAfterTimeout(area: ScopeArea, scope: Scope, ms: number): void {
      scopeSeams.disposeAfterTimeout(area, scope, ms + 1);
    },
  },
};

/** DisposeAfterTimeout(ms) cancels the scope at now+ms+1 instead of now+ms. */
export const mutant: Mutant = {
  name: 'lateScopeTimeout',
  targets: 'SCP-11',
  description: 'disposeAfterTimeout(ms) cancels the scope at now+ms+1 instead of now+ms',
  seams,
};
