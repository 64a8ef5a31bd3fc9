/**
 * The reference runtime: a kernel composed with the area modules; runs one
 * scenario of language v1 and returns its trace.
 *
 * @remarks
 * {@link createReferenceRuntime} (or `new ReferenceRuntime(options)`) builds
 * a {@link Kernel} and installs every area of `reference/areas.ts` on it;
 * the areas' instruction handlers form one table the kernel dispatches on.
 * A mutant of the conformance suite replaces one seam of one area (or of the
 * kernel) through {@link ReferenceRuntimeOptions.seams}. A fresh instance runs
 * exactly one scenario.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { Scenario, Trace } from '../conformance/adapter.js';
import type { AnyAreaModule } from './area.js';
import { referenceAreas, type ReferenceAreas } from './areas.js';
import { Kernel, kernelSeams, type DispatchTable, type KernelSeams } from './kernel.js';

/**
 * Replacements of seams, by area name (`kernel` for the kernel's): each a
 * partial record of that area's seams.
 *
 * @example `{ pool: { wakeOne: (area, pool) => … } }`
 */
export type ReferenceSeams = { readonly kernel?: Partial<KernelSeams> } & {
  readonly [A in ReferenceAreas[number] as A['name']]?: Partial<A['seams']>;
};

/** The handlers of every area as one table (built once): each op's handler and the index of its area. */
const dispatch = Object.fromEntries(
  (referenceAreas as readonly AnyAreaModule[]).flatMap((area, index) => Object.entries(area.handlers).map(([op, handler]) => [op, { area: index, handler }])),
) as DispatchTable;

/**
 * The seams of an area with replacements merged in (the defaults object itself when nothing is replaced).
 *
 * @param defaults - the area's default seams.
 * @param replaced - a mutant's replacements.
 * @returns the seams to install.
 */
function merged(defaults: object, replaced: object | undefined): object {
  return replaced === undefined ? defaults : { ...defaults, ...replaced };
}

/** Options of {@link createReferenceRuntime}. */
export interface ReferenceRuntimeOptions {
  /**
   * Seams to replace (a mutant's); the others keep the reference behaviour.
   *
   * @defaultValue none
   */
  seams?: ReferenceSeams;
}

/**
 * The reference runtime of TrueAsync for scenario language v1.
 *
 * @remarks `run` may be called once per instance. A scenario that runs away
 * (more than `DEFAULT_MAX_STEPS` steps) makes `run` throw.
 * Requirements: EVT-6..EVT-13, WAK-1..WAK-8, COR-1..COR-8, SCH-1..SCH-13, CAN-1..CAN-11, SCP-1..SCP-16, SCP-18..SCP-20,
 * POOL-1..POOL-12, CB-1..CB-7.
 */
export class ReferenceRuntime {
  /** The kernel the areas are installed on. */
  readonly kernel: Kernel;
  /** Whether `run` was called. */
  private used = false;

  /** @param options - seams to replace. */
  constructor(options: ReferenceRuntimeOptions = {}) {
    const replaced: Record<string, object | undefined> = options.seams ?? {};
    const kernel = new Kernel(merged(kernelSeams, replaced.kernel) as KernelSeams);
    const areas = (referenceAreas as readonly AnyAreaModule[]).map((area) => area.install(kernel, merged(area.seams, replaced[area.name])));
    kernel.installHandlers(dispatch, areas);
    this.kernel = kernel;
  }

  /**
   * Run a scenario to its end.
   *
   * @param scenario - a validated scenario.
   * @returns the trace, ending with `exit`.
   * @throws Error when called twice, or when the scenario runs away.
   */
  run(scenario: Scenario): Trace {
    if (this.used) throw new Error('ReferenceRuntime.run: an instance runs one scenario; create a new one');
    this.used = true;
    return this.kernel.runMain(scenario.main);
  }
}

/**
 * Create a reference runtime, optionally with replaced seams.
 *
 * @param options - seams to replace.
 * @returns a fresh runtime for one scenario.
 * @example `createReferenceRuntime({ seams: { pool: { acquireRefusal: () => undefined } } }).run(scenario)`
 */
export function createReferenceRuntime(options: ReferenceRuntimeOptions = {}): ReferenceRuntime {
  return new ReferenceRuntime(options);
}
