/**
 * The waker: what a suspended coroutine waits on and what it will be resumed with.
 *
 * @remarks
 * Each coroutine embeds one waker. `status` follows
 * `ZEND_ASYNC_WAKER_STATUS`; the numeric order matters for `isSuspended()`
 * (status < RESULT). `result` and `error` are the pending outcome; the error
 * wins on resumption (WAK-3). Subscriptions are the (event, callback) pairs
 * the waker registered; they are all dropped at once when the coroutine is
 * woken (WAK-2), and timers owned by the wait are disarmed with them.
 *
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
import type { ErrorValue, Value } from '../conformance/adapter.js';
import { isCancellation, withPrevious } from './errors.js';
import type { AsyncEvent, EventCallback } from './event.js';

/** Waker statuses, in the order the C predicates compare them. */
export const WakerStatus = {
  /** Running, or never waited. */
  NO_STATUS: 0,
  /** Parked on one or more events. */
  WAITING: 1,
  /** In the run queue. */
  QUEUED: 2,
  /** In the run queue, must not run (cancelled before start). */
  IGNORED: 3,
  /** Resumed, outcome ready. */
  RESULT: 4,
} as const;

/** One of {@link WakerStatus}. */
export type WakerStatus = (typeof WakerStatus)[keyof typeof WakerStatus];

/** What a woken coroutine receives at its suspension point: a value… */
export interface WokenWithValue {
  /** The result (`null` when none was set). */
  value: Value;
}

/** …or an error, thrown there. */
export interface WokenWithError {
  /** The error. */
  error: ErrorValue;
}

/** What a woken coroutine receives: a value or an error (WAK-3). */
export type WakeOutcome = WokenWithValue | WokenWithError;

/** One subscription of a waker: a callback in an event's vector. */
export interface Subscription {
  /** The event subscribed to. */
  event: AsyncEvent;
  /** The callback in its vector. */
  callback: EventCallback;
}

/**
 * A coroutine's waker (WAK-1..WAK-5).
 */
export class Waker {
  /** Current status. */
  status: WakerStatus = WakerStatus.NO_STATUS;
  /** Pending result (`undefined`: none). */
  result: Value | undefined;
  /** Pending error (`undefined`: none). */
  error: ErrorValue | undefined;
  /** Live subscriptions of the current wait. */
  readonly subscriptions: Subscription[] = [];
  /** Called for each owned timer when subscriptions are dropped (disarms it). */
  private readonly owned: Array<() => void> = [];

  /** Whether the waker is in the run queue (`QUEUED` or `IGNORED`). */
  get inQueue(): boolean {
    return this.status === WakerStatus.QUEUED || this.status === WakerStatus.IGNORED;
  }

  /**
   * Subscribe `callback` to `event`.
   *
   * @param event - the event.
   * @param callback - appended to its vector.
   */
  subscribe(event: AsyncEvent, callback: EventCallback): void {
    event.addCallback(callback);
    this.subscriptions.push({ event, callback });
  }

  /**
   * Register a disposer run when the subscriptions are dropped (a timer's disarm).
   *
   * @param dispose - called once.
   */
  own(dispose: () => void): void {
    this.owned.push(dispose);
  }

  /** Drop every subscription and disarm owned timers (WAK-2). */
  unsubscribeAll(): void {
    for (const s of this.subscriptions.splice(0)) s.event.removeCallback(s.callback);
    for (const dispose of this.owned.splice(0)) dispose();
  }

  /**
   * Record a success result; the first one wins (WAK-4).
   *
   * @param value - the result.
   */
  setResult(value: Value): void {
    if (this.result === undefined) this.result = value;
  }

  /**
   * `resume_with_error`: a non-cancellation error replaces the pending one and
   * chains it as `previous`; a cancellation is dropped if an error is pending (WAK-5).
   *
   * @param error - the error to deliver.
   */
  resumeWithError(error: ErrorValue): void {
    if (this.error === undefined) this.error = error;
    else if (!isCancellation(error)) this.error = withPrevious(error, this.error);
  }

  /**
   * `apply_cancellation`: no pending error → set; a pending cancellation is kept
   * (first cancellation wins); a pending non-cancellation error becomes the
   * cancellation's `previous` (WAK-5).
   *
   * @param cancellation - the cancellation to apply.
   */
  applyCancellation(cancellation: ErrorValue): void {
    if (this.error === undefined) this.error = cancellation;
    else if (!isCancellation(this.error)) this.error = withPrevious(cancellation, this.error);
  }

  /** Take the pending outcome and reset the waker to `NO_STATUS` (WAK-3: error wins). */
  take(): WakeOutcome {
    const outcome: WakeOutcome = this.error !== undefined ? { error: this.error } : { value: this.result ?? null };
    this.clear();
    return outcome;
  }

  /** Forget the pending outcome and the status. */
  clear(): void {
    this.status = WakerStatus.NO_STATUS;
    this.result = undefined;
    this.error = undefined;
  }
}
