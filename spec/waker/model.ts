/**
 * Types of the waker machine: the waker embedded in one coroutine, the
 * one-shot events it may subscribe to, the coroutine's place in the run queue
 * and the scheduler-context flag.
 *
 * @see https://true-async.github.io/en/architecture/waker.html
 * @module
 */
import type { ErrorValue, Value } from '../../language/values.js';

/**
 * What an event's callback does to the waker when it fires.
 *
 * `resolve` wakes with the event's id as result; `fail` wakes with a
 * `RuntimeException`; `token` is a cancellation token (`cancel` callback →
 * `OperationCanceledException`); `timeout` is the pool-style timeout callback
 * (`TimeoutException`); `timer` is the `waker_new_with_timeout` timer (a plain
 * wake-up, no error).
 */
export type WakerEventKind = 'resolve' | 'fail' | 'token' | 'timeout' | 'timer';

/** One event the coroutine may wait on. Every modelled event is one-shot: it closes when it fires. */
export interface WakerEventConfig {
  /** Event id. */
  id: string;
  /** Its callback. */
  kind: WakerEventKind;
}

/** The configuration of the waker machine. */
export interface WakerConfig {
  /** The events the coroutine may subscribe to (keep it to 2 or 3). */
  events: readonly WakerEventConfig[];
  /** Longest `previous` chain of the pending error for which `explore()` still offers error-adding actions. @defaultValue 2 */
  maxErrorChain: number;
}

/** `ZEND_ASYNC_WAKER_STATUS`, plus `DESTROYED` after the coroutine was finalized. */
export type WakerStatus = 'NO_STATUS' | 'WAITING' | 'QUEUED' | 'IGNORED' | 'RESULT' | 'DESTROYED';

/**
 * Where the coroutine is: `away` (not current), `running` (current, executing
 * its body), `ticking` (current, inside its own suspend tick) or `finalizing`
 * (dequeued while `IGNORED`: being finished without running).
 */
export type CoroutineLocation = 'away' | 'running' | 'ticking' | 'finalizing';

/** A waker subscription (`resume_when`). */
export interface Subscription {
  /** The event. */
  event: string;
  /** Ghost: the event was open when the subscription was made (WAK-7). */
  openWhenSubscribed: boolean;
}

/** The state of one coroutine's waker. */
export interface WakerState {
  /** The waker status. */
  status: WakerStatus;
  /** The coroutine's `STARTED` flag. */
  started: boolean;
  /** Where the coroutine is. */
  location: CoroutineLocation;
  /** `in_scheduler_context`. */
  schedulerContext: boolean;
  /** The waker's subscriptions, in subscription order. */
  subscriptions: Subscription[];
  /** The waker's events were started (armed) by the suspend. */
  eventsStarted: boolean;
  /** Which events are closed (`F_CLOSED`). */
  closed: Record<string, boolean>;
  /** How many times the coroutine occurs in `coroutine_queue` (WAK-1: 0 or 1). */
  queued: number;
  /** The coroutine is in `resumed_coroutines` (event cleanup deferred until the scheduler context is left). */
  resumedPending: boolean;
  /** `waker.result`; `undefined` = `IS_UNDEF`. */
  result: Value | undefined;
  /** The event that supplied `result` (WAK-4: the first one). */
  resultFrom: string | null;
  /** `waker.error`. */
  error: ErrorValue | undefined;
  /** Where the coroutine last suspended (WAK-9), `null` if never. */
  suspendSite: string | null;
}

/**
 * What a fired event hands to the waker, carried by the `fire` action when
 * the caller holds the values (a composed system: the event's result or
 * error by reference): a value, an error, or a plain wake-up (`{}`). Without
 * it the event's {@link WakerEventKind} decides.
 */
export type WakerOutcome = { value: Value } | { error: ErrorValue } | Record<string, never>;

/** An operation on the waker or its coroutine. */
export type WakerAction =
  | { type: 'spawn' }
  | { type: 'resumeWhen'; event: string }
  | { type: 'suspend'; site: string }
  | { type: 'yield'; site: string }
  | { type: 'fire'; event: string; outcome?: WakerOutcome }
  | { type: 'settle'; event: string }
  | { type: 'resume'; error?: ErrorValue }
  | { type: 'cancel'; cancellation: ErrorValue }
  | { type: 'enterSchedulerContext' }
  | { type: 'leaveSchedulerContext' }
  | { type: 'switchIn' }
  | { type: 'switchAway' }
  | { type: 'fastReturn' }
  | { type: 'clean' }
  | { type: 'finalize' };

/** What a step reports. */
export type WakerOutput =
  | { type: 'returned' }
  | { type: 'thrown'; error: ErrorValue }
  | { type: 'awaited'; value: Value }
  | { type: 'replayed'; event: string }
  | { type: 'finalized'; error?: ErrorValue };
