/**
 * The one list of the suite's areas, and what the suite reads from it.
 *
 * @remarks The validator, the requirement catalogue, the state diagrams,
 * the property suite (`conformance/properties/index.ts`), the `STRICT`
 * acceptance properties (one per area) and the CLI (`areas`, capability
 * names) all read {@link areas}; nothing else lists the areas. Adding an
 * area adds its files and one line here (`docs/guides/adding-an-area.md`).
 * @module
 */
import type { Capability } from '../adapter.js';
import type { Requirement } from '../../spec/kernel/requirement.js';
import type { MachineSummary } from '../../spec/machines.js';
import type { ConformanceProperty } from '../harness/property.js';
import type { Area } from './area.js';
import { coreArea } from './core.js';
import { scopeArea } from './scope.js';
import { poolArea } from './pool.js';
import { breakerArea } from './breaker.js';

export type { Area } from './area.js';

/** Every area, in catalogue order: core, scope, pool, breaker. */
export const areas: readonly Area[] = [coreArea, scopeArea, poolArea, breakerArea];

/** Every requirement of every area, in catalogue order (EVT, WAK, COR, SCH, SCP, CAN, POOL, CB). */
export const areaRequirements: readonly Requirement[] = areas.flatMap((a) => a.requirements.flat());

/** Every spec machine of every area, in catalogue order (for the state diagrams). */
export const areaMachines: readonly MachineSummary[] = areas.flatMap((a) => a.machines);

/** Every rule property of every area, in report order. */
export const ruleProperties: readonly ConformanceProperty[] = areas.flatMap((a) => a.properties);

/**
 * The area a property belongs to for acceptance: the last area in
 * {@link areas} whose capability it needs (a property needing `pool` and
 * `breaker` is the breaker's), `core` when it needs none of theirs.
 */
export function areaOfCapabilities(capabilities: readonly Capability[]): Area {
  return [...areas].reverse().find((a) => capabilities.includes(a.name)) ?? areas[0]!;
}

/** The area whose capability is `name`, or `undefined`. */
export function areaNamed(name: string): Area | undefined {
  return areas.find((a) => a.name === name);
}
