/**
 * The scope tree and the C completion predicates (SCP-9), as
 * pure functions of the machine state.
 *
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import { canBeDisposed as lifecycleCanBeDisposed } from './lifecycle.js';
import type { ScopeConfig, ScopeMachineState, ScopeRecord, ScopeSpec, ScopeStatus } from './model.js';

/** The configured scope `id`. @throws Error for an unknown id (a malformed config). */
export function specOf(config: ScopeConfig, id: string): ScopeSpec {
  const spec = config.scopes.find((s) => s.id === id);
  if (!spec) throw new Error(`scope machine: unknown scope '${id}'`);
  return spec;
}

/** The id of the root whose status is the diagram node (the first configured scope). */
export function rootOf(config: ScopeConfig): string {
  return config.scopes[0].id;
}

/** Whether scope `inner` is `outer` or one of its descendants in the configured forest. */
export function isWithin(config: ScopeConfig, inner: string, outer: string): boolean {
  for (let id: string | null = inner; id !== null; id = specOf(config, id).parent) if (id === outer) return true;
  return false;
}

/** `id` and every configured descendant, parents first. */
export function subtreeOf(config: ScopeConfig, id: string): string[] {
  return config.scopes.filter((s) => isWithin(config, s.id, id)).map((s) => s.id);
}

/** The status of one created scope: `DISPOSED` > `CLOSED` > `CANCELLED` > `OPEN`. */
export function scopeStatus(scope: ScopeRecord): ScopeStatus {
  if (scope.disposed) return 'DISPOSED';
  if (scope.closed) return 'CLOSED';
  return scope.cancelled ? 'CANCELLED' : 'OPEN';
}

const children = (s: ScopeMachineState, id: string): string[] => s.scopes[id].children;

/** `COMPLETED`: CLOSED ∨ CANCELLED ∨ (active==0 ∧ every child COMPLETED) — zombies not counted. */
export function isCompleted(state: ScopeMachineState, id: string): boolean {
  const s = state.scopes[id];
  return s.closed || s.cancelled || (s.active === 0 && children(state, id).every((c) => isCompleted(state, c)));
}

/** `COMPLETELY_DONE`: CLOSED ∨ CANCELLED ∨ (active+zombie==0 ∧ every child COMPLETELY_DONE). */
export function isCompletelyDone(state: ScopeMachineState, id: string): boolean {
  const s = state.scopes[id];
  return s.closed || s.cancelled || (s.active + s.zombies === 0 && children(state, id).every((c) => isCompletelyDone(state, c)));
}

/**
 * `CAN_BE_DISPOSED` with the object alive (scenarios hold every object):
 * CANCELLED ∧ active+zombie==0 ∧ every child can be disposed (SCP-12).
 */
export function canBeDisposed(state: ScopeMachineState, id: string): boolean {
  const s = state.scopes[id];
  return lifecycleCanBeDisposed(s, s.active + s.zombies === 0 && children(state, id).every((c) => canBeDisposed(state, c)));
}

/** `$scope->isFinished()`, `isClosed()`, `isCancelled()` (SCP-9). */
export interface ScopePredicates {
  /** Disposed, or `COMPLETED`. */
  isFinished: boolean;
  /** `CLOSED` or disposed. */
  isClosed: boolean;
  /** `CANCELLED` (the object's sticky copy after disposal). */
  isCancelled: boolean;
}

/**
 * The scope predicates, exactly the C formulas.
 *
 * @param state - the machine state.
 * @param id - a created scope.
 * @returns the three predicates.
 * SCP-9
 * @see https://true-async.github.io/en/docs/reference/scope/is-finished.html
 */
export function scopePredicates(state: ScopeMachineState, id: string): ScopePredicates {
  const s = state.scopes[id];
  return {
    isFinished: s.disposed || isCompleted(state, id),
    isClosed: s.disposed || s.closed,
    isCancelled: s.cancelled,
  };
}
