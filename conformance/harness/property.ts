/**
 * What a conformance property is: one rule of the semantics, a generator of
 * scenarios that exercise it, and a check of the trace a runtime returned.
 *
 * @remarks A property's identity is its requirement ID and optional aspect
 * (`POOL-4`, `POOL-4` + `fifo`), never its prose: the pair is the
 * {@link ConformanceProperty.key} from which the run derives the property's
 * seed and the names of its counterexample files, so rewording a rule
 * changes neither.
 * @module
 */
import type * as fc from 'fast-check';
import type { Capability, Scenario, Trace } from '../adapter.js';
import type { RequirementId } from '../../spec/requirements.js';

/** What a property's check sees for one generated scenario. */
export interface CheckContext {
  /** The generated scenario. */
  scenario: Scenario;
  /** The trace the adapter under test returned (already validated as a trace). */
  actual: Trace;
  /** The trace the executable spec (`spec/system`) yields for the same scenario. */
  expected: Trace;
}

/** The longest rule a property may state: a rule is one line; the explanation goes in the docstring. */
export const MAX_RULE_LENGTH = 120;

/** An aspect name: lower-case words joined by `-` (`no-lost-wakeup`). */
const ASPECT = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * A conformance property.
 *
 * @remarks Made by {@link defineProperty} (or, for the acceptance properties,
 * `acceptanceProperty`). `check` asserts only what the semantics state:
 * where an order is unspecified it compares sets. Every property has a
 * mutant of the reference runtime that it must catch (see `test/mutants/`).
 */
export interface ConformanceProperty {
  /**
   * The stable identity: `<id>` or `<id>.<aspect>` (`POOL-4.fifo`,
   * `STRICT.core`). Seeds and counterexample file names derive from it.
   */
  key: string;
  /** The requirement it is about (absent for the acceptance properties). */
  id?: RequirementId;
  /** What distinguishes it from other properties of the same `id`. */
  aspect?: string;
  /** The rule, one line of at most {@link MAX_RULE_LENGTH} characters. */
  rule: string;
  /** `"<IDs>[ (<aspect>)]: <rule>"`, derived — for reporters and test names. */
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
  /**
   * `true` for the acceptance properties (`STRICT`), which a run with
   * `strict: false` drops.
   */
  strict?: boolean;
  /**
   * The requirement IDs a failed run of this property is attributed to (the
   * acceptance properties name the spec transitions a rejection breaks);
   * absent means {@link ConformanceProperty.requirements}.
   *
   * @param scenario - the failing (shrunk) scenario.
   * @param actual - the adapter's trace, or `null` when it gave none.
   */
  attribute?(scenario: Scenario, actual: Trace | null): string[];
}

/** The definition of a rule property: what {@link defineProperty} takes. */
export interface PropertyDefinition {
  /** The requirement it checks: its first report line and the key of its seed and files. */
  id: RequirementId;
  /** Further requirements the same check covers (their report lines). */
  also?: readonly RequirementId[];
  /** Distinguishes properties of the same `id`: lower-case words joined by `-`. */
  aspect?: string;
  /** The rule in one line (≤ {@link MAX_RULE_LENGTH} characters); the explanation goes in the docstring. */
  rule: string;
  /** Capabilities the adapter needs (like test262's `features`). */
  needs: readonly Capability[];
  /** Generates scenarios that exercise the rule. */
  arbitrary: fc.Arbitrary<Scenario>;
  /** Check one run: `undefined` when the rule holds, else a one-line description of the violation. */
  check(ctx: CheckContext): string | undefined;
}

/** The key of a property: `<id>` or `<id>.<aspect>`. */
export function propertyKey(id: string, aspect?: string): string {
  return aspect === undefined ? id : `${id}.${aspect}`;
}

/**
 * Define a rule property.
 *
 * @param definition - its ID, optional aspect, rule, capabilities, arbitrary and check.
 * @returns the property, with its derived `key`, `title`, `requirements` and `capabilities`.
 * @throws Error `defineProperty: …` when the rule is empty, longer than
 *   {@link MAX_RULE_LENGTH} or spans lines, or the aspect is not lower-case
 *   words joined by `-`.
 */
export function defineProperty(definition: PropertyDefinition): ConformanceProperty {
  const { id, also = [], aspect, rule, needs, arbitrary, check } = definition;
  if (rule.trim() === '' || rule.includes('\n')) throw new Error(`defineProperty: ${id}: the rule must be one non-empty line`);
  if (rule.length > MAX_RULE_LENGTH) {
    throw new Error(`defineProperty: ${id}: the rule has ${rule.length} characters, more than ${MAX_RULE_LENGTH}; move the explanation into the docstring`);
  }
  if (aspect !== undefined && !ASPECT.test(aspect)) throw new Error(`defineProperty: ${id}: aspect "${aspect}" is not lower-case words joined by "-"`);
  const requirements = [id, ...also];
  return {
    key: propertyKey(id, aspect),
    id,
    ...(aspect !== undefined ? { aspect } : {}),
    rule,
    title: `${requirements.join(' ')}${aspect !== undefined ? ` (${aspect})` : ''}: ${rule}`,
    requirements,
    capabilities: [...needs],
    arbitrary,
    check,
  };
}
