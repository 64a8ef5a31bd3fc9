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
import { coreScenario } from '../arbitraries/coreScenario.js';
import { scopeForestScenario } from '../arbitraries/scopeForest.js';
import { lifecycleScenario, scopeWaitScenario } from '../arbitraries/scopeScenarios.js';
import { handoffScenario, prewarmScenario, workloadScenario } from '../arbitraries/poolScenarios.js';
import { breakerScenario } from '../arbitraries/breakerScenarios.js';
import { eventProperties } from './event.props.js';
import { wakerProperties } from './waker.props.js';
import { coroutineProperties } from './coroutine.props.js';
import { schedulerProperties } from './scheduler.props.js';
import { cancellationProperties } from './cancellation.props.js';
import { scopeProperties } from './scope.props.js';
import { cancellationInvariantProperties } from './cancellationInvariants.props.js';
import { poolProperties } from './pool.props.js';
import { circuitBreakerProperties } from './circuitBreaker.props.js';
import { poolInvariantProperties } from './poolInvariants.props.js';

/** The areas whose traces the acceptance properties judge. */
export type AcceptanceArea = 'core' | 'scope' | 'pool' | 'breaker';

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

/** The area of a rule property: the most specific capability it needs. */
function areaOf(p: ConformanceProperty): AcceptanceArea {
  if (p.capabilities.includes('breaker')) return 'breaker';
  if (p.capabilities.includes('pool')) return 'pool';
  return p.capabilities.includes('scope') ? 'scope' : 'core';
}

/** The area's scenarios: its general generators and the arbitraries of its rule properties, drawn alike. */
function areaScenarios(area: AcceptanceArea, general: fc.Arbitrary<Scenario>[]): fc.Arbitrary<Scenario> {
  const rules = ruleProperties.filter((p) => areaOf(p) === area).map((p) => p.arbitrary);
  return fc.oneof(...general, ...rules);
}

/** The rule properties whose arbitraries the areas draw from. */
const ruleProperties: ConformanceProperty[] = [
  ...eventProperties, ...wakerProperties, ...coroutineProperties, ...schedulerProperties, ...cancellationProperties,
  ...scopeProperties, ...cancellationInvariantProperties, ...poolProperties, ...circuitBreakerProperties, ...poolInvariantProperties,
];

/** Core scenarios: coroutines, events, timers, cancellation, protect, shutdown. */
export const coreAcceptance = acceptanceProperty('core', ['core'], areaScenarios('core', [coreScenario()]));

/** Scope scenarios: scope forests with cancels and disposals, lifecycles, completion waits. */
export const scopeAcceptance = acceptanceProperty('scope', ['core', 'scope'], areaScenarios('scope', [
  scopeForestScenario(), lifecycleScenario(), scopeWaitScenario({ zombies: true }),
]));

/** Pool scenarios: workloads with hooks and failing factories, pre-warming, hand-offs. */
export const poolAcceptance = acceptanceProperty('pool', ['core', 'pool'], areaScenarios('pool', [
  workloadScenario(), prewarmScenario(), handoffScenario(),
]));

/** Circuit-breaker scenarios: one pool, a strategy maybe, breaker calls among the acquires. */
export const breakerAcceptance = acceptanceProperty('breaker', ['core', 'pool', 'breaker'], areaScenarios('breaker', [breakerScenario()]));

/** The acceptance properties, one per area. */
export const acceptanceProperties: ConformanceProperty[] = [coreAcceptance, scopeAcceptance, poolAcceptance, breakerAcceptance];
