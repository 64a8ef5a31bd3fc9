/**
 * The library host and the tarn / generic-pool adapters on hand-written
 * scenarios: exact traces where the libraries agree with TrueAsync, and the
 * deviations their expectations files list where they do not.
 */
import { describe, expect, it } from 'vitest';
import type { Adapter, Instruction, Program, Trace } from '../adapter.js';
import { validateTrace } from '../harness/validateTrace.js';
import { readExpectationsFile } from '../harness/expectations.js';
import { genericPoolAdapter, GENERIC_POOL_EXPECTATIONS } from './generic-pool/adapter.js';
import { tarnAdapter, TARN_EXPECTATIONS } from './tarn/adapter.js';
import { UnsupportedScenarioError } from './host/errors.js';

const exec = (a: Adapter, main: Program): Promise<Trace> => a.execute({ version: 1, main }, { timeoutMs: 5000, seed: 1 });
const ev = (t: number, actor: string, kind: string, data: Record<string, unknown> = {}): unknown => ({ t, actor, kind, ...data });
const acquire = (timeoutMs?: number): Instruction => (timeoutMs === undefined ? { op: 'pool.acquire', pool: 'p' } : { op: 'pool.acquire', pool: 'p', timeoutMs });
const release: Instruction = { op: 'pool.release', pool: 'p' };
const catchAll = (body: Program): Instruction => ({ op: 'try', body, catch: [{ class: 'Throwable', body: [] }] });
const names = (trace: Trace, kind: string): unknown[] => trace.filter((e) => e.kind === kind).map((e) => (e as { resource?: unknown }).resource);
const both: Array<[string, Adapter]> = [['tarn', tarnAdapter], ['generic-pool', genericPoolAdapter]];

describe.each(both)('%s adapter', (_name, adapter) => {
  it('declares capability pool only and loads valid expectations', () => {
    expect(adapter.capabilities).toEqual(['pool']);
    expect(Object.keys(adapter.expectations ?? {}).length).toBeGreaterThan(0);
  });

  it('runs a parked waiter served by a release with the trace TrueAsync gives', async () => {
    const trace = await exec(adapter, [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      { op: 'spawn', id: 'a', body: [acquire(), { op: 'log', value: 'a-got' }, release] },
      { op: 'suspend' },
      { op: 'query', target: 'p', what: 'activeCount' },
      release,
    ]);
    expect(validateTrace(trace).ok).toBe(true);
    expect(trace).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'acquire', { pool: 'p', try: false }),
      ev(0, 'main', 'created', { pool: 'p', resource: 'r1' }),
      ev(0, 'main', 'acquired', { pool: 'p', resource: 'r1' }),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'acquire', { pool: 'p', try: false }),
      ev(0, 'a', 'suspended', { on: 'pool:p' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'query', { target: 'p', what: 'activeCount', value: 1 }),
      ev(0, 'main', 'release', { pool: 'p', resource: 'r1' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'acquired', { pool: 'p', resource: 'r1' }),
      ev(0, 'a', 'log', { value: 'a-got' }),
      ev(0, 'a', 'release', { pool: 'p', resource: 'r1' }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('times an acquire out on the virtual clock with TimeoutException, without sleeping', async () => {
    const started = Date.now();
    const trace = await exec(adapter, [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      { op: 'spawn', id: 'a', body: [{ op: 'try', body: [acquire(5_000)], catch: [{ class: 'Async\\TimeoutException', body: [{ op: 'log', value: 'timeout' }] }] }] },
      { op: 'delay', ms: 10_000 },
      release,
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(trace.filter((e) => e.actor === 'a').slice(-4)).toEqual([
      ev(5_000, 'a', 'resumed', { error: { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' } }),
      ev(5_000, 'a', 'caught', { error: { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' } }),
      ev(5_000, 'a', 'log', { value: 'timeout' }),
      ev(5_000, 'a', 'completed', { value: null }),
    ]);
    expect(trace.at(-1)).toEqual(ev(10_000, 'scheduler', 'exit'));
  });

  it('shows a slow factory as the caller suspended on a timer, then created and acquired', async () => {
    const trace = await exec(adapter, [{ op: 'pool.new', id: 'p', max: 1, factory: { delayMs: 3 } }, acquire()]);
    expect(trace.slice(1, 6)).toEqual([
      ev(0, 'main', 'acquire', { pool: 'p', try: false }),
      ev(0, 'main', 'suspended', { on: 'timer' }),
      ev(3, 'main', 'resumed'),
      ev(3, 'main', 'created', { pool: 'p', resource: 'r1' }),
      ev(3, 'main', 'acquired', { pool: 'p', resource: 'r1' }),
    ]);
  });

  it('declares a deadlock when a waiter can never be served, and cancels it', async () => {
    const trace = await exec(adapter, [{ op: 'pool.new', id: 'p', max: 1 }, acquire(), { op: 'spawn', id: 'a', body: [acquire()] }]);
    expect(trace.slice(-4)).toEqual([
      ev(0, 'scheduler', 'deadlock', { waiting: 1 }),
      ev(0, 'a', 'resumed', { error: { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' } }),
      ev(0, 'a', 'failed', { error: { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' } }),
      ev(0, 'scheduler', 'exit', { error: { class: 'Async\\DeadlockError', message: 'Deadlock detected: no active coroutines, 1 coroutines in waiting' } }),
    ]);
  });

  it('cancels a parked waiter; the next release leaves the resource idle', async () => {
    const trace = await exec(adapter, [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      { op: 'spawn', id: 'a', body: [acquire()] },
      { op: 'suspend' },
      { op: 'cancel', target: 'a' },
      { op: 'suspend' },
      release,
      { op: 'query', target: 'p', what: 'idleCount' },
    ]);
    expect(trace.filter((e) => e.actor === 'a').map((e) => e.kind)).toEqual(['started', 'acquire', 'suspended', 'resumed', 'failed']);
    expect(trace.at(-3)).toEqual(ev(0, 'main', 'query', { target: 'p', what: 'idleCount', value: 1 }));
  });

  it('is deterministic: the same scenario gives the same trace', async () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 2, factory: { delayMs: 1, failOn: [2] }, beforeAcquire: { falseOn: [1], delayMs: 1 } },
      ...['a', 'b', 'c'].map((id, k): Instruction => ({ op: 'spawn', id, body: [{ op: 'delay', ms: k }, catchAll([acquire(3), { op: 'delay', ms: 2 }, release])] })),
    ];
    expect(await exec(adapter, main)).toEqual(await exec(adapter, main));
  });

  it('declares tryAcquire and healthcheck unsupported, and execute refuses them', async () => {
    const main: Program = [{ op: 'pool.new', id: 'p', healthcheck: {}, healthcheckIntervalMs: 5 }, { op: 'pool.tryAcquire', pool: 'p' }];
    const why = adapter.unsupported?.({ version: 1, main });
    expect(why).toMatch(/pool\.tryAcquire: .*non-waiting acquire/);
    expect(why).toMatch(/healthcheck/);
    await expect(exec(adapter, main)).rejects.toThrow(UnsupportedScenarioError);
    expect(adapter.unsupported?.({ version: 1, main: [{ op: 'pool.new', id: 'p' }, acquire()] })).toBeUndefined();
    expect(adapter.unsupported?.({ version: 1, main: [{ op: 'trigger.new', id: 't' }] })).toMatch(/capability 'core'/);
  });
});

describe('deviations the expectations files list', () => {
  it('tarn reuses idle resources newest first and does not pre-warm min (POOL-3, POOL-1)', async () => {
    const trace = await exec(tarnAdapter, [{ op: 'pool.new', id: 'p', min: 2, max: 3 }, acquire(), acquire(), release, release, acquire()]);
    expect(names(trace, 'created')).toEqual(['r1', 'r2']);
    expect(names(trace, 'acquired')).toEqual(['r1', 'r2', 'r2']);
    expect(Object.keys(readExpectationsFile(TARN_EXPECTATIONS).expectations)).toEqual(expect.arrayContaining(['POOL-1', 'POOL-3']));
  });

  it('generic-pool pre-warms min and reuses oldest first, as TrueAsync does', async () => {
    const trace = await exec(genericPoolAdapter, [{ op: 'pool.new', id: 'p', min: 2, max: 3 }, acquire(), acquire(), release, release, acquire()]);
    expect(names(trace, 'created')).toEqual(['r1', 'r2']);
    expect(names(trace, 'acquired')).toEqual(['r1', 'r2', 'r1']);
  });

  it('tarn: an acquire after close hangs (here: a deadlock) instead of throwing "Pool is closed" (POOL-10)', async () => {
    const trace = await exec(tarnAdapter, [{ op: 'pool.new', id: 'p' }, { op: 'pool.close', pool: 'p' }, catchAll([acquire()])]);
    expect(trace.map((e) => e.kind)).toContain('deadlock');
  });

  it('generic-pool: an acquire after close throws PoolException("Pool is closed")', async () => {
    const trace = await exec(genericPoolAdapter, [{ op: 'pool.new', id: 'p' }, { op: 'pool.close', pool: 'p' }, catchAll([acquire()])]);
    expect(trace).toContainEqual(ev(0, 'main', 'caught', { error: { class: 'Async\\PoolException', message: 'Pool is closed' } }));
  });

  it('generic-pool never calls beforeRelease (testOnReturn is not implemented) (POOL-8)', async () => {
    const trace = await exec(genericPoolAdapter, [{ op: 'pool.new', id: 'p', beforeRelease: { falseOn: [1] } }, acquire(), release, acquire()]);
    expect(trace.filter((e) => e.kind === 'hook')).toEqual([]);
    expect(names(trace, 'acquired')).toEqual(['r1', 'r1']);
    expect(readExpectationsFile(GENERIC_POOL_EXPECTATIONS).expectations['POOL-8']).toBeDefined();
  });

  it('both validate freshly created resources (POOL-7)', async () => {
    for (const a of [tarnAdapter, genericPoolAdapter]) {
      const trace = await exec(a, [{ op: 'pool.new', id: 'p', beforeAcquire: {} }, acquire()]);
      expect(trace).toContainEqual(ev(0, 'main', 'hook', { pool: 'p', hook: 'beforeAcquire', resource: 'r1', ok: true }));
    }
  });
});
