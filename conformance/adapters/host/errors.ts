/**
 * Error values of the library host: the PHP class hierarchy the scenario
 * language names, and the thrown wrappers that carry them through
 * JavaScript code.
 *
 * @remarks The host keeps its own copy of the hierarchy (like the reference
 * runtime does) so that it depends on the adapter types only.
 * @module
 */
import type { ErrorClass, ErrorValue } from '../../adapter.js';

/** The parent of each class (`null` for `Throwable`); `Cancellation` is a root beside `Error` and `Exception` (CAN-1). */
const PARENT: Readonly<Record<ErrorClass, ErrorClass | null>> = {
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

/** Whether `cls` is `ancestor` or a descendant of it (`instanceof`). */
export function isA(cls: ErrorClass, ancestor: ErrorClass): boolean {
  for (let c: ErrorClass | null = cls; c !== null; c = PARENT[c] ?? null) if (c === ancestor) return true;
  return false;
}

/** Whether an error is a cancellation. */
export function isCancellation(e: ErrorValue): boolean {
  return isA(e.class, 'Cancellation');
}

/** An error value. */
export function err(cls: ErrorClass, message: string, previous?: ErrorValue): ErrorValue {
  return previous === undefined ? { class: cls, message } : { class: cls, message, previous };
}

/** `e` with `tail` appended at the end of its `previous` chain (a new value). */
export function appendPrevious(e: ErrorValue, tail: ErrorValue): ErrorValue {
  return err(e.class, e.message, e.previous === undefined ? tail : appendPrevious(e.previous, tail));
}

/** The canonical TrueAsync errors the host translates library outcomes into (digest §14). */
export const ERRORS = {
  /** A pool acquire not served in time (POOL-9). */
  acquireTimeout: err('Async\\TimeoutException', 'Operation has been cancelled by timeout'),
  /** Acquire on a closed pool (POOL-10). */
  poolClosed: err('Async\\PoolException', 'Pool is closed'),
  /** A failing factory call. */
  factoryFailed: err('RuntimeException', 'factory failed'),
  /** A failing destructor call. */
  destructorFailed: err('RuntimeException', 'destructor failed'),
  /** A hook described with `throws` answering false. */
  hookFailed: err('RuntimeException', 'hook failed'),
} as const;

/** A PHP exception in flight through the host's JavaScript code. */
export class ScenarioError extends Error {
  /** Always `ScenarioError`. */
  override name = 'ScenarioError';
  /**
   * @param value - the exception as data.
   */
  constructor(readonly value: ErrorValue) {
    super(`${value.class}: ${value.message}`);
  }
}

/** `return` unwinding a coroutine body through its `finally` blocks. */
export class ReturnSignal {
  /**
   * @param value - the returned value.
   */
  constructor(readonly value: unknown) {}
}

/** A scenario the adapter cannot run faithfully: thrown by `execute` (classified `adapter-threw`). */
export class UnsupportedScenarioError extends Error {
  /** Always `UnsupportedScenarioError`. */
  override name = 'UnsupportedScenarioError';
}
