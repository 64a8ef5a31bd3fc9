/**
 * Error values the system model creates and how they chain.
 * @module
 */
import type { ErrorClass, ErrorValue } from './scenario.js';

/** A fresh error value. */
export function error(cls: ErrorClass, message: string, previous?: ErrorValue): ErrorValue {
  return previous ? { class: cls, message, previous } : { class: cls, message };
}

/** `Error("Undefined reference '<id>'")`: a scenario referenced something that does not exist yet. */
export function undefinedReference(id: string): ErrorValue {
  return error('Error', `Undefined reference '${id}'`);
}

/** `OperationCanceledException("Operation has been cancelled")` with the token's error as previous (CAN-9). */
export function operationCanceled(previous?: ErrorValue): ErrorValue {
  return error('Async\\OperationCanceledException', 'Operation has been cancelled', previous);
}

/** The exception a `timeout(ms)` token delivers (CAN-9, WAK-8). */
export function timeoutCancellation(ms: number): ErrorValue {
  return operationCanceled(error('Async\\TimeoutException', `Timeout occurred after ${ms} milliseconds`));
}

/** The warning of awaiting a closed, not replayable event (EVT-13). */
export const CLOSED_EVENT_WARNING = 'Cannot await a closed event which cannot be replayed';

/** The warning of a nested notify on the same event (EVT-8). */
export const NESTED_NOTIFY_WARNING = 'Concurrent callback iteration detected - nested notify() calls are not allowed';

/** `AsyncException(message)`. */
export function asyncException(message: string): ErrorValue {
  return error('Async\\AsyncException', message);
}

/** Messages of the scope errors (SCP-3, SCP-13, SCP-15, SCP-19). */
export const SCOPE_MESSAGES = {
  disposed: 'Scope object has been disposed',
  closed: 'Cannot spawn a coroutine in a closed scope',
  inheritDisposed: 'Cannot inherit a Scope from a parent Scope that has already been disposed.',
  awaitOwn: 'Cannot await completion of scope from a coroutine that belongs to the same scope or its children',
  notCancelled: 'Attempt to await a Scope that has not been cancelled',
  scopeCancelled: 'The scope has been cancelled',
} as const;

/** Errors of pools and the circuit breaker (POOL-6, POOL-9, POOL-10, POOL-11, CB-3; trace semantics §7). */
export const POOL_ERRORS = {
  closed: error('Async\\PoolException', 'Pool is closed'),
  unavailable: error('Async\\ServiceUnavailableException', 'Service is unavailable (circuit breaker is open)'),
  timeout: error('Async\\TimeoutException', 'Operation has been cancelled by timeout'),
  factory: error('RuntimeException', 'factory failed'),
  destructor: error('RuntimeException', 'destructor failed'),
} as const;

/** `Error("Nothing to release to '<pool>'")`: a `pool.release` by a coroutine holding nothing from that pool. */
export function nothingToRelease(pool: string): ErrorValue {
  return error('Error', `Nothing to release to '${pool}'`);
}
