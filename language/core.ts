/**
 * The core area of the scenario language: coroutines, events (triggers and
 * futures), wakers, the scheduler, virtual time, exceptions,
 * cancellation of coroutines and `protect` — capability `core`.
 *
 * @remarks The instruction types, the trace-event kinds and their JSON
 * Schemas. What each instruction must produce is fixed by
 * `docs/guides/trace-semantics.md`.
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { LanguageArea } from './area.js';
import { closed, id, ms, ref, str, target } from './area.js';
import type { Program } from './scenario.js';
import type { SuspendedOn } from './trace.js';
import type { ErrorClass, ErrorValue, Value } from './values.js';

/** Spawn a coroutine (COR-1, SCH-2). */
export interface SpawnInstruction {
  /** Discriminant: `spawn`. */
  op: 'spawn';
  /** Scenario-wide unique coroutine id (not `main`, `scheduler` or `finally:*`). */
  id: string;
  /** Its program. */
  body: Program;
  /** `high` inserts at the head of the run queue (internal API, SCH-2). @defaultValue `'normal'` */
  priority?: 'normal' | 'high';
  /** `$scope->spawn(…)`: the scope id to spawn into; omitted = the spawner's own scope (COR-2, SCP-3). */
  scope?: string;
}

/** `Async\suspend()`: yield to the tail of the run queue (SCH-1, SCH-6). */
export interface SuspendInstruction {
  /** Discriminant: `suspend`. */
  op: 'suspend';
}

/** `Async\delay(ms)`: sleep on the virtual clock. */
export interface DelayInstruction {
  /** Discriminant: `delay`. */
  op: 'delay';
  /** Virtual milliseconds, a whole number ≥ 0. */
  ms: number;
}

/** What an `await` waits for. Exactly one key is present. */
export type AwaitTarget =
  | { coroutine: string }
  | { future: string }
  | { trigger: string }
  | { timer: number };

/** What may serve as a cancellation token of an `await` (CAN-9). */
export type TokenTarget = { coroutine: string } | { future: string } | { trigger: string };

/** `Async\await($target, $cancellation)` (WAK-3, WAK-4, WAK-8, CAN-9). */
export interface AwaitInstruction {
  /** Discriminant: `await`. */
  op: 'await';
  /** The awaitable. `{timer: ms}` is a one-shot timer that resolves with `null`. */
  target: AwaitTarget;
  /** `Async\timeout(timeoutMs)` as the cancellation token (virtual ms, ≥ 0). */
  timeoutMs?: number;
  /** Another event as the cancellation token. At most one of `timeoutMs` and `cancellation`. */
  cancellation?: TokenTarget;
}

/** `$coroutine->cancel(new AsyncCancellation($reason))` (§6.2). */
export interface CancelInstruction {
  /** Discriminant: `cancel`. */
  op: 'cancel';
  /** Coroutine id, or `self`. */
  target: string;
  /** Message of the `Async\AsyncCancellation`. @defaultValue `'Coroutine cancelled'` */
  reason?: string;
}

/** `throw new <class>(<message>)`. */
export interface ThrowInstruction {
  /** Discriminant: `throw`. */
  op: 'throw';
  /** The error thrown (its `previous` chain is kept). */
  error: ErrorValue;
}

/** One `catch (<class>)` clause. */
export interface CatchClause {
  /** Catches this class and its descendants. */
  class: ErrorClass;
  /** Runs when it catches; may `rethrow`. */
  body: Program;
}

/** `try { … } catch … finally { … }`. */
export interface TryInstruction {
  /** Discriminant: `try`. */
  op: 'try';
  /** The guarded block. */
  body: Program;
  /** Catch clauses, tried in order. */
  catch?: CatchClause[];
  /** Runs after the body and any catch clause, whatever happened. */
  finally?: Program;
}

/** `throw $e;` of the error caught by the innermost enclosing catch clause. */
export interface RethrowInstruction {
  /** Discriminant: `rethrow`. */
  op: 'rethrow';
}

/** `return <value>;` from the coroutine body. */
export interface ReturnInstruction {
  /** Discriminant: `return`. */
  op: 'return';
  /** @defaultValue `null` */
  value?: Value;
}

/** `echo`: record a value in the trace. */
export interface LogInstruction {
  /** Discriminant: `log`. */
  op: 'log';
  /** The value recorded. */
  value: Value;
}

/** Create a trigger event: multi-shot, not replayable, does not keep the loop alive. */
export interface TriggerNewInstruction {
  /** Discriminant: `trigger.new`. */
  op: 'trigger.new';
  /** Trigger id. */
  id: string;
}

/** Notify a trigger's callbacks and awaiters with `value`. */
export interface TriggerFireInstruction {
  /** Discriminant: `trigger.fire`. */
  op: 'trigger.fire';
  /** Trigger id. */
  id: string;
  /** @defaultValue `null` */
  value?: Value;
}

/** Close a trigger (NOTIFY_AND_CLOSE, EVT-11). */
export interface TriggerCloseInstruction {
  /** Discriminant: `trigger.close`. */
  op: 'trigger.close';
  /** Trigger id. */
  id: string;
}

/** Create a pending future (one-shot, replayable, EVT-12). */
export interface FutureNewInstruction {
  /** Discriminant: `future.new`. */
  op: 'future.new';
  /** Future id. */
  id: string;
}

/** Settle a future with a value. */
export interface FutureCompleteInstruction {
  /** Discriminant: `future.complete`. */
  op: 'future.complete';
  /** Future id. */
  id: string;
  /** @defaultValue `null` */
  value?: Value;
}

/** Settle a future with an error. */
export interface FutureFailInstruction {
  /** Discriminant: `future.fail`. */
  op: 'future.fail';
  /** Future id. */
  id: string;
  /** The error it settles with. */
  error: ErrorValue;
}

/** What a user callback does when it is invoked, in order. */
export type CallbackAction =
  | { do: 'remove'; callback: string }
  | { do: 'fire' }
  | { do: 'throw'; error: ErrorValue };

/** Add a user callback to a trigger's or future's callback vector (EVT-6..9). */
export interface EventOnInstruction {
  /** Discriminant: `event.on`. */
  op: 'event.on';
  /** Trigger or future id. */
  event: string;
  /** Callback id, unique per event. */
  callback: string;
  /** @defaultValue `[]` */
  actions?: CallbackAction[];
}

/** Remove a user callback. */
export interface EventOffInstruction {
  /** Discriminant: `event.off`. */
  op: 'event.off';
  /** Trigger or future id. */
  event: string;
  /** Callback id given to `event.on`. */
  callback: string;
}

/** `$coroutine->finally($handler)` (COR-7). */
export interface OnFinallyInstruction {
  /** Discriminant: `onFinally`. */
  op: 'onFinally';
  /** Coroutine id, `self`, or a scope id (`$scope->finally()`, SCP-16). */
  target: string;
  /** Handler id recorded in the `finally` event. */
  handler: string;
}

/** The coroutine methods a `query` may call. */
export type CoroutineQuery =
  | 'isStarted'
  | 'isQueued'
  | 'isRunning'
  | 'isSuspended'
  | 'isCancelled'
  | 'isCancellationRequested'
  | 'isCompleted'
  | 'getResult'
  | 'getException';

/** Call a coroutine method (or a scope method, SCP-9) and record its answer. */
export interface QueryInstruction {
  /** Discriminant: `query`. */
  op: 'query';
  /** Coroutine id, `self`, a scope id or a pool id. */
  target: string;
  /** The method called: a coroutine answers {@link CoroutineQuery} methods, a scope only `ScopeQuery` methods, a pool only `PoolQuery` methods. */
  what: QueryMethod;
}

/** `Async\graceful_shutdown()` (SCH-9). */
export interface ShutdownInstruction {
  /** Discriminant: `shutdown`. */
  op: 'shutdown';
}


/** `Async\protect(fn() => { body })`: cancellation is deferred while the body runs (CAN-5, CAN-6). */
export interface ProtectInstruction {
  /** Discriminant: `protect`. */
  op: 'protect';
  /** The closure's body; it may not `return` and `rethrow` only inside its own catch clauses. */
  body: Program;
}

/** The coroutine methods a `query` may call ({@link CoroutineQuery}), in schema order. */
export const QUERIES = [
  'isStarted', 'isQueued', 'isRunning', 'isSuspended', 'isCancelled', 'isCancellationRequested',
  'isCompleted', 'getResult', 'getException',
] as const satisfies readonly CoroutineQuery[];

/**
 * The methods a `query` may call, keyed by the area whose objects answer
 * them; the scope and pool areas add theirs by declaration merging.
 */
export interface QueryMethods {
  /** The coroutine methods. */
  core: CoroutineQuery;
}

/** Every method a `query` may call: the union of the areas' query methods. */
export type QueryMethod = QueryMethods[keyof QueryMethods];

/** The instructions of the core area. */
export type CoreInstruction =
  | SpawnInstruction
  | SuspendInstruction
  | DelayInstruction
  | AwaitInstruction
  | CancelInstruction
  | ThrowInstruction
  | TryInstruction
  | RethrowInstruction
  | ReturnInstruction
  | LogInstruction
  | TriggerNewInstruction
  | TriggerFireInstruction
  | TriggerCloseInstruction
  | FutureNewInstruction
  | FutureCompleteInstruction
  | FutureFailInstruction
  | EventOnInstruction
  | EventOffInstruction
  | OnFinallyInstruction
  | QueryInstruction
  | ShutdownInstruction
  | ProtectInstruction;

/** The trace events of the core area (their data beyond `t` and `actor`). */
export type CoreTraceEvent =
  | { kind: 'started' }
  | { kind: 'spawned'; coroutine: string }
  | { kind: 'suspended'; on: SuspendedOn }
  | { kind: 'resumed'; error?: ErrorValue }
  | { kind: 'awaited'; value: Value }
  | { kind: 'completed'; value: Value }
  | { kind: 'failed'; error: ErrorValue }
  | { kind: 'caught'; error: ErrorValue }
  | { kind: 'cancel'; target: string; reason: string }
  | { kind: 'log'; value: Value }
  | { kind: 'fire'; event: string; value: Value }
  | { kind: 'close'; event: string }
  | { kind: 'settle'; event: string; value?: Value; error?: ErrorValue }
  | { kind: 'on'; event: string; callback: string }
  | { kind: 'off'; event: string; callback: string; found: boolean }
  | { kind: 'callback'; event: string; callback: string; value?: Value; error?: ErrorValue }
  | { kind: 'warning'; message: string }
  | { kind: 'query'; target: string; what: QueryMethod; value: Value | ErrorValue }
  | { kind: 'finally'; target: string; handler: string }
  | { kind: 'shutdown' }
  | { kind: 'deadlock'; waiting: number }
  | { kind: 'exit'; error?: ErrorValue };

declare module './scenario.js' {
  interface Instructions {
    /** The core instructions. */
    core: CoreInstruction;
  }
}

declare module './trace.js' {
  interface TraceEvents {
    /** The core event kinds. */
    core: CoreTraceEvent;
  }
}

/**
 * The core area as data: capability `core`, the JSON Schema of each
 * instruction and event kind, the coroutine query methods.
 */
export const core = {
  capability: 'core',
  instructions: {
    spawn: { fields: { id, body: ref('program'), priority: { enum: ['normal', 'high'] }, scope: id }, required: ['id', 'body'] },
    suspend: { fields: {}, required: [] },
    delay: { fields: { ms }, required: ['ms'] },
    await: { fields: { target: ref('awaitTarget'), timeoutMs: ms, cancellation: ref('tokenTarget') }, required: ['target'] },
    cancel: { fields: { target: id, reason: str }, required: ['target'] },
    throw: { fields: { error: ref('error') }, required: ['error'] },
    try: {
      fields: { body: ref('program'), catch: { type: 'array', items: ref('catchClause') }, finally: ref('program') },
      required: ['body'],
    },
    rethrow: { fields: {}, required: [] },
    return: { fields: { value: ref('value') }, required: [] },
    log: { fields: { value: ref('value') }, required: ['value'] },
    'trigger.new': { fields: { id }, required: ['id'] },
    'trigger.fire': { fields: { id, value: ref('value') }, required: ['id'] },
    'trigger.close': { fields: { id }, required: ['id'] },
    'future.new': { fields: { id }, required: ['id'] },
    'future.complete': { fields: { id, value: ref('value') }, required: ['id'] },
    'future.fail': { fields: { id, error: ref('error') }, required: ['id', 'error'] },
    'event.on': { fields: { event: id, callback: id, actions: { type: 'array', items: ref('callbackAction') } }, required: ['event', 'callback'] },
    'event.off': { fields: { event: id, callback: id }, required: ['event', 'callback'] },
    onFinally: { fields: { target: id, handler: id }, required: ['target', 'handler'] },
    query: { fields: { target: id, what: ref('queryMethod') }, required: ['target', 'what'] },
    shutdown: { fields: {}, required: [] },
    protect: { fields: { body: ref('program') }, required: ['body'] },
  },
  events: {
    started: { fields: {}, required: [] },
    spawned: { fields: { coroutine: str }, required: ['coroutine'] },
    suspended: { fields: { on: str }, required: ['on'] },
    resumed: { fields: { error: ref('error') }, required: [] },
    awaited: { fields: { value: ref('value') }, required: ['value'] },
    completed: { fields: { value: ref('value') }, required: ['value'] },
    failed: { fields: { error: ref('error') }, required: ['error'] },
    caught: { fields: { error: ref('error') }, required: ['error'] },
    cancel: { fields: { target: str, reason: str }, required: ['target', 'reason'] },
    log: { fields: { value: ref('value') }, required: ['value'] },
    fire: { fields: { event: str, value: ref('value') }, required: ['event', 'value'] },
    close: { fields: { event: str }, required: ['event'] },
    settle: { fields: { event: str, value: ref('value'), error: ref('error') }, required: ['event'] },
    on: { fields: { event: str, callback: str }, required: ['event', 'callback'] },
    off: { fields: { event: str, callback: str, found: { type: 'boolean' } }, required: ['event', 'callback', 'found'] },
    callback: { fields: { event: str, callback: str, value: ref('value'), error: ref('error') }, required: ['event', 'callback'] },
    warning: { fields: { message: str }, required: ['message'] },
    query: { fields: { target: str, what: ref('queryMethod'), value: { anyOf: [ref('value'), ref('error')] } }, required: ['target', 'what', 'value'] },
    finally: { fields: { target: str, handler: str }, required: ['target', 'handler'] },
    shutdown: { fields: {}, required: [] },
    deadlock: { fields: { waiting: { type: 'integer', minimum: 0 } }, required: ['waiting'] },
    exit: { fields: { error: ref('error') }, required: [] },
  },
  queries: QUERIES,
  defs: {
    awaitTarget: target({ coroutine: id, future: id, trigger: id, timer: ms }),
    tokenTarget: target({ coroutine: id, future: id, trigger: id }),
    catchClause: closed({ class: ref('errorClass'), body: ref('program') }, ['class', 'body']),
    callbackAction: {
      type: 'object',
      discriminator: { propertyName: 'do' },
      oneOf: [
        closed({ do: { const: 'remove' }, callback: id }, ['do', 'callback']),
        closed({ do: { const: 'fire' } }, ['do']),
        closed({ do: { const: 'throw' }, error: ref('error') }, ['do', 'error']),
      ],
    },
  },
} as const satisfies LanguageArea<CoreInstruction['op'], CoreTraceEvent['kind']>;
