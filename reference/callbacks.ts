/**
 * The two kinds of entries of a callback vector: user callbacks described
 * as data (`event.on`) and waker subscriptions.
 *
 * @remarks
 * Both delegate to the runtime through a small interface, so the vector
 * (`event.ts`) knows nothing about traces or coroutines.
 * @module
 */
import type { CallbackAction, ErrorValue, Value } from '../conformance/adapter.js';
import type { Coroutine } from './coroutine.js';
import type { AsyncEvent, EventCallback } from './event.js';

/** What a user callback needs from the runtime. */
export interface UserCallbackHost {
  /**
   * Run a user callback: emit `callback`, then perform its actions.
   *
   * @param callback - the invoked callback.
   * @param event - the notifying event.
   * @param value - the notified value.
   * @param error - the notified error, if any.
   * @returns the exception it leaves pending, if any (EVT-9).
   */
  invokeUserCallback(callback: UserCallback, event: AsyncEvent, value: Value, error: ErrorValue | undefined): ErrorValue | undefined;
}

/** A user callback added by `event.on` (EVT-6..EVT-9). */
export class UserCallback implements EventCallback {
  /** @inheritDoc */
  refCount = 0;

  /**
   * @param id - the callback id (unique per event).
   * @param actions - what it does when invoked, in order.
   * @param host - the runtime.
   */
  constructor(
    readonly id: string,
    readonly actions: readonly CallbackAction[],
    private readonly host: UserCallbackHost,
  ) {}

  /** @inheritDoc */
  invoke(event: AsyncEvent, value: Value, error: ErrorValue | undefined): ErrorValue | undefined {
    return this.host.invokeUserCallback(this, event, value, error);
  }
}

/**
 * The role of a waker subscription (digest §2.3): `resolve` (the awaited
 * target or a delay timer), `cancel` (a cancellation token) or `timeout`
 * (the timer of `timeoutMs`).
 */
export type SubscriptionRole = 'resolve' | 'cancel' | 'timeout';

/** What a waker subscription needs from the runtime. */
export interface SubscriptionHost {
  /**
   * A subscribed event fired.
   *
   * @param subscription - the fired subscription.
   * @param value - the notified value.
   * @param error - the notified error, if any.
   * @param event - the event that fired.
   */
  onSubscriptionFired(subscription: WakerSubscription, value: Value, error: ErrorValue | undefined, event: AsyncEvent): void;
}

/** A waker's callback in an event's vector. */
export class WakerSubscription implements EventCallback {
  /** @inheritDoc */
  refCount = 0;

  /**
   * @param coroutine - the waiting coroutine.
   * @param role - what the event means to the wait.
   * @param host - the runtime.
   * @param timeoutMs - for `timeout`: the `timeoutMs` of the await.
   */
  constructor(
    readonly coroutine: Coroutine,
    readonly role: SubscriptionRole,
    private readonly host: SubscriptionHost,
    readonly timeoutMs = 0,
  ) {}

  /** @inheritDoc */
  invoke(event: AsyncEvent, value: Value, error: ErrorValue | undefined): ErrorValue | undefined {
    this.host.onSubscriptionFired(this, value, error, event);
    return undefined;
  }
}
