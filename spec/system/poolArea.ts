/**
 * The pools area of the system model: the `pool.*` instructions, the `pool`
 * resumption, pool queries and the pool timers (trace semantics §7), a
 * plug-in around `pools.ts`.
 * @module
 */
import type { CoroutineState } from './state.js';
import { POOL_ERRORS } from './errors.js';
import { emit, resolve } from './events.js';
import { executePool, healthcheckTick, isPoolQuery, poolOf, poolQuery, resumePool, type PoolInstruction } from './pools.js';
import { NEXT, type Executor, type SpecArea } from './area.js';

const pool: Executor<PoolInstruction> = executePool;

/** The pools area. */
export const poolArea = {
  name: 'pools',
  execute: {
    'pool.new': pool,
    'pool.acquire': pool,
    'pool.tryAcquire': pool,
    'pool.release': pool,
    'pool.close': pool,
    'pool.activate': pool,
    'pool.deactivate': pool,
    'pool.recover': pool,
    'pool.setStrategy': pool,
  },
  resume: {
    pool: (sys, co: CoroutineState, err) => {
      emit(sys, co.id, err ? { kind: 'resumed', error: err } : { kind: 'resumed' }, err ? ['POOL-9', 'POOL-5', 'CB-3', 'POOL-10'] : ['POOL-4', 'POOL-5']);
      const out = resumePool(sys, co, err);
      if (out.kind !== 'next' && out.kind !== 'throw' && out.kind !== 'suspend') throw new Error(`spec: pool call ended with ${out.kind}`);
      return out;
    },
  },
  targets: {
    query: (sys, co, instr) => {
      const p = poolOf(sys, instr.target);
      if (!p) return undefined;
      if (!isPoolQuery(instr.what)) throw new Error(`spec: ${instr.what} on a pool`);
      emit(sys, co.id, { kind: 'query', target: p.id, what: instr.what, value: poolQuery(p, instr.what) }, instr.what === 'getState' ? ['CB-1', 'CB-5'] : ['POOL-2']);
      return NEXT;
    },
  },
  timers: {
    poolTimeout: { keepsLoopAlive: true, ofWait: true, fire: (sys, t) => void resolve(sys, t.coroutine, { error: POOL_ERRORS.timeout }) },
    healthcheck: { keepsLoopAlive: false, ofWait: false, fire: (sys, t) => healthcheckTick(sys, t.coroutine) },
  },
} as const satisfies SpecArea<PoolInstruction['op']>;
