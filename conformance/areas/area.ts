/**
 * What an area of the suite is: one definition that names everything the
 * suite knows about it — its capability, its part of the scenario language,
 * its requirement tables, its spec machines, its scenario generators and its
 * properties.
 *
 * @remarks An area is a plug-in: `conformance/areas/index.ts` lists the
 * areas once, and the validator (which instruction needs which
 * capability), the catalogue and diagram generator, the property suite, the
 * `STRICT` acceptance properties and the CLI read that list. Adding an area
 * adds its files and one line there (`docs/guides/adding-an-area.md`).
 * @module
 */
import type * as fc from 'fast-check';
import type { Capability, LanguageArea, Scenario } from '../adapter.js';
import type { Requirement } from '../../spec/kernel/requirement.js';
import type { MachineSummary } from '../../spec/machines.js';
import type { ConformanceProperty } from '../harness/property.js';

/** One area of the suite (`core`, `scope`, `pool`, `breaker`). */
export interface Area {
  /** The area's name: its capability, the key of its acceptance property (`STRICT.pool`). */
  readonly name: Capability;
  /** One line: what the area covers. */
  readonly summary: string;
  /** Its part of the scenario language (`language/<area>.ts`): ops, event kinds, schemas, query methods. */
  readonly language: LanguageArea;
  /** The requirement tables of its spec modules (`spec/<module>/requirements.ts`), in catalogue order. */
  readonly requirements: readonly (readonly Requirement[])[];
  /** Its spec machines (`spec/<module>/machine.ts`), for the state diagrams and exploration. */
  readonly machines: readonly MachineSummary[];
  /** Its rule properties (`conformance/properties/<module>.props.ts`), in report order. */
  readonly properties: readonly ConformanceProperty[];
  /**
   * Its general scenario generators (`conformance/arbitraries/`): the
   * acceptance property `STRICT.<name>` draws from these and from the
   * arbitraries of the rule properties whose most specific capability is
   * this area's.
   */
  readonly scenarios: readonly fc.Arbitrary<Scenario>[];
  /** The capabilities its scenarios need (its own and those it builds on: `['core', 'pool']`). */
  readonly needs: readonly Capability[];
}
