/**
 * The requirement catalogue: every requirement ID of every spec module.
 * @module
 */
import type { IdsOf, Requirement } from './kernel/requirement.js';
import { requirements as event } from './event/requirements.js';
import { requirements as waker } from './waker/requirements.js';
import { requirements as coroutine } from './coroutine/requirements.js';
import { requirements as scheduler } from './scheduler/requirements.js';
import { requirements as scope } from './scope/requirements.js';
import { requirements as cancellation } from './cancellation/requirements.js';
import { requirements as pool } from './pool/requirements.js';
import { requirements as circuitBreaker } from './circuitBreaker/requirements.js';

/**
 * Every requirement ID of the catalogue, as a literal union derived from the
 * modules' requirement tables (`'EVT-1' | … | 'CB-8'`): a property, a mutant's
 * `targets` or an attribution naming an unknown ID does not compile.
 */
export type RequirementId =
  | IdsOf<typeof event> | IdsOf<typeof waker> | IdsOf<typeof coroutine> | IdsOf<typeof scheduler>
  | IdsOf<typeof scope> | IdsOf<typeof cancellation> | IdsOf<typeof pool> | IdsOf<typeof circuitBreaker>;

/** Whether `id` is a requirement ID of the catalogue. */
export function isRequirementId(id: string): id is RequirementId {
  return allRequirements.some((r) => r.id === id);
}

/** All requirements, in catalogue order (EVT, WAK, COR, SCH, SCP, CAN, POOL, CB; later modules are appended). */
export const allRequirements: Requirement[] = [
  ...event, ...waker, ...coroutine, ...scheduler, ...scope, ...cancellation, ...pool, ...circuitBreaker,
];
