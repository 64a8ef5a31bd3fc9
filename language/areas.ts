/**
 * The list of the scenario language's areas, and the capability names that
 * follow from it.
 *
 * @remarks The one place a new area of the language is listed: its module
 * (`language/<area>.ts`) adds its instruction and event types to the unions
 * by declaration merging, and its entry here adds its schemas to
 * `scenario.schema.json` and `trace.schema.json` and its capability to
 * {@link CAPABILITIES}. An area whose types are merged but that is not
 * listed here (or the reverse) does not compile.
 * @module
 */
import { breaker } from './breaker.js';
import { core } from './core.js';
import { pool } from './pool.js';
import type { Op } from './scenario.js';
import { scope } from './scope.js';
import type { EventKind } from './trace.js';

export type * from './core.js';
export type * from './scope.js';
export type * from './pool.js';
export type * from './breaker.js';

/** Every area of the language, in schema order: core, scope, pool, breaker. */
export const LANGUAGE_AREAS = [core, scope, pool, breaker] as const;

/** Capabilities announced for areas to come, which have no instructions yet. */
export const PLANNED_CAPABILITIES = ['pdo', 'gc', 'threads'] as const;

/**
 * A feature area an adapter implements. Properties declare the capabilities
 * they need; a requirement whose capability an adapter lacks is reported
 * `n/a`, never `pass`.
 *
 * - `core` — events, wakers, coroutines, the scheduler, virtual time: the
 *   instructions of `language/core.ts` (`spawn`, `suspend`, `delay`, `await`,
 *   `cancel`, `try`, triggers, futures, event callbacks, `onFinally`, `query`,
 *   `shutdown`, `protect`).
 * - `scope` — `Async\Scope` and structured cancellation (`language/scope.ts`).
 * - `pool` — `Async\Pool`: `pool.new`, `pool.acquire`, `pool.tryAcquire`,
 *   `pool.release`, `pool.close` and the pool's count queries
 *   (trace-semantics §7, `language/pool.ts`).
 * - `breaker` — the pool's circuit breaker: `pool.activate`, `deactivate`,
 *   `recover`, `setStrategy` and `getState` (`language/breaker.ts`).
 * - `pdo` — the PDO connection pool (later).
 * - `gc` — objects with destructors that may await (later).
 * - `threads` — `spawn_thread`, thread channels and pools (later).
 */
export type Capability = (typeof LANGUAGE_AREAS)[number]['capability'] | (typeof PLANNED_CAPABILITIES)[number];

/** Every capability name an adapter may declare: the areas' (in list order), then the planned ones. */
export const CAPABILITIES: readonly Capability[] = [...LANGUAGE_AREAS.map((a) => a.capability), ...PLANNED_CAPABILITIES];

type Listed<A> = A extends { instructions: infer I } ? keyof I : never;
type ListedKinds<A> = A extends { events: infer E } ? keyof E : never;
type Area = (typeof LANGUAGE_AREAS)[number];

// An op or event kind merged into the unions by an area module that is not in LANGUAGE_AREAS does not compile
// (the error names it); a schema without an op is caught by the area's own `satisfies LanguageArea<…>`.
const everyOpListed: [Exclude<Op, Listed<Area>>] extends [never] ? true : { opsWithoutArea: Exclude<Op, Listed<Area>> } = true;
const everyKindListed: [Exclude<EventKind, ListedKinds<Area>>] extends [never] ? true : { eventKindsWithoutArea: Exclude<EventKind, ListedKinds<Area>> } = true;
void everyOpListed;
void everyKindListed;

/** The capability each instruction needs: that of the area it belongs to. */
export const OP_CAPABILITY: Readonly<Record<Op, Capability>> = Object.fromEntries(
  LANGUAGE_AREAS.flatMap((a) => Object.keys(a.instructions).map((op) => [op, a.capability])),
) as Record<Op, Capability>;
