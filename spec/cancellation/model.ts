/**
 * Types of the cancellation machine: one coroutine under the cancel
 * algorithm (`async_coroutine_cancel`) — external, self and system cancellations,
 * `protect()` (boolean flag, CAN-5, CAN-6), zombies, unwinding and
 * completion.
 *
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 * @module
 */
import type { Outcome } from '../coroutine/model.js';
import type { ErrorValue } from '../../language/values.js';

/** The configuration of the cancellation machine. Keep it small: `explore()` is exhaustive. */
export interface CancellationConfig {
  /** The reasons external cancels may carry (at most 2 for exploration; distinct messages). */
  reasons: readonly ErrorValue[];
  /** Offer `is_safely` cancels, which make a started coroutine a zombie. @defaultValue false */
  safely: boolean;
  /** Deepest `protect()` nesting `explore()` enters (CAN-6). @defaultValue 2 */
  maxProtectDepth: number;
  /** Most cancel requests (external, self, system) on one path. @defaultValue 3 */
  maxCancels: number;
}

/**
 * Where the coroutine is: `QUEUED` (spawned, not started), `IGNORED`
 * (cancelled before it started), `RUNNING`, `PROTECTED` (running with the
 * `PROTECTED` flag), `WAITING` (parked, waker `WAITING`), `WOKEN` (started,
 * waker `QUEUED`: it resumes at its suspension point when switched in),
 * `COMPLETED`.
 */
export type CancellationStatus = 'QUEUED' | 'IGNORED' | 'RUNNING' | 'PROTECTED' | 'WAITING' | 'WOKEN' | 'COMPLETED';

/** The waker status the machine distinguishes (`NO_STATUS` while running or after completion). */
export type CancellationWaker = 'NO_STATUS' | 'QUEUED' | 'WAITING' | 'IGNORED';

/** Ghost: the request that filled each cancellation slot, kept to check that later requests never replace it (CAN-4). */
export interface FilledBy {
  /** The request that filled the waker's pending error. */
  pending?: ErrorValue;
  /** The request that filled `deferred_cancellation`. */
  deferred?: ErrorValue;
  /** The request that filled the stored exception (self-cancel). */
  stored?: ErrorValue;
}

/** The state of the coroutine. */
export interface CancellationState {
  /** `STARTED`. */
  started: boolean;
  /** `F_CLOSED`: finished. */
  finished: boolean;
  /** It is the current coroutine. */
  running: boolean;
  /** The waker status. */
  waker: CancellationWaker;
  /** `CANCELLED`. */
  cancelled: boolean;
  /** `PROTECTED`: one boolean flag (CAN-6). */
  protected: boolean;
  /** How many `protect()` closures are open (lexical nesting). */
  protectDepth: number;
  /** `ZOMBIE`. */
  zombie: boolean;
  /** The waker's pending error, thrown at the suspension point on resumption. */
  pending?: ErrorValue;
  /** `coroutine->exception`: stored by a self-cancel (CAN-3). */
  stored?: ErrorValue;
  /** `deferred_cancellation` (CAN-5). */
  deferred?: ErrorValue;
  /** The exception propagating through the running body. */
  inFlight?: ErrorValue;
  /** How it ended, once finished. */
  outcome: Outcome | null;
  /** Ghost: cancel requests made so far (bounds the exploration). */
  cancels: number;
  /** Ghost: the body started running. */
  ranBody: boolean;
  /** Ghost: it was cancelled before it started (waker `IGNORED`). */
  ignored: boolean;
  /** Ghost: the request that filled each slot (CAN-4). */
  filledBy: FilledBy;
  /** Ghost: the cancellation that was in flight when a non-cancellation was thrown over it (CAN-4). */
  overridden?: ErrorValue;
  /** Ghost: a cancellation was thrown into the body while `PROTECTED` was set (CAN-5: never). */
  thrownWhileProtected: boolean;
  /** Ghost: the error handed to the scope at completion (CAN-7: never a cancellation). */
  propagated?: ErrorValue;
  /** Ghost: the last `protect()` boundary crossed (CAN-6). */
  lastProtectOp: 'enter' | 'leave' | null;
  /** Ghost: a system cancellation cleared `PROTECTED` and no `protect()` was entered since (CAN-11). */
  systemCleared: boolean;
}

/** An operation. Body operations apply while the coroutine runs; `cancel` and `systemCancel` come from elsewhere. */
export type CancellationAction =
  | { type: 'start' }
  | { type: 'await' }
  | { type: 'wake' }
  | { type: 'cancel'; reason: ErrorValue; safely?: boolean }
  | { type: 'selfCancel' }
  | { type: 'systemCancel'; reason: ErrorValue }
  | { type: 'protect' }
  | { type: 'unprotect' }
  | { type: 'throw'; error: ErrorValue }
  | { type: 'catch' }
  | { type: 'finish' };

/** What a step reports. */
export type CancellationOutput =
  | { type: 'thrown'; error: ErrorValue }
  | { type: 'completed'; outcome: Outcome }
  | { type: 'propagated'; error: ErrorValue };

/** The reason a coroutine cancelling itself uses in this machine (distinct from every external reason, CAN-3). */
export const SELF_CANCELLATION: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Self-cancellation' };

/** `AsyncCancellation` of `Coroutine::cancel()` without an argument (CAN-12). */
export const COROUTINE_CANCELLED: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' };

/** The per-coroutine cancellation of deadlock resolution (CAN-11, CAN-12). */
export const DEADLOCK_DETECTED: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' };

/** The per-coroutine cancellation of graceful shutdown (CAN-11, CAN-12). */
export const GRACEFUL_SHUTDOWN: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Graceful shutdown' };

/** The non-cancellation exception the body throws in exploration (CAN-4). */
export const BODY_ERROR: ErrorValue = { class: 'RuntimeException', message: 'boom' };
