/**
 * Requirements of the scheduler model (SCH-1..13).
 * @module
 */
import { docsPage, extSource, requirementTable } from '../kernel/requirement.js';

/** The TrueAsync architecture page on the scheduler and the reactor. */
export const SCHEDULER_PAGE = 'https://true-async.github.io/en/architecture/scheduler-reactor.html';

/** Every SCH requirement: the single source of truth for the scheduler IDs. */
export const requirements = requirementTable([
  {
    id: 'SCH-1',
    title: 'Among normal-priority coroutines run order equals enqueue order; resume and suspend() enqueue at the tail',
    source: extSource('tests/suspend/002-suspend_execution_order.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCH-2',
    title: 'A coroutine spawned with priority>0 goes to the head of the queue; only spawn honours priority and asHiPriority() has no effect',
    source: extSource('tests/coroutine/011-coroutine_asHiPriority.phpt'),
    kind: 'observable',
    decision: 'The docs describe HI_PRIORITY / asHiPriority() for users; in C it is an internal no-op for user code; the spec treats high priority as internal-only and checks only the queue-head insertion of a high-priority spawn.',
  },
  {
    id: 'SCH-3',
    title: 'All microtasks queued before a tick run in FIFO order before that tick switches coroutines',
    source: SCHEDULER_PAGE,
    kind: 'spec-only',
    reason: 'microtasks are C-only: no PHP API adds one',
  },
  {
    id: 'SCH-4',
    title: 'add_microtask ignores a cancelled microtask, else enqueues it with ref_count++; execution calls the handler unless cancelled, drops the reference, calls dtor at 0 and stops at a pending exception',
    source: extSource('scheduler.c'),
    kind: 'spec-only',
    reason: 'microtasks are C-only: no PHP API adds, cancels or observes one',
  },
  {
    id: 'SCH-5',
    title: 'Awaiting a completed awaitable, or an event that fires while the coroutine is current in scheduler context, continues without a switch and without queueing',
    source: extSource('tests/await/084-awaitAnyOrFail_already_completed_returns_immediately.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCH-6',
    title: 'A suspend with no events and not queued returns immediately; suspend() with no other coroutines is a no-op',
    source: extSource('tests/suspend/003-suspend_without_coroutines.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCH-7',
    title: 'Suspending, suspend(), Scope::spawn or graceful_shutdown from scheduler context throw AsyncException; so do launching from a Fiber or twice',
    source: extSource('scheduler.c'),
    kind: 'spec-only',
    reason: 'the scheduler context (reactor callbacks, microtasks) is unreachable from PHP code in scenarios',
  },
  {
    id: 'SCH-8',
    title: 'Deadlock ⇔ no non-hidden active events, empty queue, no microtasks and ≥1 registered coroutine: DeadlockError becomes the exit exception and every coroutine is cancelled with "Deadlock detected"',
    source: extSource('tests/edge_cases/001-deadlock-basic-test.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCH-9',
    title: 'Graceful shutdown (idempotent) cancels every registered coroutine with AsyncCancellation("Graceful shutdown"): not started → IGNORED, started → cancelled with PROTECTED cleared',
    source: docsPage('reference/graceful-shutdown'),
    kind: 'observable',
    decision: 'The stub and the RFC (as Async\\shutdown) give graceful_shutdown() an exception argument; the C code ignores it; the spec ignores it.',
  },
  {
    id: 'SCH-10',
    title: 'The scheduler launches lazily; the script becomes the main coroutine and remaining coroutines are drained after main ends',
    source: extSource('tests/spawn/001-spawn_basic.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCH-11',
    title: 'An exception surfacing in the scheduler loop starts graceful shutdown; several are chained via previous',
    source: extSource('scheduler.c'),
    kind: 'spec-only',
    reason: 'exceptions in scheduler context come from microtasks and reactor callbacks, which scenarios cannot write',
  },
  {
    id: 'SCH-12',
    title: 'The scheduler loop ends when no coroutine is registered, no microtask is queued and no non-hidden event is active',
    source: extSource('scheduler.c'),
    kind: 'observable',
  },
  {
    id: 'SCH-13',
    title: 'A Cancellation escaping a coroutine (main included) is not reported as an error',
    source: extSource('tests/spawn/008-spawn_cancellation_exception.phpt'),
    kind: 'observable',
  },
]);
