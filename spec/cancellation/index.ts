/**
 * Cancellation: the cancel algorithm of `async_coroutine_cancel` on one
 * coroutine.
 *
 * @remarks Models cancellation before start (`IGNORED`, the body never
 * runs), while parked (the cancellation is thrown at the suspension point)
 * and after completion (no effect) (CAN-2); self-cancellation, which only
 * stores the cancellation (CAN-3, a decision recorded in the catalogue); the first reason winning
 * and non-cancellations overriding an unwinding cancellation (CAN-4);
 * `protect()` deferring cancellations (CAN-5) with one boolean flag, so
 * leaving a nested block unprotects the outer one (CAN-6, a decision recorded in the catalogue);
 * safe (zombie) cancels; completion, where an uncaught cancellation is not
 * an error (CAN-7); the predicate lattice (CAN-8); and system cancellations
 * that clear `PROTECTED` first (CAN-11).
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 * @module
 */
export * from './model.js';
export * from './requirements.js';
export * from './machine.js';
export * from './invariants.js';
