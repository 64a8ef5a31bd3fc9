/**
 * A requirement of the specification: one rule of TrueAsync's semantics, with its stable ID.
 *
 * @remarks Each spec module keeps its requirements in `requirements.ts`; that
 * table is the single source of truth for the requirement catalogue, the
 * reports and the CLI's `requirements` command.
 */
export interface Requirement {
  /** Stable ID, e.g. `SCH-1`. Never renumbered. */
  id: string;
  /** The rule in one line. */
  title: string;
  /** Where the rule comes from: a TrueAsync docs page or a php-async source file / phpt test. */
  source: string;
  /**
   * `observable` — checked by a conformance property through scenarios;
   * `spec-only` — not observable through scenarios (C-internal state), checked
   * by the spec module's own invariants over every state `explore()` reaches.
   */
  kind: 'observable' | 'spec-only';
  /** For `spec-only`: why no scenario can observe it. */
  reason?: string;
  /**
   * Where the sources disagree or are silent on this rule: what they say and
   * which reading the spec takes, in one or two sentences.
   */
  decision?: string;
}

/** The URL of a TrueAsync docs page, e.g. `docsPage('components/coroutines')`. */
export function docsPage(path: string): string {
  return `https://true-async.github.io/en/docs/${path}.html`;
}

/** The URL of a php-async source file or phpt test, e.g. `extSource('scheduler.c')`. */
export function extSource(path: string): string {
  return `https://github.com/true-async/php-async/blob/main/${path}`;
}

/**
 * A module's requirement table: the requirements as plain data, with the
 * table's IDs kept at type level.
 *
 * @typeParam Id - the literal union of the table's IDs.
 */
export type RequirementTable<Id extends string> = Requirement[] & {
  /** Type-level only, never set: the literal union of the table's IDs (read with {@link IdsOf}). */
  readonly idType?: Id;
};

/** The literal union of the IDs of a {@link RequirementTable}. */
export type IdsOf<T> = T extends { readonly idType?: infer Id } ? Exclude<Id, undefined> : never;

/**
 * Declare a module's requirement table, keeping its IDs as literal types so
 * that `RequirementId` (in `spec/requirements.ts`) is derived from the tables
 * themselves, never mirrored by hand.
 *
 * @param table - the module's requirements, in ID order.
 * @returns the same requirements, as a {@link RequirementTable}.
 */
export function requirementTable<const Id extends string>(table: readonly (Requirement & { id: Id })[]): RequirementTable<Id> {
  return [...table];
}
