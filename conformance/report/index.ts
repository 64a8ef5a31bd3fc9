/**
 * The reporters of a conformance run and the function that writes them.
 * @module
 */
import type { ConformanceResult } from '../harness/run.js';
import { writeCounterexamples } from './counterexamples.js';
import { writeJsonReport } from './json.js';
import { writeJunitReport } from './junit.js';

export { colorsFor, useColor, type Colors, type Output } from './colors.js';
export { formatDeviations, formatHeader, formatProgress, formatSummary, type HumanContext } from './human.js';
export {
  compatMarkdown, compatReport, compatText, writeCompatReports, type CompatColumn, type CompatDeviation, type CompatReport,
} from './compat.js';
export { jsonReport, writeJsonReport } from './json.js';
export { junitXml, writeJunitReport } from './junit.js';
export { counterexampleFile, counterexamplePaths, slugify, writeCounterexamples, type CounterexampleFile } from './counterexamples.js';
export { firstDifference, formatEvent, traceWindow } from './diff.js';

/** The reporter names the CLI accepts. */
export const REPORTERS = ['human', 'json', 'junit'] as const;

/** One reporter name. */
export type ReporterName = (typeof REPORTERS)[number];

/**
 * Write the file reports of a run into `dir`: counterexample files always
 * (when something failed), `report.json` and `junit.xml` when selected.
 *
 * @returns relative counterexample paths keyed by property title.
 */
export async function writeReports(
  dir: string,
  result: ConformanceResult,
  reporters: readonly ReporterName[],
): Promise<Map<string, string>> {
  const files = await writeCounterexamples(dir, result);
  if (reporters.includes('json')) await writeJsonReport(dir, result, files);
  if (reporters.includes('junit')) await writeJunitReport(dir, result);
  return files;
}
