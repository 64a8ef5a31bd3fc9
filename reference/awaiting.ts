/**
 * The waiting layer: resumption at suspension points, `await` and its
 * subscriptions, cancellation tokens and timeouts, and reference resolution.
 *
 * @remarks
 * Sits between the coroutine lifecycle and the instruction layer
 * (`ReferenceRuntime`). Follows trace-semantics §3.1.
 *
 * @see https://true-async.github.io/en/docs/reference/await.html
 * @module
 */
import type { AwaitInstruction, ErrorValue, TokenTarget, Value } from '../conformance/adapter.js';
import { WakerSubscription, type SubscriptionHost } from './callbacks.js';
import { Coroutine, ScenarioThrow } from './coroutine.js';
import { makeError, MESSAGES, undefinedReference } from './errors.js';
import type { AsyncEvent, Outcome, ScenarioEvent } from './event.js';
import { CoroutineLifecycle } from './lifecycle.js';
import { WakerStatus, type WakeOutcome } from './waker.js';

/**
 * Awaiting and resuming on top of the coroutine lifecycle.
 *
 * @remarks Requirements: SCH-5, EVT-12, EVT-13, WAK-2..WAK-4, WAK-8, CAN-9.
 */
export abstract class AwaitingRuntime extends CoroutineLifecycle implements SubscriptionHost {
  /** Triggers and futures by id. */
  protected readonly events = new Map<string, ScenarioEvent>();

  /**
   * Back at a suspension point: emit `resumed` (or `resumed {error}` and throw it).
   *
   * @param co - the resumed coroutine.
   * @returns the value it was woken with.
   */
  protected takeResumption(co: Coroutine): Value {
    const outcome = this.resumeOutcome(co);
    if ('error' in outcome) {
      this.emit(co.id, { kind: 'resumed', error: outcome.error });
      throw new ScenarioThrow(outcome.error);
    }
    this.emit(co.id, { kind: 'resumed' });
    return outcome.value;
  }

  /**
   * `delay {ms}`, and the `delayMs` of a pool callable (trace-semantics §3,
   * §7.1): arm a timer, emit `suspended {on:"timer"}`, wait, then `resumed`
   * (or `resumed {error}` and throw).
   *
   * @param co - the sleeping coroutine.
   * @param ms - virtual milliseconds.
   */
  protected *sleep(co: Coroutine, ms: number): Generator<void, void, void> {
    this.subscribeTimer(co, ms, 'resolve');
    this.emit(co.id, { kind: 'suspended', on: 'timer' });
    co.waker.status = WakerStatus.WAITING;
    yield;
    this.takeResumption(co);
  }

  /**
   * `await` (trace-semantics §3.1; SCH-5, EVT-12, EVT-13, CAN-9, WAK-8).
   *
   * @param co - the awaiting coroutine.
   * @param instruction - the instruction.
   */
  protected *awaitInstruction(co: Coroutine, instruction: AwaitInstruction): Generator<void, void, void> {
    const target = instruction.target;
    const event: AsyncEvent | undefined =
      'coroutine' in target
        ? this.coroutineRef(co, target.coroutine)
        : 'future' in target
          ? this.eventRef(target.future, 'future')
          : 'trigger' in target
            ? this.eventRef(target.trigger, 'trigger')
            : undefined;
    const token = instruction.cancellation === undefined ? undefined : this.tokenRef(co, instruction.cancellation);
    if (event !== undefined && event.closed && event.replayable) {
      yield* this.awaitFinished(co, event);
      return;
    }
    if (event !== undefined && event.closed && this.refusesLateSubscriber(event)) {
      this.emit(co.id, { kind: 'warning', message: MESSAGES.closedNotReplayable });
      this.emit(co.id, { kind: 'awaited', value: null });
      return;
    }
    if (token !== undefined && token.closed) {
      const previous = token.replay();
      throw new ScenarioThrow(this.tokenError(previous?.kind === 'error' ? previous.error : undefined));
    }
    if (event !== undefined) co.waker.subscribe(event, new WakerSubscription(co, 'resolve', this));
    else this.subscribeTimer(co, 'timer' in target ? target.timer : 0, 'resolve');
    if (token !== undefined) co.waker.subscribe(token, new WakerSubscription(co, 'cancel', this));
    if (instruction.timeoutMs !== undefined) this.subscribeTimer(co, instruction.timeoutMs, 'timeout');
    this.emit(co.id, { kind: 'suspended', on: event === undefined ? 'timer' : `${event.type}:${event.name}` });
    co.waker.status = WakerStatus.WAITING;
    yield;
    const value = this.takeResumption(co);
    this.emit(co.id, { kind: 'awaited', value });
  }

  /**
   * Await an already finished coroutine or settled future: no suspension (SCH-5, EVT-12).
   *
   * @param co - the awaiting coroutine.
   * @param event - the closed, replayable target.
   */
  protected *awaitFinished(co: Coroutine, event: AsyncEvent): Generator<void, void, void> {
    const outcome = this.replayOutcome(event);
    if (outcome.kind === 'error') {
      if (event instanceof Coroutine) this.recordHandled(event);
      throw new ScenarioThrow(outcome.error);
    }
    this.emit(co.id, { kind: 'awaited', value: outcome.value });
  }

  /**
   * The stored outcome a late awaiter of a closed replayable event gets (EVT-12).
   *
   * @param event - a finished coroutine or settled future.
   * @returns its outcome.
   */
  protected replayOutcome(event: AsyncEvent): Outcome {
    return event.replay() ?? { kind: 'value', value: null };
  }

  /**
   * Whether awaiting this closed event warns and returns `null` instead of
   * suspending: it cannot be replayed (EVT-13).
   *
   * @param event - a closed event.
   * @returns true for a closed trigger.
   */
  protected refusesLateSubscriber(event: AsyncEvent): boolean {
    return event.closed && !event.replayable;
  }

  /**
   * Subscribe a coroutine's waker to a fresh timer it owns.
   *
   * @param co - the waiting coroutine.
   * @param ms - virtual milliseconds from now.
   * @param role - `resolve` (timer target) or `timeout` (`timeoutMs`).
   */
  protected subscribeTimer(co: Coroutine, ms: number, role: 'resolve' | 'timeout'): void {
    const timer = this.clock.arm(ms);
    co.waker.subscribe(timer, new WakerSubscription(co, role, this, ms));
    co.waker.own(() => this.clock.disarm(timer));
  }

  /** @inheritDoc */
  onSubscriptionFired(subscription: WakerSubscription, value: Value, error: ErrorValue | undefined, event: AsyncEvent): void {
    const co = subscription.coroutine;
    if (subscription.role === 'resolve' && error !== undefined && event instanceof Coroutine && co.waker.status === WakerStatus.WAITING) {
      this.recordHandled(event);
    }
    let outcome: WakeOutcome;
    if (subscription.role === 'resolve') outcome = error === undefined ? { value } : { error };
    else if (subscription.role === 'cancel') outcome = { error: this.tokenError(error) };
    else outcome = { error: this.timeoutError(subscription.timeoutMs) };
    this.wake(co, outcome);
  }

  /**
   * An awaiter consumed a coroutine's failure: the error counts as handled
   * and does not reach the scope's exception handling (SCP-14).
   *
   * @param target - the failed coroutine.
   */
  protected recordHandled(target: Coroutine): void {
    target.errorHandled = true;
  }

  /**
   * The error of a fired cancellation token (CAN-9).
   *
   * @param previous - the token's own error, if it failed.
   * @returns `OperationCanceledException("Operation has been cancelled")`.
   */
  protected tokenError(previous: ErrorValue | undefined): ErrorValue {
    return makeError('Async\\OperationCanceledException', MESSAGES.operationCancelled, previous);
  }

  /**
   * The error of a fired `timeoutMs` timer (WAK-8, CAN-9).
   *
   * @param timeoutMs - the await's timeout.
   * @returns `OperationCanceledException` with `previous` = `TimeoutException`.
   */
  protected timeoutError(timeoutMs: number): ErrorValue {
    return this.tokenError(makeError('Async\\TimeoutException', `Timeout occurred after ${timeoutMs} milliseconds`));
  }

  /** The id of the acting coroutine, or `scheduler`. */
  protected actorId(): string {
    return this.current?.id ?? 'scheduler';
  }

  /**
   * Resolve a coroutine reference (`self` = the caller).
   *
   * @param co - the acting coroutine.
   * @param id - coroutine id or `self`.
   * @returns the coroutine.
   * @throws ScenarioThrow `Error("Undefined reference '<id>'")` when it does not exist yet.
   */
  protected coroutineRef(co: Coroutine, id: string): Coroutine {
    if (id === 'self') return co;
    const target = this.coroutines.get(id);
    if (target === undefined) throw new ScenarioThrow(undefinedReference(id));
    return target;
  }

  /**
   * Resolve a trigger or future reference.
   *
   * @param id - its id.
   * @param type - the expected kind, if any.
   * @returns the event.
   * @throws ScenarioThrow `Error("Undefined reference '<id>'")` when it does not exist (as that kind).
   */
  protected eventRef(id: string, type?: 'trigger' | 'future'): ScenarioEvent {
    const event = this.events.get(id);
    if (event === undefined || (type !== undefined && event.type !== type)) throw new ScenarioThrow(undefinedReference(id));
    return event;
  }

  /**
   * Resolve a cancellation token reference.
   *
   * @param co - the acting coroutine.
   * @param token - the token target.
   * @returns its event.
   */
  protected tokenRef(co: Coroutine, token: TokenTarget): AsyncEvent {
    if ('coroutine' in token) return this.coroutineRef(co, token.coroutine);
    if ('future' in token) return this.eventRef(token.future, 'future');
    return this.eventRef(token.trigger, 'trigger');
  }
}
