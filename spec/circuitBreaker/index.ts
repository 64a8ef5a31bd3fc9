/**
 * Circuit breaker: the `Async\CircuitBreaker` side of `Async\Pool`.
 *
 * @remarks Models the breaker states `ACTIVE`, `INACTIVE`, `RECOVERING`
 * (CB-1) under the total transition function of the C code — `activate()`,
 * `deactivate()` and `recover()` set their state from any state, register
 * a decision recorded in the catalogue (CB-2, CB-5) — the gate checked on every acquire start and retry
 * (CB-3: {@link admits}; CB-4: RECOVERING has no request limit), the one
 * report per `release()` to a strategy described as data (CB-6:
 * {@link reactTo}), strategy isolation (CB-7, checked against a fault-free
 * twin run) and the never-called `shouldRecover()` (CB-8). The pool behind
 * the gate is abstract here; `spec/pool` models it and uses {@link admits}.
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
export * from './model.js';
export * from './breaker.js';
export * from './requirements.js';
export * from './machine.js';
export * from './invariants.js';
