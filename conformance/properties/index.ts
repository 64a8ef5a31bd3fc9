/**
 * Every conformance property of the suite, in report order.
 * @module
 */
import type { ConformanceProperty } from '../harness/property.js';
import { ruleProperties } from '../areas/index.js';
import { acceptanceProperties } from './acceptance.props.js';

/**
 * All properties: the rule properties of every area in the order of the
 * list of areas (core: EVT, WAK, COR, SCH; scope: SCP, CAN, the
 * cancellation-invariant family; pool: POOL, the pool-invariant family;
 * breaker: CB), then the acceptance (STRICT) properties, one per area.
 */
export const allProperties: ConformanceProperty[] = [...ruleProperties, ...acceptanceProperties];
