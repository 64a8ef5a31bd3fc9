/**
 * Coroutine: one TrueAsync coroutine from `spawn` to completion.
 *
 * @remarks Models the flags `STARTED`, `CANCELLED`, `ZOMBIE`, `PROTECTED`,
 * `F_CLOSED`, the waker status, the stored outcome and `finally()` handlers:
 * the coroutine's transition table with the cancel algorithm
 * (self-cancel, protection and deferred cancellation, cancel before start →
 * `IGNORED`, `is_safely` → zombie). {@link predicates} implements the C
 * formulas of the `is*()` methods (COR-6, a decision recorded in the catalogue) and
 * {@link finishOutcome} the exception precedence at finish (COR-4).
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
export * from './model.js';
export * from './predicates.js';
export * from './requirements.js';
export * from './machine.js';
export * from './invariants.js';
