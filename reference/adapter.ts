/**
 * The reference runtime as an {@link Adapter} of the conformance suite.
 *
 * @remarks
 * `execute` runs each scenario on a fresh {@link ReferenceRuntime} (or a
 * subclass: the suite builds its mutants this way). The reference runtime is
 * synchronous and deterministic; it ignores the seed and the time budget.
 * @module
 */
import type { Adapter, Scenario, Trace } from '../conformance/adapter.js';
import { ReferenceRuntime } from './runtime.js';

/** A runtime class: {@link ReferenceRuntime} or a subclass (a mutant). */
export interface ReferenceRuntimeClass {
  /** Create a fresh runtime for one scenario. */
  new (): ReferenceRuntime;
}

/** Options of {@link createReferenceAdapter}. */
export interface ReferenceAdapterOptions {
  /**
   * The runtime class instantiated per scenario (a mutant passes its subclass).
   *
   * @defaultValue {@link ReferenceRuntime}
   */
  Runtime?: ReferenceRuntimeClass;
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
 * @param options - runtime class and name.
 * @returns an adapter with capabilities `core`, `scope`, `pool` and `breaker`.
 */
export function createReferenceAdapter(options: ReferenceAdapterOptions = {}): Adapter {
  const Runtime = options.Runtime ?? ReferenceRuntime;
  return {
    name: options.name ?? 'reference',
    capabilities: ['core', 'scope', 'pool', 'breaker'],
    async execute(scenario: Scenario): Promise<Trace> {
      return new Runtime().run(scenario);
    },
  };
}

/** The reference runtime's adapter (`--adapter reference`). */
export const referenceAdapter: Adapter = createReferenceAdapter();

export default referenceAdapter;
