/**
 * What an area of the scenario language contributes besides its types: the
 * JSON Schema of each of its instructions and of each of its event kinds,
 * the query methods it answers, and its capability name.
 *
 * @remarks Plain data (no validator): `conformance/scenario/validate.ts`
 * compiles the assembled schemas with ajv. An area module declares its
 * tables with `satisfies LanguageArea<TheirOps, TheirKinds>`, so an
 * instruction or event kind without a schema — or a schema without one —
 * does not compile. This module imports nothing.
 * @module
 */

/** The JSON Schema of one instruction's fields besides `op`, and which of them are required. */
export interface InstructionSchema {
  /** Field → JSON Schema. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The required fields. */
  readonly required: readonly string[];
}

/** The JSON Schema of one event kind's data fields besides `t`, `actor` and `kind`, and which of them are required. */
export interface EventSchema {
  /** Field → JSON Schema. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The required fields. */
  readonly required: readonly string[];
}

/**
 * One area of the scenario language, as data.
 *
 * @typeParam O - the area's `op` names.
 * @typeParam K - the area's event kinds.
 */
export interface LanguageArea<O extends string = string, K extends string = string> {
  /** The capability an adapter declares to be given this area's scenarios (`pool`). */
  readonly capability: string;
  /** One schema per instruction of the area, keyed by `op`, in the order error messages list them. */
  readonly instructions: { readonly [op in O]: InstructionSchema };
  /** One schema per event kind of the area, keyed by `kind`. */
  readonly events: { readonly [kind in K]: EventSchema };
  /** The `query` methods the area's objects answer (`count` on a pool). */
  readonly queries: readonly string[];
  /** Named sub-schemas the area's fields refer to (`{ $ref: "#/$defs/<name>" }`). */
  readonly defs: Readonly<Record<string, unknown>>;
}

/** A non-empty string id. */
export const id = { type: 'string', minLength: 1 } as const;

/** Virtual milliseconds: a whole number ≥ 0. */
export const ms = { type: 'integer', minimum: 0 } as const;

/** Any string. */
export const str = { type: 'string' } as const;

/** A reference to a named sub-schema (`#/$defs/<name>`). */
export const ref = <N extends string>(name: N) => ({ $ref: `#/$defs/${name}` }) as const;

/** A closed object schema with required and optional fields. */
export function closed(properties: Record<string, unknown>, required: readonly string[]): Record<string, unknown> {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}

/** One target object with exactly one of the given keys. */
export function target(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties, additionalProperties: false, minProperties: 1, maxProperties: 1 };
}
