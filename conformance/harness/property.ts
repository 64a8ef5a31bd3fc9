/**
 * What a conformance property is: one rule of the semantics, a generator of
 * scenarios that exercise it, and a check of the trace a runtime returned.
 * @module
 */
import type * as fc from 'fast-check';
import type { Capability, Scenario, Trace } from '../adapter.js';

/** What a property's check sees for one generated scenario. */
export interface CheckContext {
  /** The generated scenario. */
  scenario: Scenario;
  /** The trace the adapter under test returned (already validated as a trace). */
  actual: Trace;
  /** The trace the executable spec (`spec/system`) yields for the same scenario. */
  expected: Trace;
}

/**
 * A conformance property.
 *
 * @remarks Its `title` starts with the requirement IDs it checks and states
 * the rule (`"SCH-1: normal-priority coroutines run in enqueue order"`).
 * `check` asserts only what the semantics state: where an order is
 * unspecified it compares sets. Every property has a mutant of the reference
 * runtime that it must catch (see `test/mutants/`).
 */
export interface ConformanceProperty {
  /** `"<IDs>: <rule>"`. */
  title: string;
  /** The requirement IDs it covers (its report lines). */
  requirements: string[];
  /** Capabilities the adapter needs; otherwise the requirements are `n/a`. */
  capabilities: Capability[];
  /** Generates scenarios that exercise the rule. */
  arbitrary: fc.Arbitrary<Scenario>;
  /**
   * Check one run.
   *
   * @returns `undefined` when the rule holds, else a one-line description of the violation.
   */
  check(ctx: CheckContext): string | undefined;
}
