/**
 * The system model: interprets a scenario and yields the expected trace.
 * @module
 */
export * from './scenario.js';
export * from './trace.js';
export { expectedTrace, INSTRUCTION_BUDGET } from './interpret.js';
