/**
 * Requirements of the coroutine model (COR-1..12).
 * @module
 */
import { docsPage, extSource, requirementTable } from '../kernel/requirement.js';

/** Every COR requirement: the single source of truth for the coroutine IDs. */
export const requirements = requirementTable([
  {
    id: 'COR-1',
    title: 'spawn registers the coroutine, marks it QUEUED and pushes it to the tail (head if priority>0); its body does not run before the spawner suspends',
    source: extSource('tests/spawn/002-spawn_multiple_coroutines.phpt'),
    kind: 'observable',
  },
  {
    id: 'COR-2',
    title: 'The spawn target scope is explicit scope > provider scope > current scope > main scope; spawning into a closed scope throws AsyncException',
    source: docsPage('reference/spawn'),
    kind: 'spec-only',
    reason: 'scope providers and SpawnStrategy are not in the scenario language; the observable parts (explicit scope, current scope, closed-scope error) are checked under SCP-1 and SCP-3',
  },
  {
    id: 'COR-3',
    title: 'Once finished, result and exception never change: repeated await gives the same outcome and cancel() is a no-op',
    source: extSource('tests/await/068-await_multiple_times.phpt'),
    kind: 'observable',
  },
  {
    id: 'COR-4',
    title: 'At finish a non-cancellation exception replaces a stored exception, chaining it as previous; a cancellation never replaces a stored exception',
    source: extSource('coroutine.c'),
    kind: 'observable',
  },
  {
    id: 'COR-5',
    title: 'On completion, in order: F_CLOSED, FINISH handlers, awaiters notified, finally handlers scheduled, waker destroyed, scope notified, unregistered',
    source: extSource('coroutine.c'),
    kind: 'observable',
  },
  {
    id: 'COR-6',
    title: 'Predicates stay consistent: completed ⇒ ¬running ∧ ¬suspended; cancelled ⇒ completed; cancellation requested ⇒ ¬completed',
    source: docsPage('components/coroutines'),
    kind: 'observable',
    decision: 'The docs and the C code disagree on isRunning() of a suspended coroutine; the spec follows C, and properties assert only the cases both agree on.',
  },
  {
    id: 'COR-7',
    title: 'finally() on a finished coroutine runs the handler at once; otherwise handlers run after completion in registration order',
    source: extSource('coroutine.c'),
    kind: 'observable',
    decision: "The docs (reference/coroutine/on-finally) say only 'after completion'; the spec follows coroutine.c's async_call_finally_handlers: the handlers run in an iterator coroutine finally:<id> spawned at the head of the queue (priority 1) in a new child scope of the coroutine's scope, where it counts as active until it has run, so that scope's awaitCompletion waiters and its own finally handlers come after them.",
  },
  {
    id: 'COR-8',
    title: 'An uncaught non-cancellation exception not consumed by an awaiter is rethrown at completion when no outside reference exists, else stored for a later await',
    source: extSource('coroutine.c'),
    kind: 'spec-only',
    reason: 'the fate depends on PHP object reference counts of the coroutine object, which v1 scenarios do not model',
  },
  {
    id: 'COR-9',
    title: 'Switch handlers are called ENTER after every resume, LEAVE before every suspend and FINISH once at completion',
    source: extSource('scheduler.c'),
    kind: 'spec-only',
    reason: 'switch handlers are a C API (zend_coroutine_add_switch_handler); PHP code cannot register them',
  },
  {
    id: 'COR-10',
    title: 'The internal context is C-only and released at completion, before finally handlers run',
    source: extSource('coroutine.c'),
    kind: 'spec-only',
    reason: 'the internal context API (zend_async_internal_context_*) is C-only and never visible from PHP',
  },
  {
    id: 'COR-11',
    title: 'cancel() accepts only ?AsyncCancellation; any other argument throws TypeError',
    source: extSource('tests/coroutine/034-coroutine_cancel_invalid_exception.phpt'),
    kind: 'spec-only',
    reason: 'scenario cancel instructions always build an AsyncCancellation; a wrongly typed argument cannot be expressed',
  },
  {
    id: 'COR-12',
    title: 'getSpawnLocation() is the "file:line" of the spawn call; the info string names the spawn and suspend locations',
    source: docsPage('reference/coroutine/get-spawn-location'),
    kind: 'spec-only',
    reason: 'spawn locations are PHP file/line pairs; scenario language v1 has no instruction that queries them',
  },
]);
