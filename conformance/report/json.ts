/**
 * The machine-readable report: `DIR/report.json`.
 *
 * @remarks Shape: `{ adapter, seed, runsPerProperty, requirements: [ { id,
 * status, runs, counterexample?: { scenario, expected, actual } } ] }` with
 * every requirement exactly once, in catalogue order, plus informative extra
 * fields (the suite's `{ name, version }` among them) and a top-level `properties` array. `status` is `pass`, `fail`,
 * `expected-fail`, `unexpected-pass`, `n/a` or `spec-only`; the last two
 * carry the adapter's `expectation` (`{ observed, reason }`) too, and a
 * top-level `unknownExpectations` lists expectation IDs not in the catalogue. It holds no durations or
 * timestamps, so one seed always yields the same bytes.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConformanceResult } from '../harness/run.js';
import { SUITE } from '../version.js';

/** Build the JSON report object. */
export function jsonReport(result: ConformanceResult, files: ReadonlyMap<string, string> = new Map()): object {
  return {
    adapter: result.adapter,
    seed: result.seed,
    runsPerProperty: result.runsPerProperty,
    suite: { ...SUITE },
    requirements: result.requirements.map((r) => ({
      id: r.id,
      status: r.status,
      runs: r.runs,
      ...(r.failure
        ? { counterexample: { scenario: r.failure.scenario, expected: r.failure.expected, actual: r.failure.actual } }
        : {}),
      title: r.title,
      source: r.source,
      kind: r.kind,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.expectation !== undefined ? { expectation: r.expectation } : {}),
      ...(r.failure
        ? {
            classification: r.failure.classification,
            message: r.failure.message,
            property: r.failure.property,
            propertySeed: r.failure.seed,
            ...(files.has(r.failure.property) ? { counterexampleFile: files.get(r.failure.property) } : {}),
          }
        : {}),
      properties: r.properties,
    })),
    properties: result.properties.map((p) => ({
      title: p.title,
      requirements: p.requirements,
      status: p.status,
      runs: p.runs,
      seed: p.seed,
      ...(p.missingCapabilities ? { missingCapabilities: p.missingCapabilities } : {}),
      ...(p.skipped ? { skipped: p.skipped, unsupported: p.unsupported ?? [] } : {}),
      ...(p.expected ? { expected: true } : {}),
      ...(p.failure
        ? {
            classification: p.failure.classification,
            message: p.failure.message,
            ...(p.failure.path !== undefined ? { path: p.failure.path } : {}),
            ...(files.has(p.title) ? { counterexampleFile: files.get(p.title) } : {}),
          }
        : {}),
    })),
    ...(result.unknownExpectations ? { unknownExpectations: result.unknownExpectations } : {}),
  };
}

/** Write `dir/report.json`; returns its path. */
export async function writeJsonReport(dir: string, result: ConformanceResult, files?: ReadonlyMap<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'report.json');
  await writeFile(path, `${JSON.stringify(jsonReport(result, files), null, 2)}\n`);
  return path;
}
