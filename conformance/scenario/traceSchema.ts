/**
 * The JSON Schema (draft-07) of a trace: what an adapter must return.
 *
 * @remarks Assembled in `language/schema.ts` from the areas' event tables:
 * one closed object variant per event kind (discriminated by `kind`, ajv's
 * `discriminator` keyword), with the kind's data fields present and typed
 * (`docs/guides/trace-semantics.md` §8), and error values whose `class` is
 * one of the known PHP classes. Each area's table is keyed by its event
 * kinds with `satisfies`, so a new event kind does not compile until it has
 * a schema. What a schema cannot say (times non-decreasing, the last event
 * is `exit`, actors known to the scenario) is checked by
 * `conformance/harness/validateTrace.ts`. Published as `trace.schema.json`
 * beside this module.
 * @module
 */
export { EVENT_FIELDS, traceSchema } from '../../language/schema.js';
