/**
 * The scenario language, as the system model reads it: re-exported from
 * `language/` (values, the exception tree, every area's instructions).
 *
 * @remarks The types live in `language/` — `values.ts`, `scenario.ts` and
 * one module per area (`core.ts`, `scope.ts`, `pool.ts`, `breaker.ts`);
 * this module keeps the old import path working.
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
export { ERROR_PARENT, isCancellation, isInstanceOf } from '../../language/values.js';
export type * from '../../language/values.js';
export type * from '../../language/scenario.js';
export type * from '../../language/core.js';
export type * from '../../language/scope.js';
export type * from '../../language/pool.js';
export type * from '../../language/breaker.js';
