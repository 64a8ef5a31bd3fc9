/**
 * The pool properties judged against the executable spec: every generated
 * scenario is valid and its spec trace passes the check, and each property
 * rejects a trace broken by hand in the way its rule forbids.
 */
import { describe, expect, it } from 'vitest';
import { itAgreesWithSpec, itRejectsBrokenTraces, type BrokenCase } from '../../test/support/propertyCases.js';
import { find, insert, is, remove, replace, scenario } from '../../test/support/traceEdits.js';
import type { Instruction } from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { markedPool, markedPoolGuarded, parsePoolOpMarker, poolOpMarker, queryTriple, useBlock } from '../arbitraries/poolScenarios.js';
import { poolProperties, replayPools } from './pool.props.js';
import type { ConformanceProperty } from '../harness/property.js';

const property = (id: string): ConformanceProperty => poolProperties.find((p) => p.title.startsWith(`${id}:`))!;

const spawn = (id: string, body: Instruction[]): Instruction => ({ op: 'spawn', id, body });
const delay = (ms: number): Instruction => ({ op: 'delay', ms });
/** A coroutine that waits `start` ms, then uses a resource of `P` for `hold` ms. */
const user = (id: string, start: number, hold: number, timeoutMs?: number, after: Instruction[] = []): Instruction =>
  spawn(id, [...(start > 0 ? [delay(start)] : []), useBlock('P', timeoutMs === undefined ? { holdMs: hold } : { holdMs: hold, timeoutMs }), ...after]);
/** The `n`-th event (from 0) matching `p`. */
const nth = (t: Trace, n: number, p: (e: TraceEvent) => boolean): number => {
  const all = t.flatMap((e, i) => (p(e) ? [i] : []));
  if (all[n] === undefined) throw new Error('test: event not found');
  return all[n];
};


const cases: BrokenCase[] = [
  {
    id: 'POOL-1',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', min: 2 }), ...queryTriple('P')],
    violate: (t) => remove(t, find(t, (e) => e.kind === 'created' && e.resource === 'r2')),
  },
  {
    id: 'POOL-2',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', max: 1 }), user('a', 0, 3), delay(1), ...queryTriple('P')],
    violate: (t) => {
      const k = find(t, (e) => e.kind === 'query' && e.what === 'count');
      return replace(t, k, { ...t[k], value: 2 } as TraceEvent);
    },
  },
  {
    id: 'POOL-3',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', min: 2, max: 2 }), useBlock('P', { holdMs: 0 }), useBlock('P', { holdMs: 0 })],
    violate: (t) => {
      const a = nth(t, 1, (e) => e.kind === 'acquired');
      const r = nth(t, 1, (e) => e.kind === 'release');
      return replace(replace(t, a, { ...t[a], resource: 'r1' } as TraceEvent), r, { ...t[r], resource: 'r1' } as TraceEvent);
    },
  },
  {
    id: 'POOL-4',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', max: 1 }), user('h', 0, 5, undefined, [useBlock('P', { holdMs: 1 })]), user('w1', 1, 1)],
    violate: (t) => replace(t, find(t, (e) => e.actor === 'h' && e.kind === 'suspended' && e.on === 'pool:P'), { t: 5, actor: 'h', kind: 'acquired', pool: 'P', resource: 'r1' }),
  },
  {
    id: 'POOL-5',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', max: 1 }), user('h', 0, 5, undefined, [{ op: 'cancel', target: 'w1' }]), user('w1', 1, 1), user('w2', 2, 1)],
    violate: (t) => replace(t, find(t, is('w1', 'caught')), { t: 5, actor: 'w1', kind: 'acquired', pool: 'P', resource: 'r1' }),
  },
  {
    id: 'POOL-6',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', max: 1, factory: { failOn: [1] } }), useBlock('P', { holdMs: 0 }), useBlock('P', { holdMs: 0 })],
    violate: (t) => replace(t, find(t, is('main', 'caught')), { t: 0, actor: 'main', kind: 'caught', error: { class: 'Async\\PoolException', message: 'Failed to create pool resource' } }),
  },
  {
    id: 'POOL-7',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', min: 1, beforeAcquire: { falseOn: [1] } }), useBlock('P', { holdMs: 0 })],
    violate: (t) => insert(t, find(t, is('main', 'acquired')), { t: 0, actor: 'main', kind: 'hook', pool: 'P', hook: 'beforeAcquire', resource: 'r2', ok: true }),
  },
  {
    id: 'POOL-8',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', beforeRelease: { falseOn: [1] } }), useBlock('P', { holdMs: 0 }), ...queryTriple('P')],
    violate: (t) => remove(t, find(t, is('main', 'destroyed'))),
  },
  {
    id: 'POOL-9',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', max: 1 }), user('h', 0, 5), user('w', 1, 1, 2)],
    violate: (t) => {
      const k = find(t, is('w', 'caught'));
      return replace(t, k, { ...t[k], t: 4 });
    },
  },
  {
    id: 'POOL-10',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', max: 1 }), user('h', 0, 5), user('w', 1, 1), delay(2), ...markedPoolGuarded({ op: 'pool.close', pool: 'P' })],
    violate: (t) => remove(t, find(t, is('h', 'destroyed'))),
  },
  {
    id: 'POOL-11',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', min: 2, destructor: { throwFor: ['r1', 'r2'] } }), ...markedPoolGuarded({ op: 'pool.close', pool: 'P' })],
    violate: (t) => replace(t, find(t, is('main', 'caught')), { t: 0, actor: 'main', kind: 'caught', error: { class: 'RuntimeException', message: 'destructor failed' } }),
  },
  {
    id: 'POOL-12',
    main: [...markedPoolGuarded({ op: 'pool.new', id: 'P', min: 1, max: 2, healthcheckIntervalMs: 2, healthcheck: { falseOn: [1] } }), delay(5), ...queryTriple('P')],
    violate: (t) => remove(t, find(t, (e) => e.actor === 'scheduler' && e.kind === 'created')),
  },
];

describe('pool properties on the spec\'s traces', () => {
  it('there is one property per observable POOL requirement, in ID order, with its capabilities', () => {
    expect(poolProperties.map((p) => p.requirements[0])).toEqual(Array.from({ length: 12 }, (_, k) => `POOL-${k + 1}`));
    for (const p of poolProperties) {
      expect(p.title.startsWith(`${p.requirements[0]}: `)).toBe(true);
      const needsCore = p.requirements[0] === 'POOL-12';
      expect(p.capabilities).toEqual(needsCore ? ['core', 'pool'] : ['pool']);
    }
  });

  it('pool-op markers round-trip', () => {
    const op = { op: 'pool.acquire' as const, pool: 'P', timeoutMs: 3 };
    expect(parsePoolOpMarker(poolOpMarker(op))).toEqual(op);
    expect(markedPool(op)[0]).toEqual({ op: 'log', value: poolOpMarker(op) });
    expect(parsePoolOpMarker('pool-op:{not json')).toBeUndefined();
    expect(parsePoolOpMarker('pool-op:{"op":"spawn"}')).toBeUndefined();
    expect(parsePoolOpMarker(7)).toBeUndefined();
  });

  it('the monitor follows a pool through pre-warm, reuse, a waiter, release and close', () => {
    const s = scenario([...markedPoolGuarded({ op: 'pool.new', id: 'P', min: 1, max: 1 }), user('h', 0, 3), user('w', 1, 1), delay(5), ...markedPoolGuarded({ op: 'pool.close', pool: 'P' })]);
    const { monitor } = replayPools(s, expectedTrace(s));
    const p = monitor.pools.get('P')!;
    expect([...p.created]).toEqual(['r1']);
    expect([...p.destroyed]).toEqual(['r1']);
    expect(p.closed).toBe(true);
    expect(monitor.allCalls.map((c) => [c.co, c.source, c.parks.length])).toEqual([['h', 'idle', 0], ['w', 'idle', 1]]);
    expect(monitor.anomalies).toEqual([]);
  });

  itAgreesWithSpec(poolProperties);
  itRejectsBrokenTraces(cases, property);


  it('a trace with no pool is judged vacuously by every pool property', () => {
    const s = scenario([spawn('a', [{ op: 'suspend' }]), { op: 'cancel', target: 'a' }, delay(3)]);
    const t = expectedTrace(s);
    for (const p of poolProperties) expect(p.check({ scenario: s, actual: t, expected: t }), p.title).toBeUndefined();
  });
});
