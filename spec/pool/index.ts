/**
 * Pool: `Async\Pool`, TrueAsync's resource pool.
 *
 * @remarks Models the idle ring (FIFO), `active_count` and
 * `reserved_count`, the FIFO waiter queue with reservations (strict hand-off,
 * no barging), hooks and a factory that may suspend, the hidden healthcheck
 * timer, close and the breaker gate — the normative algorithms of `pool.c`, which follow the C code where the diagrams differ: a failing factory
 * throws instead of waiting (a decision recorded in the catalogue) and `active_count` drops after
 * `beforeRelease` (a decision recorded in the catalogue). A foreign `release()` throws, as the
 * reference runtime decides (a decision recorded in the catalogue). The breaker's own
 * semantics are in `spec/circuitBreaker`. The system model's pools are this
 * machine's states, driven action by action.
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
export * from './model.js';
export * from './errors.js';
export * from './attempt.js';
export * from './lifecycle.js';
export * from './canonical.js';
export * from './requirements.js';
export * from './machine.js';
export * from './invariants.js';
