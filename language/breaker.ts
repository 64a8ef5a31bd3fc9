/**
 * The circuit-breaker area of the scenario language: the pool's breaker
 * states (`ACTIVE`, `INACTIVE`, `RECOVERING`), `activate`, `deactivate`,
 * `recover` and a `CircuitBreakerStrategy` described as data — capability
 * `breaker`.
 *
 * @remarks The instruction types, the trace-event kinds and their JSON
 * Schemas (trace-semantics §7).
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { LanguageArea } from './area.js';
import { closed, id } from './area.js';
import type { PoolCloseInstruction } from './pool.js';

/** A `CircuitBreakerStrategy` described as data (CB-6, CB-7). Every report it gets is in the trace. */
export interface StrategySpec {
  /** Call `$pool->deactivate()` once this many failures have been reported (counting from the strategy's installation). */
  deactivateAfter?: number;
  /** Call `$pool->activate()` on every reported success. @defaultValue false */
  activateOnSuccess?: boolean;
  /** Throw `RuntimeException("strategy failed")` from these report methods (after acting). */
  throwOn?: Array<'success' | 'failure'>;
}

/** `$pool->activate()`, `deactivate()`, `recover()` (CB-2). */
export interface BreakerControlInstruction {
  /** Discriminant. */
  op: 'pool.activate' | 'pool.deactivate' | 'pool.recover';
  /** Pool id. */
  pool: string;
}

/** `$pool->close()`, `activate()`, `deactivate()`, `recover()` (POOL-10, CB-2). */
export type PoolControlInstruction = PoolCloseInstruction | BreakerControlInstruction;

/** `$pool->setCircuitBreakerStrategy($s)`; `strategy: null` removes it (CB-7). */
export interface PoolSetStrategyInstruction {
  /** Discriminant: `pool.setStrategy`. */
  op: 'pool.setStrategy';
  /** Pool id. */
  pool: string;
  /** The strategy, or `null`. */
  strategy: StrategySpec | null;
}

/** The instructions of the circuit-breaker area. */
export type BreakerInstruction = BreakerControlInstruction | PoolSetStrategyInstruction;

/** The trace events of the circuit-breaker area (their data beyond `t` and `actor`). */
export type BreakerTraceEvent =
  | { kind: 'report'; pool: string; what: 'success' | 'failure' }
  | { kind: 'breaker'; pool: string; state: 'ACTIVE' | 'INACTIVE' | 'RECOVERING' };

declare module './scenario.js' {
  interface Instructions {
    /** The circuit-breaker instructions. */
    breaker: BreakerInstruction;
  }
}

declare module './trace.js' {
  interface TraceEvents {
    /** The circuit-breaker event kinds. */
    breaker: BreakerTraceEvent;
  }
}

/**
 * The circuit-breaker area as data: capability `breaker`, the JSON Schema of
 * each instruction and event kind (its query, `getState`, is the pool's).
 */
export const breaker = {
  capability: 'breaker',
  instructions: {
    'pool.activate': { fields: { pool: id }, required: ['pool'] },
    'pool.deactivate': { fields: { pool: id }, required: ['pool'] },
    'pool.recover': { fields: { pool: id }, required: ['pool'] },
    'pool.setStrategy': {
      fields: {
        pool: id,
        strategy: {
          oneOf: [
            { type: 'null' },
            closed({
              deactivateAfter: { type: 'integer', minimum: 1 },
              activateOnSuccess: { type: 'boolean' },
              throwOn: { type: 'array', items: { enum: ['success', 'failure'] } },
            }, []),
          ],
        },
      },
      required: ['pool', 'strategy'],
    },
  },
  events: {
    report: { fields: { pool: { type: 'string' }, what: { enum: ['success', 'failure'] } }, required: ['pool', 'what'] },
    breaker: { fields: { pool: { type: 'string' }, state: { enum: ['ACTIVE', 'INACTIVE', 'RECOVERING'] } }, required: ['pool', 'state'] },
  },
  queries: [],
  defs: {},
} as const satisfies LanguageArea<BreakerInstruction['op'], BreakerTraceEvent['kind']>;
