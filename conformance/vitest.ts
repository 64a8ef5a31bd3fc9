/**
 * Run the conformance suite from an implementer's own vitest suite.
 *
 * @example
 * ```ts
 * // my-runtime.conformance.test.ts
 * import { describeConformance } from 'trueasync-conformance/vitest';
 * import adapter from './my-adapter.js';
 * describeConformance(adapter, { runs: 50, seed: 1 });
 * ```
 *
 * @remarks One vitest test per property, titled like the property
 * (`"SCH-1: …"`); a failure message carries the classification, the seed and
 * the shrunk counterexample. Properties whose capability the adapter lacks
 * are skipped (`n/a`).
 * @module
 */
import { describe, it } from 'vitest';
import type { Adapter } from './adapter.js';
import { checkProperty, selectProperties } from './harness/run.js';
import type { ConformanceProperty } from './harness/property.js';
import { allProperties } from './properties/index.js';
import { expectedTrace } from '../spec/system/interpret.js';

/** Options of {@link describeConformance}. */
export interface DescribeConformanceOptions {
  /** Scenarios per property. @defaultValue 100 */
  runs?: number;
  /** Seed of the run. @defaultValue 1 */
  seed?: number;
  /** Wall-clock limit of one `execute`, in ms. @defaultValue 5000 */
  timeoutMs?: number;
  /** Requirement IDs (`SCH-3`) or prefixes (`EVT`); all when absent. */
  only?: string[];
  /** `false` leaves out the `STRICT:` properties. @defaultValue true */
  strict?: boolean;
  /** The properties to draw from. @defaultValue the whole suite */
  properties?: readonly ConformanceProperty[];
}

/**
 * Declare a vitest `describe` block with one test per conformance property.
 *
 * @param adapter - the runtime under test.
 * @param options - runs, seed, selection.
 */
export function describeConformance(adapter: Adapter, options: DescribeConformanceOptions = {}): void {
  const selected = selectProperties(options.properties ?? allProperties, options);
  describe(`TrueAsync conformance: ${adapter.name}`, () => {
    for (const property of selected) {
      const missing = property.capabilities.filter((c) => !adapter.capabilities.includes(c));
      it.skipIf(missing.length > 0)(property.title, async () => {
        const result = await checkProperty(property, {
          adapter, expectedTrace, runs: options.runs ?? 100, seed: options.seed ?? 1, timeoutMs: options.timeoutMs ?? 5000,
        });
        if (result.failure) {
          const f = result.failure;
          throw new Error(
            `${f.classification}: ${f.message}\nseed ${f.seed}${f.path ? ` path ${f.path}` : ''}\nscenario: ${JSON.stringify(f.scenario)}`,
          );
        }
      });
    }
  });
}
