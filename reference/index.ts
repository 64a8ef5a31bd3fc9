/**
 * The reference runtime of TrueAsync: a small, independent, imperative
 * implementation of scenario language v1.
 *
 * @remarks
 * Written the way a runtime is written — callback vectors, wakers, a
 * circular run queue, a timer heap, coroutines as fibers (JS generators) —
 * and never by calling the executable spec, so that the two implementations
 * check each other. It is a kernel (`Kernel`: scheduler, coroutines, clock,
 * events, trace) composed with area modules (`coreArea`, `scopeArea`,
 * `poolArea`, listed in `referenceAreas`), each registering its instruction
 * handlers, targets and seams. `createReferenceAdapter()` plugs it into the
 * suite; a mutant replaces one seam (`createReferenceRuntime({ seams })`).
 *
 * @see https://true-async.github.io/en/architecture.html
 * @module
 */
export { createReferenceAdapter, referenceAdapter, type ReferenceAdapterOptions } from './adapter.js';
export { ReferenceRuntime, createReferenceRuntime, type ReferenceRuntimeOptions, type ReferenceSeams } from './runtime.js';
export { referenceAreas, type ReferenceAreas } from './areas.js';
export { defineArea, type AreaModule, type AnyAreaModule, type OpsOf, type HandledTwice } from './area.js';
export {
  Kernel, kernelSeams, type KernelSeams, type CoroutineHome, type Target, type TargetResolver, type ControlOp, type LeafOp, type InstructionOf,
  type InstructionHandler, type HandlerTable, type DispatchTable,
} from './kernel.js';
export { CoreArea, coreArea, coreSeams, coreHandlers, type CoreSeams, type CoreOp } from './core.js';
export { PoolArea, poolArea, poolSeams, poolHandlers, type PoolSeams, type PoolOp } from './pooling.js';
export {
  Pool, IdleRing, PoolWaiter, PoolTimeout, HealthcheckTick, poolConfig,
  type PoolConfig, type PoolNewInstruction, type PoolHookSpec, type PoolFactorySpec, type PoolDestructorSpec, type PoolStrategySpec,
  type PoolQueryMethod, type BreakerState, type PoolHook, type PoolCallable, type ReportKind, type InstalledStrategy, type PoolTimerHost,
} from './pool.js';
export { ScopeArea, scopeArea, scopeSeams, scopeHandlers, type ScopeSeams, type ScopeOp, type ScopeQueryMethod } from './scoping.js';
export { RunQueue, DEFAULT_MAX_STEPS } from './scheduler.js';
export { VirtualClock, Timer } from './clock.js';
export { Coroutine, FinallyIterator, ScenarioThrow, ScenarioReturn, runBody, runBlock, type Fiber, type FinallyOwner, type Runnable, type InstructionHost, type TraceData } from './coroutine.js';
export { Scope, ScopeWaiter, ScopeTimeout, type HandlerSpec, type ScopeWaitKind, type ScopeWaiterHost, type ScopeTimeoutHost } from './scope.js';
export { AsyncEvent, ScenarioEvent, type EventCallback, type EventType, type NotifyResult, type NotifyRefused, type NotifyDone, type Outcome, type ValueOutcome, type ErrorOutcome } from './event.js';
export { Waker, WakerStatus, type Subscription, type WakeOutcome, type WokenWithValue, type WokenWithError } from './waker.js';
export { UserCallback, WakerSubscription, type SubscriptionRole, type UserCallbackHost, type SubscriptionHost } from './callbacks.js';
export { PARENT_CLASS, MESSAGES, isInstanceOf, isCancellation, makeError, appendPrevious, withPrevious, undefinedReference } from './errors.js';
