/**
 * Pool: `Async\Pool`, TrueAsync's resource pool.
 *
 * @remarks Models the idle ring (FIFO), `active_count` and
 * `reserved_count`, the FIFO waiter queue with reservations (strict hand-off,
 * no barging), hooks and a factory that may suspend, the hidden healthcheck
 * timer, close and the breaker gate — the normative algorithms of digest
 * §7.3, which follow the C code where the diagrams differ: a failing factory
 * throws instead of waiting (register §12 #4) and `active_count` drops after
 * `beforeRelease` (register §12 #31). A foreign `release()` throws, as the
 * reference runtime decides (register §12 #25). The breaker's own
 * semantics are in `spec/circuitBreaker`.
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
