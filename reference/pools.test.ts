/**
 * Reference runtime: `Async\Pool` and its circuit breaker.
 *
 * @remarks Exact expected traces, derived by hand from
 * docs/guides/trace-semantics.md §7 (the pool §7.1, instructions §7.2,
 * algorithms §7.3) and §4 (scheduling, hidden timers).
 */
import { describe, expect, it } from 'vitest';
import type { ErrorValue, Program } from '../conformance/adapter.js';
import { ev, run } from '../test/support/referenceTraces.js';
import { VirtualClock } from './clock.js';
import { IdleRing, Pool, type PoolConfig, type PoolWaiter } from './pool.js';
import type { PoolArea } from './pooling.js';
import { createReferenceRuntime, ReferenceRuntime } from './runtime.js';
import { WakerStatus } from './waker.js';

const POOL_CLOSED: ErrorValue = { class: 'Async\\PoolException', message: 'Pool is closed' };
const UNAVAILABLE: ErrorValue = { class: 'Async\\ServiceUnavailableException', message: 'Service is unavailable (circuit breaker is open)' };
const TIMEOUT: ErrorValue = { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' };
const FACTORY_FAILED: ErrorValue = { class: 'RuntimeException', message: 'factory failed' };
const DESTRUCTOR_FAILED: ErrorValue = { class: 'RuntimeException', message: 'destructor failed' };
const COROUTINE_CANCELLED: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' };

/** `try { body } catch (cls) { log(value) }` — `value` omitted: an empty catch body. */
const tryCatch = (body: Program, cls: ErrorValue['class'], value?: string): Program[number] => ({
  op: 'try',
  body,
  catch: [{ class: cls, body: value === undefined ? [] : [{ op: 'log', value }] }],
});

const acquire = (pool = 'p', timeoutMs?: number): Program[number] =>
  timeoutMs === undefined ? { op: 'pool.acquire', pool } : { op: 'pool.acquire', pool, timeoutMs };
const release = (pool = 'p'): Program[number] => ({ op: 'pool.release', pool });
const query = (what: 'count' | 'idleCount' | 'activeCount' | 'isClosed' | 'getState', target = 'p'): Program[number] => ({ op: 'query', target, what });
const q = (t: number, actor: string, what: string, value: unknown, target = 'p'): unknown => ev(t, actor, 'query', { target, what, value });
const acq = (t: number, actor: string, tryAcquire = false): unknown => ev(t, actor, 'acquire', { pool: 'p', try: tryAcquire });
const got = (t: number, actor: string, resource: string | null): unknown => ev(t, actor, 'acquired', { pool: 'p', resource });
const rel = (t: number, actor: string, resource: string): unknown => ev(t, actor, 'release', { pool: 'p', resource });
const created = (t: number, actor: string, resource: string): unknown => ev(t, actor, 'created', { pool: 'p', resource });
const destroyed = (t: number, actor: string, resource: string): unknown => ev(t, actor, 'destroyed', { pool: 'p', resource });
const hook = (t: number, actor: string, name: string, resource: string, ok: boolean): unknown => ev(t, actor, 'hook', { pool: 'p', hook: name, resource, ok });
const parked = (t: number, actor: string): unknown => ev(t, actor, 'suspended', { on: 'pool:p' });

describe('reference runtime: pool acquire and release', () => {
  it('POOL-1, POOL-3: pre-warm creates min resources; idle ones are reused before creating, oldest released first', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', min: 2, max: 3 },
      query('idleCount'),
      acquire(),
      acquire(),
      acquire(),
      release(),
      release(),
      acquire(),
      query('count'),
      query('idleCount'),
      query('activeCount'),
      query('isClosed'),
      query('getState'),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      created(0, 'main', 'r2'),
      q(0, 'main', 'idleCount', 2),
      acq(0, 'main'),
      got(0, 'main', 'r1'),
      acq(0, 'main'),
      got(0, 'main', 'r2'),
      acq(0, 'main'),
      created(0, 'main', 'r3'),
      got(0, 'main', 'r3'),
      rel(0, 'main', 'r1'),
      rel(0, 'main', 'r2'),
      acq(0, 'main'),
      got(0, 'main', 'r1'),
      q(0, 'main', 'count', 3),
      q(0, 'main', 'idleCount', 1),
      q(0, 'main', 'activeCount', 2),
      q(0, 'main', 'isClosed', false),
      q(0, 'main', 'getState', 'ACTIVE'),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-4: at max the acquirer parks on the pool and is served by the next release', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      { op: 'spawn', id: 'a', body: [acquire(), { op: 'log', value: 'a-got' }, release()] },
      { op: 'suspend' },
      query('activeCount'),
      release(),
      { op: 'log', value: 'released' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(0, 'main', 'resumed'),
      q(0, 'main', 'activeCount', 1),
      rel(0, 'main', 'r1'),
      ev(0, 'main', 'log', { value: 'released' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'resumed'),
      got(0, 'a', 'r1'),
      ev(0, 'a', 'log', { value: 'a-got' }),
      rel(0, 'a', 'r1'),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-4: waiters are served in arrival order; the releaser cannot barge in with tryAcquire or acquire', () => {
    const waiter = (id: string): Program[number] => ({ op: 'spawn', id, body: [acquire(), { op: 'log', value: id }, release()] });
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      waiter('a'),
      waiter('b'),
      { op: 'suspend' },
      release(),
      { op: 'pool.tryAcquire', pool: 'p' },
      acquire(),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(0, 'b', 'started'),
      acq(0, 'b'),
      parked(0, 'b'),
      ev(0, 'main', 'resumed'),
      rel(0, 'main', 'r1'),
      acq(0, 'main', true),
      got(0, 'main', null),
      acq(0, 'main'),
      parked(0, 'main'),
      ev(0, 'a', 'resumed'),
      got(0, 'a', 'r1'),
      ev(0, 'a', 'log', { value: 'a' }),
      rel(0, 'a', 'r1'),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'b', 'resumed'),
      got(0, 'b', 'r1'),
      ev(0, 'b', 'log', { value: 'b' }),
      rel(0, 'b', 'r1'),
      ev(0, 'b', 'completed', { value: null }),
      ev(0, 'main', 'resumed'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-9: an acquire not served in time throws TimeoutException("Operation has been cancelled by timeout")', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      { op: 'spawn', id: 'a', body: [tryCatch([acquire('p', 50)], 'Async\\TimeoutException', 'timeout')] },
      { op: 'delay', ms: 100 },
      release(),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'timer' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(50, 'a', 'resumed', { error: TIMEOUT }),
      ev(50, 'a', 'caught', { error: TIMEOUT }),
      ev(50, 'a', 'log', { value: 'timeout' }),
      ev(50, 'a', 'completed', { value: null }),
      ev(100, 'main', 'resumed'),
      rel(100, 'main', 'r1'),
      ev(100, 'main', 'completed', { value: null }),
      ev(100, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-5: a reserved waiter that is cancelled hands its reservation on to the next waiter', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      { op: 'spawn', id: 'a', body: [acquire()] },
      { op: 'spawn', id: 'b', body: [acquire(), { op: 'log', value: 'b-got' }] },
      { op: 'suspend' },
      release(),
      { op: 'cancel', target: 'a' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(0, 'b', 'started'),
      acq(0, 'b'),
      parked(0, 'b'),
      ev(0, 'main', 'resumed'),
      rel(0, 'main', 'r1'),
      ev(0, 'main', 'cancel', { target: 'a', reason: 'Coroutine cancelled' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'resumed', { error: COROUTINE_CANCELLED }),
      ev(0, 'a', 'failed', { error: COROUTINE_CANCELLED }),
      ev(0, 'b', 'resumed'),
      got(0, 'b', 'r1'),
      ev(0, 'b', 'log', { value: 'b-got' }),
      ev(0, 'b', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-6, POOL-2: a failing factory returns its place, wakes one waiter and throws; the slot counts while the factory runs', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1, factory: { failOn: [1], delayMs: 10 } },
      { op: 'spawn', id: 'a', body: [acquire(), { op: 'log', value: 'a-got' }] },
      { op: 'spawn', id: 'b', body: [query('count'), query('activeCount')] },
      tryCatch([acquire()], 'RuntimeException', 'main-failed'),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      acq(0, 'main'),
      ev(0, 'main', 'suspended', { on: 'timer' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(0, 'b', 'started'),
      q(0, 'b', 'count', 1),
      q(0, 'b', 'activeCount', 1),
      ev(0, 'b', 'completed', { value: null }),
      ev(10, 'main', 'resumed'),
      ev(10, 'main', 'caught', { error: FACTORY_FAILED }),
      ev(10, 'main', 'log', { value: 'main-failed' }),
      ev(10, 'main', 'completed', { value: null }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'suspended', { on: 'timer' }),
      ev(20, 'a', 'resumed'),
      created(20, 'a', 'r2'),
      got(20, 'a', 'r2'),
      ev(20, 'a', 'log', { value: 'a-got' }),
      ev(20, 'a', 'completed', { value: null }),
      ev(20, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-6: tryAcquire propagates a factory exception; the next call numbers the new resource after the failed call', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', factory: { failOn: [1] } },
      tryCatch([{ op: 'pool.tryAcquire', pool: 'p' }], 'RuntimeException'),
      { op: 'pool.tryAcquire', pool: 'p' },
      query('count'),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main', true),
      ev(0, 'main', 'caught', { error: FACTORY_FAILED }),
      acq(0, 'main', true),
      created(0, 'main', 'r2'),
      got(0, 'main', 'r2'),
      q(0, 'main', 'count', 1),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-1: a failing pre-warm destroys what it created and throws; the pool does not exist', () => {
    const main: Program = [
      tryCatch([{ op: 'pool.new', id: 'p', min: 3, factory: { failOn: [2] } }], 'RuntimeException'),
      tryCatch([query('count')], 'Error'),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      destroyed(0, 'main', 'r1'),
      ev(0, 'main', 'caught', { error: FACTORY_FAILED }),
      ev(0, 'main', 'caught', { error: { class: 'Error', message: "Undefined reference 'p'" } }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('release with nothing held throws Error("Nothing to release to \'<pool>\'")', () => {
    const main: Program = [{ op: 'pool.new', id: 'p' }, tryCatch([release()], 'Error')];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'caught', { error: { class: 'Error', message: "Nothing to release to 'p'" } }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });
});

describe('reference runtime: pool hooks', () => {
  it('POOL-7: beforeAcquire false (or throwing) destroys the idle resource and retries; fresh resources are not checked', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', min: 2, max: 2, beforeAcquire: { falseFor: ['r1'], throws: true }, destructor: {} },
      acquire(),
      acquire(),
      query('count'),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      created(0, 'main', 'r2'),
      acq(0, 'main'),
      hook(0, 'main', 'beforeAcquire', 'r1', false),
      destroyed(0, 'main', 'r1'),
      hook(0, 'main', 'beforeAcquire', 'r2', true),
      got(0, 'main', 'r2'),
      acq(0, 'main'),
      created(0, 'main', 'r3'),
      got(0, 'main', 'r3'),
      q(0, 'main', 'count', 2),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-8, CB-6: beforeRelease false destroys the resource, reports a failure and wakes a waiter, which creates a fresh one', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1, beforeRelease: { falseOn: [1] } },
      { op: 'pool.setStrategy', pool: 'p', strategy: {} },
      acquire(),
      { op: 'spawn', id: 'a', body: [acquire(), { op: 'log', value: 'got' }] },
      { op: 'suspend' },
      release(),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(0, 'main', 'resumed'),
      rel(0, 'main', 'r1'),
      hook(0, 'main', 'beforeRelease', 'r1', false),
      ev(0, 'main', 'report', { pool: 'p', what: 'failure' }),
      destroyed(0, 'main', 'r1'),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'resumed'),
      created(0, 'a', 'r2'),
      got(0, 'a', 'r2'),
      ev(0, 'a', 'log', { value: 'got' }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-2, §12 #31: a hook with delayMs suspends its caller like delay; the resource stays active meanwhile', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 2, beforeRelease: { delayMs: 5 } },
      acquire(),
      { op: 'spawn', id: 'a', body: [query('activeCount'), query('count')] },
      release(),
      query('idleCount'),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      rel(0, 'main', 'r1'),
      ev(0, 'main', 'suspended', { on: 'timer' }),
      ev(0, 'a', 'started'),
      q(0, 'a', 'activeCount', 1),
      q(0, 'a', 'count', 1),
      ev(0, 'a', 'completed', { value: null }),
      ev(5, 'main', 'resumed'),
      hook(5, 'main', 'beforeRelease', 'r1', true),
      q(5, 'main', 'idleCount', 1),
      ev(5, 'main', 'completed', { value: null }),
      ev(5, 'scheduler', 'exit'),
    ]);
  });

  it('a cancellation at a hook delay is swallowed and the hook answers false', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', min: 1, beforeAcquire: { delayMs: 5 } },
      { op: 'spawn', id: 'a', body: [{ op: 'cancel', target: 'main' }] },
      acquire(),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      acq(0, 'main'),
      ev(0, 'main', 'suspended', { on: 'timer' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'cancel', { target: 'main', reason: 'Coroutine cancelled' }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'main', 'resumed', { error: COROUTINE_CANCELLED }),
      hook(0, 'main', 'beforeAcquire', 'r1', false),
      destroyed(0, 'main', 'r1'),
      created(0, 'main', 'r2'),
      got(0, 'main', 'r2'),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });
});

describe('reference runtime: pool close', () => {
  it('POOL-10: close wakes parked waiters with PoolException, destroys idle (even one reserved), later releases destroy; close twice is a no-op', () => {
    const waiter = (id: string): Program[number] => ({ op: 'spawn', id, body: [tryCatch([acquire()], 'Async\\PoolException', id)] });
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 2 },
      acquire(),
      acquire(),
      waiter('a'),
      waiter('b'),
      { op: 'suspend' },
      release(),
      { op: 'pool.close', pool: 'p' },
      query('isClosed'),
      query('idleCount'),
      query('count'),
      release(),
      { op: 'pool.tryAcquire', pool: 'p' },
      tryCatch([acquire()], 'Async\\PoolException'),
      { op: 'pool.close', pool: 'p' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      acq(0, 'main'),
      created(0, 'main', 'r2'),
      got(0, 'main', 'r2'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(0, 'b', 'started'),
      acq(0, 'b'),
      parked(0, 'b'),
      ev(0, 'main', 'resumed'),
      rel(0, 'main', 'r1'),
      ev(0, 'main', 'poolClose', { pool: 'p' }),
      destroyed(0, 'main', 'r1'),
      q(0, 'main', 'isClosed', true),
      q(0, 'main', 'idleCount', 0),
      q(0, 'main', 'count', 1),
      rel(0, 'main', 'r2'),
      destroyed(0, 'main', 'r2'),
      acq(0, 'main', true),
      got(0, 'main', null),
      acq(0, 'main'),
      ev(0, 'main', 'caught', { error: POOL_CLOSED }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'caught', { error: POOL_CLOSED }),
      ev(0, 'a', 'log', { value: 'a' }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'b', 'resumed', { error: POOL_CLOSED }),
      ev(0, 'b', 'caught', { error: POOL_CLOSED }),
      ev(0, 'b', 'log', { value: 'b' }),
      ev(0, 'b', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('POOL-11: destructor exceptions do not stop close; the first is thrown with the later ones chained', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', min: 3, destructor: { throwFor: ['r1', 'r3'] } },
      tryCatch([{ op: 'pool.close', pool: 'p' }], 'RuntimeException'),
      query('count'),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      created(0, 'main', 'r2'),
      created(0, 'main', 'r3'),
      ev(0, 'main', 'poolClose', { pool: 'p' }),
      destroyed(0, 'main', 'r1'),
      destroyed(0, 'main', 'r2'),
      destroyed(0, 'main', 'r3'),
      ev(0, 'main', 'caught', { error: { ...DESTRUCTOR_FAILED, previous: DESTRUCTOR_FAILED } }),
      q(0, 'main', 'count', 0),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });
});

describe('reference runtime: circuit breaker', () => {
  it('CB-3, CB-4, POOL-5: INACTIVE rejects acquire and tryAcquire; a woken waiter throws and hands on; RECOVERING admits', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1 },
      acquire(),
      { op: 'spawn', id: 'a', body: [tryCatch([acquire()], 'Async\\ServiceUnavailableException', 'a-su')] },
      { op: 'spawn', id: 'b', body: [acquire(), { op: 'log', value: 'b-got' }] },
      { op: 'suspend' },
      { op: 'pool.deactivate', pool: 'p' },
      { op: 'pool.tryAcquire', pool: 'p' },
      tryCatch([acquire()], 'Async\\AsyncException'),
      query('getState'),
      release(),
      { op: 'suspend' },
      { op: 'pool.recover', pool: 'p' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      acq(0, 'a'),
      parked(0, 'a'),
      ev(0, 'b', 'started'),
      acq(0, 'b'),
      parked(0, 'b'),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'breaker', { pool: 'p', state: 'INACTIVE' }),
      acq(0, 'main', true),
      got(0, 'main', null),
      acq(0, 'main'),
      ev(0, 'main', 'caught', { error: UNAVAILABLE }),
      q(0, 'main', 'getState', 'INACTIVE'),
      rel(0, 'main', 'r1'),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'caught', { error: UNAVAILABLE }),
      ev(0, 'a', 'log', { value: 'a-su' }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'breaker', { pool: 'p', state: 'RECOVERING' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'b', 'resumed'),
      got(0, 'b', 'r1'),
      ev(0, 'b', 'log', { value: 'b-got' }),
      ev(0, 'b', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('CB-6, CB-7: the strategy deactivates after n failures, activates on success, its exceptions are swallowed; null removes it', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', beforeRelease: { falseOn: [1, 2] } },
      { op: 'pool.setStrategy', pool: 'p', strategy: { deactivateAfter: 2, activateOnSuccess: true, throwOn: ['failure', 'success'] } },
      acquire(),
      release(),
      acquire(),
      release(),
      query('getState'),
      tryCatch([acquire()], 'Async\\ServiceUnavailableException'),
      { op: 'pool.activate', pool: 'p' },
      acquire(),
      release(),
      { op: 'pool.setStrategy', pool: 'p', strategy: null },
      acquire(),
      release(),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      acq(0, 'main'),
      created(0, 'main', 'r1'),
      got(0, 'main', 'r1'),
      rel(0, 'main', 'r1'),
      hook(0, 'main', 'beforeRelease', 'r1', false),
      ev(0, 'main', 'report', { pool: 'p', what: 'failure' }),
      destroyed(0, 'main', 'r1'),
      acq(0, 'main'),
      created(0, 'main', 'r2'),
      got(0, 'main', 'r2'),
      rel(0, 'main', 'r2'),
      hook(0, 'main', 'beforeRelease', 'r2', false),
      ev(0, 'main', 'report', { pool: 'p', what: 'failure' }),
      ev(0, 'main', 'breaker', { pool: 'p', state: 'INACTIVE' }),
      destroyed(0, 'main', 'r2'),
      q(0, 'main', 'getState', 'INACTIVE'),
      acq(0, 'main'),
      ev(0, 'main', 'caught', { error: UNAVAILABLE }),
      ev(0, 'main', 'breaker', { pool: 'p', state: 'ACTIVE' }),
      acq(0, 'main'),
      created(0, 'main', 'r3'),
      got(0, 'main', 'r3'),
      rel(0, 'main', 'r3'),
      hook(0, 'main', 'beforeRelease', 'r3', true),
      ev(0, 'main', 'report', { pool: 'p', what: 'success' }),
      ev(0, 'main', 'breaker', { pool: 'p', state: 'ACTIVE' }),
      acq(0, 'main'),
      got(0, 'main', 'r3'),
      rel(0, 'main', 'r3'),
      hook(0, 'main', 'beforeRelease', 'r3', true),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });
});

describe('reference runtime: pool healthcheck', () => {
  it('POOL-12: the tick (by scheduler) visits idle resources only, replaces an unhealthy one up to min, and re-arms', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', min: 2, max: 3, healthcheckIntervalMs: 10, healthcheck: { falseOn: [1], delayMs: 3 } },
      acquire(),
      { op: 'delay', ms: 25 },
      query('idleCount'),
      query('count'),
      release(),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      created(0, 'main', 'r2'),
      acq(0, 'main'),
      got(0, 'main', 'r1'),
      ev(0, 'main', 'suspended', { on: 'timer' }),
      hook(10, 'scheduler', 'healthcheck', 'r2', false),
      destroyed(10, 'scheduler', 'r2'),
      created(10, 'scheduler', 'r3'),
      hook(20, 'scheduler', 'healthcheck', 'r3', true),
      ev(25, 'main', 'resumed'),
      q(25, 'main', 'idleCount', 1),
      q(25, 'main', 'count', 2),
      rel(25, 'main', 'r1'),
      ev(25, 'main', 'completed', { value: null }),
      ev(25, 'scheduler', 'exit'),
    ]);
  });

  it('EVT-4: the hidden healthcheck timer keeps nothing alive: the run ends, or a parked acquirer is a deadlock', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', min: 1, max: 1, healthcheckIntervalMs: 10, healthcheck: {} },
      acquire(),
      acquire(),
    ];
    const deadlockCancel: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' };
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      acq(0, 'main'),
      got(0, 'main', 'r1'),
      acq(0, 'main'),
      parked(0, 'main'),
      ev(0, 'scheduler', 'deadlock', { waiting: 1 }),
      ev(0, 'main', 'resumed', { error: deadlockCancel }),
      ev(0, 'main', 'failed', { error: deadlockCancel }),
      ev(0, 'scheduler', 'exit', { error: { class: 'Async\\DeadlockError', message: 'Deadlock detected: no active coroutines, 1 coroutines in waiting' } }),
    ]);
  });

  it('POOL-12: close stops the healthcheck timer', () => {
    const main: Program = [
      { op: 'pool.new', id: 'p', min: 1, healthcheckIntervalMs: 10, healthcheck: {} },
      { op: 'delay', ms: 15 },
      { op: 'pool.close', pool: 'p' },
      { op: 'delay', ms: 30 },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      created(0, 'main', 'r1'),
      ev(0, 'main', 'suspended', { on: 'timer' }),
      hook(10, 'scheduler', 'healthcheck', 'r1', true),
      ev(15, 'main', 'resumed'),
      ev(15, 'main', 'poolClose', { pool: 'p' }),
      destroyed(15, 'main', 'r1'),
      ev(15, 'main', 'suspended', { on: 'timer' }),
      ev(45, 'main', 'resumed'),
      ev(45, 'main', 'completed', { value: null }),
      ev(45, 'scheduler', 'exit'),
    ]);
  });
});

describe('pool primitives', () => {
  it('EVT-4: a hidden timer fires among visible ones but never on its own', () => {
    const clock = new VirtualClock();
    const hidden = clock.arm(5, true);
    expect(clock.hasArmedTimers).toBe(false);
    expect(clock.advance()).toEqual([]);
    expect(clock.now).toBe(0);
    const visible = clock.arm(10);
    expect(clock.advance()).toEqual([hidden]);
    expect(clock.now).toBe(5);
    const hidden2 = clock.arm(5, true);
    expect(clock.advance()).toEqual([visible, hidden2]);
    expect(clock.hasArmedTimers).toBe(false);
  });

  it('IdleRing is a FIFO with removal that keeps order', () => {
    const ring = new IdleRing();
    for (const r of ['r1', 'r2', 'r3', 'r4']) ring.push(r);
    ring.pop();
    expect(ring.remove('r3')).toBe(true);
    expect(ring.remove('r9')).toBe(false);
    ring.push('r5');
    expect(ring.toArray()).toEqual(['r2', 'r4', 'r5']);
  });
});

describe('pool seams (how mutants plug in)', () => {
  const fifo: Program = [
    { op: 'pool.new', id: 'p', max: 1 },
    acquire(),
    { op: 'spawn', id: 'a', body: [acquire(), { op: 'log', value: 'a' }, release()] },
    { op: 'spawn', id: 'b', body: [acquire(), { op: 'log', value: 'b' }, release()] },
    { op: 'suspend' },
    release(),
    { op: 'pool.tryAcquire', pool: 'p' },
  ];
  const logs = (trace: unknown[]): unknown[] => trace.filter((e) => (e as { kind: string }).kind === 'log').map((e) => (e as { value: unknown }).value);

  it('pool.mayTake: a pool that ignores reservations lets tryAcquire barge in', () => {
    const barging = createReferenceRuntime({ seams: { pool: { mayTake: () => true } } });
    const trace = barging.run({ version: 1, main: fifo });
    expect(trace).toContainEqual(got(0, 'main', 'r1'));
    expect(new ReferenceRuntime().run({ version: 1, main: fifo })).toContainEqual(got(0, 'main', null));
  });

  it('pool.selectWaiter: a pool that wakes the newest waiter serves b before a', () => {
    const newest = (area: PoolArea, pool: Pool): PoolWaiter | undefined =>
      [...pool.waiters].reverse().find((w) => !w.reserved && w.coroutine.waker.status === WakerStatus.WAITING);
    expect(logs(createReferenceRuntime({ seams: { pool: { selectWaiter: newest } } }).run({ version: 1, main: fifo }))).toEqual(['b', 'a']);
    expect(logs(new ReferenceRuntime().run({ version: 1, main: fifo }))).toEqual(['a', 'b']);
  });

  it('pool.factoryFailed: forgetting wake_one leaves the parked waiter to deadlock', () => {
    const noWake = createReferenceRuntime({ seams: { pool: { factoryFailed: (area, pool) => void pool.active-- } } });
    const main: Program = [
      { op: 'pool.new', id: 'p', max: 1, factory: { failOn: [1], delayMs: 10 } },
      { op: 'spawn', id: 'a', body: [acquire()] },
      tryCatch([acquire()], 'RuntimeException'),
    ];
    expect(noWake.run({ version: 1, main }).some((e) => e.kind === 'deadlock')).toBe(true);
    expect(new ReferenceRuntime().run({ version: 1, main }).some((e) => e.kind === 'deadlock')).toBe(false);
  });
});
