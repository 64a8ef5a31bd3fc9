/**
 * The spec kernel: the machine shape, requirements, and exhaustive exploration.
 * @module
 */
export * from './machine.js';
export * from './requirement.js';
export * from './explore.js';
