/**
 * Scope: structured concurrency over a small forest of `Async\Scope`s.
 *
 * @remarks Models the tree and safety defaults (SCP-1, SCP-2), spawn guards
 * (SCP-3, SCP-8), `cancel`/`dispose`/`disposeSafely` and their cascade —
 * flags pre-order, children before own coroutines, not-started coroutines
 * ignored, started ones zombies in safe mode (SCP-4..7, SCP-10, decisions
 * a decision recorded in the catalogue) — self-cancellation (SCP-20), `disposeAfterTimeout` (SCP-11),
 * fail-together exception handling with exception and child-scope handlers
 * (SCP-14), zombie accounting (SCP-18), disposal (SCP-12), scope finally
 * handlers (SCP-16), the disposed-object errors (SCP-19) and the C
 * predicates `isFinished`/`isClosed`/`isCancelled` (SCP-9).
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
export * from './model.js';
export * from './requirements.js';
export * from './tree.js';
export * from './cascade.js';
export * from './machine.js';
export * from './invariants.js';
export * as scopeLifecycle from './lifecycle.js';
