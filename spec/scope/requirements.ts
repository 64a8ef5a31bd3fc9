/**
 * Requirements of the scope model (SCP-1..20).
 * @module
 */
import { docsPage, extSource, requirementTable } from '../kernel/requirement.js';

/** The TrueAsync docs page on scopes. */
export const SCOPE_PAGE = docsPage('components/scope');

/** Every SCP requirement: the single source of truth for the scope IDs. */
export const requirements = requirementTable([
  {
    id: 'SCP-1',
    title: 'Scopes form a forest: Scope::inherit($p) makes the new scope a child of $p (default: the current scope, else the main scope), and a disposed scope leaves its parent',
    source: docsPage('reference/scope/inherit'),
    kind: 'observable',
  },
  {
    id: 'SCP-2',
    title: 'new Scope() is not safe; Scope::inherit() copies the parent\'s safe flag; asNotSafely() clears it and allowZombies() sets it, both returning $this',
    source: extSource('tests/scope/006-scope_allow_zombies.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCP-3',
    title: 'Spawning into a disposed scope throws AsyncException("Scope object has been disposed"); into a CLOSED scope AsyncException("Cannot spawn a coroutine in a closed scope")',
    source: extSource('tests/spawn/017-spawn_closed_scope_error.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCP-4',
    title: 'Cancelling a scope affects exactly its subtree: its CANCELLED flag is set first, then each child scope is cancelled, then its own coroutines',
    source: extSource('tests/scope/029-scope_complex_tree_cancellation.phpt'),
    kind: 'observable',
  },
  {
    id: 'SCP-5',
    title: 'A cascade cancels coroutines that have not started, whatever the safe flag: their bodies never run',
    source: extSource('coroutine.c'),
    kind: 'observable',
  },
  {
    id: 'SCP-6',
    title: 'In safe mode a cascade marks started coroutines zombie instead of cancelling them; cancel(), dispose() and the timeout use the scope\'s own safe flag, disposeSafely() is always safe',
    source: extSource('tests/scope/024-scope_awaitAfterCancellation_basic.phpt'),
    kind: 'observable',
    decision: 'The scope pages of the docs say cancel()/dispose() cancel running coroutines; the C code and scope test 024 turn them into zombies in a safe scope, disposeSafely() always does, and asNotSafely() does not change disposeSafely(); the spec follows C.',
  },
  {
    id: 'SCP-7',
    title: 'cancel()/dispose*() on a scope that is completely done (CANCELLED short-circuits) sets CLOSED and runs its finally handlers; on a CLOSED scope it does nothing',
    source: extSource('tests/scope/004-scope_status_methods.phpt'),
    kind: 'observable',
    decision: 'The RFC says a second cancel() of a cancelled scope is ignored with a warning; the C code closes the scope at once and runs its finally handlers; the spec follows C.',
  },
  {
    id: 'SCP-8',
    title: 'A cancelled scope with live coroutines is cancelled but not closed, isFinished() is true, and it still accepts spawn()',
    source: extSource('tests/edge_cases/012-awaitCompletion_on_cancelled_scope.phpt'),
    kind: 'observable',
    decision: 'The docs and the scope RFC call a cancelled scope closed; the C code blocks spawning only in a CLOSED scope; the spec follows C and marks it implementation-defined.',
  },
  {
    id: 'SCP-9',
    title: 'isFinished() = disposed ∨ CLOSED ∨ CANCELLED ∨ (no active coroutine ∧ every child finished); isClosed() = CLOSED ∨ disposed; isCancelled() = CANCELLED',
    source: docsPage('reference/scope/is-finished'),
    kind: 'observable',
  },
  {
    id: 'SCP-10',
    title: 'dispose() is a close in the scope\'s own safe mode, disposeSafely() one in safe mode; the default cancellation is AsyncCancellation("Scope was cancelled"), one object for the whole cascade',
    source: docsPage('reference/scope/dispose'),
    kind: 'observable',
  },
  {
    id: 'SCP-11',
    title: 'disposeAfterTimeout(ms) is a no-op on a disposed, closed or empty scope; otherwise the timer cancels the scope with AsyncCancellation("Scope has been disposed due to timeout") in its own safe mode',
    source: extSource('tests/scope/012-scope_dispose_after_timeout.phpt'),
    kind: 'observable',
    decision: 'The RFC disposes safely on timeout, the docs with dispose(), the C code in the scope\'s own mode; the spec follows C.',
  },
  {
    id: 'SCP-12',
    title: 'When a coroutine of a scope finishes, the completion check runs up the tree; a cancelled, drained scope whose children are disposable is disposed, children first, then its parent is tried',
    source: extSource('scope.c'),
    kind: 'observable',
  },
  {
    id: 'SCP-13',
    title: 'awaitCompletion returns at once on a disposed or closed scope, throws AsyncCancellation("The scope has been cancelled") on a cancelled one and AsyncException when the caller is inside the scope; else waits for no active coroutine (zombies not awaited)',
    source: docsPage('reference/scope/await-completion'),
    kind: 'observable',
    decision: 'The sources are silent on whether an empty child scope blocks awaitCompletion(); the spec treats an empty child scope as complete.',
  },
  {
    id: 'SCP-14',
    title: 'A coroutine\'s unhandled non-cancellation exception goes to the child-scope handler (from a child), then the exception handler; if none absorbs it the scope is cancelled (fail-together) and the error moves to the parent',
    source: extSource('tests/scope/048-scope_child_exception_handler_fires.phpt'),
    kind: 'observable',
    decision: 'The reference pages give the scope exception handler one argument and say errors are ignored; the stub and the C code pass three arguments and route errors as SCP-14 and SCP-15 state; the spec follows C.',
  },
  {
    id: 'SCP-15',
    title: 'awaitAfterCancellation throws AsyncException on a scope that is not cancelled, else waits until no active or zombie coroutine is left; errors notified meanwhile go to the error handler or are thrown',
    source: docsPage('reference/scope/await-after-cancellation'),
    kind: 'observable',
    decision: 'The C predicate of awaitAfterCancellation() can wake before every zombie has ended; its comment and the docs intend a full drain; the spec requires the full drain.',
  },
  {
    id: 'SCP-16',
    title: 'Scope finally handlers run once, when the scope is closed or disposed; finally() on a disposed scope calls the handler at once',
    source: extSource('tests/scope/055-scope_finally_on_disposed_scope.phpt'),
    kind: 'observable',
    decision: "A scope is not disposed while the child scope of a coroutine's finally iterator is active (scope.c's scope_can_be_disposed, coroutine.c's async_call_finally_handlers), so the spec runs a scope's own finally handlers after the finally handlers of its coroutines.",
  },
  {
    id: 'SCP-17',
    title: 'Destroying the Scope object disposes the internal scope if possible, else cancels it with AsyncCancellation("Scope is being disposed due to object destruction")',
    source: extSource('tests/scope/053-scope_destroy_with_active_coroutines.phpt'),
    kind: 'spec-only',
    reason: 'scenarios hold every Scope object until the end of the run, so object destruction never happens while the scenario can observe it',
  },
  {
    id: 'SCP-18',
    title: 'A zombie keeps running and stays registered but counts neither as active nor for awaitCompletion or isFinished; a coroutine becomes a zombie at most once; there is no zombie timeout',
    source: docsPage('components/zombie-coroutines'),
    kind: 'observable',
    decision: 'The RFC describes a zombie timeout setting and warnings; the C code has neither; the spec has neither.',
  },
  {
    id: 'SCP-19',
    title: 'Scope::inherit() from a disposed scope and set*ExceptionHandler() on a disposed scope throw AsyncException; cancel() on a disposed scope does nothing',
    source: extSource('scope.c'),
    kind: 'observable',
  },
  {
    id: 'SCP-20',
    title: 'A coroutine cancelling its own scope is only marked cancelled: it keeps running, is not interrupted at its next suspension and completes with the cancellation',
    source: extSource('tests/scope/035-scope_self_cancellation.phpt'),
    kind: 'observable',
    decision: 'The docs say a coroutine that cancelled itself is interrupted at its next suspension; the RFC, the C code and scope test 035 do not interrupt it; the spec follows C: it runs on and fails with its cancellation when it finishes.',
  },
]);
