/**
 * Every conformance property of the suite, in report order.
 * @module
 */
import type { ConformanceProperty } from '../harness/property.js';
import { coroutineProperties } from './coroutine.props.js';
import { eventProperties } from './event.props.js';
import { schedulerProperties } from './scheduler.props.js';
import { strict } from './strict.props.js';
import { wakerProperties } from './waker.props.js';
import { cancellation13Properties } from './cancellation13.props.js';
import { cancellationProperties } from './cancellation.props.js';
import { scopeProperties } from './scope.props.js';
import { poolProperties } from './pool.props.js';
import { circuitBreakerProperties } from './circuitBreaker.props.js';
import { pool13Properties } from './pool13.props.js';

/** All properties in catalogue order (EVT, WAK, COR, SCH, SCP, CAN, the §13.1 family, POOL, CB, the §13.4 family), the strict property last. */
export const allProperties: ConformanceProperty[] = [
  ...eventProperties,
  ...wakerProperties,
  ...coroutineProperties,
  ...schedulerProperties,
  ...scopeProperties,
  ...cancellationProperties,
  ...cancellation13Properties,
  ...poolProperties,
  ...circuitBreakerProperties,
  ...pool13Properties,
  strict,
];
