/**
 * trueasync-conformance: the conformance suite's public API.
 *
 * @remarks
 * - {@link runConformance} checks an {@link Adapter} against every property and
 *   aggregates a status per requirement ID; the reporters turn the result into
 *   human output, `report.json` and `junit.xml`.
 * - {@link allProperties} is the suite, {@link allRequirements} the catalogue,
 *   {@link expectedTrace} the executable spec's interpreter.
 * - For a vitest suite of your own, see `trueasync-conformance/vitest`
 *   (`describeConformance`).
 *
 * @see https://true-async.github.io/en/
 * @module
 */
export type { Adapter, AdapterModuleExport, Capability, ExecOptions, Expectation, Expectations, Scenario, Trace, TraceEvent } from './adapter.js';
export { AdapterFault, isAdapterFault, type FaultClassification } from './adapter.js';
export type { ConformanceProperty, CheckContext } from './harness/property.js';
export { defineProperty, propertyKey, MAX_RULE_LENGTH, type PropertyDefinition } from './harness/property.js';
export type { RequirementId } from '../spec/requirements.js';
export {
  runConformance, checkProperty, selectProperties, propertySeed, hasFailures, isExpectedPropertyFailure, STRICT_PREFIX,
  type RunOptions, type ConformanceResult, type PropertyResult, type RequirementResult, type RequirementStatus, type Failure,
} from './harness/run.js';
export type { PropertyChecker, CheckOptions } from './harness/run.js';
export { validateTrace, knownActors, type TraceValidation, type TraceContext } from './harness/validateTrace.js';
export { traceSchema, EVENT_FIELDS } from './scenario/traceSchema.js';
export { isolateAdapter, type IsolationOptions } from './harness/isolate.js';
export {
  expectationsSchema, readExpectationsFile, validateExpectationsFile, validateExpectations, isExpectedFailure, ExpectationsError,
  type ExpectationsFile, type ExpectationsValidation,
} from './harness/expectations.js';
export { runScenario, type RunScenarioOptions, type Classification, type ErrorOutcome, type ExpectedTraceFn, type ScenarioOutcome } from './harness/execute.js';
export { snapshot, missingObligation, MAX_RECORDED_EVENTS, type Snapshot } from './harness/execute.js';
export { loadAdapter, assertAdapter, AdapterLoadError, CAPABILITIES, BUILTIN_ADAPTERS } from './loadAdapter.js';
export {
  jsonReport, writeJsonReport, junitXml, writeJunitReport, writeReports, REPORTERS, type ReporterName, type WriteReportsOptions, type JunitOptions,
} from './report/index.js';
export { compatReport, compatMarkdown, writeCompatReports, type CompatColumn, type CompatDeviation, type CompatReport } from './report/index.js';
export type { CompatReportOptions } from './report/compat.js';
export { expectationsAtRuns, updateExpectationsFile, type ExpectationsUpdate } from './harness/expectations.js';
export { SUITE, type SuiteVersion } from './version.js';
export { allProperties } from './properties/index.js';
export { areas, areaRequirements, areaMachines, ruleProperties, areaOfCapabilities, areaNamed, type Area } from './areas/index.js';
export { validateScenario, requiredCapabilities, type ScenarioValidation } from './scenario/validate.js';
export { scenarioSchema } from './scenario/schema.js';
export { allRequirements } from '../spec/requirements.js';
export { expectedTrace, INSTRUCTION_BUDGET } from '../spec/system/interpret.js';
