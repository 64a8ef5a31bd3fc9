/**
 * Types of the coroutine machine: one coroutine's flags, waker status,
 * stored outcome and finally handlers.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { ErrorValue, Value } from '../../language/values.js';

/** The configuration of the coroutine machine. */
export interface CoroutineConfig {
  /** The target scope is closed: `spawn` fails (COR-2). @defaultValue false */
  scopeClosed: boolean;
  /** The coroutine object is referenced from outside (decides COR-8). @defaultValue true */
  outsideReference: boolean;
  /** Most `finally()` handlers `explore()` registers. @defaultValue 2 */
  maxFinally: number;
  /** Longest pending-error chain for which `explore()` still offers error-adding actions. @defaultValue 2 */
  maxErrorChain: number;
}

/** The waker status of the coroutine (`ZEND_ASYNC_WAKER_STATUS`). */
export type CoroutineWakerStatus = 'NO_STATUS' | 'WAITING' | 'QUEUED' | 'IGNORED' | 'RESULT';

/** The named states of a coroutine, upper case. `ZOMBIE` is a flag over `RUNNING`/`SUSPENDED`. */
export type CoroutineStatus = 'CREATED' | 'QUEUED' | 'RUNNING' | 'SUSPENDED' | 'IGNORED' | 'COMPLETED';

/** How a coroutine ended: a value or an error. */
export type Outcome = { value: Value } | { error: ErrorValue };

/** What happened to an uncaught exception at completion (COR-8). */
export type ExceptionFate = 'none' | 'silent' | 'stored' | 'rethrown';

/** The last switch-handler call (COR-9). */
export type SwitchCall = 'ENTER' | 'LEAVE' | 'FINISH' | null;

/** The state of one coroutine. */
export interface CoroutineState {
  /** In the `coroutines` map. */
  registered: boolean;
  /** `STARTED`. */
  started: boolean;
  /** `CANCELLED`. */
  cancelled: boolean;
  /** `ZOMBIE`. */
  zombie: boolean;
  /** `PROTECTED` (inside `protect()`). */
  protected: boolean;
  /** `F_CLOSED`: finished. */
  closed: boolean;
  /** It is the current coroutine. */
  running: boolean;
  /** The waker status. */
  waker: CoroutineWakerStatus;
  /** The waker's pending error (thrown at the suspension point on resumption). */
  pendingError: ErrorValue | undefined;
  /** An error propagating through the running body. */
  inFlight: ErrorValue | undefined;
  /** `coroutine->exception`: the stored exception. */
  exception: ErrorValue | undefined;
  /** `coroutine->result` once finished. */
  result: Value | undefined;
  /** `deferred_cancellation` (CAN-5). */
  deferred: ErrorValue | undefined;
  /** Registered, not yet run `finally()` handlers. */
  finallyPending: number;
  /** The finally handlers ran. */
  finallyRan: boolean;
  /** Ghost: the outcome at the moment the coroutine closed (COR-3). */
  outcomeAtClose: Outcome | null;
  /** The fate of the exception at completion (COR-8). */
  fate: ExceptionFate;
  /** The last switch-handler call (COR-9). */
  lastSwitch: SwitchCall;
  /** Keys in the internal context (COR-10). */
  internalContext: number;
  /** `"file:line"` of the spawn call (COR-12). */
  spawnLocation: string | null;
}

/** An operation on the coroutine. */
export type CoroutineAction =
  | { type: 'spawn' }
  | { type: 'pick' }
  | { type: 'suspend' }
  | { type: 'await' }
  | { type: 'wake'; error?: ErrorValue }
  | { type: 'throw'; error: ErrorValue }
  | { type: 'catch' }
  | { type: 'protect' }
  | { type: 'unprotect' }
  | { type: 'setContext' }
  | { type: 'cancel'; error: ErrorValue; safely?: boolean }
  | { type: 'finish' }
  | { type: 'onFinally' }
  | { type: 'runFinally' };

/** What a step reports. */
export type CoroutineOutput =
  | { type: 'completed'; value: Value }
  | { type: 'failed'; error: ErrorValue }
  | { type: 'finallyCalled'; handler: number }
  | { type: 'rethrown'; error: ErrorValue };

/** The input of {@link CoroutinePredicates}: what the C predicate formulas read. */
export interface PredicateView {
  /** `STARTED`. */
  started: boolean;
  /** `CANCELLED`. */
  cancelled: boolean;
  /** `F_CLOSED`. */
  finished: boolean;
  /** The waker status (`NO_STATUS` for a running coroutine or a destroyed waker). */
  wakerStatus: CoroutineWakerStatus;
  /** A deferred cancellation is pending. */
  deferredCancellation: boolean;
}

/** The results of the `Coroutine::is*()` predicates. */
export interface CoroutinePredicates {
  /** `isStarted()`. */
  isStarted: boolean;
  /** `isQueued()`. */
  isQueued: boolean;
  /** `isRunning()`. */
  isRunning: boolean;
  /** `isSuspended()`. */
  isSuspended: boolean;
  /** `isCancelled()`. */
  isCancelled: boolean;
  /** `isCancellationRequested()`. */
  isCancellationRequested: boolean;
  /** `isCompleted()`. */
  isCompleted: boolean;
}
