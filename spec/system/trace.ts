/**
 * The trace vocabulary, as the system model reads it: re-exported from
 * `language/trace.ts` (the event kinds themselves are in the area modules).
 * @module
 */
export type * from '../../language/trace.js';
export { EVENT_KINDS } from '../../language/schema.js';
