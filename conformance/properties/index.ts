/**
 * Every conformance property of the suite, in report order.
 * @module
 */
import type { ConformanceProperty } from '../harness/property.js';

/** All properties (filled in by the property families). */
export const allProperties: ConformanceProperty[] = [];
