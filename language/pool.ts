/**
 * The pool area of the scenario language: `Async\Pool` — creating,
 * acquiring, releasing and closing, the factory, destructor and hooks
 * described as data — capability `pool`.
 *
 * @remarks The instruction types, the trace-event kinds and their JSON
 * Schemas (trace-semantics §7).
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { LanguageArea } from './area.js';
import { closed, id, ms, ref, str } from './area.js';

/** The pool methods a `query` on a pool may call (`getState` needs capability `breaker`). */
export type PoolQuery = 'count' | 'idleCount' | 'activeCount' | 'isClosed' | 'getState';

/** The pool methods a `query` on a pool may call ({@link PoolQuery}), in schema order. */
export const POOL_QUERIES = ['count', 'idleCount', 'activeCount', 'isClosed', 'getState'] as const satisfies readonly PoolQuery[];

/**
 * A pool callable described as data. Calls are numbered from 1
 * per callable; resources are named `r1`, `r2`, … after the factory call that
 * created them.
 */
export interface HookSpec {
  /** Return `false` on these call numbers. */
  falseOn?: number[];
  /** Return `false` for these resources. */
  falseFor?: string[];
  /** Throw `RuntimeException("hook failed")` instead of returning `false` (treated as `false`, §7.1). @defaultValue false */
  throws?: boolean;
  /** The callable suspends for this many virtual ms before answering (`delay`), in the calling coroutine. */
  delayMs?: number;
}

/** The pool's factory described as data. */
export interface FactorySpec {
  /** Throw `RuntimeException("factory failed")` on these call numbers (no resource is created). */
  failOn?: number[];
  /** The factory suspends for this many virtual ms first. */
  delayMs?: number;
}

/** The pool's destructor described as data. */
export interface DestructorSpec {
  /** Throw `RuntimeException("destructor failed")` when destroying these resources (POOL-11). */
  throwFor?: string[];
}

/** `new Async\Pool(...)` (POOL-1). Pre-warm creates `min` resources. */
export interface PoolNewInstruction {
  /** Discriminant: `pool.new`. */
  op: 'pool.new';
  /** Scenario-wide unique pool id. */
  id: string;
  /** @defaultValue 0 */
  min?: number;
  /** @defaultValue 10 */
  max?: number;
  /** Healthcheck period in virtual ms; 0 disables it. @defaultValue 0 */
  healthcheckIntervalMs?: number;
  /** @defaultValue `{}` (always succeeds, never suspends) */
  factory?: FactorySpec;
  /** Omitted = no destructor callable. */
  destructor?: DestructorSpec;
  /** Omitted = no healthcheck callable (its `delayMs` is ignored: the tick runs in scheduler context). */
  healthcheck?: HookSpec;
  /** Omitted = no beforeAcquire callable. */
  beforeAcquire?: HookSpec;
  /** Omitted = no beforeRelease callable. */
  beforeRelease?: HookSpec;
}

/** `$pool->acquire($timeoutMs)` / `$pool->tryAcquire()` (POOL-3..9, CB-3). */
export interface PoolAcquireInstruction {
  /** Discriminant. */
  op: 'pool.acquire' | 'pool.tryAcquire';
  /** Pool id. */
  pool: string;
  /** `acquire` only: virtual ms, 0 or omitted = wait forever. */
  timeoutMs?: number;
}

/** `$pool->release($r)` of the oldest resource the acting coroutine holds from that pool (POOL-8, CB-6). */
export interface PoolReleaseInstruction {
  /** Discriminant: `pool.release`. */
  op: 'pool.release';
  /** Pool id. */
  pool: string;
}


/** `$pool->close()` (POOL-10). */
export interface PoolCloseInstruction {
  /** Discriminant: `pool.close`. */
  op: 'pool.close';
  /** Pool id. */
  pool: string;
}

/** The instructions of the pool area. */
export type PoolInstruction = PoolNewInstruction | PoolAcquireInstruction | PoolReleaseInstruction | PoolCloseInstruction;

/** The trace events of the pool area (their data beyond `t` and `actor`). */
export type PoolTraceEvent =
  | { kind: 'acquire'; pool: string; try: boolean }
  | { kind: 'acquired'; pool: string; resource: string | null }
  | { kind: 'release'; pool: string; resource: string }
  | { kind: 'created'; pool: string; resource: string }
  | { kind: 'destroyed'; pool: string; resource: string }
  | { kind: 'hook'; pool: string; hook: 'beforeAcquire' | 'beforeRelease' | 'healthcheck'; resource: string; ok: boolean }
  | { kind: 'poolClose'; pool: string };

declare module './scenario.js' {
  interface Instructions {
    /** The pool instructions. */
    pool: PoolInstruction;
  }
}

declare module './trace.js' {
  interface TraceEvents {
    /** The pool event kinds. */
    pool: PoolTraceEvent;
  }
}

declare module './core.js' {
  interface QueryMethods {
    /** The pool methods. */
    pool: PoolQuery;
  }
}

/**
 * The pool area as data: capability `pool`, the JSON Schema of each
 * instruction and event kind, the pool query methods.
 */
export const pool = {
  capability: 'pool',
  instructions: {
    'pool.new': {
      fields: {
        id, min: ms, max: { type: 'integer', minimum: 1 }, healthcheckIntervalMs: ms,
        factory: closed({ failOn: ref('callNumbers'), delayMs: ms }, []),
        destructor: closed({ throwFor: { type: 'array', items: id } }, []),
        healthcheck: ref('hook'), beforeAcquire: ref('hook'), beforeRelease: ref('hook'),
      },
      required: ['id'],
    },
    'pool.acquire': { fields: { pool: id, timeoutMs: ms }, required: ['pool'] },
    'pool.tryAcquire': { fields: { pool: id }, required: ['pool'] },
    'pool.release': { fields: { pool: id }, required: ['pool'] },
    'pool.close': { fields: { pool: id }, required: ['pool'] },
  },
  events: {
    acquire: { fields: { pool: str, try: { type: 'boolean' } }, required: ['pool', 'try'] },
    acquired: { fields: { pool: str, resource: { type: ['string', 'null'] } }, required: ['pool', 'resource'] },
    release: { fields: { pool: str, resource: str }, required: ['pool', 'resource'] },
    created: { fields: { pool: str, resource: str }, required: ['pool', 'resource'] },
    destroyed: { fields: { pool: str, resource: str }, required: ['pool', 'resource'] },
    hook: {
      fields: { pool: str, hook: { enum: ['beforeAcquire', 'beforeRelease', 'healthcheck'] }, resource: str, ok: { type: 'boolean' } },
      required: ['pool', 'hook', 'resource', 'ok'],
    },
    poolClose: { fields: { pool: str }, required: ['pool'] },
  },
  queries: POOL_QUERIES,
  defs: {
    callNumbers: { type: 'array', items: { type: 'integer', minimum: 1 } },
    hook: closed({ falseOn: ref('callNumbers'), falseFor: { type: 'array', items: id }, throws: { type: 'boolean' }, delayMs: ms }, []),
  },
} as const satisfies LanguageArea<PoolInstruction['op'], PoolTraceEvent['kind']>;
