import { describe, expect, it } from 'vitest';
import { expectedTrace } from './interpret.js';
import type { Instruction, PoolNewInstruction, PoolQuery, Scenario } from './scenario.js';
import type { Trace } from './trace.js';

const scenario = (main: Instruction[]): Scenario => ({ version: 1, main });
const log = (value: string): Instruction => ({ op: 'log', value });
const suspend: Instruction = { op: 'suspend' };
const delay = (ms: number): Instruction => ({ op: 'delay', ms });
const pool = (p: Omit<PoolNewInstruction, 'op' | 'id'> = {}): Instruction => ({ op: 'pool.new', id: 'p', ...p });
const acquire = (timeoutMs?: number): Instruction => (timeoutMs === undefined ? { op: 'pool.acquire', pool: 'p' } : { op: 'pool.acquire', pool: 'p', timeoutMs });
const tryAcquire: Instruction = { op: 'pool.tryAcquire', pool: 'p' };
const release: Instruction = { op: 'pool.release', pool: 'p' };
const query = (what: PoolQuery): Instruction => ({ op: 'query', target: 'p', what });
const awaitCo = (id: string): Instruction => ({ op: 'await', target: { coroutine: id } });
const guarded = (body: Instruction[]): Instruction => ({ op: 'try', body, catch: [{ class: 'Throwable', body: [] }] });

/** One line per event: `t actor kind key=value…` (objects as JSON). */
const lines = (trace: Trace): string[] =>
  trace.map((e) => {
    const { t, actor, kind, ...rest } = e as unknown as Record<string, unknown>;
    const data = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
    return [String(t), String(actor), String(kind), ...data].join(' ');
  });
const run = (main: Instruction[]): string[] => lines(expectedTrace(scenario(main)));
/** What PHP would echo: logs and query answers, in order. */
const echoed = (trace: Trace) =>
  trace.flatMap((e) => (e.kind === 'log' ? [e.value] : e.kind === 'query' ? [`${e.target}.${e.what}=${String(e.value)}`] : []));
/** Only the events of these kinds, as lines. */
const only = (main: Instruction[], ...kinds: string[]) => lines(expectedTrace(scenario(main)).filter((e) => kinds.includes(e.kind)));

const SU = '{"class":"Async\\\\ServiceUnavailableException","message":"Service is unavailable (circuit breaker is open)"}';

describe('system model with pools, anchored to php-async phpt expectations', () => {
  it('tests/pool/020: a released resource is reused, not recreated (POOL-3)', () => {
    const trace = expectedTrace(scenario([pool({ max: 2 }), tryAcquire, release, tryAcquire, release, tryAcquire, query('count')]));
    expect(trace.filter((e) => e.kind === 'acquired').map((e) => (e as { resource: string }).resource)).toEqual(['r1', 'r1', 'r1']);
    expect(trace.filter((e) => e.kind === 'created')).toHaveLength(1);
    expect(echoed(trace)).toEqual(['p.count=1']);
  });

  it('tests/pool/058: a releasing coroutine does not barge ahead of a parked waiter (POOL-4)', () => {
    const worker = (n: string): Instruction => ({
      op: 'spawn', id: n, body: [0, 1, 2].flatMap((i): Instruction[] => [acquire(), log(`${n}${i}`), suspend, release]),
    });
    const trace = expectedTrace(scenario([pool({ max: 1 }), worker('A'), worker('B'), awaitCo('A'), awaitCo('B'), query('count')]));
    expect(echoed(trace)).toEqual(['A0', 'B0', 'A1', 'B1', 'A2', 'B2', 'p.count=1']);
    // A's second acquire parks right after its release: the place is reserved for B.
    expect(lines(trace).slice(13, 19)).toEqual([
      '0 A resumed', '0 A release pool=p resource=r1', '0 A acquire pool=p try=false', '0 A suspended on=pool:p',
      '0 B resumed', '0 B acquired pool=p resource=r1',
    ]);
  });

  it('tests/pool/060: a cancelled waiter hands its reservation on to the next one (POOL-5)', () => {
    const trace = expectedTrace(scenario([
      pool({ max: 1 }),
      { op: 'spawn', id: 'holder', body: [acquire(), suspend, suspend, release] },
      { op: 'spawn', id: 'w1', body: [{ op: 'try', body: [acquire(), log('W1 acquired'), release], catch: [{ class: 'Throwable', body: [log('W1 caught')] }] }] },
      { op: 'spawn', id: 'w2', body: [acquire(), log('W2 acquired'), release] },
      suspend, suspend, suspend,
      { op: 'cancel', target: 'w1' },
      guarded([awaitCo('w1')]), awaitCo('w2'), awaitCo('holder'), query('idleCount'),
    ]));
    expect(echoed(trace)).toEqual(['W1 caught', 'W2 acquired', 'p.idleCount=1']);
    expect(lines(trace).slice(23, 32)).toEqual([
      '0 holder release pool=p resource=r1',
      '0 holder completed value=null',
      '0 main resumed',
      '0 main cancel target=w1 reason=Coroutine cancelled',
      '0 main suspended on=coroutine:w1',
      '0 w1 resumed error={"class":"Async\\\\AsyncCancellation","message":"Coroutine cancelled"}',
      '0 w1 caught error={"class":"Async\\\\AsyncCancellation","message":"Coroutine cancelled"}',
      '0 w1 log value=W1 caught',
      '0 w1 completed value=null',
    ]);
  });

  it('tests/pool/031: acquire(50) not served in time throws TimeoutException (POOL-9)', () => {
    expect(run([
      pool({ max: 1 }),
      tryAcquire,
      { op: 'spawn', id: 'c', body: [{ op: 'try', body: [acquire(50), log('unreachable')], catch: [{ class: 'Async\\TimeoutException', body: [log('Caught TimeoutException')] }] }] },
      awaitCo('c'),
    ])).toEqual([
      '0 main started',
      '0 main acquire pool=p try=true',
      '0 main created pool=p resource=r1',
      '0 main acquired pool=p resource=r1',
      '0 main spawned coroutine=c',
      '0 main suspended on=coroutine:c',
      '0 c started',
      '0 c acquire pool=p try=false',
      '0 c suspended on=pool:p',
      '50 c resumed error={"class":"Async\\\\TimeoutException","message":"Operation has been cancelled by timeout"}',
      '50 c caught error={"class":"Async\\\\TimeoutException","message":"Operation has been cancelled by timeout"}',
      '50 c log value=Caught TimeoutException',
      '50 c completed value=null',
      '50 main resumed',
      '50 main awaited value=null',
      '50 main completed value=null',
      '50 scheduler exit',
    ]);
  });

  it('tests/pool/054: a broken release (beforeRelease false) wakes a parked waiter, which creates afresh (POOL-8, POOL-2)', () => {
    const trace = expectedTrace(scenario([
      pool({ max: 1, factory: { delayMs: 10 }, beforeRelease: { falseOn: [1] } }),
      { op: 'spawn', id: 'c1', body: [acquire(), delay(30), release, log('coro1: released broken')] },
      { op: 'spawn', id: 'c2', body: [delay(5), acquire(), log('coro2: acquired'), release] },
      { op: 'spawn', id: 'c3', body: [delay(5), acquire(), log('coro3: acquired'), release] },
      awaitCo('c1'), awaitCo('c2'), awaitCo('c3'),
    ]));
    expect(echoed(trace)).toEqual(['coro1: released broken', 'coro2: acquired', 'coro3: acquired']);
    expect(lines(trace.filter((e) => ['created', 'acquired', 'hook', 'destroyed'].includes(e.kind)))).toEqual([
      '10 c1 created pool=p resource=r1',
      '10 c1 acquired pool=p resource=r1',
      '40 c1 hook pool=p hook=beforeRelease resource=r1 ok=false',
      '40 c1 destroyed pool=p resource=r1',
      '50 c2 created pool=p resource=r2',
      '50 c2 acquired pool=p resource=r2',
      '50 c2 hook pool=p hook=beforeRelease resource=r2 ok=true',
      '50 c3 acquired pool=p resource=r2',
      '50 c3 hook pool=p hook=beforeRelease resource=r2 ok=true',
    ]);
  });

  it('tests/pool/066: deactivate() wakes nobody; the reserved waiter meets the gate and hands its reservation on (CB-3, POOL-5)', () => {
    const trace = expectedTrace(scenario([
      pool({ max: 1 }),
      { op: 'spawn', id: 'holder', body: [acquire(), suspend, suspend, release] },
      { op: 'spawn', id: 'w1', body: [{ op: 'try', body: [acquire(), log('W1 acquired')], catch: [{ class: 'Throwable', body: [log('W1 caught')] }] }] },
      { op: 'spawn', id: 'w2', body: [{ op: 'try', body: [acquire(), log('W2 acquired')], catch: [{ class: 'Throwable', body: [log('W2 caught')] }] }] },
      suspend, suspend, suspend,
      { op: 'pool.deactivate', pool: 'p' },
      awaitCo('w1'), awaitCo('w2'),
    ]));
    expect(echoed(trace)).toEqual(['W1 caught', 'W2 caught']);
    expect(lines(trace.filter((e) => e.kind === 'caught' || e.kind === 'breaker'))).toEqual([
      '0 main breaker pool=p state=INACTIVE', `0 w1 caught error=${SU}`, `0 w2 caught error=${SU}`,
    ]);
  });

  it('tests/pool/048: the healthcheck checks idle resources periodically and replaces the unhealthy one up to min (POOL-12)', () => {
    const trace = expectedTrace(scenario([
      pool({ min: 2, max: 4, healthcheckIntervalMs: 30, healthcheck: { falseFor: ['r1'] } }),
      delay(120),
      { op: 'pool.close', pool: 'p' },
    ]));
    expect(lines(trace)).toEqual([
      '0 main started',
      '0 main created pool=p resource=r1',
      '0 main created pool=p resource=r2',
      '0 main suspended on=timer',
      '30 scheduler hook pool=p hook=healthcheck resource=r1 ok=false',
      '30 scheduler destroyed pool=p resource=r1',
      '30 scheduler created pool=p resource=r3',
      '30 scheduler hook pool=p hook=healthcheck resource=r2 ok=true',
      '60 scheduler hook pool=p hook=healthcheck resource=r3 ok=true',
      '60 scheduler hook pool=p hook=healthcheck resource=r2 ok=true',
      '90 scheduler hook pool=p hook=healthcheck resource=r3 ok=true',
      '90 scheduler hook pool=p hook=healthcheck resource=r2 ok=true',
      // The delay's timer and the re-armed healthcheck timer are both due at 120; the batch fires both before main runs.
      '120 scheduler hook pool=p hook=healthcheck resource=r3 ok=true',
      '120 scheduler hook pool=p hook=healthcheck resource=r2 ok=true',
      '120 main resumed',
      '120 main poolClose pool=p',
      '120 main destroyed pool=p resource=r3',
      '120 main destroyed pool=p resource=r2',
      '120 main completed value=null',
      '120 scheduler exit',
    ]);
  });

  it('tests/pool/063: close destroys an idle resource reserved for a woken waiter exactly once; the waiter finds the pool closed (POOL-10)', () => {
    const trace = expectedTrace(scenario([
      pool({ max: 1, destructor: {} }),
      { op: 'spawn', id: 'holder', body: [acquire(), suspend, suspend, release] },
      { op: 'spawn', id: 'waiter', body: [{ op: 'try', body: [acquire(), log('Waiter acquired'), release], catch: [{ class: 'Throwable', body: [log('Waiter caught')] }] }] },
      suspend, suspend, suspend,
      { op: 'pool.close', pool: 'p' },
      awaitCo('waiter'), awaitCo('holder'), query('idleCount'),
    ]));
    expect(echoed(trace)).toEqual(['Waiter caught', 'p.idleCount=0']);
    expect(lines(trace.filter((e) => ['created', 'destroyed', 'poolClose', 'caught'].includes(e.kind)))).toEqual([
      '0 holder created pool=p resource=r1',
      '0 main poolClose pool=p',
      '0 main destroyed pool=p resource=r1',
      '0 waiter caught error={"class":"Async\\\\PoolException","message":"Pool is closed"}',
    ]);
  });

  it('tests/pool/052: a rejected release reports a failure to the strategy (CB-6)', () => {
    expect(only([
      pool({ beforeRelease: { falseOn: [1] } }),
      { op: 'pool.setStrategy', pool: 'p', strategy: {} },
      { op: 'spawn', id: 'c', body: [acquire(), release] },
      log('Done'),
    ], 'log', 'release', 'hook', 'report', 'destroyed')).toEqual([
      '0 main log value=Done',
      '0 c release pool=p resource=r1',
      '0 c hook pool=p hook=beforeRelease resource=r1 ok=false',
      '0 c report pool=p what=failure',
      '0 c destroyed pool=p resource=r1',
    ]);
  });
});

describe('system model with pools, trace-semantics §7 cases', () => {
  it('pre-warm creates min resources into idle; the first factory exception destroys them and the pool does not exist', () => {
    expect(run([pool({ min: 2 }), query('count'), query('idleCount'), query('activeCount'), query('isClosed'), query('getState')])).toEqual([
      '0 main started',
      '0 main created pool=p resource=r1',
      '0 main created pool=p resource=r2',
      '0 main query target=p what=count value=2',
      '0 main query target=p what=idleCount value=2',
      '0 main query target=p what=activeCount value=0',
      '0 main query target=p what=isClosed value=false',
      '0 main query target=p what=getState value=ACTIVE',
      '0 main completed value=null',
      '0 scheduler exit',
    ]);
    expect(run([guarded([pool({ min: 3, factory: { failOn: [3], delayMs: 1 } })]), tryAcquire])).toEqual([
      '0 main started',
      '0 main suspended on=timer',
      '1 main resumed',
      '1 main created pool=p resource=r1',
      '1 main suspended on=timer',
      '2 main resumed',
      '2 main created pool=p resource=r2',
      '2 main suspended on=timer',
      '3 main resumed',
      '3 main destroyed pool=p resource=r1',
      '3 main destroyed pool=p resource=r2',
      '3 main caught error={"class":"RuntimeException","message":"factory failed"}',
      '3 main failed error={"class":"Error","message":"Undefined reference \'p\'"}',
      '3 scheduler shutdown',
      '3 scheduler exit error={"class":"Error","message":"Undefined reference \'p\'"}',
    ]);
  });

  it('idle is FIFO: the oldest released resource is handed out first (POOL-3)', () => {
    const trace = expectedTrace(scenario([
      pool({ max: 3 }), acquire(), acquire(), acquire(),
      release, release, // r1 then r2 back to idle
      { op: 'spawn', id: 'c', body: [acquire(), acquire()] },
      awaitCo('c'),
      query('count'), query('idleCount'), query('activeCount'),
    ]));
    expect(lines(trace.filter((e) => e.actor === 'c' && e.kind === 'acquired'))).toEqual([
      '0 c acquired pool=p resource=r1', '0 c acquired pool=p resource=r2',
    ]);
    expect(echoed(trace)).toEqual(['p.count=3', 'p.idleCount=0', 'p.activeCount=3']);
    expect(run([pool(), release])).toEqual([
      '0 main started', '0 main failed error={"class":"Error","message":"Nothing to release to \'p\'"}',
      '0 scheduler shutdown', '0 scheduler exit error={"class":"Error","message":"Nothing to release to \'p\'"}',
    ]);
  });

  it('several waiters are served in arrival order, each by a reservation (POOL-4)', () => {
    const waiter = (n: string): Instruction => ({ op: 'spawn', id: n, body: [acquire(), log(`${n} served`), release] });
    const trace = expectedTrace(scenario([
      pool({ max: 1 }), acquire(), waiter('a'), waiter('b'), waiter('c'), suspend,
      // tryAcquire cannot take the place reserved for `a` (no barging).
      release, tryAcquire, awaitCo('a'), awaitCo('b'), awaitCo('c'), query('count'),
    ]));
    expect(echoed(trace)).toEqual(['a served', 'b served', 'c served', 'p.count=1']);
    expect(lines(trace.filter((e) => e.kind === 'acquired'))).toEqual([
      '0 main acquired pool=p resource=r1', '0 main acquired pool=p resource=null',
      '0 a acquired pool=p resource=r1', '0 b acquired pool=p resource=r1', '0 c acquired pool=p resource=r1',
    ]);
  });

  it('a failed factory gives its place back, wakes one waiter and throws; the woken waiter creates (POOL-6)', () => {
    expect(run([
      pool({ max: 1, factory: { failOn: [2] }, beforeRelease: { falseOn: [1] } }),
      acquire(),
      { op: 'spawn', id: 'a', body: [guarded([acquire()])] },
      { op: 'spawn', id: 'b', body: [acquire()] },
      suspend,
      release,
    ])).toEqual([
      '0 main started',
      '0 main acquire pool=p try=false',
      '0 main created pool=p resource=r1',
      '0 main acquired pool=p resource=r1',
      '0 main spawned coroutine=a',
      '0 main spawned coroutine=b',
      '0 main suspended on=queue',
      '0 a started',
      '0 a acquire pool=p try=false',
      '0 a suspended on=pool:p',
      '0 b started',
      '0 b acquire pool=p try=false',
      '0 b suspended on=pool:p',
      '0 main resumed',
      '0 main release pool=p resource=r1',
      '0 main hook pool=p hook=beforeRelease resource=r1 ok=false',
      '0 main destroyed pool=p resource=r1',
      '0 main completed value=null',
      '0 a resumed',
      '0 a caught error={"class":"RuntimeException","message":"factory failed"}',
      '0 a completed value=null',
      '0 b resumed',
      '0 b created pool=p resource=r3',
      '0 b acquired pool=p resource=r3',
      '0 b completed value=null',
      '0 scheduler exit',
    ]);
    // tryAcquire: the factory's exception propagates (§7.3, phpt tests/pool/017).
    expect(only([pool({ factory: { failOn: [1] } }), guarded([tryAcquire])], 'acquire', 'acquired', 'caught')).toEqual([
      '0 main acquire pool=p try=true', '0 main caught error={"class":"RuntimeException","message":"factory failed"}',
    ]);
  });

  it('beforeAcquire false destroys the idle resource and retries with the next one, then creates (POOL-7)', () => {
    expect(run([pool({ min: 2, max: 3, beforeAcquire: { falseOn: [1], falseFor: ['r2'], throws: true } }), acquire(), query('count')])).toEqual([
      '0 main started',
      '0 main created pool=p resource=r1',
      '0 main created pool=p resource=r2',
      '0 main acquire pool=p try=false',
      '0 main hook pool=p hook=beforeAcquire resource=r1 ok=false',
      '0 main destroyed pool=p resource=r1',
      '0 main hook pool=p hook=beforeAcquire resource=r2 ok=false',
      '0 main destroyed pool=p resource=r2',
      '0 main created pool=p resource=r3',
      '0 main acquired pool=p resource=r3',
      '0 main query target=p what=count value=1',
      '0 main completed value=null',
      '0 scheduler exit',
    ]);
    // A destructor exception on that path aborts the acquire (POOL-11).
    expect(only([pool({ min: 1, beforeAcquire: { falseOn: [1] }, destructor: { throwFor: ['r1'] } }), guarded([acquire()]), query('count')], 'destroyed', 'caught', 'query')).toEqual([
      '0 main destroyed pool=p resource=r1',
      '0 main caught error={"class":"RuntimeException","message":"destructor failed"}',
      '0 main query target=p what=count value=0',
    ]);
  });

  it('a hook with delayMs suspends its caller like delay, the resource counted active; a cancellation there answers false (POOL-2, §7.1)', () => {
    expect(run([
      pool({ min: 1, max: 1, beforeAcquire: { delayMs: 30 }, beforeRelease: { delayMs: 30 } }),
      { op: 'spawn', id: 'u', body: [acquire(), release] },
      { op: 'spawn', id: 'probe', body: [delay(10), query('count'), query('activeCount'), query('idleCount'), delay(30), query('activeCount')] },
      awaitCo('u'),
      { op: 'spawn', id: 'v', body: [acquire(), query('activeCount')] },
      delay(5),
      { op: 'cancel', target: 'v' },
      awaitCo('v'),
    ])).toEqual([
      '0 main started',
      '0 main created pool=p resource=r1',
      '0 main spawned coroutine=u',
      '0 main spawned coroutine=probe',
      '0 main suspended on=coroutine:u',
      '0 u started',
      '0 u acquire pool=p try=false',
      '0 u suspended on=timer',
      '0 probe started',
      '0 probe suspended on=timer',
      '10 probe resumed',
      '10 probe query target=p what=count value=1',
      '10 probe query target=p what=activeCount value=1',
      '10 probe query target=p what=idleCount value=0',
      '10 probe suspended on=timer',
      '30 u resumed',
      '30 u hook pool=p hook=beforeAcquire resource=r1 ok=true',
      '30 u acquired pool=p resource=r1',
      '30 u release pool=p resource=r1',
      '30 u suspended on=timer',
      '40 probe resumed',
      '40 probe query target=p what=activeCount value=1',
      '40 probe completed value=null',
      '60 u resumed',
      '60 u hook pool=p hook=beforeRelease resource=r1 ok=true',
      '60 u completed value=null',
      '60 main resumed',
      '60 main awaited value=null',
      '60 main spawned coroutine=v',
      '60 main suspended on=timer',
      '60 v started',
      '60 v acquire pool=p try=false',
      '60 v suspended on=timer',
      '65 main resumed',
      '65 main cancel target=v reason=Coroutine cancelled',
      '65 main suspended on=coroutine:v',
      '65 v resumed error={"class":"Async\\\\AsyncCancellation","message":"Coroutine cancelled"}',
      '65 v hook pool=p hook=beforeAcquire resource=r1 ok=false',
      '65 v destroyed pool=p resource=r1',
      '65 v created pool=p resource=r2',
      '65 v acquired pool=p resource=r2',
      '65 v query target=p what=activeCount value=1',
      '65 v completed value=null',
      '65 main resumed',
      '65 main awaited value=null',
      '65 main completed value=null',
      '65 scheduler exit',
    ]);
    // A cancellation at the factory's delay is the factory's exception: the place is given back.
    expect(only([
      pool({ factory: { delayMs: 10 } }),
      { op: 'spawn', id: 'v', body: [acquire()] },
      suspend, { op: 'cancel', target: 'v' }, guarded([awaitCo('v')]), query('count'),
    ], 'resumed', 'failed', 'query')).toEqual([
      '0 main resumed',
      '0 v resumed error={"class":"Async\\\\AsyncCancellation","message":"Coroutine cancelled"}',
      '0 v failed error={"class":"Async\\\\AsyncCancellation","message":"Coroutine cancelled"}',
      '0 main resumed error={"class":"Async\\\\AsyncCancellation","message":"Coroutine cancelled"}',
      '0 main query target=p what=count value=0',
    ]);
  });

  it('close fails parked waiters, destroys idle resources and chains destructor exceptions; later calls see it closed (POOL-10, POOL-11)', () => {
    expect(run([
      pool({ min: 2, max: 3, destructor: { throwFor: ['r1', 'r2'] } }),
      acquire(),
      { op: 'spawn', id: 'w', body: [acquire(), acquire(), acquire(), log('unreachable')] },
      suspend,
      guarded([{ op: 'pool.close', pool: 'p' }]),
      { op: 'pool.close', pool: 'p' },
    ])).toEqual([
      '0 main started',
      '0 main created pool=p resource=r1',
      '0 main created pool=p resource=r2',
      '0 main acquire pool=p try=false',
      '0 main acquired pool=p resource=r1',
      '0 main spawned coroutine=w',
      '0 main suspended on=queue',
      '0 w started',
      '0 w acquire pool=p try=false',
      '0 w acquired pool=p resource=r2',
      '0 w acquire pool=p try=false',
      '0 w created pool=p resource=r3',
      '0 w acquired pool=p resource=r3',
      '0 w acquire pool=p try=false',
      '0 w suspended on=pool:p',
      '0 main resumed',
      '0 main poolClose pool=p',
      '0 main completed value=null',
      '0 w resumed error={"class":"Async\\\\PoolException","message":"Pool is closed"}',
      '0 w failed error={"class":"Async\\\\PoolException","message":"Pool is closed"}',
      '0 scheduler exit',
    ]);
    const chained = '{"class":"RuntimeException","message":"destructor failed","previous":{"class":"RuntimeException","message":"destructor failed"}}';
    expect(only([pool({ min: 3, destructor: { throwFor: ['r1', 'r3'] } }), guarded([{ op: 'pool.close', pool: 'p' }])], 'destroyed', 'caught')).toEqual([
      '0 main destroyed pool=p resource=r1', '0 main destroyed pool=p resource=r2', '0 main destroyed pool=p resource=r3',
      `0 main caught error=${chained}`,
    ]);
    // After close: release still calls beforeRelease, reports, destroys; tryAcquire gives null; acquire throws.
    expect(only([
      pool({ beforeRelease: {} }), { op: 'pool.setStrategy', pool: 'p', strategy: {} },
      acquire(), { op: 'pool.close', pool: 'p' }, release, tryAcquire, guarded([acquire()]), query('isClosed'), query('count'),
    ], 'poolClose', 'release', 'hook', 'report', 'destroyed', 'acquired', 'caught', 'query')).toEqual([
      '0 main acquired pool=p resource=r1',
      '0 main poolClose pool=p',
      '0 main release pool=p resource=r1',
      '0 main hook pool=p hook=beforeRelease resource=r1 ok=true',
      '0 main report pool=p what=success',
      '0 main destroyed pool=p resource=r1',
      '0 main acquired pool=p resource=null',
      '0 main caught error={"class":"Async\\\\PoolException","message":"Pool is closed"}',
      '0 main query target=p what=isClosed value=true',
      '0 main query target=p what=count value=0',
    ]);
  });

  it('the breaker gate: INACTIVE refuses acquire and tryAcquire; RECOVERING admits like ACTIVE; transitions are total (CB-1..4)', () => {
    expect(only([
      pool({ min: 1 }),
      query('getState'),
      { op: 'pool.deactivate', pool: 'p' }, query('getState'),
      guarded([acquire()]), tryAcquire,
      { op: 'pool.recover', pool: 'p' }, acquire(), release,
      { op: 'pool.recover', pool: 'p' }, { op: 'pool.activate', pool: 'p' }, query('getState'),
    ], 'query', 'breaker', 'caught', 'acquired')).toEqual([
      '0 main query target=p what=getState value=ACTIVE',
      '0 main breaker pool=p state=INACTIVE',
      '0 main query target=p what=getState value=INACTIVE',
      `0 main caught error=${SU}`,
      '0 main acquired pool=p resource=null',
      '0 main breaker pool=p state=RECOVERING',
      '0 main acquired pool=p resource=r1',
      '0 main breaker pool=p state=RECOVERING',
      '0 main breaker pool=p state=ACTIVE',
      '0 main query target=p what=getState value=ACTIVE',
    ]);
  });

  it('strategies: deactivateAfter counts failures since installation, activateOnSuccess, throwOn is swallowed, null removes (CB-6, CB-7)', () => {
    expect(only([
      pool({ max: 1, beforeRelease: { falseOn: [1, 2, 4] } }),
      { op: 'pool.setStrategy', pool: 'p', strategy: { deactivateAfter: 2, activateOnSuccess: true, throwOn: ['failure', 'success'] } },
      acquire(), release, acquire(), release, guarded([acquire()]),
      { op: 'pool.activate', pool: 'p' },
      acquire(), release, acquire(), release,
      { op: 'pool.setStrategy', pool: 'p', strategy: null },
      { op: 'pool.activate', pool: 'p' },
      acquire(), release,
    ], 'report', 'breaker', 'caught', 'hook')).toEqual([
      '0 main hook pool=p hook=beforeRelease resource=r1 ok=false',
      '0 main report pool=p what=failure',
      '0 main hook pool=p hook=beforeRelease resource=r2 ok=false',
      '0 main report pool=p what=failure',
      '0 main breaker pool=p state=INACTIVE',
      `0 main caught error=${SU}`,
      '0 main breaker pool=p state=ACTIVE',
      '0 main hook pool=p hook=beforeRelease resource=r3 ok=true',
      '0 main report pool=p what=success',
      '0 main breaker pool=p state=ACTIVE',
      // A success does not reset the count: the third failure still trips.
      '0 main hook pool=p hook=beforeRelease resource=r3 ok=false',
      '0 main report pool=p what=failure',
      '0 main breaker pool=p state=INACTIVE',
      '0 main breaker pool=p state=ACTIVE',
      '0 main hook pool=p hook=beforeRelease resource=r4 ok=true',
    ]);
  });

  it('the healthcheck checks only idle resources, replaces up to min ignoring a failed factory, and its hidden timer keeps nothing alive (POOL-12, EVT-4)', () => {
    expect(run([
      pool({ min: 2, max: 3, healthcheckIntervalMs: 10, healthcheck: { falseFor: ['r1', 'r2'] }, factory: { failOn: [3] } }),
      acquire(), delay(15), query('count'), release, delay(10), query('count'), query('idleCount'),
    ])).toEqual([
      '0 main started',
      '0 main created pool=p resource=r1',
      '0 main created pool=p resource=r2',
      '0 main acquire pool=p try=false',
      '0 main acquired pool=p resource=r1',
      '0 main suspended on=timer',
      '10 scheduler hook pool=p hook=healthcheck resource=r2 ok=false',
      '10 scheduler destroyed pool=p resource=r2',
      '15 main resumed',
      '15 main query target=p what=count value=1',
      '15 main release pool=p resource=r1',
      '15 main suspended on=timer',
      '20 scheduler hook pool=p hook=healthcheck resource=r1 ok=false',
      '20 scheduler destroyed pool=p resource=r1',
      '20 scheduler created pool=p resource=r4',
      '25 main resumed',
      '25 main query target=p what=count value=1',
      '25 main query target=p what=idleCount value=1',
      '25 main completed value=null',
      '25 scheduler exit',
    ]);
    const withHidden = (tail: Instruction[]) => [pool({ min: 1, healthcheckIntervalMs: 10, healthcheck: {} }), ...tail];
    expect(run(withHidden([log('end')])).slice(-2)).toEqual(['0 main completed value=null', '0 scheduler exit']);
    expect(run(withHidden([{ op: 'future.new', id: 'f' }, { op: 'await', target: { future: 'f' } }])).slice(-4, -1)).toEqual([
      '0 scheduler deadlock waiting=1',
      '0 main resumed error={"class":"Async\\\\AsyncCancellation","message":"Deadlock detected"}',
      '0 main failed error={"class":"Async\\\\AsyncCancellation","message":"Deadlock detected"}',
    ]);
  });

  it('has_res := wait(): a waiter re-parked after a tick holds no reservation, so its cancellation hands nothing on (§7.3 step 5)', () => {
    expect(only([
      pool({ min: 1, max: 1, healthcheckIntervalMs: 5, healthcheck: {} }),
      acquire(),
      { op: 'spawn', id: 'w', body: [guarded([acquire()])] },
      { op: 'spawn', id: 'x', body: [delay(3), acquire()] },
      delay(7), { op: 'cancel', target: 'w' }, delay(1), release,
    ], 'suspended', 'resumed', 'acquired')).toEqual([
      '0 main acquired pool=p resource=r1',
      '0 main suspended on=timer',
      '0 w suspended on=pool:p',
      '0 x suspended on=timer',
      '3 x resumed',
      '3 x suspended on=pool:p',
      '5 w resumed',
      '5 w suspended on=pool:p',
      '7 main resumed',
      '7 main suspended on=timer',
      '7 w resumed error={"class":"Async\\\\AsyncCancellation","message":"Coroutine cancelled"}',
      // x is not woken at 7: w's second wait ended without a reservation.
      '8 main resumed',
      '8 x resumed',
      '8 x acquired pool=p resource=r1',
    ]);
  });

  it('a tick wakes one waiter even when it freed nothing; the waiter parks again (§7.3 healthcheck tick)', () => {
    expect(only([
      pool({ min: 1, max: 1, healthcheckIntervalMs: 10, healthcheck: {} }),
      acquire(),
      { op: 'spawn', id: 'w', body: [acquire(5), log('unreachable')] },
      guarded([awaitCo('w')]),
    ], 'suspended', 'resumed', 'hook')).toEqual([
      '0 main suspended on=coroutine:w',
      '0 w suspended on=pool:p',
      '5 w resumed error={"class":"Async\\\\TimeoutException","message":"Operation has been cancelled by timeout"}',
      '5 main resumed error={"class":"Async\\\\TimeoutException","message":"Operation has been cancelled by timeout"}',
    ]);
    expect(only([
      pool({ min: 1, max: 1, healthcheckIntervalMs: 10, healthcheck: {} }),
      acquire(),
      { op: 'spawn', id: 'w', body: [acquire(), log('served')] },
      delay(15),
      release,
    ], 'suspended', 'resumed', 'hook', 'acquired', 'log')).toEqual([
      '0 main acquired pool=p resource=r1',
      '0 main suspended on=timer',
      '0 w suspended on=pool:p',
      '10 w resumed',
      '10 w suspended on=pool:p',
      '15 main resumed',
      '15 w resumed',
      '15 w acquired pool=p resource=r1',
      '15 w log value=served',
    ]);
  });
});
