/**
 * The values of the contract: JSON values, the PHP exception classes a
 * scenario may throw or catch, and their hierarchy.
 *
 * @remarks The bottom layer: it imports nothing. The spec's machines, the
 * system model, the scenario language and the reference runtime all take
 * their values and exception classes from here.
 * @see https://true-async.github.io/en/docs/components/exceptions.html
 * @module
 */

/** A JSON value carried by a scenario or a trace (results, logged values). */
export type Value = null | boolean | number | string;

/**
 * PHP class names a scenario may throw or catch.
 *
 * @remarks The hierarchy is in {@link ERROR_PARENT} (CAN-1).
 */
export type ErrorClass =
  | 'Throwable'
  | 'Exception'
  | 'Error'
  | 'RuntimeException'
  | 'LogicException'
  | 'Cancellation'
  | 'Async\\AsyncCancellation'
  | 'Async\\OperationCanceledException'
  | 'Async\\AsyncException'
  | 'Async\\TimeoutException'
  | 'Async\\DeadlockError'
  | 'Async\\PoolException'
  | 'Async\\ServiceUnavailableException';

/**
 * The parent of each class in the exception hierarchy (`null` for `Throwable`).
 *
 * @remarks `Cancellation` is PHP core's third root beside `Error` and
 * `Exception`, so `catch (Exception)` never catches a cancellation (CAN-1).
 * @see https://true-async.github.io/en/docs/components/exceptions.html
 */
export const ERROR_PARENT: Readonly<Record<ErrorClass, ErrorClass | null>> = {
  Throwable: null,
  Exception: 'Throwable',
  Error: 'Throwable',
  Cancellation: 'Throwable',
  RuntimeException: 'Exception',
  LogicException: 'Exception',
  'Async\\AsyncException': 'Exception',
  'Async\\TimeoutException': 'Exception',
  'Async\\PoolException': 'Async\\AsyncException',
  'Async\\ServiceUnavailableException': 'Async\\AsyncException',
  'Async\\DeadlockError': 'Error',
  'Async\\AsyncCancellation': 'Cancellation',
  'Async\\OperationCanceledException': 'Async\\AsyncCancellation',
};

/** An exception as data: its class, message and the `previous` chain. */
export interface ErrorValue {
  /** PHP class name. */
  class: ErrorClass;
  /** `getMessage()`. */
  message: string;
  /** `getPrevious()`, omitted when there is none. */
  previous?: ErrorValue;
}

/** Whether `cls` is `ancestor` or one of its descendants (`instanceof`). */
export function isInstanceOf(cls: ErrorClass, ancestor: ErrorClass): boolean {
  // A closed walk: a class outside ERROR_PARENT (a foreign runtime's TypeError) ends it instead of looping.
  const seen = new Set<ErrorClass>();
  for (let c: ErrorClass | null | undefined = cls; c !== null && c !== undefined && !seen.has(c); c = ERROR_PARENT[c]) {
    if (c === ancestor) return true;
    seen.add(c);
  }
  return false;
}

/** Whether an error is a cancellation (`instanceof Cancellation`, CAN-1). */
export function isCancellation(error: ErrorValue): boolean {
  return isInstanceOf(error.class, 'Cancellation');
}

/** The PHP class names a scenario may throw or catch ({@link ErrorClass}), in schema order. */
export const ERROR_CLASSES = [
  'Throwable', 'Exception', 'Error', 'RuntimeException', 'LogicException', 'Cancellation',
  'Async\\AsyncCancellation', 'Async\\OperationCanceledException', 'Async\\AsyncException',
  'Async\\TimeoutException', 'Async\\DeadlockError', 'Async\\PoolException', 'Async\\ServiceUnavailableException',
] as const satisfies readonly ErrorClass[];

// Every class of ERROR_PARENT is listed: a class added to ErrorClass without a schema entry does not compile.
const everyClassListed: [Exclude<ErrorClass, (typeof ERROR_CLASSES)[number]>] extends [never] ? true : Exclude<ErrorClass, (typeof ERROR_CLASSES)[number]> = true;
void everyClassListed;
