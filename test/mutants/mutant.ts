/**
 * What a mutant is: a deliberately broken reference runtime that one
 * conformance property must catch.
 * @module
 */
import type { ReferenceRuntime } from '../../reference/index.js';

/** A mutant of the reference runtime. */
export interface Mutant {
  /** Short camelCase name (the file name). */
  name: string;
  /** The requirement ID whose property must catch it. */
  targets: string;
  /** One line: what is broken. */
  description: string;
  /**
   * Title prefix of the property that must catch it (e.g. `"§13.1-3"`);
   * omitted = at least one property covering {@link Mutant.targets}.
   */
  caughtBy?: string;
  /** The broken runtime: a subclass of {@link ReferenceRuntime} overriding one behaviour. */
  Runtime: new () => ReferenceRuntime;
}
