/**
 * Scenario language v1: the data a conformance run feeds to a runtime.
 *
 * @remarks
 * A scenario is plain JSON: the program of the `main` coroutine, whose
 * instructions may spawn more coroutines with programs of their own. Each
 * instruction is a record discriminated by `op`. The operational meaning of
 * every instruction — which trace events it produces, in which order — is
 * fixed by `docs/guides/trace-semantics.md`. Later versions add instructions
 * (scopes, pools, PDO, GC, threads) without changing the meaning of these.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */

export { ERROR_PARENT, isCancellation, isInstanceOf } from '../../language/values.js';
export type { ErrorClass, ErrorValue, Value } from '../../language/values.js';
import type { ErrorClass, ErrorValue, Value } from '../../language/values.js';

/** A program: the instructions of one coroutine body, run in order. */
export type Program = Instruction[];

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

/** The scope methods a `query` on a scope may call (SCP-9). */
export type ScopeQuery = 'isCancelled' | 'isClosed' | 'isFinished';

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
  /** The method called; a scope accepts only {@link ScopeQuery} methods, a pool only {@link PoolQuery} methods. */
  what: CoroutineQuery | ScopeQuery | PoolQuery;
}

/** `Async\graceful_shutdown()` (SCH-9). */
export interface ShutdownInstruction {
  /** Discriminant: `shutdown`. */
  op: 'shutdown';
}

/** `new Async\Scope()`: a root scope, not safe (SCP-2). */
export interface ScopeNewInstruction {
  /** Discriminant: `scope.new`. */
  op: 'scope.new';
  /** Scenario-wide unique scope id. */
  id: string;
}

/** `Async\Scope::inherit($parent)`: a child scope that copies its parent's safe flag (SCP-1, SCP-2). */
export interface ScopeInheritInstruction {
  /** Discriminant: `scope.inherit`. */
  op: 'scope.inherit';
  /** Scenario-wide unique scope id. */
  id: string;
  /** Parent scope id; omitted = the acting coroutine's scope (the main scope for `main`, which is safe). */
  parent?: string;
}

/** `$scope->asNotSafely()` / `$scope->allowZombies()`: clear / set the safe flag (SCP-2). */
export interface ScopeSafetyInstruction {
  /** Discriminant: `scope.asNotSafely` clears, `scope.allowZombies` sets. */
  op: 'scope.asNotSafely' | 'scope.allowZombies';
  /** Scope id. */
  scope: string;
}

/** `$scope->cancel(new AsyncCancellation($reason))` (SCP-4..8). */
export interface ScopeCancelInstruction {
  /** Discriminant: `scope.cancel`. */
  op: 'scope.cancel';
  /** Scope id. */
  scope: string;
  /** Message of the `Async\AsyncCancellation`. @defaultValue `'Scope was cancelled'` */
  reason?: string;
}

/** `$scope->dispose()` (own safe mode) / `$scope->disposeSafely()` (safe mode) (SCP-10). */
export interface ScopeDisposeInstruction {
  /** Discriminant. */
  op: 'scope.dispose' | 'scope.disposeSafely';
  /** Scope id. */
  scope: string;
}

/** `$scope->disposeAfterTimeout($ms)` (SCP-11). */
export interface ScopeDisposeAfterTimeoutInstruction {
  /** Discriminant: `scope.disposeAfterTimeout`. */
  op: 'scope.disposeAfterTimeout';
  /** Scope id. */
  scope: string;
  /** Virtual milliseconds, a whole number ≥ 0. */
  ms: number;
}

/** `$scope->awaitCompletion($token)`: the token is mandatory, exactly one of `timeoutMs` and `cancellation` (SCP-13). */
export interface ScopeAwaitCompletionInstruction {
  /** Discriminant: `scope.awaitCompletion`. */
  op: 'scope.awaitCompletion';
  /** Scope id. */
  scope: string;
  /** `Async\timeout(timeoutMs)` as the token (virtual ms, ≥ 0). */
  timeoutMs?: number;
  /** Another event as the token. */
  cancellation?: TokenTarget;
}

/** `$scope->awaitAfterCancellation(null, $token?)` (SCP-15). */
export interface ScopeAwaitAfterCancellationInstruction {
  /** Discriminant: `scope.awaitAfterCancellation`. */
  op: 'scope.awaitAfterCancellation';
  /** Scope id. */
  scope: string;
  /** `Async\timeout(timeoutMs)` as the optional token (virtual ms, ≥ 0). */
  timeoutMs?: number;
}

/**
 * A scope exception handler described as data: it is called with the scope,
 * the failed coroutine and the error (SCP-14); `swallow` returns normally
 * (absorbs the error), `rethrow` throws the error it was given.
 */
export interface HandlerSpec {
  /** Handler id recorded in the `handler` event. */
  handler: string;
  /** What the handler does after it is called. */
  action: 'swallow' | 'rethrow';
}

/** `$scope->setExceptionHandler(…)` / `$scope->setChildScopeExceptionHandler(…)`; a later call replaces the handler (SCP-14). */
export interface ScopeSetHandlerInstruction extends HandlerSpec {
  /** Discriminant. */
  op: 'scope.setExceptionHandler' | 'scope.setChildScopeExceptionHandler';
  /** Scope id. */
  scope: string;
}

/** `Async\protect(fn() => { body })`: cancellation is deferred while the body runs (CAN-5, CAN-6). */
export interface ProtectInstruction {
  /** Discriminant: `protect`. */
  op: 'protect';
  /** The closure's body; it may not `return` and `rethrow` only inside its own catch clauses. */
  body: Program;
}

/**
 * A pool callable described as data. Calls are numbered from 1
 * per callable; resources are named `r1`, `r2`, … after the factory call that
 * created them.
 */
export interface HookSpec {
  /** Return `false` on these call numbers. */
  falseOn?: number[];
  /** Return `false` for these resources. */
  falseFor?: string[];
  /** Throw `RuntimeException("hook failed")` instead of returning `false` (treated as `false`, §7.1). @defaultValue false */
  throws?: boolean;
  /** The callable suspends for this many virtual ms before answering (`delay`), in the calling coroutine. */
  delayMs?: number;
}

/** The pool's factory described as data. */
export interface FactorySpec {
  /** Throw `RuntimeException("factory failed")` on these call numbers (no resource is created). */
  failOn?: number[];
  /** The factory suspends for this many virtual ms first. */
  delayMs?: number;
}

/** The pool's destructor described as data. */
export interface DestructorSpec {
  /** Throw `RuntimeException("destructor failed")` when destroying these resources (POOL-11). */
  throwFor?: string[];
}

/** A `CircuitBreakerStrategy` described as data (CB-6, CB-7). Every report it gets is in the trace. */
export interface StrategySpec {
  /** Call `$pool->deactivate()` once this many failures have been reported (counting from the strategy's installation). */
  deactivateAfter?: number;
  /** Call `$pool->activate()` on every reported success. @defaultValue false */
  activateOnSuccess?: boolean;
  /** Throw `RuntimeException("strategy failed")` from these report methods (after acting). */
  throwOn?: Array<'success' | 'failure'>;
}

/** `new Async\Pool(...)` (POOL-1). Pre-warm creates `min` resources. */
export interface PoolNewInstruction {
  /** Discriminant: `pool.new`. */
  op: 'pool.new';
  /** Scenario-wide unique pool id. */
  id: string;
  /** @defaultValue 0 */
  min?: number;
  /** @defaultValue 10 */
  max?: number;
  /** Healthcheck period in virtual ms; 0 disables it. @defaultValue 0 */
  healthcheckIntervalMs?: number;
  /** @defaultValue `{}` (always succeeds, never suspends) */
  factory?: FactorySpec;
  /** Omitted = no destructor callable. */
  destructor?: DestructorSpec;
  /** Omitted = no healthcheck callable (its `delayMs` is ignored: the tick runs in scheduler context). */
  healthcheck?: HookSpec;
  /** Omitted = no beforeAcquire callable. */
  beforeAcquire?: HookSpec;
  /** Omitted = no beforeRelease callable. */
  beforeRelease?: HookSpec;
}

/** `$pool->acquire($timeoutMs)` / `$pool->tryAcquire()` (POOL-3..9, CB-3). */
export interface PoolAcquireInstruction {
  /** Discriminant. */
  op: 'pool.acquire' | 'pool.tryAcquire';
  /** Pool id. */
  pool: string;
  /** `acquire` only: virtual ms, 0 or omitted = wait forever. */
  timeoutMs?: number;
}

/** `$pool->release($r)` of the oldest resource the acting coroutine holds from that pool (POOL-8, CB-6). */
export interface PoolReleaseInstruction {
  /** Discriminant: `pool.release`. */
  op: 'pool.release';
  /** Pool id. */
  pool: string;
}

/** `$pool->close()`, `activate()`, `deactivate()`, `recover()` (POOL-10, CB-2). */
export interface PoolControlInstruction {
  /** Discriminant. */
  op: 'pool.close' | 'pool.activate' | 'pool.deactivate' | 'pool.recover';
  /** Pool id. */
  pool: string;
}

/** `$pool->setCircuitBreakerStrategy($s)`; `strategy: null` removes it (CB-7). */
export interface PoolSetStrategyInstruction {
  /** Discriminant: `pool.setStrategy`. */
  op: 'pool.setStrategy';
  /** Pool id. */
  pool: string;
  /** The strategy, or `null`. */
  strategy: StrategySpec | null;
}

/** The pool methods a `query` on a pool may call. */
export type PoolQuery = 'count' | 'idleCount' | 'activeCount' | 'isClosed' | 'getState';

/** Every instruction of scenario language v1. */
export type Instruction =
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
  | ScopeNewInstruction
  | ScopeInheritInstruction
  | ScopeSafetyInstruction
  | ScopeCancelInstruction
  | ScopeDisposeInstruction
  | ScopeDisposeAfterTimeoutInstruction
  | ScopeAwaitCompletionInstruction
  | ScopeAwaitAfterCancellationInstruction
  | ScopeSetHandlerInstruction
  | ProtectInstruction
  | PoolNewInstruction
  | PoolAcquireInstruction
  | PoolReleaseInstruction
  | PoolControlInstruction
  | PoolSetStrategyInstruction;

/** The `op` names of scenario language v1. */
export type Op = Instruction['op'];

/** A scenario, version 1. */
export interface Scenario {
  /** Language version; always `1` for this shape. */
  version: 1;
  /** Optional human name (shown in reports). */
  name?: string;
  /** The program of the `main` coroutine. */
  main: Program;
}
