import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itAgreesWithSpec, itRejectsBrokenTraces } from '../../test/support/propertyCases.js';
import type { Instruction, Program, Scenario } from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { find, insert, is, remove, replace, scenario } from '../../test/support/traceEdits.js';
import {
  IN_FLIGHT, RELEASED, breakerMarker, poolOf, strategyMarker, type BreakerOp,
} from '../arbitraries/breakerScenarios.js';
import { circuitBreakerProperties } from './circuitBreaker.props.js';
import {
  POOL_CLOSED, SERVICE_UNAVAILABLE, STRATEGY_FAILED, poolInvariantProperties, replayPool,
} from './poolInvariants.props.js';
import type { ConformanceProperty } from '../harness/property.js';

const guard = (body: Program): Instruction => ({ op: 'try', body, catch: [{ class: 'Throwable', body: [] }] });
const newPool = (extra: Partial<Extract<Instruction, { op: 'pool.new' }>> = {}): Instruction => ({ op: 'pool.new', id: 'p', ...extra });
const acquire = (timeoutMs?: number): Instruction => (timeoutMs ? { op: 'pool.acquire', pool: 'p', timeoutMs } : { op: 'pool.acquire', pool: 'p' });
const tryAcquire: Instruction = { op: 'pool.tryAcquire', pool: 'p' };
const release: Program = [{ op: 'pool.release', pool: 'p' }, { op: 'log', value: RELEASED }];
const transition = (op: BreakerOp): Program => [{ op: 'log', value: breakerMarker(op) }, { op: `pool.${op}`, pool: 'p' }];
const setStrategy = (s: Extract<Instruction, { op: 'pool.setStrategy' }>['strategy']): Program => [{ op: 'log', value: strategyMarker(s) }, { op: 'pool.setStrategy', pool: 'p', strategy: s }];
const query = (what: 'count' | 'idleCount' | 'activeCount' | 'isClosed' | 'getState'): Instruction => ({ op: 'query', target: 'p', what });
const poolEvent = (kind: string, pred: (e: TraceEvent) => boolean = () => true) => (e: TraceEvent) => e.kind === kind && pred(e);
const withError = (e: TraceEvent, error: unknown): TraceEvent => ({ ...e, error } as TraceEvent);

interface Case {
  /** The property's key (ID and aspect). */
  key: string;
  what: string;
  scenario: Scenario;
  violate: (t: Trace) => Trace;
}

/** main holds r1 from 0 to 2 ms; c2 waits for it (timeout 5 ms). */
const handOver = scenario([
  newPool({ max: 1 }),
  { op: 'spawn', id: 'c1', body: [guard([acquire(), { op: 'try', body: [{ op: 'delay', ms: 2 }], finally: release }])] },
  { op: 'spawn', id: 'c2', body: [guard([acquire(5)])] },
]);

const cases: Case[] = [
  {
    key: 'CB-1', what: 'a new pool answers getState() RECOVERING',
    scenario: scenario([newPool(), query('getState')]),
    violate: (t) => replace(t, find(t, poolEvent('query')), { ...t[find(t, poolEvent('query'))], value: 'RECOVERING' } as TraceEvent),
  },
  {
    key: 'CB-2', what: 'a second deactivate() (a self-loop) is ignored',
    scenario: scenario([newPool(), ...transition('deactivate'), ...transition('deactivate'), query('getState')]),
    violate: (t) => remove(t, t.map((e, k) => (e.kind === 'breaker' ? k : -1)).filter((k) => k !== -1)[1]),
  },
  {
    key: 'CB-3', what: 'an acquire on an INACTIVE pool gets a resource',
    scenario: scenario([newPool(), ...transition('deactivate'), guard([acquire()])]),
    violate: (t) => {
      const c = find(t, is('main', 'caught'));
      return insert(replace(t, c, { t: 0, actor: 'main', kind: 'acquired', pool: 'p', resource: 'r1' }), c, { t: 0, actor: 'main', kind: 'created', pool: 'p', resource: 'r1' });
    },
  },
  {
    key: 'CB-4', what: 'a RECOVERING pool refuses a second caller while a place is free',
    scenario: scenario([newPool({ max: 2 }), ...transition('recover'), guard([acquire()]), guard([tryAcquire])]),
    violate: (t) => {
      const c = t.map((e, k) => (e.kind === 'created' ? k : -1)).filter((k) => k !== -1)[1];
      return remove(replace(t, c + 1, { ...t[c + 1], resource: null } as TraceEvent), c);
    },
  },
  {
    key: 'CB-5', what: 'the pool deactivates itself after a release',
    scenario: scenario([newPool(), acquire(), ...release]),
    violate: (t) => insert(t, find(t, poolEvent('release')) + 1, { t: 0, actor: 'main', kind: 'breaker', pool: 'p', state: 'INACTIVE' }),
  },
  {
    key: 'CB-6', what: 'a rejected release reports success',
    scenario: scenario([newPool({ beforeRelease: { falseOn: [1] } }), ...setStrategy({}), acquire(), ...release]),
    violate: (t) => replace(t, find(t, poolEvent('report')), { ...t[find(t, poolEvent('report'))], what: 'success' } as TraceEvent),
  },
  {
    key: 'CB-7', what: 'the strategy\'s exception escapes release()',
    scenario: scenario([newPool(), ...setStrategy({ throwOn: ['success'] }), acquire(), guard(release)]),
    violate: (t) => replace(t, find(t, (e) => e.kind === 'log' && e.value === RELEASED), { t: 0, actor: 'main', kind: 'caught', error: STRATEGY_FAILED }),
  },
  {
    key: 'CB-8', what: 'an INACTIVE pool recovers by itself while time passes',
    scenario: scenario([newPool(), ...transition('deactivate'), { op: 'delay', ms: 5 }, query('getState')]),
    violate: (t) => {
      const q = find(t, poolEvent('query'));
      return insert(replace(t, q, { ...t[q], value: 'RECOVERING' } as TraceEvent), find(t, is('main', 'resumed')), { t: 2, actor: 'scheduler', kind: 'breaker', pool: 'p', state: 'RECOVERING' });
    },
  },
  {
    key: 'CB-3.gate', what: 'a tryAcquire on an INACTIVE pool gets a resource',
    scenario: scenario([newPool(), ...transition('deactivate'), guard([tryAcquire])]),
    violate: (t) => {
      const a = find(t, (e) => e.kind === 'acquired');
      return insert(replace(t, a, { ...t[a], resource: 'r1' } as TraceEvent), a, { t: 0, actor: 'main', kind: 'created', pool: 'p', resource: 'r1' });
    },
  },
  {
    key: 'CB-2.transition-function', what: 'getState() does not answer the last transition',
    scenario: scenario([newPool(), ...transition('recover'), ...transition('activate'), query('getState')]),
    violate: (t) => replace(t, find(t, poolEvent('query')), { ...t[find(t, poolEvent('query'))], value: 'RECOVERING' } as TraceEvent),
  },
  {
    key: 'CB-6.reporting-count', what: 'a release does not report',
    scenario: scenario([newPool(), ...setStrategy({}), acquire(), ...release]),
    violate: (t) => remove(t, find(t, poolEvent('report'))),
  },
  {
    key: 'CB-7.strategy-faults', what: 'the strategy\'s exception replaces the exception in flight',
    scenario: scenario([newPool(), ...setStrategy({ throwOn: ['success'] }), guard([acquire(), { op: 'try', body: [{ op: 'throw', error: IN_FLIGHT }], finally: release }])]),
    violate: (t) => {
      const c = find(t, is('main', 'caught'));
      return replace(t, c, withError(t[c], STRATEGY_FAILED));
    },
  },
  {
    key: 'POOL-2.conservation', what: 'activeCount() counts one resource too many',
    scenario: scenario([newPool({ max: 2 }), acquire(), query('count'), query('idleCount'), query('activeCount')]),
    violate: (t) => {
      const q = find(t, (e) => e.kind === 'query' && e.what === 'activeCount');
      return replace(t, q, { ...t[q], value: 2 } as TraceEvent);
    },
  },
  {
    key: 'POOL-4.fifo', what: 'a woken waiter parks a second time',
    scenario: handOver,
    violate: (t) => {
      const s = find(t, (e) => e.actor === 'c2' && e.kind === 'suspended');
      const a = find(t, (e) => e.actor === 'c2' && e.kind === 'acquired');
      return insert(insert(t, a, { t: 2, actor: 'c2', kind: 'resumed' }), a, { ...t[s], t: 2 });
    },
  },
  {
    key: 'POOL-4.no-lost-wakeup', what: 'the waiter stays parked after the release until its timeout',
    scenario: handOver,
    violate: (t) => {
      const r = find(t, (e) => e.actor === 'c2' && e.kind === 'resumed');
      return t.flatMap((e, k): TraceEvent[] => {
        if (e.kind === 'exit') return [{ ...e, t: 5 }];
        if (k < r || e.actor !== 'c2') return [e];
        if (e.kind === 'resumed') return [{ ...e, t: 5, error: { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' } } as TraceEvent];
        if (e.kind === 'acquired') return [{ t: 5, actor: 'c2', kind: 'caught', error: { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' } }];
        return [{ ...e, t: 5 }];
      });
    },
  },
  {
    key: 'POOL-10.close', what: 'close() keeps the idle resource',
    scenario: scenario([newPool({ min: 1 }), guard([{ op: 'pool.close', pool: 'p' }]), guard([acquire()])]),
    violate: (t) => remove(t, find(t, poolEvent('destroyed'))),
  },
];

const all: ConformanceProperty[] = [...circuitBreakerProperties, ...poolInvariantProperties];
const byKey = (key: string): ConformanceProperty => {
  const found = all.filter((p) => p.key === key);
  if (found.length !== 1) throw new Error(`test: ${found.length} properties have the key ${key}`);
  return found[0];
};

describe('circuit-breaker properties (CB-1..CB-8) and the pool-invariant family', () => {
  it('CB-n: one per requirement, in order, capabilities pool+breaker', () => {
    expect(circuitBreakerProperties.map((p) => p.requirements)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [`CB-${n}`]));
    for (const p of circuitBreakerProperties) {
      expect(p.title.startsWith(`${p.requirements[0]}: `), p.title).toBe(true);
      expect(p.capabilities).toEqual(['pool', 'breaker']);
    }
  });

  it('pool invariants: eight, by aspect, IDs first in the title; 1–4 need the breaker (and core for cancel), 5–8 only pool', () => {
    expect(poolInvariantProperties.map((p) => p.aspect)).toEqual(['gate', 'transition-function', 'reporting-count', 'strategy-faults', 'conservation', 'fifo', 'no-lost-wakeup', 'close']);
    poolInvariantProperties.forEach((p, k) => {
      expect(p.title.startsWith(`${p.requirements.join(' ')} (${p.aspect}): `), p.title).toBe(true);
      expect(p.capabilities).toEqual(k < 4 ? ['core', 'pool', 'breaker'] : ['pool']);
    });
  });

  itAgreesWithSpec(all, { seed: 13, label: (p) => p.key });

  it('properties 5–8 use only the third-party subset of the language', () => {
    const allowed = new Set(['spawn', 'delay', 'log', 'try', 'throw', 'return', 'await', 'pool.new', 'pool.acquire', 'pool.tryAcquire', 'pool.release', 'pool.close', 'query']);
    for (const p of poolInvariantProperties.slice(4)) {
      for (const s of fc.sample(p.arbitrary, { numRuns: 100, seed: 5 })) {
        const walk = (prog: Program): void => prog.forEach((i) => {
          expect(allowed.has(i.op), `${i.op} in ${p.title.slice(0, 20)}`).toBe(true);
          if (i.op === 'await') expect(Object.keys(i.target)).toEqual(['coroutine']);
          if (i.op === 'query') expect(['count', 'idleCount', 'activeCount', 'isClosed']).toContain(i.what);
          if (i.op === 'spawn') walk(i.body);
          if (i.op === 'try') {
            walk(i.body);
            i.catch?.forEach((c) => walk(c.body));
            if (i.finally) walk(i.finally);
          }
        });
        walk(s.main);
        const pool = poolOf(s)!;
        expect(pool.healthcheck).toBeUndefined();
        expect(pool.destructor?.throwFor).toBeUndefined();
        expect(pool.beforeAcquire?.throws ?? false).toBe(false);
        expect(pool.beforeRelease?.throws ?? false).toBe(false);
      }
    }
  });

  it('properties 5–8 read no resumed, started or timer-suspension event', () => {
    for (const p of poolInvariantProperties.slice(4)) {
      for (const s of fc.sample(p.arbitrary, { numRuns: 60, seed: 8 })) {
        const t = expectedTrace(structuredClone(s));
        const stripped = t.filter((e) => e.kind !== 'resumed' && e.kind !== 'started' && !(e.kind === 'suspended' && e.on === 'timer'));
        expect(p.check({ scenario: s, actual: stripped, expected: t }), `${p.title.slice(0, 20)} ${JSON.stringify(s)}`).toBeUndefined();
      }
    }
  });

  it('the replay follows the resources of a pool: idle, held, released, destroyed', () => {
    const t = expectedTrace(structuredClone(handOver));
    const rep = replayPool(handOver, t, 'p')!;
    expect(rep.anomalies).toEqual([]);
    expect(rep.calls.map((c) => [c.actor, c.parks.length, c.resource])).toEqual([['c1', 0, 'r1'], ['c2', 1, 'r1']]);
    expect(rep.snapshots.at(-1)!.held.get('r1')).toBe('c2');
    expect(rep.releases.map((r) => [r.actor, r.resource, r.ok])).toEqual([['c1', 'r1', true]]);
  });

  itRejectsBrokenTraces(
    cases.map((c) => ({ id: c.key, scenario: c.scenario, what: c.what, violate: c.violate })),
    byKey,
  );

  it('every property has a hand-broken trace', () => {
    for (const p of all) expect(cases.filter((c) => p.key === c.key).length, p.title).toBeGreaterThan(0);
  });

  it('error constants match the trace semantics', () => {
    expect(SERVICE_UNAVAILABLE.message).toBe('Service is unavailable (circuit breaker is open)');
    expect(POOL_CLOSED.message).toBe('Pool is closed');
  });
});
