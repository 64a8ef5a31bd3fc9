/**
 * The requirement catalogue: every requirement ID of every spec module.
 * @module
 */
import type { Requirement } from './kernel/requirement.js';
import { requirements as event } from './event/requirements.js';
import { requirements as waker } from './waker/requirements.js';
import { requirements as coroutine } from './coroutine/requirements.js';
import { requirements as scheduler } from './scheduler/requirements.js';
import { requirements as scope } from './scope/requirements.js';
import { requirements as cancellation } from './cancellation/requirements.js';
import { requirements as pool } from './pool/requirements.js';
import { requirements as circuitBreaker } from './circuitBreaker/requirements.js';

/** All requirements, in catalogue order (EVT, WAK, COR, SCH, SCP, CAN, POOL, CB; later modules are appended). */
export const allRequirements: Requirement[] = [
  ...event, ...waker, ...coroutine, ...scheduler, ...scope, ...cancellation, ...pool, ...circuitBreaker,
];
