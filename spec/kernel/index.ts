/**
 * The spec kernel: the machine shape, requirements, exhaustive exploration and trace acceptance.
 * @module
 */
export * from './machine.js';
export * from './requirement.js';
export * from './explore.js';
export * from './accepts.js';
