/**
 * Requirements of the event model (EVT-1..16).
 * @module
 */
import { extSource, requirementTable } from '../kernel/requirement.js';

/** The TrueAsync architecture page on events (the event lifecycle, flags and callbacks). */
export const EVENTS_PAGE = 'https://true-async.github.io/en/architecture/events.html';

/** Every EVT requirement: the single source of truth for the event IDs. */
export const requirements = requirementTable([
  {
    id: 'EVT-1',
    title: 'An event is disposed exactly once, when its ownership count drops from 1 to 0; loop_ref_count never influences disposal',
    source: EVENTS_PAGE,
    kind: 'spec-only',
    reason: 'ref_count and dispose() are C-internal state of zend_async_event_t; scenario code cannot count references or disposals',
  },
  {
    id: 'EVT-2',
    title: 'A reactor handle is armed iff loop_ref_count > 0 and the event is not CLOSED; start/stop on a CLOSED event are no-ops',
    source: extSource('libuv_reactor.c'),
    kind: 'spec-only',
    reason: 'loop_ref_count and the armed libuv handle are C-internal reactor state',
  },
  {
    id: 'EVT-3',
    title: 'active_event_count equals the number of armed, non-hidden reactor events and never goes negative',
    source: EVENTS_PAGE,
    kind: 'spec-only',
    reason: 'active_event_count is a C-internal global counter with no PHP API',
  },
  {
    id: 'EVT-4',
    title: 'An F_HIDDEN event never contributes to active_event_count, so it never keeps the loop alive nor prevents deadlock detection',
    source: extSource('pool.c'),
    kind: 'spec-only',
    reason: 'the F_HIDDEN flag and active_event_count are C-internal; v1 scenarios have no hidden timers (pool healthchecks arrive with the pool extension)',
  },
  {
    id: 'EVT-5',
    title: 'A callback\'s ref_count equals the number of containers holding it; it is freed only by its last holder, and a dispose at 0 is a no-op',
    source: EVENTS_PAGE,
    kind: 'spec-only',
    reason: 'zend_async_event_callback_t.ref_count is C-internal state of callback vectors and wait queues',
  },
  {
    id: 'EVT-6',
    title: 'In a notify pass every callback present when the pass reaches it and not removed before its turn is invoked exactly once; a callback removed before its turn is not invoked',
    source: EVENTS_PAGE,
    kind: 'observable',
    decision: 'C removes a callback during a notify pass by swapping the last one into its place, which can re-invoke or skip callbacks; the spec states the intended guarantee (each present, unremoved callback exactly once, in order).',
  },
  {
    id: 'EVT-7',
    title: 'Callbacks added during a notify pass are invoked in the same pass (the vector length is re-read)',
    source: EVENTS_PAGE,
    kind: 'spec-only',
    reason: 'the outcome is an implementation detail that properties must not rely on',
  },
  {
    id: 'EVT-8',
    title: 'A nested notify of the same event is refused with E_CORE_WARNING "Concurrent callback iteration detected - nested notify() calls are not allowed"; the outer pass continues',
    source: EVENTS_PAGE,
    kind: 'observable',
  },
  {
    id: 'EVT-9',
    title: 'If a callback leaves an exception pending, the remaining callbacks of that notify pass are not invoked',
    source: EVENTS_PAGE,
    kind: 'observable',
  },
  {
    id: 'EVT-10',
    title: 'An event is not freed while its notify pass runs (the pass holds a temporary reference)',
    source: EVENTS_PAGE,
    kind: 'spec-only',
    reason: 'the temporary reference taken by zend_async_callbacks_notify is C-internal ref_count state',
  },
  {
    id: 'EVT-11',
    title: 'F_CLOSED is never cleared; subscribing to a closed event through a waker throws Error("The event cannot be used after it has been terminated")',
    source: EVENTS_PAGE,
    kind: 'observable',
  },
  {
    id: 'EVT-12',
    title: 'Only result-bearing events replay: replay delivers the stored outcome synchronously; a coroutine refuses replay while unfinished',
    source: extSource('coroutine.c'),
    kind: 'observable',
  },
  {
    id: 'EVT-13',
    title: 'Awaiting an already-closed event never suspends: a replayable event returns/throws its stored outcome, any other yields E_CORE_WARNING and null',
    source: extSource('tests/await/067-await_completed_coroutine.phpt'),
    kind: 'observable',
  },
  {
    id: 'EVT-14',
    title: 'An event that closed between subscription and suspend is replayed by the suspend, which then takes the fast path',
    source: extSource('scheduler.c'),
    kind: 'spec-only',
    reason: 'the window between zend_async_resume_when and start_waker_events lies inside one C call (start_waker_events); scenario code cannot act in it',
  },
  {
    id: 'EVT-15',
    title: 'One-shot timers close themselves before notifying; periodic and MULTISHOT timers stay active',
    source: extSource('libuv_reactor.c'),
    kind: 'spec-only',
    reason: 'the order of F_CLOSED versus notify inside on_timer_event is C-internal; v1 scenarios have no periodic timers',
  },
  {
    id: 'EVT-16',
    title: 'A PHP object may hold an event reference (F_REFERENCE) instead of embedding the event; their lifetimes are then independent',
    source: EVENTS_PAGE,
    kind: 'spec-only',
    reason: 'F_REFERENCE is a C memory-layout choice (zend_async_event_ref_t); it has no PHP-visible effect',
  },
]);
