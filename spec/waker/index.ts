/**
 * Waker: how a coroutine waits for events and is woken.
 *
 * @remarks Models the waker embedded in one coroutine — statuses `NO_STATUS`,
 * `WAITING`, `QUEUED`, `IGNORED`, `RESULT` and the waker's transition table — together with its one-shot events, its slot in the run queue
 * (WAK-1) and the scheduler-context flag that defers event cleanup (WAK-2).
 * The standard callbacks (`resolve`, `cancel`, `timeout`, WAK-8), first-wins
 * results (WAK-4), error merging (WAK-5: {@link mergeResumeError},
 * {@link applyCancellation}), misuse errors (WAK-6, WAK-7), the fast path
 * (SCH-5) and the closed-before-suspend replay (EVT-14) are all here.
 * `IGNORED` follows the C code: a not-started coroutine that was cancelled
 * (a decision recorded in the catalogue).
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
export * from './model.js';
export * from './mergeErrors.js';
export * from './requirements.js';
export * from './machine.js';
export * from './invariants.js';
