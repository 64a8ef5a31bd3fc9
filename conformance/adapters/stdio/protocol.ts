/**
 * The stdio adapter protocol: how a runtime written in any language plugs into
 * the suite as a child process that exchanges JSON lines on stdin/stdout.
 *
 * @remarks
 * One message per line (UTF-8 JSON, `\n`-terminated, no embedded newlines).
 * The suite (client) writes requests to the server's stdin; the server writes
 * one reply per request to its stdout, carrying the request's `id`. The first
 * request is always `handshake`; then any number of `execute` requests, one
 * at a time (the client never pipelines); `shutdown` asks the server to exit.
 * The normative description with an example exchange is
 * `docs/guides/stdio-protocol.md`; the JSON Schemas below are the contract and
 * are checked with ajv on both sides.
 * @module
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { Capability, Scenario, Trace } from '../../adapter.js';
import { CAPABILITIES } from '../../../language/areas.js';

/** The protocol version this suite speaks; a server announcing another version is refused. */
export const PROTOCOL_VERSION = 1;

/** The capability names a server may announce (the suite's {@link Capability}). */
const CAPABILITY_NAMES: readonly Capability[] = CAPABILITIES;

const idSchema = { type: 'integer', minimum: 0 } as const;
const nameVersion = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version'],
  properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } },
} as const;

/** `handshake` request (client → server). */
export interface HandshakeRequest {
  /** Request id: `0` for the handshake. */
  id: number;
  /** Discriminant. */
  method: 'handshake';
  /** The protocol version the client speaks ({@link PROTOCOL_VERSION}). */
  protocol: number;
  /** The suite's name and version. */
  suite: { name: string; version: string };
}

/** `execute` request (client → server): run one scenario on a fresh runtime. */
export interface ExecuteRequest {
  /** Request id, increasing from 1. */
  id: number;
  /** Discriminant. */
  method: 'execute';
  /** A validated scenario (scenario language, `conformance/scenario/schema.ts`). */
  scenario: Scenario;
  /** Wall-clock budget of this scenario in milliseconds; the client kills the server when it is exceeded. */
  timeoutMs: number;
  /** Seed for choices the semantics leave open. */
  seed: number;
}

/** `shutdown` request (client → server): exit cleanly; no reply is expected. */
export interface ShutdownRequest {
  /** Request id. */
  id: number;
  /** Discriminant. */
  method: 'shutdown';
}

/** Any request. */
export type Request = HandshakeRequest | ExecuteRequest | ShutdownRequest;

/** `handshake` reply (server → client). */
export interface HandshakeReply {
  /** The request's id. */
  id: number;
  /** Discriminant. */
  type: 'handshake';
  /** The protocol version the server speaks; must equal the client's. */
  protocol: number;
  /** The implementation under test (shown in reports as `name`). */
  implementation: { name: string; version: string };
  /** The feature areas it implements. */
  capabilities: Capability[];
  /**
   * Instructions (`op` names) it cannot run, each with the reason: scenarios
   * using them are declared unsupported before `execute` (skipped, `n/a`
   * when nothing else is left). @defaultValue `{}`
   */
  unsupportedOps?: Record<string, string>;
}

/** `trace` reply: the scenario ran; here is its trace (ending with `exit`). */
export interface TraceReply {
  /** The request's id. */
  id: number;
  /** Discriminant. */
  type: 'trace';
  /** The ordered trace. */
  trace: Trace;
}

/** `unsupported` reply: the server declines this scenario, with the reason. */
export interface UnsupportedReply {
  /** The request's id. */
  id: number;
  /** Discriminant. */
  type: 'unsupported';
  /** One line: which instruction or option it lacks. */
  reason: string;
}

/** `error` reply: the server could not run the request (its adapter threw, or the request was bad). */
export interface ErrorReply {
  /** The request's id, or `null` when the request could not be parsed. */
  id: number | null;
  /** Discriminant. */
  type: 'error';
  /** One line. */
  message: string;
}

/** Any reply. */
export type Reply = HandshakeReply | TraceReply | UnsupportedReply | ErrorReply;

/** JSON Schema (draft-07) of every request. */
export const requestSchema = {
  $id: 'https://trueasync-conformance/stdio/request.json',
  type: 'object',
  required: ['id', 'method'],
  properties: { id: idSchema, method: { enum: ['handshake', 'execute', 'shutdown'] } },
  allOf: [
    {
      if: { properties: { method: { const: 'handshake' } } },
      then: {
        additionalProperties: false,
        required: ['id', 'method', 'protocol', 'suite'],
        properties: { id: idSchema, method: { const: 'handshake' }, protocol: { type: 'integer', minimum: 1 }, suite: nameVersion },
      },
    },
    {
      if: { properties: { method: { const: 'execute' } } },
      then: {
        additionalProperties: false,
        required: ['id', 'method', 'scenario', 'timeoutMs', 'seed'],
        properties: {
          id: idSchema, method: { const: 'execute' }, scenario: { type: 'object' },
          timeoutMs: { type: 'integer', minimum: 1 }, seed: { type: 'integer' },
        },
      },
    },
    {
      if: { properties: { method: { const: 'shutdown' } } },
      then: { additionalProperties: false, required: ['id', 'method'], properties: { id: idSchema, method: { const: 'shutdown' } } },
    },
  ],
} as const;

/** JSON Schema (draft-07) of every reply. The trace's events are checked further by the harness (`validateTrace`). */
export const replySchema = {
  $id: 'https://trueasync-conformance/stdio/reply.json',
  type: 'object',
  required: ['id', 'type'],
  properties: { id: { anyOf: [idSchema, { type: 'null' }] }, type: { enum: ['handshake', 'trace', 'unsupported', 'error'] } },
  allOf: [
    {
      if: { properties: { type: { const: 'handshake' } } },
      then: {
        additionalProperties: false,
        required: ['id', 'type', 'protocol', 'implementation', 'capabilities'],
        properties: {
          id: idSchema, type: { const: 'handshake' }, protocol: { type: 'integer', minimum: 1 }, implementation: nameVersion,
          capabilities: { type: 'array', uniqueItems: true, items: { enum: [...CAPABILITY_NAMES] } },
          unsupportedOps: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
        },
      },
    },
    {
      if: { properties: { type: { const: 'trace' } } },
      then: {
        additionalProperties: false,
        required: ['id', 'type', 'trace'],
        properties: {
          id: idSchema, type: { const: 'trace' },
          trace: {
            type: 'array', minItems: 1,
            items: { type: 'object', required: ['t', 'actor', 'kind'], properties: { t: { type: 'number' }, actor: { type: 'string' }, kind: { type: 'string' } } },
          },
        },
      },
    },
    {
      if: { properties: { type: { const: 'unsupported' } } },
      then: {
        additionalProperties: false,
        required: ['id', 'type', 'reason'],
        properties: { id: idSchema, type: { const: 'unsupported' }, reason: { type: 'string', minLength: 1 } },
      },
    },
    {
      if: { properties: { type: { const: 'error' } } },
      then: {
        additionalProperties: false,
        required: ['id', 'type', 'message'],
        properties: { id: { anyOf: [idSchema, { type: 'null' }] }, type: { const: 'error' }, message: { type: 'string' } },
      },
    },
  ],
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false });
type Check = ((x: unknown) => boolean) & { errors?: ErrorObject[] | null };
const requestCheck: Check = ajv.compile(requestSchema);
const replyCheck: Check = ajv.compile(replySchema);

function firstError(errors: ErrorObject[] | null | undefined, root: string): string {
  const e = (errors ?? []).find((x) => x.keyword !== 'if');
  if (e === undefined) return `${root}: invalid`;
  const at = `${root}${e.instancePath}`;
  if (e.keyword === 'additionalProperties') return `${at}: unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
  if (e.keyword === 'enum') return `${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${at}: ${e.message ?? 'invalid'}`;
}

/** The verdict of parsing one protocol line. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parseLine<T>(line: string, check: Check, root: string): Parsed<T> {
  let x: unknown;
  try {
    x = JSON.parse(line);
  } catch {
    const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
    return { ok: false, error: `${root} is not JSON: ${JSON.stringify(shown)}` };
  }
  return check(x) ? { ok: true, value: x as T } : { ok: false, error: firstError(check.errors, root) };
}

/**
 * Parse and validate one request line (server side).
 *
 * @returns the request, or a one-line error naming the bad field.
 */
export function parseRequest(line: string): Parsed<Request> {
  return parseLine<Request>(line, requestCheck, 'request');
}

/**
 * Parse and validate one reply line (client side).
 *
 * @returns the reply, or a one-line error naming the bad field.
 */
export function parseReply(line: string): Parsed<Reply> {
  return parseLine<Reply>(line, replyCheck, 'reply');
}

/** Every `op` a scenario uses, nested programs included. */
export function opsOf(scenario: Scenario): Set<string> {
  const ops = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
    } else if (typeof x === 'object' && x !== null) {
      const r = x as Record<string, unknown>;
      if (typeof r.op === 'string') ops.add(r.op);
      for (const v of Object.values(r)) if (typeof v === 'object') walk(v);
    }
  };
  walk(scenario.main);
  return ops;
}
