/**
 * The conformance adapter of the `generic-pool` library:
 * `trueasync-conformance run --adapter generic-pool`.
 *
 * @remarks Capabilities: `pool` only — the library host runs the pool subset
 * of the scenario language (see `../host/runtime.ts`) and generic-pool has no
 * circuit breaker. Its known deviations are in `expectations.json` next to
 * this file.
 * @module
 */
import type { Adapter } from '../../adapter.js';
import { readExpectationsFile } from '../../harness/expectations.js';
import { runOnLibrary, unsupportedFeatures } from '../host/runtime.js';
import { GENERIC_POOL_VERSION, genericPoolDriver } from './driver.js';

/** The expectations file of generic-pool. */
export const GENERIC_POOL_EXPECTATIONS = new URL('./expectations.json', import.meta.url);

/** The adapter. */
export const genericPoolAdapter: Adapter = {
  name: `generic-pool@${GENERIC_POOL_VERSION}`,
  version: GENERIC_POOL_VERSION,
  capabilities: ['pool'],
  expectations: readExpectationsFile(GENERIC_POOL_EXPECTATIONS).expectations,
  unsupported(scenario) {
    const reasons = unsupportedFeatures(scenario, genericPoolDriver);
    return reasons.length > 0 ? reasons.join('; ') : undefined;
  },
  execute: (scenario) => runOnLibrary(scenario, genericPoolDriver),
};

export default genericPoolAdapter;
