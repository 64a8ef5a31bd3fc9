/**
 * The conformance adapter of the `tarn` pool library:
 * `trueasync-conformance run --adapter tarn`.
 *
 * @remarks Capabilities: `pool` only — the library host runs the pool subset
 * of the scenario language (see `../host/runtime.ts`) and tarn has no circuit
 * breaker. Its known deviations are in `expectations.json` next to this file.
 * @module
 */
import type { Adapter } from '../../adapter.js';
import { readExpectationsFile } from '../../harness/expectations.js';
import { runOnLibrary, unsupportedFeatures } from '../host/runtime.js';
import { TARN_VERSION, tarnDriver } from './driver.js';

/** The expectations file of tarn. */
export const TARN_EXPECTATIONS = new URL('./expectations.json', import.meta.url);

/** The adapter. */
export const tarnAdapter: Adapter = {
  name: `tarn@${TARN_VERSION}`,
  version: TARN_VERSION,
  capabilities: ['pool'],
  expectations: readExpectationsFile(TARN_EXPECTATIONS).expectations,
  unsupported(scenario) {
    const reasons = unsupportedFeatures(scenario, tarnDriver);
    return reasons.length > 0 ? reasons.join('; ') : undefined;
  },
  execute: (scenario) => runOnLibrary(scenario, tarnDriver),
};

export default tarnAdapter;
