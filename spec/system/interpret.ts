import type { Scenario } from './scenario.js';
import type { Trace } from './trace.js';

/** Placeholder until the system model lands. */
export function expectedTrace(_scenario: Scenario): Trace {
  throw new Error('expectedTrace: not implemented yet');
}
