/**
 * The scenario language: the contract between the suite and a runtime, as
 * data — values and the PHP exception tree, the instructions and trace
 * events of every area, and their JSON Schemas.
 *
 * @remarks The bottom layer: it imports nothing outside `language/`. The
 * spec, the reference runtime and the conformance suite all take their
 * types from here; `conformance/adapter.ts` re-exports every type. An
 * area's own tables (its schemas, its query methods) are reached through
 * {@link LANGUAGE_AREAS}.
 * @module
 */
export type * from './values.js';
export { ERROR_CLASSES, ERROR_PARENT, isCancellation, isInstanceOf } from './values.js';
export type * from './scenario.js';
export type * from './trace.js';
export type { EventSchema, InstructionSchema, LanguageArea } from './area.js';
export type * from './areas.js';
export { childPrograms, forEachInstruction } from './walk.js';
export { CAPABILITIES, LANGUAGE_AREAS, OP_CAPABILITY, PLANNED_CAPABILITIES } from './areas.js';
export { EVENT_FIELDS, EVENT_KINDS, INSTRUCTION_SCHEMAS, LABEL_SCHEMA, OPS, QUERY_METHODS, scenarioSchema, traceSchema } from './schema.js';
