/**
 * Event: the `zend_async_event_t` every awaitable embeds.
 *
 * @remarks Models one reactor event with its two counters — `ref_count`
 * (ownership, EVT-1, EVT-16) and `loop_ref_count` (activity, EVT-2) — the
 * global `active_event_count` (EVT-3, EVT-4), its callback vector with
 * callback reference counts (EVT-5) and the notify pass: tombstone removal
 * (EVT-6, a decision recorded in the catalogue), appends (EVT-7), refused nested notify (EVT-8),
 * exception stop (EVT-9), self-protection (EVT-10); closing (EVT-11, EVT-15)
 * and late awaits (EVT-12, EVT-13). EVT-14 (closed before suspend) is
 * modelled by the waker machine.
 * @see https://true-async.github.io/en/architecture/events.html
 * @module
 */
export * from './model.js';
export * from './requirements.js';
export * from './machine.js';
export * from './invariants.js';
