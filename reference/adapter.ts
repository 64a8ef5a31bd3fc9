/**
 * The reference runtime as an {@link Adapter} of the conformance suite.
 *
 * @remarks
 * `execute` runs each scenario on a fresh {@link ReferenceRuntime}, with the
 * seams of the options replaced (the suite builds its mutants this way:
 * `createReferenceAdapter({ seams: mutant.seams, name: mutant.name })`). The reference runtime is
 * synchronous and deterministic; it ignores the seed and the time budget.
 * @module
 */
import type { Adapter, Scenario, Trace } from '../conformance/adapter.js';
import { referenceAreas } from './areas.js';
import { ReferenceRuntime, type ReferenceSeams } from './runtime.js';

/** Options of {@link createReferenceAdapter}. */
export interface ReferenceAdapterOptions {
  /**
   * Seams replaced in every runtime the adapter creates (a mutant passes its own).
   *
   * @defaultValue none: the reference behaviour
   */
  seams?: ReferenceSeams;
  /**
   * The adapter name shown in reports.
   *
   * @defaultValue `'reference'`
   */
  name?: string;
}

/**
 * Create an adapter running scenarios on the reference runtime.
 *
 * @param options - replaced seams and name.
 * @returns an adapter with the capabilities of every reference area (`core`, `scope`, `pool`, `breaker`).
 */
export function createReferenceAdapter(options: ReferenceAdapterOptions = {}): Adapter {
  const seams = options.seams;
  return {
    name: options.name ?? 'reference',
    capabilities: referenceAreas.flatMap((area) => area.capabilities),
    async execute(scenario: Scenario): Promise<Trace> {
      return new ReferenceRuntime(seams === undefined ? {} : { seams }).run(scenario);
    },
  };
}

/** The reference runtime's adapter (`--adapter reference`). */
export const referenceAdapter: Adapter = createReferenceAdapter();

export default referenceAdapter;
