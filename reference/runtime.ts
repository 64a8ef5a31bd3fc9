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
import type { CallbackAction, CoroutineQuery, ErrorValue, Instruction, QueryInstruction, Scenario, Trace, Value } from '../conformance/adapter.js';
import { UserCallback, type UserCallbackHost } from './callbacks.js';
import { Coroutine, ScenarioThrow } from './coroutine.js';
import { makeError, MESSAGES } from './errors.js';
import { ScenarioEvent, type AsyncEvent } from './event.js';
import { DEFAULT_MAX_STEPS } from './scheduler.js';
import type { PoolQueryMethod } from './pool.js';
import { PoolRuntime } from './pooling.js';
import { Scope } from './scope.js';
import type { ScopeQueryMethod } from './scoping.js';
import { WakerStatus } from './waker.js';

/** The methods a `query` may call on a scope (SCP-9). */
const SCOPE_QUERIES: ReadonlySet<QueryInstruction['what']> = new Set<ScopeQueryMethod>(['isCancelled', 'isClosed', 'isFinished']);
/** The methods a `query` may call on a coroutine (digest §3.4). */
const COROUTINE_QUERIES: ReadonlySet<QueryInstruction['what']> = new Set<CoroutineQuery>([
  'isStarted', 'isQueued', 'isRunning', 'isSuspended', 'isCancelled', 'isCancellationRequested', 'isCompleted', 'getResult', 'getException',
]);
/** The methods a `query` may call on a pool (trace-semantics §7.2). */
const POOL_QUERIES: ReadonlySet<QueryInstruction['what']> = new Set<PoolQueryMethod>(['count', 'idleCount', 'activeCount', 'isClosed', 'getState']);

/**
 * The reference runtime of TrueAsync for scenario language v1.
 *
 * @remarks `run` may be called once per instance. A scenario that runs away
 * (more than {@link DEFAULT_MAX_STEPS} steps) makes `run` throw.
 * Requirements: EVT-6..EVT-13, WAK-1..WAK-8, COR-1..COR-8, SCH-1..SCH-13, CAN-1..CAN-11, SCP-1..SCP-16, SCP-18..SCP-20,
 * POOL-1..POOL-12, CB-1..CB-7.
 */
export class ReferenceRuntime extends PoolRuntime implements UserCallbackHost {
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
    this.joinScope(main, this.mainScope);
    this.queue.push(main);
    this.runLoop();
    return this.trace;
  }

  /** @inheritDoc */
  *execute(co: Coroutine, instruction: Instruction): Generator<void, void, void> {
    switch (instruction.op) {
      case 'spawn': {
        const scope = this.spawnTarget(co, instruction.scope);
        const child = this.createCoroutine(instruction.id, instruction.body);
        this.register(child);
        this.joinScope(child, scope);
        this.emit(co.id, { kind: 'spawned', coroutine: child.id });
        this.enqueueSpawned(child, instruction.priority ?? 'normal');
        return;
      }
      case 'suspend':
        this.emit(co.id, { kind: 'suspended', on: 'queue' });
        yield* this.suspendToQueue(co);
        this.takeResumption(co);
        return;
      case 'delay':
        yield* this.sleep(co, instruction.ms);
        return;
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
        const target = this.ownerRef(co, instruction.target);
        if (target instanceof Scope) this.scopeOnFinally(co, target, instruction.handler);
        else if (target.finished) this.emit(co.id, { kind: 'finally', target: target.id, handler: instruction.handler });
        else target.finallyHandlers.push(instruction.handler);
        return;
      }
      case 'query': {
        const what = instruction.what;
        const pool = this.queriedPool(instruction.target);
        if (pool !== undefined) {
          if (!POOL_QUERIES.has(what)) throw new Error(`ReferenceRuntime: '${what}' is not a pool method`);
          this.emit(co.id, { kind: 'query', target: pool.id, what, value: this.poolQueryValue(pool, what as PoolQueryMethod) });
          return;
        }
        const target = this.ownerRef(co, instruction.target);
        let value: Value | ErrorValue;
        if (target instanceof Scope) {
          if (!SCOPE_QUERIES.has(what)) throw new Error(`ReferenceRuntime: '${what}' is not a scope method`);
          value = this.scopeQueryValue(target, what as ScopeQueryMethod);
        } else {
          if (!COROUTINE_QUERIES.has(what)) throw new Error(`ReferenceRuntime: '${what}' is not a coroutine method`);
          value = this.queryValue(target, what as CoroutineQuery);
        }
        this.emit(co.id, { kind: 'query', target: target.id, what, value });
        return;
      }
      case 'shutdown':
        this.startShutdown(co.id);
        return;
      case 'protect':
        yield* this.protectBlock(co, instruction.body);
        return;
      case 'scope.new':
        this.newScope(co, instruction.id, undefined);
        return;
      case 'scope.inherit':
        this.newScope(co, instruction.id, instruction.parent === undefined ? co.scope : this.scopeRef(instruction.parent));
        return;
      case 'scope.asNotSafely':
      case 'scope.allowZombies':
        this.liveScopeRef(instruction.scope).safe = instruction.op === 'scope.allowZombies';
        return;
      case 'scope.setExceptionHandler':
      case 'scope.setChildScopeExceptionHandler': {
        const scope = this.liveScopeRef(instruction.scope);
        const spec = { handler: instruction.handler, action: instruction.action };
        if (instruction.op === 'scope.setExceptionHandler') scope.exceptionHandler = spec;
        else scope.childScopeHandler = spec;
        return;
      }
      case 'scope.cancel': {
        const scope = this.scopeRef(instruction.scope);
        const reason = instruction.reason ?? MESSAGES.scopeCancelled;
        this.emit(co.id, { kind: 'scopeCancel', scope: scope.id, how: 'cancel', reason });
        this.userCancelScope(scope, makeError('Async\\AsyncCancellation', reason), scope.safe);
        return;
      }
      case 'scope.dispose':
      case 'scope.disposeSafely': {
        const scope = this.scopeRef(instruction.scope);
        const how = instruction.op === 'scope.dispose' ? 'dispose' : 'disposeSafely';
        this.emit(co.id, { kind: 'scopeCancel', scope: scope.id, how, reason: MESSAGES.scopeCancelled });
        this.userCancelScope(scope, makeError('Async\\AsyncCancellation', MESSAGES.scopeCancelled), how === 'dispose' ? scope.safe : true);
        return;
      }
      case 'scope.disposeAfterTimeout':
        this.disposeAfterTimeout(this.scopeRef(instruction.scope), instruction.ms);
        return;
      case 'scope.awaitCompletion':
        yield* this.awaitScopeCompletion(co, instruction);
        return;
      case 'scope.awaitAfterCancellation':
        yield* this.awaitScopeAfterCancellation(co, instruction);
        return;
      case 'pool.new':
        yield* this.newPool(co, instruction);
        return;
      case 'pool.acquire':
        yield* this.poolAcquire(co, this.poolRef(instruction.pool), instruction.timeoutMs);
        return;
      case 'pool.tryAcquire':
        yield* this.poolTryAcquire(co, this.poolRef(instruction.pool));
        return;
      case 'pool.release':
        yield* this.poolRelease(co, this.poolRef(instruction.pool));
        return;
      case 'pool.close':
        this.poolClose(co, this.poolRef(instruction.pool));
        return;
      case 'pool.activate':
      case 'pool.deactivate':
      case 'pool.recover': {
        const state = instruction.op === 'pool.activate' ? 'ACTIVE' : instruction.op === 'pool.deactivate' ? 'INACTIVE' : 'RECOVERING';
        this.setBreakerState(co.id, this.poolRef(instruction.pool), state);
        return;
      }
      case 'pool.setStrategy':
        this.setPoolStrategy(this.poolRef(instruction.pool), instruction.strategy);
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
