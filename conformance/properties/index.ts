/**
 * Every conformance property of the suite, in report order.
 * @module
 */
import type { ConformanceProperty } from '../harness/property.js';
import { coroutineProperties } from './coroutine.props.js';
import { eventProperties } from './event.props.js';
import { schedulerProperties } from './scheduler.props.js';
import { acceptanceProperties } from './acceptance.props.js';
import { wakerProperties } from './waker.props.js';
import { cancellationInvariantProperties } from './cancellationInvariants.props.js';
import { cancellationProperties } from './cancellation.props.js';
import { scopeProperties } from './scope.props.js';
import { poolProperties } from './pool.props.js';
import { circuitBreakerProperties } from './circuitBreaker.props.js';
import { poolInvariantProperties } from './poolInvariants.props.js';

/** All properties in catalogue order (EVT, WAK, COR, SCH, SCP, CAN, the cancellation-invariant family, POOL, CB, the pool-invariant family), the acceptance (STRICT) properties, one per area, last. */
export const allProperties: ConformanceProperty[] = [
  ...eventProperties,
  ...wakerProperties,
  ...coroutineProperties,
  ...schedulerProperties,
  ...scopeProperties,
  ...cancellationProperties,
  ...cancellationInvariantProperties,
  ...poolProperties,
  ...circuitBreakerProperties,
  ...poolInvariantProperties,
  ...acceptanceProperties,
];
