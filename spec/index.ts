/**
 * The executable specification of TrueAsync: one pure state machine per
 * primitive, the requirement catalogue and the system model that interprets
 * scenarios.
 * @module
 */
export * as Kernel from './kernel/index.js';
export * as Event from './event/index.js';
export * as Waker from './waker/index.js';
export * as Coroutine from './coroutine/index.js';
export * as Scheduler from './scheduler/index.js';
export * as Scope from './scope/index.js';
export * as Cancellation from './cancellation/index.js';
export * as Pool from './pool/index.js';
export * as CircuitBreaker from './circuitBreaker/index.js';
export * as System from './system/index.js';
export { allRequirements, isRequirementId } from './requirements.js';
export type { RequirementId } from './requirements.js';
export { machines } from './machines.js';
export type { MachineSummary } from './machines.js';
