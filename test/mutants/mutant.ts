/**
 * What a mutant is: a deliberately broken reference runtime that one
 * conformance property must catch.
 * @module
 */
import type { ReferenceSeams } from '../../reference/index.js';
import type { RequirementId } from '../../spec/requirements.js';

/** Which property must catch a mutant: its requirement ID and, when it has one, its aspect. */
export interface CatchingProperty {
  /** The property's `id`. */
  id: RequirementId;
  /** The property's `aspect`; absent = the property of `id` without an aspect. */
  aspect?: string;
}

/** A mutant of the reference runtime. */
export interface Mutant {
  /** Short camelCase name (the file name). */
  name: string;
  /** The requirement ID whose property must catch it. */
  targets: RequirementId;
  /** One line: what is broken. */
  description: string;
  /**
   * The property that must catch it, by ID and aspect (never by title);
   * omitted = at least one property covering {@link Mutant.targets}.
   */
  caughtBy?: CatchingProperty;
  /**
   * The broken behaviour: one seam of one area module (or of the kernel)
   * replaced; the runtime is `createReferenceRuntime({ seams })`.
   */
  seams: ReferenceSeams;
}
