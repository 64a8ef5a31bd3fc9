/**
 * The reference runtime: runs one scenario of language v1 and returns its trace.
 *
 * @remarks
 * {@link ReferenceRuntime} is the instruction layer on top of the coroutine
 * lifecycle and the scheduler. It follows `docs/guides/trace-semantics.md`
 * instruction by instruction. A fresh instance runs exactly one scenario.
 * Mutants of the conformance suite are subclasses overriding one protected
 * method each.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { CallbackAction, ErrorValue, Instruction, Scenario, Trace, Value } from '../conformance/adapter.js';
import { AwaitingRuntime } from './awaiting.js';
import { UserCallback, WakerSubscription, type UserCallbackHost } from './callbacks.js';
import { Coroutine, ScenarioThrow } from './coroutine.js';
import { makeError, MESSAGES } from './errors.js';
import { ScenarioEvent, type AsyncEvent } from './event.js';
import { DEFAULT_MAX_STEPS } from './scheduler.js';
import { WakerStatus } from './waker.js';

/**
 * The reference runtime of TrueAsync for scenario language v1.
 *
 * @remarks `run` may be called once per instance. A scenario that runs away
 * (more than {@link DEFAULT_MAX_STEPS} steps) makes `run` throw.
 * Requirements: EVT-6..EVT-13, WAK-1..WAK-8, COR-1..COR-8, SCH-1..SCH-13, CAN-1..CAN-9.
 */
export class ReferenceRuntime extends AwaitingRuntime implements UserCallbackHost {
  /** Whether `run` was called. */
  private used = false;

  /**
   * Run a scenario to its end.
   *
   * @param scenario - a validated scenario.
   * @returns the trace, ending with `exit`.
   * @throws Error when called twice, or when the scenario runs away.
   */
  run(scenario: Scenario): Trace {
    if (this.used) throw new Error('ReferenceRuntime.run: an instance runs one scenario; create a new one');
    this.used = true;
    const main = this.createCoroutine('main', scenario.main);
    this.register(main);
    this.queue.push(main);
    this.runLoop();
    return this.trace;
  }

  /** @inheritDoc */
  *execute(co: Coroutine, instruction: Instruction): Generator<void, void, void> {
    switch (instruction.op) {
      case 'spawn': {
        const child = this.createCoroutine(instruction.id, instruction.body);
        this.register(child);
        this.emit(co.id, { kind: 'spawned', coroutine: child.id });
        this.enqueueSpawned(child, instruction.priority ?? 'normal');
        return;
      }
      case 'suspend':
        this.emit(co.id, { kind: 'suspended', on: 'queue' });
        yield* this.suspendToQueue(co);
        this.takeResumption(co);
        return;
      case 'delay': {
        const timer = this.clock.arm(instruction.ms);
        co.waker.subscribe(timer, new WakerSubscription(co, 'resolve', this));
        co.waker.own(() => this.clock.disarm(timer));
        this.emit(co.id, { kind: 'suspended', on: 'timer' });
        co.waker.status = WakerStatus.WAITING;
        yield;
        this.takeResumption(co);
        return;
      }
      case 'await':
        yield* this.awaitInstruction(co, instruction);
        return;
      case 'cancel': {
        const target = this.coroutineRef(co, instruction.target);
        const reason = instruction.reason ?? MESSAGES.coroutineCancelled;
        this.emit(co.id, { kind: 'cancel', target: target.id, reason });
        this.cancelCoroutine(target, makeError('Async\\AsyncCancellation', reason));
        return;
      }
      case 'log':
        this.emit(co.id, { kind: 'log', value: instruction.value });
        return;
      case 'trigger.new':
      case 'future.new':
        this.events.set(instruction.id, this.createEvent(instruction.op === 'trigger.new' ? 'trigger' : 'future', instruction.id));
        return;
      case 'trigger.fire': {
        const trigger = this.eventRef(instruction.id, 'trigger');
        if (!this.canFire(trigger)) return;
        const value = instruction.value ?? null;
        this.emit(co.id, { kind: 'fire', event: trigger.name, value });
        this.notifyFrom(trigger, value, undefined);
        return;
      }
      case 'trigger.close': {
        const trigger = this.eventRef(instruction.id, 'trigger');
        if (trigger.closed) return;
        trigger.closed = true;
        this.emit(co.id, { kind: 'close', event: trigger.name });
        this.notifyFrom(trigger, null, undefined);
        return;
      }
      case 'future.complete':
      case 'future.fail': {
        const future = this.eventRef(instruction.id, 'future');
        if (future.closed) return;
        future.outcome = instruction.op === 'future.complete' ? { kind: 'value', value: instruction.value ?? null } : { kind: 'error', error: instruction.error };
        future.closed = true;
        if (future.outcome.kind === 'value') {
          this.emit(co.id, { kind: 'settle', event: future.name, value: future.outcome.value });
          this.notifyFrom(future, future.outcome.value, undefined);
        } else {
          this.emit(co.id, { kind: 'settle', event: future.name, error: future.outcome.error });
          this.notifyFrom(future, null, future.outcome.error);
        }
        return;
      }
      case 'event.on': {
        const event = this.eventRef(instruction.event);
        event.addCallback(new UserCallback(instruction.callback, instruction.actions ?? [], this));
        this.emit(co.id, { kind: 'on', event: event.name, callback: instruction.callback });
        return;
      }
      case 'event.off': {
        const event = this.eventRef(instruction.event);
        const found = this.removeUserCallback(event, instruction.callback);
        this.emit(co.id, { kind: 'off', event: event.name, callback: instruction.callback, found });
        return;
      }
      case 'onFinally': {
        const target = this.coroutineRef(co, instruction.target);
        if (target.finished) this.emit(co.id, { kind: 'finally', target: target.id, handler: instruction.handler });
        else target.finallyHandlers.push(instruction.handler);
        return;
      }
      case 'query': {
        const target = this.coroutineRef(co, instruction.target);
        this.emit(co.id, { kind: 'query', target: target.id, what: instruction.what, value: this.queryValue(target, instruction.what) });
        return;
      }
      case 'shutdown':
        this.startShutdown(co.id);
        return;
      default:
        throw new Error(`ReferenceRuntime: unexpected instruction '${instruction.op}'`);
    }
  }

  /**
   * Factory of triggers and futures (a seam for mutants).
   *
   * @param type - `trigger` or `future`.
   * @param id - its scenario id.
   * @returns a new open event.
   */
  protected createEvent(type: 'trigger' | 'future', id: string): ScenarioEvent {
    return new ScenarioEvent(type, id);
  }

  /**
   * `suspend`: become `QUEUED` at the tail of the queue and yield (SCH-1, SCH-6).
   *
   * @param co - the suspending coroutine (already reported `suspended`).
   */
  protected *suspendToQueue(co: Coroutine): Generator<void, void, void> {
    co.waker.status = WakerStatus.QUEUED;
    this.queue.push(co);
    yield;
  }

  /**
   * Whether `trigger.fire` notifies: only an open trigger does (EVT-11).
   *
   * @param trigger - the trigger.
   * @returns false when it is closed.
   */
  protected canFire(trigger: AsyncEvent): boolean {
    return !trigger.closed;
  }

  /**
   * Run a notify pass started by an instruction; a pending callback exception
   * is thrown in the acting coroutine once the pass is over (EVT-9).
   *
   * @param event - the notified event.
   * @param value - the notified value.
   * @param error - the notified error, if any.
   */
  protected notifyFrom(event: AsyncEvent, value: Value, error: ErrorValue | undefined): void {
    const result = event.notify(value, error);
    if (result.kind === 'refused') this.emit(this.actorId(), { kind: 'warning', message: MESSAGES.nestedNotify });
    else if (result.error !== undefined) throw new ScenarioThrow(result.error);
  }

  /** @inheritDoc */
  invokeUserCallback(callback: UserCallback, event: AsyncEvent, value: Value, error: ErrorValue | undefined): ErrorValue | undefined {
    const actor = this.actorId();
    const base = { event: event.name, callback: callback.id };
    this.emit(actor, error === undefined ? { kind: 'callback', ...base, value } : { kind: 'callback', ...base, error });
    for (const action of callback.actions) {
      const thrown = this.performAction(actor, event, action);
      if (thrown !== undefined) return thrown;
    }
    return undefined;
  }

  /**
   * One action of a user callback.
   *
   * @param actor - the notifying actor.
   * @param event - the event whose callback runs.
   * @param action - the action.
   * @returns the exception it leaves pending, if any.
   */
  protected performAction(actor: string, event: AsyncEvent, action: CallbackAction): ErrorValue | undefined {
    switch (action.do) {
      case 'remove': {
        const found = this.removeUserCallback(event, action.callback);
        this.emit(actor, { kind: 'off', event: event.name, callback: action.callback, found });
        return undefined;
      }
      case 'fire': {
        const result = event.notify(null, undefined);
        if (result.kind === 'refused') {
          this.emit(actor, { kind: 'warning', message: MESSAGES.nestedNotify });
          return undefined;
        }
        return result.error;
      }
      case 'throw':
        return action.error;
    }
  }

  /**
   * Remove the live user callback `id` from `event` (EVT-6 during a pass).
   *
   * @param event - the event.
   * @param id - the callback id.
   * @returns whether it was found.
   */
  protected removeUserCallback(event: AsyncEvent, id: string): boolean {
    const callback = event.callbacks().find((c) => c instanceof UserCallback && c.id === id);
    return callback !== undefined && event.removeCallback(callback);
  }

}
