/**
 * Requirements of the waker model (WAK-1..9).
 * @module
 */
import { extSource, requirementTable } from '../kernel/requirement.js';

/** The TrueAsync architecture page on the waker. */
export const WAKER_PAGE = 'https://true-async.github.io/en/architecture/waker.html';

/** Every WAK requirement: the single source of truth for the waker IDs. */
export const requirements = requirementTable([
  {
    id: 'WAK-1',
    title: 'A coroutine is in the run queue at most once, and exactly when its waker is QUEUED or IGNORED',
    source: extSource('scheduler.c'),
    kind: 'observable',
  },
  {
    id: 'WAK-2',
    title: 'Only the first trigger of a WAITING waker enqueues the coroutine; its events are stopped and unsubscribed before it runs',
    source: extSource('coroutine.c'),
    kind: 'observable',
  },
  {
    id: 'WAK-3',
    title: "On resumption a pending waker error is thrown at the suspension point and the result ignored; otherwise await returns the result (null if undefined)",
    source: extSource('scheduler.c'),
    kind: 'observable',
  },
  {
    id: 'WAK-4',
    title: 'In a multi-event wait the first event that triggers decides the success result; later triggers cannot change it',
    source: WAKER_PAGE,
    kind: 'observable',
    decision: 'When two events resolve one waker in the same reactor pass, C overwrites the first result with the second; the sources state no rule; the spec lets the first outcome win.',
  },
  {
    id: 'WAK-5',
    title: 'resume_with_error chains a non-cancellation error over a pending one and drops a cancellation; apply_cancellation keeps a pending cancellation and otherwise replaces the error, chaining it',
    source: extSource('coroutine.c'),
    kind: 'observable',
  },
  {
    id: 'WAK-6',
    title: 'Resuming a coroutine that is not suspended throws AsyncException; executing an unresolved one is E_ERROR; finalizing a queued one is E_CORE_WARNING',
    source: extSource('coroutine.c'),
    kind: 'spec-only',
    reason: 'these are misuses of the C resume/execute/finalize API; PHP code and scenarios cannot make those calls',
  },
  {
    id: 'WAK-7',
    title: 'resume_when on a closed event throws Error("The event cannot be used after it has been terminated"); a NULL callback is E_WARNING; a failing add_callback aborts the subscription',
    source: WAKER_PAGE,
    kind: 'spec-only',
    reason: 'resume_when is the C subscription API; a scenario await on a closed event takes the replay/warning path (EVT-13) before any subscription, and NULL callbacks cannot be written in PHP',
  },
  {
    id: 'WAK-8',
    title: 'A waker may wait on an event, a timer and a token at once: the token yields OperationCanceledException, the pool timeout TimeoutException, the waker_new_with_timeout timer a plain wake-up',
    source: WAKER_PAGE,
    kind: 'observable',
  },
  {
    id: 'WAK-9',
    title: 'getSuspendFileAndLine() reports the location captured at the last suspend; [null, 0] if never suspended',
    source: extSource('coroutine.c'),
    kind: 'spec-only',
    reason: 'suspend locations are PHP file/line pairs; scenario language v1 has no instruction that queries them',
  },
]);
