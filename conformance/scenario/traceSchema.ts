/**
 * The JSON Schema (draft-07) of a trace: what an adapter must return.
 *
 * @remarks
 * It mirrors `spec/system/trace.ts`: one closed object variant per event
 * kind (discriminated by `kind`, ajv's `discriminator` keyword), with the
 * kind's data fields present and typed (`docs/guides/trace-semantics.md` §8),
 * and error values whose `class` is one of the known PHP classes. What a
 * schema cannot say (times non-decreasing, the last event is `exit`, actors
 * known to the scenario) is checked by `conformance/harness/validateTrace.ts`.
 * The variants are keyed by {@link EventKind} with `satisfies`, so a new
 * event kind does not compile until it has a schema.
 * @module
 */
import type { EventKind } from '../../spec/system/trace.js';
import { ERROR_CLASSES, POOL_QUERIES, QUERIES, SCOPE_QUERIES } from './schema.js';

const str = { type: 'string' } as const;
const ref = (name: string) => ({ $ref: `#/$defs/${name}` }) as const;

/**
 * The data fields of each event kind beyond `t`, `actor` and `kind`: field →
 * schema, and which of them are required.
 */
export const EVENT_FIELDS = {
  started: { fields: {}, required: [] },
  spawned: { fields: { coroutine: str }, required: ['coroutine'] },
  suspended: { fields: { on: str }, required: ['on'] },
  resumed: { fields: { error: ref('error') }, required: [] },
  awaited: { fields: { value: ref('value') }, required: ['value'] },
  completed: { fields: { value: ref('value') }, required: ['value'] },
  failed: { fields: { error: ref('error') }, required: ['error'] },
  caught: { fields: { error: ref('error') }, required: ['error'] },
  cancel: { fields: { target: str, reason: str }, required: ['target', 'reason'] },
  log: { fields: { value: ref('value') }, required: ['value'] },
  fire: { fields: { event: str, value: ref('value') }, required: ['event', 'value'] },
  close: { fields: { event: str }, required: ['event'] },
  settle: { fields: { event: str, value: ref('value'), error: ref('error') }, required: ['event'] },
  on: { fields: { event: str, callback: str }, required: ['event', 'callback'] },
  off: { fields: { event: str, callback: str, found: { type: 'boolean' } }, required: ['event', 'callback', 'found'] },
  callback: { fields: { event: str, callback: str, value: ref('value'), error: ref('error') }, required: ['event', 'callback'] },
  warning: { fields: { message: str }, required: ['message'] },
  query: {
    fields: {
      target: str,
      what: { enum: [...new Set([...QUERIES, ...SCOPE_QUERIES, ...POOL_QUERIES])] },
      value: { anyOf: [ref('value'), ref('error')] },
    },
    required: ['target', 'what', 'value'],
  },
  scopeCancel: {
    fields: { scope: str, how: { enum: ['cancel', 'dispose', 'disposeSafely', 'timeout'] }, reason: str },
    required: ['scope', 'how', 'reason'],
  },
  handler: { fields: { scope: str, handler: str, coroutine: str, error: ref('error') }, required: ['scope', 'handler', 'coroutine', 'error'] },
  acquire: { fields: { pool: str, try: { type: 'boolean' } }, required: ['pool', 'try'] },
  acquired: { fields: { pool: str, resource: { type: ['string', 'null'] } }, required: ['pool', 'resource'] },
  release: { fields: { pool: str, resource: str }, required: ['pool', 'resource'] },
  created: { fields: { pool: str, resource: str }, required: ['pool', 'resource'] },
  destroyed: { fields: { pool: str, resource: str }, required: ['pool', 'resource'] },
  hook: {
    fields: { pool: str, hook: { enum: ['beforeAcquire', 'beforeRelease', 'healthcheck'] }, resource: str, ok: { type: 'boolean' } },
    required: ['pool', 'hook', 'resource', 'ok'],
  },
  report: { fields: { pool: str, what: { enum: ['success', 'failure'] } }, required: ['pool', 'what'] },
  breaker: { fields: { pool: str, state: { enum: ['ACTIVE', 'INACTIVE', 'RECOVERING'] } }, required: ['pool', 'state'] },
  poolClose: { fields: { pool: str }, required: ['pool'] },
  finally: { fields: { target: str, handler: str }, required: ['target', 'handler'] },
  shutdown: { fields: {}, required: [] },
  deadlock: { fields: { waiting: { type: 'integer', minimum: 0 } }, required: ['waiting'] },
  exit: { fields: { error: ref('error') }, required: [] },
} as const satisfies Record<EventKind, { fields: Record<string, unknown>; required: readonly string[] }>;

function variant(kind: EventKind): Record<string, unknown> {
  const { fields, required } = EVENT_FIELDS[kind];
  return {
    type: 'object',
    properties: {
      t: { type: 'number', minimum: 0 },
      actor: { type: 'string', minLength: 1 },
      kind: { const: kind },
      ...fields,
    },
    required: ['t', 'actor', 'kind', ...required],
    additionalProperties: false,
  };
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
    error: {
      type: 'object',
      properties: { class: { enum: [...ERROR_CLASSES] }, message: str, previous: ref('error') },
      required: ['class', 'message'],
      additionalProperties: false,
    },
    event: {
      type: 'object',
      discriminator: { propertyName: 'kind' },
      properties: { kind: { type: 'string' } },
      required: ['kind'],
      oneOf: (Object.keys(EVENT_FIELDS) as EventKind[]).map(variant),
    },
  },
} as const;
