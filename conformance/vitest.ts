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
 * (`"SCH-1: …"`), with the verdicts of the CLI:
 * - a failure's message carries the classification, the seed, the shrunk
 *   scenario and the same expected/actual trace diff as the CLI;
 * - a failure listed in the expectations (the adapter's own, or
 *   `options.expectations`) passes, annotated `expected-fail` with the
 *   observed deviation (and `task.meta.conformance = { status:
 *   'expected-fail', requirements, message }`, which vitest's JSON reporter
 *   writes out); a listed requirement that passes fails as an
 *   `unexpected-pass` (unless the entry is `intermittent` or was measured at
 *   more runs than this run has);
 * - a property whose capability the adapter lacks, or every scenario of
 *   which it declares unsupported, is skipped with the reason.
 * vitest is an optional peer dependency of the package: only this module
 * imports it.
 * @module
 */
import { describe, it } from 'vitest';
import pc from 'picocolors';
import type { Adapter, Expectations } from './adapter.js';
import { checkProperty, isExpectedPropertyFailure, selectProperties, type PropertyResult } from './harness/run.js';
import { expectationsAtRuns } from './harness/expectations.js';
import type { ConformanceProperty } from './harness/property.js';
import { allProperties } from './properties/index.js';
import { expectedTrace } from '../spec/system/interpret.js';
import { compactJson } from './report/human.js';
import { traceDiff } from './report/diff.js';
import type { Trace } from './adapter.js';

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
  /** Known deviations (expected failures). @defaultValue the adapter's own {@link Adapter.expectations} */
  expectations?: Expectations;
}

/** The text of a failed property's error: classification, message, seed, scenario and the trace diff, without colour. */
export function failureMessage(result: PropertyResult): string {
  const f = result.failure;
  if (!f) return `${result.title}: failed`;
  const c = pc.createColors(false);
  const lines = [
    `${f.classification}: ${f.message}`,
    `property seed ${f.seed}${f.path ? `, path ${f.path}` : ''}`,
  ];
  if (f.scenario !== null) lines.push(`shrunk scenario: ${compactJson(f.scenario, 0, 100, 17)}`);
  if (Array.isArray(f.actual) && f.expected !== null) lines.push(...traceDiff(f.expected, f.actual as Trace, c));
  else if (!Array.isArray(f.actual)) lines.push(`actual: ${f.actual.error}`);
  return lines.join('\n');
}

/**
 * Declare a vitest `describe` block with one test per conformance property.
 *
 * @param adapter - the runtime under test.
 * @param options - runs, seed, selection, expectations.
 */
export function describeConformance(adapter: Adapter, options: DescribeConformanceOptions = {}): void {
  const selected = selectProperties(options.properties ?? allProperties, options);
  const runs = options.runs ?? 100;
  const expectations = expectationsAtRuns(options.expectations ?? adapter.expectations ?? {}, runs);
  describe(`TrueAsync conformance: ${adapter.name}`, () => {
    for (const property of selected) {
      const missing = property.capabilities.filter((c) => !adapter.capabilities.includes(c));
      it(property.title, async (ctx) => {
        if (missing.length > 0) {
          ctx.skip(`n/a: the adapter lacks capability ${missing.join(', ')}`);
          return;
        }
        const result = await checkProperty(property, {
          adapter, expectedTrace, runs, seed: options.seed ?? 1, timeoutMs: options.timeoutMs ?? 5000,
        });
        const listed = property.requirements.filter((id) => expectations[id] !== undefined);
        if (result.status === 'n/a') {
          ctx.skip(`n/a: every generated scenario is unsupported by the adapter: ${(result.unsupported ?? []).join('; ')}`);
          return;
        }
        if (result.status === 'fail') {
          if (isExpectedPropertyFailure(result, expectations)) {
            const observed = listed.map((id) => `${id}: ${expectations[id]!.observed}`).join('; ');
            const message = `expected failure (known deviation) — ${observed}\nthis run: ${result.failure?.classification}: ${result.failure?.message}`;
            (ctx.task.meta as Record<string, unknown>).conformance = { status: 'expected-fail', requirements: listed, message };
            await ctx.annotate(message, 'expected-fail');
            return;
          }
          throw new Error(failureMessage(result));
        }
        const stale = listed.filter((id) => !expectations[id]!.intermittent);
        if (stale.length > 0 && stale.length === property.requirements.length) {
          throw new Error(
            `unexpected pass: ${stale.join(', ')} listed as a known deviation ("${expectations[stale[0]!]!.observed}") but passed ${result.runs} runs; remove or update the expectations entry`,
          );
        }
      });
    }
  });
}
