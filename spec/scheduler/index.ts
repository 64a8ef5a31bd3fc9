/**
 * Scheduler: the run queue, microtasks and one tick of `scheduler_next_tick`.
 *
 * @remarks Models lazy launch with `main` as the first coroutine (SCH-10),
 * `coroutine_queue` with tail pushes and head pushes for priority > 0
 * (SCH-1, SCH-2, a decision recorded in the catalogue), the C-level microtask protocol (SCH-3,
 * SCH-4), one tick — microtasks, reactor, fast return (SCH-5),
 * deadlock check (SCH-8), switch — the empty suspend (SCH-6), scheduler-context
 * errors (SCH-7), graceful shutdown (SCH-9, SCH-11, a decision recorded in the catalogue), loop
 * termination (SCH-12) and silent cancellation (SCH-13).
 * @see https://true-async.github.io/en/architecture/scheduler-reactor.html
 * @module
 */
export * from './model.js';
export * from './runQueue.js';
export * from './requirements.js';
export * from './machine.js';
export * from './invariants.js';
