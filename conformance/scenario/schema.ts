/**
 * The JSON Schema (draft-07) of a scenario, and the name lists it is built
 * from.
 *
 * @remarks Assembled in `language/schema.ts` from the areas' tables
 * (`language/core.ts`, `scope.ts`, `pool.ts`, `breaker.ts`), which are tied
 * to the instruction types by the compiler; published as
 * `scenario.schema.json` beside this module. What a schema cannot say
 * (unique ids, declared references, `rethrow` placement) is checked by
 * {@link validateScenario} in `validate.ts`.
 * @module
 */
export { OPS, QUERY_METHODS, scenarioSchema } from '../../language/schema.js';
export { ERROR_CLASSES } from '../../language/values.js';
export { QUERIES } from '../../language/core.js';
export { SCOPE_QUERIES } from '../../language/scope.js';
export { POOL_QUERIES } from '../../language/pool.js';
