/**
 * The circuit-breaker area: the pool's breaker states, `activate`,
 * `deactivate`, `recover` and strategies — capability `breaker`.
 * @module
 */
import { breaker as language } from '../../language/breaker.js';
import { requirements as circuitBreaker } from '../../spec/circuitBreaker/requirements.js';
import { machine as circuitBreakerMachine } from '../../spec/circuitBreaker/machine.js';
import { breakerScenario } from '../arbitraries/breakerScenarios.js';
import { circuitBreakerProperties } from '../properties/circuitBreaker.props.js';
import { poolInvariantProperties } from '../properties/poolInvariants.props.js';
import type { Area } from './area.js';

/**
 * The circuit-breaker area (CB).
 *
 * @remarks It also lists the pool-invariant family (POOL and CB IDs): those
 * properties check the pool and its breaker together, so they come after
 * both areas' own properties. Each still declares what it needs, so the
 * ones about the pool alone run for an adapter without `breaker`.
 */
export const breakerArea: Area = {
  name: 'breaker',
  summary: "the pool's circuit breaker: ACTIVE, INACTIVE, RECOVERING, strategies",
  language,
  requirements: [circuitBreaker],
  machines: [circuitBreakerMachine],
  properties: [...circuitBreakerProperties, ...poolInvariantProperties],
  scenarios: [breakerScenario()],
  needs: ['core', 'pool', 'breaker'],
};
