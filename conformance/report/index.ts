/**
 * The reporters of a conformance run and the function that writes the file reports.
 *
 * @remarks Console reporters: `human` (the default), `dot`, `github-actions`
 * (workflow-command annotations); file reporters: `json` (`report.json`) and
 * `junit` (`junit.xml`). Counterexample files are always written for failures.
 * @module
 */
import type { ConformanceResult } from '../harness/run.js';
import { writeCounterexamples } from './counterexamples.js';
import { writeJsonReport } from './json.js';
import { writeJunitReport } from './junit.js';

export { colorsFor, useColor, type Colors, type Output } from './colors.js';
export { compactJson, formatDeviations, formatHeader, formatProgress, formatSummary, propertyLabel, type HumanContext } from './human.js';
export {
  compatMarkdown, compatReport, compatText, writeCompatReports, type CompatColumn, type CompatDeviation, type CompatReport,
} from './compat.js';
export { jsonReport, writeJsonReport } from './json.js';
export { junitXml, writeJunitReport, ERROR_CLASSIFICATIONS, type JunitOptions } from './junit.js';
export {
  COUNTEREXAMPLE_FORMAT, counterexampleFile, counterexamplePaths, isSuiteCounterexample, propertyIdentity, slugify, writeCounterexamples,
  type CounterexampleContext, type CounterexampleFile,
} from './counterexamples.js';
export { firstDifference, formatEvent, traceDiff, traceWindow } from './diff.js';
export { DOTS_PER_LINE, formatDot } from './dot.js';
export { githubAnnotations, type GithubActionsContext } from './githubActions.js';
export { createSpinner, type Progress } from './progress.js';

/** The reporter names the CLI accepts. */
export const REPORTERS = ['human', 'dot', 'json', 'junit', 'github-actions'] as const;

/** One reporter name. */
export type ReporterName = (typeof REPORTERS)[number];

/** What the file reports record besides the result. */
export interface WriteReportsOptions {
  /** The `--adapter` value (recorded in counterexample files, used by `replay`). */
  adapterSpec?: string;
  /** Wall time of each property in ms, keyed by title (JUnit `time`). */
  durationsMs?: ReadonlyMap<string, number>;
}

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
  options: WriteReportsOptions = {},
): Promise<Map<string, string>> {
  const files = await writeCounterexamples(dir, result, options.adapterSpec !== undefined ? { adapterSpec: options.adapterSpec } : {});
  if (reporters.includes('json')) await writeJsonReport(dir, result, files);
  if (reporters.includes('junit')) await writeJunitReport(dir, result, options.durationsMs ? { durationsMs: options.durationsMs } : {});
  return files;
}
