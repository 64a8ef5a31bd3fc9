/**
 * Requirements of the cancellation model (CAN-1..12).
 * @module
 */
import { docsPage, extSource, requirementTable } from '../kernel/requirement.js';

/** The TrueAsync docs page on cancellation. */
export const CANCELLATION_PAGE = docsPage('components/cancellation');

/** Every CAN requirement: the single source of truth for the cancellation IDs. */
export const requirements = requirementTable([
  {
    id: 'CAN-1',
    title: 'A cancellation is neither an \\Exception nor an \\Error: catch (\\Exception) and catch (\\Error) never catch it; cancel() accepts only ?AsyncCancellation',
    source: extSource('tests/coroutine/034-coroutine_cancel_invalid_exception.phpt'),
    kind: 'observable',
    decision: 'The stub types Scope::cancel()\'s argument as ?AsyncCancellation while the C argument parsing accepts any object; the spec requires an AsyncCancellation.',
  },
  {
    id: 'CAN-2',
    title: 'Cancelled before start the body never runs and await throws the cancellation; cancelled while parked it resumes by throwing at the suspension point; cancelled after completion nothing changes',
    source: extSource('tests/coroutine/006-coroutine_cancel_basic.phpt'),
    kind: 'observable',
  },
  {
    id: 'CAN-3',
    title: 'A running coroutine that cancels itself continues; nothing is thrown at later suspensions and it completes with the stored cancellation',
    source: extSource('tests/scope/035-scope_self_cancellation.phpt'),
    kind: 'observable',
    decision: 'The docs say a coroutine that cancelled itself is interrupted at its next suspension; the RFC, the C code and scope test 035 do not interrupt it; the spec follows C: it runs on and fails with its cancellation when it finishes.',
  },
  {
    id: 'CAN-4',
    title: 'The first cancellation reason wins over later ones; a non-cancellation exception raised while unwinding overrides the cancellation, which stays in its previous chain',
    source: extSource('tests/protect/006-protect_multiple_cancellation.phpt'),
    kind: 'observable',
  },
  {
    id: 'CAN-5',
    title: 'Inside protect() cancellations are deferred (requested, not cancelled); when the closure ends the first deferred cancellation is thrown from protect() and the coroutine is marked cancelled',
    source: extSource('tests/protect/004-protect_cancellation_deferred.phpt'),
    kind: 'observable',
  },
  {
    id: 'CAN-6',
    title: 'PROTECTED is one flag: leaving a nested protect() unprotects the outer block and delivers a deferred cancellation at the inner exit (implementation-defined)',
    source: extSource('tests/protect/003-protect_nested.phpt'),
    kind: 'observable',
    decision: 'C keeps one PROTECTED flag rather than a nesting count, so leaving an inner protect unprotects the outer block; the spec follows C and marks the behaviour implementation-defined.',
  },
  {
    id: 'CAN-7',
    title: 'An uncaught cancellation ends its coroutine silently (no scope propagation, no fatal) but await rethrows it; a caught one lets the coroutine return while isCancelled() stays true',
    source: extSource('tests/spawn/008-spawn_cancellation_exception.phpt'),
    kind: 'observable',
  },
  {
    id: 'CAN-8',
    title: 'isCancellationRequested ⇔ (CANCELLED ∧ ¬finished) ∨ a deferred cancellation; isCancelled ⇔ CANCELLED ∧ finished; never both',
    source: extSource('tests/coroutine/029-coroutine_deferred_cancellation_basic.phpt'),
    kind: 'observable',
  },
  {
    id: 'CAN-9',
    title: 'A fired token or timeout makes await throw OperationCanceledException("Operation has been cancelled") with the token\'s exception as previous; the awaited operation is not cancelled',
    source: extSource('tests/await/069-await_manual_vs_timeout_cancel.phpt'),
    kind: 'observable',
  },
  {
    id: 'CAN-10',
    title: 'A cancellation is an ordinary throw: catch and finally blocks run, and Coroutine::finally() handlers run after completion, also for coroutines cancelled before start',
    source: extSource('tests/scope/033-scope_cancellation_finally_handlers.phpt'),
    kind: 'observable',
  },
  {
    id: 'CAN-11',
    title: 'Deadlock resolution and graceful shutdown clear PROTECTED before cancelling, so they reach a coroutine inside protect()',
    source: extSource('scheduler.c'),
    kind: 'observable',
  },
  {
    id: 'CAN-12',
    title: 'Default messages: "Coroutine cancelled", "Scope was cancelled", "Scope has been disposed due to timeout", "Deadlock detected", "Graceful shutdown", "The scope has been cancelled"',
    source: docsPage('components/cancellation'),
    kind: 'observable',
  },
]);
