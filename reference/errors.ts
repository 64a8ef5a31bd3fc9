/**
 * The exception class hierarchy and error values of the reference runtime.
 *
 * @remarks
 * Errors are immutable values (`{ class, message, previous? }`). Chaining a
 * `previous` always builds a new value, so an error already delivered to one
 * coroutine never changes when another one chains onto it. The hierarchy is
 * the v1 subset of `ext:exceptions.stub.php` plus PHP core's `Cancellation`
 * root (CAN-1), with the pool's two classes (digest §7, §14).
 *
 * @see https://true-async.github.io/en/docs/components/exceptions.html
 * @module
 */
import type { ErrorClass, ErrorValue } from '../conformance/adapter.js';

/**
 * The parent of every class of the v1 hierarchy (`null` for `Throwable`).
 *
 * @remarks `Cancellation` is a third root beside `Error` and `Exception`, so
 * `catch (Exception)` never catches a cancellation (CAN-1).
 */
export const PARENT_CLASS: Readonly<Record<ErrorClass, ErrorClass | null>> = {
  Throwable: null,
  Cancellation: 'Throwable',
  'Async\\AsyncCancellation': 'Cancellation',
  'Async\\OperationCanceledException': 'Async\\AsyncCancellation',
  Error: 'Throwable',
  'Async\\DeadlockError': 'Error',
  Exception: 'Throwable',
  'Async\\AsyncException': 'Exception',
  'Async\\TimeoutException': 'Exception',
  'Async\\PoolException': 'Async\\AsyncException',
  'Async\\ServiceUnavailableException': 'Async\\AsyncException',
  RuntimeException: 'Exception',
  LogicException: 'Exception',
};

/** Fixed messages of the runtime (digest §14). */
export const MESSAGES = {
  /** Default reason of `cancel`. */
  coroutineCancelled: 'Coroutine cancelled',
  /** Reason of the graceful-shutdown cancellation (SCH-9). */
  gracefulShutdown: 'Graceful shutdown',
  /** Reason of the per-coroutine deadlock cancellation (SCH-8). */
  deadlockCancellation: 'Deadlock detected',
  /** A cancellation token fired (CAN-9). */
  operationCancelled: 'Operation has been cancelled',
  /** Awaiting a closed, non-replayable event (EVT-13). */
  closedNotReplayable: 'Cannot await a closed event which cannot be replayed',
  /** Nested notify on the same event (EVT-8). */
  nestedNotify: 'Concurrent callback iteration detected - nested notify() calls are not allowed',
  /** Default reason of a scope cancel, `dispose*` and the fresh child-scope cancellation of fail-together (SCP-10, SCP-14). */
  scopeCancelled: 'Scope was cancelled',
  /** Reason of a fired `disposeAfterTimeout` (SCP-11). */
  scopeTimeout: 'Scope has been disposed due to timeout',
  /** `awaitCompletion` on a cancelled scope (SCP-13). */
  awaitCancelledScope: 'The scope has been cancelled',
  /** `awaitCompletion` / `awaitAfterCancellation` from inside the scope (SCP-13, SCP-15). */
  awaitOwnScope: 'Cannot await completion of scope from a coroutine that belongs to the same scope or its children',
  /** `awaitAfterCancellation` on a scope that was not cancelled (SCP-15). */
  awaitNotCancelled: 'Attempt to await a Scope that has not been cancelled',
  /** Any use of a disposed scope object that is an error (SCP-2, SCP-3, SCP-19). */
  scopeDisposed: 'Scope object has been disposed',
  /** `spawn` into a `CLOSED` scope (SCP-3). */
  spawnInClosedScope: 'Cannot spawn a coroutine in a closed scope',
  /** `Scope::inherit` from a disposed parent (SCP-19). */
  inheritFromDisposed: 'Cannot inherit a Scope from a parent Scope that has already been disposed.',
  /** `acquire` on a closed pool, and parked waiters woken by `close` (POOL-10). */
  poolClosed: 'Pool is closed',
  /** `acquire` while the circuit breaker is `INACTIVE` (CB-3). */
  serviceUnavailable: 'Service is unavailable (circuit breaker is open)',
  /** A pool `acquire` not served within its timeout (POOL-9); class `Async\TimeoutException`. */
  poolAcquireTimeout: 'Operation has been cancelled by timeout',
  /** A pool hook described with `throws` answering `false` (a `RuntimeException`, swallowed by the pool). */
  hookFailed: 'hook failed',
  /** A failing factory call (`RuntimeException`). */
  factoryFailed: 'factory failed',
  /** A failing destructor call (`RuntimeException`, POOL-11). */
  destructorFailed: 'destructor failed',
  /** A failing strategy report method (`RuntimeException`, swallowed by the pool, CB-7). */
  strategyFailed: 'strategy failed',
} as const;

/**
 * Whether `cls` is `ancestor` or one of its descendants (`instanceof`).
 *
 * @param cls - the class of the thrown error.
 * @param ancestor - the class of a `catch` clause.
 * @returns true when a `catch (ancestor)` catches `cls`.
 */
export function isInstanceOf(cls: ErrorClass, ancestor: ErrorClass): boolean {
  for (let c: ErrorClass | null = cls; c !== null; c = PARENT_CLASS[c]) {
    if (c === ancestor) return true;
  }
  return false;
}

/**
 * Whether an error is a cancellation (`instanceof Cancellation`, CAN-1).
 *
 * @param error - any error value.
 * @returns true for `Cancellation` and its descendants.
 */
export function isCancellation(error: ErrorValue): boolean {
  return isInstanceOf(error.class, 'Cancellation');
}

/**
 * Build an error value, omitting `previous` when there is none.
 *
 * @param cls - PHP class name.
 * @param message - `getMessage()`.
 * @param previous - `getPrevious()`, if any.
 * @returns a fresh error value.
 */
export function makeError(cls: ErrorClass, message: string, previous?: ErrorValue): ErrorValue {
  return previous === undefined ? { class: cls, message } : { class: cls, message, previous };
}

/**
 * A copy of `error` whose innermost `previous` is followed by `tail`.
 *
 * @remarks Used when a non-cancellation error escapes a coroutine that holds
 * a stored (self-)cancellation: the cancellation goes to the end of the chain
 * (COR-4).
 * @param error - the head of the chain (never modified).
 * @param tail - the error appended at the end.
 * @returns a new chain.
 */
export function appendPrevious(error: ErrorValue, tail: ErrorValue): ErrorValue {
  const previous = error.previous === undefined ? tail : appendPrevious(error.previous, tail);
  return { ...error, previous };
}

/**
 * A copy of `error` with `previous` replaced.
 *
 * @param error - the error (never modified).
 * @param previous - its new `previous`.
 * @returns a new error value.
 */
export function withPrevious(error: ErrorValue, previous: ErrorValue): ErrorValue {
  return { ...error, previous };
}

/**
 * `Error("Undefined reference '<id>'")`: a scenario names a coroutine, trigger,
 * future or scope that does not exist at that moment.
 *
 * @param id - the missing id.
 * @returns the error thrown in the acting coroutine.
 */
export function undefinedReference(id: string): ErrorValue {
  return makeError('Error', `Undefined reference '${id}'`);
}
