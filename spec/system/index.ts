/**
 * The system model: interprets a scenario and yields the expected trace.
 * @module
 */
export * from './scenario.js';
export * from './trace.js';
export { expectedTrace, expectedRun, exploreRuns, INSTRUCTION_BUDGET } from './interpret.js';
export type { ExpectedRun } from './interpret.js';
export { accepts, describeRejection, systemTraceModel } from './accepts.js';
export type { TraceAcceptance, TracePosition } from './accepts.js';
export { claims } from './attribution.js';
export type { Attribution } from './attribution.js';
