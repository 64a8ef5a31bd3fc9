/**
 * The core area of the reference runtime: the instructions of the `core`
 * capability — `spawn`, `suspend`, `delay`, `await`, `cancel`, `log`,
 * triggers, futures, event callbacks, `onFinally`, `query`, `shutdown`.
 *
 * @remarks
 * An area module: {@link CoreArea} registers one handler per core
 * instruction and the coroutine targets of `query` / `onFinally`; what it
 * does is the kernel's (coroutines, awaiting) or its own (events and their
 * callback vectors). Follows `docs/guides/trace-semantics.md` instruction by
 * instruction. Every decision a mutant may break is a named seam of
 * {@link coreSeams}.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { CallbackAction, CoroutineQuery, ErrorValue, Instruction, QueryInstruction, Value } from '../conformance/adapter.js';
import { UserCallback, type UserCallbackHost } from './callbacks.js';
import { Coroutine, ScenarioThrow } from './coroutine.js';
import { makeError, MESSAGES, undefinedReference } from './errors.js';
import { ScenarioEvent, type AsyncEvent } from './event.js';
import { defineArea } from './area.js';
import type { HandlerTable, Kernel, LeafOp, Target, TargetResolver } from './kernel.js';
import { WakerStatus } from './waker.js';

/** The methods a `query` may call on a coroutine (digest §3.4). */
const COROUTINE_QUERIES: ReadonlySet<QueryInstruction['what']> = new Set<CoroutineQuery>([
  'isStarted', 'isQueued', 'isRunning', 'isSuspended', 'isCancelled', 'isCancellationRequested', 'isCompleted', 'getResult', 'getException',
]);

/** The instructions the core area handles: every leaf instruction but the scope and pool ones. */
export type CoreOp = Exclude<LeafOp, `scope.${string}` | 'protect' | `pool.${string}`>;

/**
 * The core area.
 *
 * @remarks Requirements: EVT-6..EVT-13, COR-1, COR-6, COR-7, SCH-1, SCH-6, SCH-9, CAN-1.
 */
export class CoreArea implements UserCallbackHost, TargetResolver {
  /**
   * Build the area on a kernel: it resolves coroutine targets (`self` included) of `query` / `onFinally`.
   *
   * @param k - the kernel.
   * @param seams - the area's seams (defaults: {@link coreSeams}).
   */
  constructor(
    readonly k: Kernel,
    readonly seams: CoreSeams = coreSeams,
  ) {
    k.addTargets(this);
  }

  /** @inheritDoc */
  resolveTarget(co: Coroutine, id: string): Target | undefined {
    return id === 'self' || this.k.coroutines.has(id) ? this.target(this.k.coroutineRef(co, id)) : undefined;
  }

  /**
   * A coroutine as the target of `query` (COR-6, CAN-8) and `onFinally` (COR-7).
   *
   * @param target - the coroutine.
   * @returns the target.
   */
  target(target: Coroutine): Target {
    return {
      id: target.id,
      query: (what) => {
        if (!COROUTINE_QUERIES.has(what)) throw new Error(`ReferenceRuntime: '${what}' is not a coroutine method`);
        return this.k.seams.queryValue(this.k, target, what as CoroutineQuery);
      },
      onFinally: (co, handler) => {
        if (target.finished) this.k.emit(co.id, { kind: 'finally', target: target.id, handler });
        else target.finallyHandlers.push(handler);
      },
    };
  }

  /**
   * `suspend`: emit `suspended {on:"queue"}`, go to the tail, then `resumed`.
   *
   * @param co - the acting coroutine.
   */
  *suspend(co: Coroutine): Generator<void, void, void> {
    this.k.emit(co.id, { kind: 'suspended', on: 'queue' });
    yield* this.seams.suspendToQueue(this, co);
    this.k.takeResumption(co);
  }

  /**
   * `future.complete` / `future.fail`: nothing when settled; else settle, emit `settle` and notify (EVT-12).
   *
   * @param co - the acting coroutine.
   * @param instruction - the instruction.
   */
  settle(co: Coroutine, instruction: Extract<Instruction, { op: 'future.complete' | 'future.fail' }>): void {
    const future = this.k.eventRef(instruction.id, 'future');
    if (future.closed) return;
    future.outcome = instruction.op === 'future.complete' ? { kind: 'value', value: instruction.value ?? null } : { kind: 'error', error: instruction.error };
    future.closed = true;
    if (future.outcome.kind === 'value') {
      this.k.emit(co.id, { kind: 'settle', event: future.name, value: future.outcome.value });
      this.notifyFrom(future, future.outcome.value, undefined);
    } else {
      this.k.emit(co.id, { kind: 'settle', event: future.name, error: future.outcome.error });
      this.notifyFrom(future, null, future.outcome.error);
    }
  }

  /**
   * Run a notify pass started by an instruction; a pending callback exception
   * is thrown in the acting coroutine once the pass is over (EVT-9).
   *
   * @param event - the notified event.
   * @param value - the notified value.
   * @param error - the notified error, if any.
   */
  notifyFrom(event: AsyncEvent, value: Value, error: ErrorValue | undefined): void {
    const result = event.notify(value, error);
    if (result.kind === 'refused') this.k.emit(this.k.actorId(), { kind: 'warning', message: MESSAGES.nestedNotify });
    else if (result.error !== undefined) throw new ScenarioThrow(result.error);
  }

  /** @inheritDoc */
  invokeUserCallback(callback: UserCallback, event: AsyncEvent, value: Value, error: ErrorValue | undefined): ErrorValue | undefined {
    const actor = this.k.actorId();
    const base = { event: event.name, callback: callback.id };
    this.k.emit(actor, error === undefined ? { kind: 'callback', ...base, value } : { kind: 'callback', ...base, error });
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
  performAction(actor: string, event: AsyncEvent, action: CallbackAction): ErrorValue | undefined {
    switch (action.do) {
      case 'remove': {
        const found = this.removeUserCallback(event, action.callback);
        this.k.emit(actor, { kind: 'off', event: event.name, callback: action.callback, found });
        return undefined;
      }
      case 'fire': {
        const result = event.notify(null, undefined);
        if (result.kind === 'refused') {
          this.k.emit(actor, { kind: 'warning', message: MESSAGES.nestedNotify });
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
  removeUserCallback(event: AsyncEvent, id: string): boolean {
    const callback = event.callbacks().find((c) => c instanceof UserCallback && c.id === id);
    return callback !== undefined && event.removeCallback(callback);
  }
}


/** The handlers of the core instructions. (one per op, each called with the area instance). */
export const coreHandlers: HandlerTable<CoreOp, CoreArea> = {
  spawn: (area, co, instruction) => {
    const scope = area.k.home.scopeFor(co, instruction.scope);
    const child = area.k.createCoroutine(instruction.id, instruction.body);
    area.k.register(child);
    area.k.home.joinScope(child, scope);
    area.k.emit(co.id, { kind: 'spawned', coroutine: child.id });
    area.k.seams.enqueueSpawned(area.k, child, instruction.priority ?? 'normal');
  },
  suspend: (area, co) => area.suspend(co),
  delay: (area, co, instruction) => area.k.sleep(co, instruction.ms),
  await: (area, co, instruction) => area.k.seams.awaitInstruction(area.k, co, instruction),
  cancel: (area, co, instruction) => {
    const target = area.k.coroutineRef(co, instruction.target);
    const reason = instruction.reason ?? MESSAGES.coroutineCancelled;
    area.k.emit(co.id, { kind: 'cancel', target: target.id, reason });
    area.k.seams.cancelCoroutine(area.k, target, makeError('Async\\AsyncCancellation', reason));
  },
  log: (area, co, instruction) => {
    area.k.emit(co.id, { kind: 'log', value: instruction.value });
  },
  'trigger.new': (area, co, instruction) => {
    area.k.events.set(instruction.id, area.seams.createEvent(area, 'trigger', instruction.id));
  },
  'future.new': (area, co, instruction) => {
    area.k.events.set(instruction.id, area.seams.createEvent(area, 'future', instruction.id));
  },
  'trigger.fire': (area, co, instruction) => {
    const trigger = area.k.eventRef(instruction.id, 'trigger');
    if (!area.seams.canFire(area, trigger)) return;
    const value = instruction.value ?? null;
    area.k.emit(co.id, { kind: 'fire', event: trigger.name, value });
    area.notifyFrom(trigger, value, undefined);
  },
  'trigger.close': (area, co, instruction) => {
    const trigger = area.k.eventRef(instruction.id, 'trigger');
    if (trigger.closed) return;
    trigger.closed = true;
    area.k.emit(co.id, { kind: 'close', event: trigger.name });
    area.notifyFrom(trigger, null, undefined);
  },
  'future.complete': (area, co, instruction) => area.settle(co, instruction),
  'future.fail': (area, co, instruction) => area.settle(co, instruction),
  'event.on': (area, co, instruction) => {
    const event = area.k.eventRef(instruction.event);
    event.addCallback(new UserCallback(instruction.callback, instruction.actions ?? [], area));
    area.k.emit(co.id, { kind: 'on', event: event.name, callback: instruction.callback });
  },
  'event.off': (area, co, instruction) => {
    const event = area.k.eventRef(instruction.event);
    const found = area.removeUserCallback(event, instruction.callback);
    area.k.emit(co.id, { kind: 'off', event: event.name, callback: instruction.callback, found });
  },
  onFinally: (area, co, instruction) => {
    const target = area.k.target(co, instruction.target);
    if (target.onFinally === undefined) throw new ScenarioThrow(undefinedReference(instruction.target));
    target.onFinally(co, instruction.handler);
  },
  query: (area, co, instruction) => {
    const target = area.k.target(co, instruction.target);
    area.k.emit(co.id, { kind: 'query', target: target.id, what: instruction.what, value: target.query(instruction.what) });
  },
  shutdown: (area, co) => {
    area.k.startShutdown(co.id);
  },
};

/**
 * The core area's seams: each replaceable decision of the core
 * instructions, called as `area.seams.<name>(area, …)`. A mutant replaces
 * one (`createReferenceRuntime({ seams: { core: { … } } })`).
 */
export const coreSeams = {
  /**
   * Factory of triggers and futures (a seam for mutants).
   *
   * @param area - the core area.
   * @param type - `trigger` or `future`.
   * @param id - its scenario id.
   * @returns a new open event.
   */
  createEvent(area: CoreArea, type: 'trigger' | 'future', id: string): ScenarioEvent {
    return new ScenarioEvent(type, id);
  },

  /**
   * `suspend`: become `QUEUED` at the tail of the queue and yield (SCH-1, SCH-6).
   *
   * @param area - the core area.
   * @param co - the suspending coroutine (already reported `suspended`).
   */
  *suspendToQueue(area: CoreArea, co: Coroutine): Generator<void, void, void> {
    co.waker.status = WakerStatus.QUEUED;
    area.k.queue.push(co);
    yield;
  },

  /**
   * Whether `trigger.fire` notifies: only an open trigger does (EVT-11).
   *
   * @param area - the core area.
   * @param trigger - the trigger.
   * @returns false when it is closed.
   */
  canFire(area: CoreArea, trigger: AsyncEvent): boolean {
    return !trigger.closed;
  },
};

/** The type of the core area's seam record ({@link coreSeams}). */
export type CoreSeams = typeof coreSeams;

/** The core area module (listed in `reference/areas.ts`). */
export const coreArea = defineArea({
  name: 'core',
  capabilities: ['core'],
  seams: coreSeams,
  handlers: coreHandlers,
  install: (kernel: Kernel, seams: CoreSeams) => new CoreArea(kernel, seams),
});
