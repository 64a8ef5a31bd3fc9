/**
 * The JSON Schemas (draft-07) of a scenario and of a trace, assembled from
 * the areas' tables.
 *
 * @remarks Every object is closed (`additionalProperties: false`);
 * instructions are discriminated by `op`, events by `kind` and callback
 * actions by `do` (ajv's `discriminator` keyword, so one bad instruction
 * yields one error, not one per variant); programs nest through `$defs`.
 * Each variant comes from the table of the area that owns it
 * (`language/core.ts`, …) — typed against the instruction and event unions
 * with `satisfies`, so an instruction or event kind without a schema, or a
 * schema without one, does not compile. What a schema cannot say (unique
 * ids, declared references, `rethrow` placement; times non-decreasing, the
 * last event is `exit`) is checked by `conformance/scenario/validate.ts` and
 * `conformance/harness/validateTrace.ts`. Published as
 * `scenario.schema.json` and `trace.schema.json`. Plain data: this module
 * needs no validator.
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { EventSchema, InstructionSchema } from './area.js';
import { closed, ref, str } from './area.js';
import { LANGUAGE_AREAS } from './areas.js';
import type { Op } from './scenario.js';
import type { EventKind } from './trace.js';
import { ERROR_CLASSES } from './values.js';

/** The `op` names, in the order of the scenario schema's variants (area by area). */
export const OPS: readonly Op[] = LANGUAGE_AREAS.flatMap((a) => Object.keys(a.instructions) as Op[]);

/** The closed list of event kinds, in the order of the trace schema's variants (area by area). */
export const EVENT_KINDS: readonly EventKind[] = LANGUAGE_AREAS.flatMap((a) => Object.keys(a.events) as EventKind[]);

/** Every method a `query` may call, once each, in area order. */
export const QUERY_METHODS: readonly string[] = [...new Set(LANGUAGE_AREAS.flatMap((a) => a.queries))];

/** The schema of each instruction's fields besides `op`, keyed by `op`. */
export const INSTRUCTION_SCHEMAS = Object.assign({}, ...LANGUAGE_AREAS.map((a) => a.instructions)) as Readonly<Record<Op, InstructionSchema>>;

/**
 * The data fields of each event kind beyond `t`, `actor` and `kind`: field →
 * schema, and which of them are required.
 */
export const EVENT_FIELDS = Object.assign({}, ...LANGUAGE_AREAS.map((a) => a.events)) as Readonly<Record<EventKind, EventSchema>>;

/**
 * The schema of `label`, the field every instruction and every event may
 * carry (trace semantics, "Labels"): added to every variant here, so no
 * area declares it.
 */
export const LABEL_SCHEMA = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** The sub-schemas every area may refer to, and the areas' own. */
function defs(): Record<string, unknown> {
  return {
    value: { type: ['null', 'boolean', 'number', 'string'] },
    errorClass: { enum: [...ERROR_CLASSES] },
    error: closed({ class: ref('errorClass'), message: str, previous: ref('error') }, ['class', 'message']),
    queryMethod: { enum: [...QUERY_METHODS] },
    ...Object.assign({}, ...LANGUAGE_AREAS.map((a) => a.defs)),
  };
}

/**
 * The JSON Schema of a v1 scenario (draft-07, for ajv's default class with
 * `discriminator: true`). Published as `scenario.schema.json`.
 */
export const scenarioSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://trueasync-conformance/scenario-v1.json',
  title: 'TrueAsync conformance scenario, version 1',
  type: 'object',
  properties: {
    version: { const: 1 },
    name: { type: 'string' },
    main: ref('program'),
  },
  required: ['version', 'main'],
  additionalProperties: false,
  $defs: {
    ...defs(),
    program: { type: 'array', items: ref('instruction') },
    instruction: {
      type: 'object',
      discriminator: { propertyName: 'op' },
      oneOf: OPS.map((op) => closed({ op: { const: op }, label: LABEL_SCHEMA, ...INSTRUCTION_SCHEMAS[op].fields }, ['op', ...INSTRUCTION_SCHEMAS[op].required])),
    },
  },
} as const;

/** One closed event variant: `kind` is its constant. */
function variant(kind: EventKind): Record<string, unknown> {
  const { fields, required } = EVENT_FIELDS[kind];
  return closed({ t: { type: 'number', minimum: 0 }, actor: { type: 'string', minLength: 1 }, kind: { const: kind }, label: LABEL_SCHEMA, ...fields }, ['t', 'actor', 'kind', ...required]);
}

/**
 * The JSON Schema of a trace (draft-07, for ajv with `discriminator: true`):
 * a non-empty array of events. Published as `trace.schema.json`.
 */
export const traceSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://trueasync-conformance/trace-v1.json',
  title: 'TrueAsync conformance trace, version 1',
  type: 'array',
  minItems: 1,
  items: ref('event'),
  $defs: {
    value: { type: ['null', 'boolean', 'number', 'string'] },
    error: closed({ class: { enum: [...ERROR_CLASSES] }, message: str, previous: ref('error') }, ['class', 'message']),
    queryMethod: { enum: [...QUERY_METHODS] },
    event: {
      type: 'object',
      discriminator: { propertyName: 'kind' },
      properties: { kind: { type: 'string' } },
      required: ['kind'],
      oneOf: EVENT_KINDS.map(variant),
    },
  },
} as const;
