/**
 * The acceptance properties (`STRICT`): in every area, the adapter's trace is
 * one the executable spec accepts.
 *
 * @remarks One property per area — core, scope, pool, breaker — each over
 * that area's own generated scenarios (its general generators and the
 * arbitraries of its rule properties) and needing that area's capabilities,
 * so an adapter without scopes still has its pool traces judged by the spec.
 * A rejection names the longest accepted prefix, the first offending event,
 * the events the spec allowed there, and the requirement IDs of the spec
 * transitions involved; the runner reports the failure on those IDs
 * ({@link ConformanceProperty.attribute}), so a strict failure is never an
 * all-green report. Scenarios an adapter declares unsupported are skipped.
 * @module
 */
import * as fc from 'fast-check';
import type { Capability, Scenario, Trace } from '../adapter.js';
import { propertyKey, type ConformanceProperty } from '../harness/property.js';
import { accepts, describeRejection } from '../../spec/system/accepts.js';
import { expectedRun } from '../../spec/system/interpret.js';
import { areas, areaOfCapabilities, ruleProperties, type Area } from '../areas/index.js';

/** The areas whose traces the acceptance properties judge: every area of the list (`conformance/areas/index.ts`). */
export type AcceptanceArea = Capability;

/** What the acceptance properties state. */
export const ACCEPTANCE_RULE = "the adapter's trace is one the spec accepts";

/**
 * The requirement IDs a failed acceptance run is attributed to: the
 * rejection's IDs when the adapter returned a trace, otherwise (it threw,
 * crashed, timed out or returned no trace) every ID the scenario's expected
 * events are attributed to — none of them could be verified.
 */
export function acceptanceAttribution(scenario: Scenario, actual: Trace | null): string[] {
  if (actual !== null) {
    const verdict = accepts(scenario, actual);
    if (!verdict.accepted) return verdict.requirements;
  }
  return [...new Set(expectedRun(scenario).attribution.flat())];
}

/**
 * The acceptance property of one area.
 *
 * @param area - the area (names the key `STRICT.<area>`).
 * @param needs - the capabilities its scenarios need.
 * @param arbitrary - the area's scenarios.
 */
export function acceptanceProperty(area: AcceptanceArea, needs: readonly Capability[], arbitrary: fc.Arbitrary<Scenario>): ConformanceProperty {
  return {
    key: propertyKey('STRICT', area),
    aspect: area,
    rule: ACCEPTANCE_RULE,
    title: `STRICT (${area}): ${ACCEPTANCE_RULE}`,
    requirements: [],
    capabilities: [...needs],
    arbitrary,
    strict: true,
    check({ scenario, actual }) {
      const verdict = accepts(scenario, actual);
      return verdict.accepted ? undefined : describeRejection(verdict);
    },
    attribute: acceptanceAttribution,
  };
}

/**
 * The acceptance property of one area of the list, over the area's own
 * scenarios: its general generators and the arbitraries of the rule
 * properties whose most specific capability is the area's, drawn alike.
 */
export function areaAcceptance(area: Area): ConformanceProperty {
  const rules = ruleProperties.filter((p) => areaOfCapabilities(p.capabilities) === area).map((p) => p.arbitrary);
  return acceptanceProperty(area.name, area.needs, fc.oneof(...area.scenarios, ...rules));
}

/** The acceptance properties, one per area of the list (core, scope, pool, breaker). */
export const acceptanceProperties: ConformanceProperty[] = areas.map(areaAcceptance);
