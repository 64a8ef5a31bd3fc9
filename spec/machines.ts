/**
 * Every spec machine, for the generated state diagrams and for tooling that
 * walks all machines (diagram generation, exploration reports).
 * @module
 */
import { machine as event } from './event/machine.js';
import { machine as waker } from './waker/machine.js';
import { machine as coroutine } from './coroutine/machine.js';
import { machine as scheduler } from './scheduler/machine.js';
import { machine as scope } from './scope/machine.js';
import { machine as cancellation } from './cancellation/machine.js';
import { parts as scopeLifecycleParts } from './scope/lifecycle.js';
import { parts as poolParts } from './pool/machine.js';
import { machine as circuitBreaker } from './circuitBreaker/machine.js';

/** The transition data of one machine, as diagrams and the catalogue read it. */
export interface MachineSummary {
  /** Module name, e.g. `waker`; a part of a module's machine has its own name, e.g. `poolAcquire`. */
  name: string;
  /** The module under `spec/` whose `machine.ts` holds the table, when it is not {@link MachineSummary.name}. */
  module?: string;
  /** Its transition table (only the data fields diagrams need). */
  transitions: readonly { from: readonly string[]; to: string; on: string; requirement: string }[];
}

/** All machines, in catalogue order (EVT, WAK, COR, SCH, SCP, CAN, POOL, CB; later modules are appended). */
export const machines: readonly MachineSummary[] = [event, waker, coroutine, scheduler, scope, ...scopeLifecycleParts, cancellation, ...poolParts, circuitBreaker];
