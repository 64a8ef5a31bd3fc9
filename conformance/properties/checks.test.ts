import { describe, expect, it } from 'vitest';
import { itRejectsBrokenTraces, type BrokenCase } from '../../test/support/propertyCases.js';
import { find, insert, is, remove, replace, scenario } from '../../test/support/traceEdits.js';
import type { Instruction } from '../../spec/system/scenario.js';
import type { Trace } from '../../spec/system/trace.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { markedAwait, onFinallyMarker, throwMarker } from '../arbitraries/markers.js';
import { guarded } from '../arbitraries/eventScenarios.js';
import { allProperties } from './index.js';
import type { ConformanceProperty } from '../harness/property.js';

const property = (id: string): ConformanceProperty => allProperties.find((p) => p.title.startsWith(`${id}:`))!;
const swapActors = (t: Trace, from: number, a: string, b: string): Trace =>
  t.map((e, k) => (k < from ? e : { ...e, actor: e.actor === a ? b : e.actor === b ? a : e.actor }));
const rte = { class: 'RuntimeException' as const, message: 'boom' };

const cases: BrokenCase[] = [
  {
    id: 'EVT-6',
    main: [{ op: 'trigger.new', id: 't1' }, ...['cb1', 'cb2', 'cb3'].map((c): Instruction => ({ op: 'event.on', event: 't1', callback: c })), { op: 'trigger.fire', id: 't1' }],
    violate: (t) => remove(t, find(t, (e) => e.kind === 'callback' && e.callback === 'cb2')),
  },
  {
    id: 'EVT-8',
    main: [{ op: 'trigger.new', id: 't1' }, { op: 'event.on', event: 't1', callback: 'cb1', actions: [{ do: 'fire' }] }, { op: 'trigger.fire', id: 't1' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'warning'), { t: 0, actor: 'main', kind: 'callback', event: 't1', callback: 'cb1', value: null }),
  },
  {
    id: 'EVT-9',
    main: [
      { op: 'trigger.new', id: 't1' },
      { op: 'event.on', event: 't1', callback: 'cb1', actions: [{ do: 'throw', error: rte }] },
      { op: 'event.on', event: 't1', callback: 'cb2' },
      guarded([{ op: 'trigger.fire', id: 't1' }]),
    ],
    violate: (t) => insert(t, find(t, (e) => e.kind === 'callback') + 1, { t: 0, actor: 'main', kind: 'callback', event: 't1', callback: 'cb2', value: null }),
  },
  {
    id: 'EVT-11',
    main: [{ op: 'trigger.new', id: 't1' }, { op: 'event.on', event: 't1', callback: 'cb1' }, { op: 'trigger.close', id: 't1' }, { op: 'log', value: 'after' }, { op: 'trigger.fire', id: 't1' }],
    violate: (t) => insert(t, find(t, (e) => e.kind === 'log') + 1, { t: 0, actor: 'main', kind: 'fire', event: 't1', value: null }),
  },
  {
    id: 'EVT-12',
    main: [{ op: 'future.new', id: 'f1' }, { op: 'future.complete', id: 'f1', value: 'x' }, ...markedAwait({ op: 'await', target: { future: 'f1' } })],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'awaited'), { t: 0, actor: 'main', kind: 'awaited', value: null }),
  },
  {
    id: 'EVT-13',
    main: [{ op: 'trigger.new', id: 't1' }, { op: 'trigger.close', id: 't1' }, ...markedAwait({ op: 'await', target: { trigger: 't1' } })],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'warning'), { t: 0, actor: 'main', kind: 'suspended', on: 'trigger:t1' }),
  },
  {
    id: 'WAK-1',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'suspend' }] }],
    violate: (t) => insert(t, find(t, is('a', 'resumed')), t[find(t, is('a', 'resumed'))]),
  },
  {
    id: 'WAK-2',
    main: [{ op: 'trigger.new', id: 't1' }, { op: 'spawn', id: 'a', body: markedAwait({ op: 'await', target: { trigger: 't1' } }) }, { op: 'suspend' }, { op: 'trigger.fire', id: 't1', value: 'v1' }],
    violate: (t) => replace(t, find(t, is('a', 'awaited')), { t: 0, actor: 'a', kind: 'awaited', value: 'v9' }),
  },
  {
    id: 'WAK-3',
    main: [{ op: 'trigger.new', id: 't1' }, { op: 'spawn', id: 'a', body: [guarded([{ op: 'await', target: { trigger: 't1' } }])] }, { op: 'suspend' }, { op: 'trigger.fire', id: 't1', value: 'v1' }, { op: 'cancel', target: 'a' }],
    violate: (t) => replace(t, find(t, is('a', 'resumed')), { t: 0, actor: 'a', kind: 'resumed' }),
  },
  {
    id: 'WAK-4',
    main: [
      { op: 'trigger.new', id: 't1' }, { op: 'trigger.new', id: 't2' },
      { op: 'spawn', id: 'a', body: [guarded(markedAwait({ op: 'await', target: { trigger: 't1' }, cancellation: { trigger: 't2' } }))] },
      { op: 'suspend' }, { op: 'trigger.fire', id: 't1', value: 'v1' }, { op: 'trigger.fire', id: 't2', value: 'v2' },
    ],
    violate: (t) => replace(t, find(t, is('a', 'awaited')), { t: 0, actor: 'a', kind: 'awaited', value: 'v2' }),
  },
  {
    id: 'WAK-5',
    main: [{ op: 'spawn', id: 'a', body: [guarded([{ op: 'delay', ms: 5 }])] }, { op: 'suspend' }, { op: 'cancel', target: 'a', reason: 'r1' }, { op: 'cancel', target: 'a', reason: 'r2' }],
    violate: (t) => replace(t, find(t, is('a', 'resumed')), { t: 0, actor: 'a', kind: 'resumed', error: { class: 'Async\\AsyncCancellation', message: 'r2' } }),
  },
  {
    id: 'WAK-8',
    main: [{ op: 'trigger.new', id: 't1' }, { op: 'spawn', id: 'a', body: [guarded(markedAwait({ op: 'await', target: { trigger: 't1' }, timeoutMs: 5 }))] }],
    violate: (t) => replace(t, find(t, is('a', 'resumed')), { t: 5, actor: 'a', kind: 'resumed', error: { class: 'Async\\TimeoutException', message: 'Timeout occurred after 5 milliseconds' } }),
  },
  {
    id: 'COR-1',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'log', value: 'a' }] }, { op: 'log', value: 'main' }],
    violate: (t) => insert(remove(t, find(t, is('a', 'started'))), find(t, (e) => e.kind === 'spawned') + 1, { t: 0, actor: 'a', kind: 'started' }),
  },
  {
    id: 'COR-3',
    main: [
      { op: 'spawn', id: 'c', body: [{ op: 'return', value: 1 }] },
      guarded(markedAwait({ op: 'await', target: { coroutine: 'c' } })),
      { op: 'cancel', target: 'c' }, { op: 'query', target: 'c', what: 'getResult' },
    ],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 0, actor: 'main', kind: 'query', target: 'c', what: 'getResult', value: null }),
  },
  {
    id: 'COR-4',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'cancel', target: 'self', reason: 'r' }, { op: 'log', value: throwMarker('RuntimeException') }, { op: 'throw', error: rte }] }],
    violate: (t) => replace(t, find(t, is('a', 'failed')), { t: 0, actor: 'a', kind: 'failed', error: { class: 'Async\\AsyncCancellation', message: 'r' } }),
  },
  {
    id: 'COR-5',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'onFinally', target: 'self', handler: 'h1' }, { op: 'return' }] }],
    violate: (t) => {
      const c = find(t, is('a', 'completed'));
      const f = find(t, (e) => e.kind === 'finally');
      return replace(replace(t, c, t[f]), f, t[c]);
    },
  },
  {
    id: 'COR-6',
    main: [{ op: 'spawn', id: 'a', body: [] }, { op: 'query', target: 'a', what: 'isQueued' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 0, actor: 'main', kind: 'query', target: 'a', what: 'isQueued', value: false }),
  },
  {
    id: 'COR-7',
    main: [{
      op: 'spawn', id: 'a',
      body: [
        { op: 'log', value: onFinallyMarker('a', 'h1') }, { op: 'onFinally', target: 'self', handler: 'h1' },
        { op: 'log', value: onFinallyMarker('a', 'h2') }, { op: 'onFinally', target: 'self', handler: 'h2' },
      ],
    }],
    violate: (t) => {
      const [i, j] = t.flatMap((e, k) => (e.kind === 'finally' ? [k] : []));
      return replace(replace(t, i, t[j]), j, t[i]);
    },
  },
  {
    id: 'SCH-1',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'log', value: 1 }] }, { op: 'spawn', id: 'b', body: [{ op: 'log', value: 2 }] }],
    violate: (t) => swapActors(t, find(t, is('main', 'completed')), 'a', 'b'),
  },
  {
    id: 'SCH-2',
    main: [{ op: 'spawn', id: 'a', body: [] }, { op: 'spawn', id: 'h', body: [], priority: 'high' }],
    violate: (t) => swapActors(t, find(t, is('main', 'completed')), 'a', 'h'),
  },
  {
    id: 'SCH-5',
    main: [{ op: 'spawn', id: 'c', body: [{ op: 'return', value: 1 }] }, { op: 'suspend' }, ...markedAwait({ op: 'await', target: { coroutine: 'c' } })],
    violate: (t) => insert(t, find(t, (e) => e.kind === 'awaited'), { t: 0, actor: 'main', label: 'await:coroutine:c', kind: 'suspended', on: 'queue' }),
  },
  {
    id: 'SCH-6',
    main: [{ op: 'suspend' }],
    violate: (t) => replace(t, find(t, is('main', 'resumed')), { t: 1, actor: 'main', kind: 'resumed' }),
  },
  {
    id: 'SCH-8',
    main: [{ op: 'trigger.new', id: 't1' }, { op: 'spawn', id: 'a', body: [{ op: 'await', target: { trigger: 't1' } }] }],
    violate: (t) => replace(t, t.length - 1, { t: 0, actor: 'scheduler', kind: 'exit' }),
  },
  {
    id: 'SCH-9',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'log', value: 'a' }] }, { op: 'shutdown' }],
    violate: (t) => insert(t, find(t, is('a', 'failed')), { t: 0, actor: 'a', kind: 'started' }),
  },
  {
    id: 'SCH-10',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'log', value: 'a' }] }],
    violate: (t) => t.filter((e) => e.actor !== 'a'),
  },
  {
    id: 'SCH-12',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'delay', ms: 5 }] }],
    violate: (t) => [...t.slice(0, find(t, is('a', 'suspended')) + 1), t[t.length - 1]],
  },
  {
    id: 'SCH-13',
    main: [{ op: 'throw', error: { class: 'Async\\AsyncCancellation', message: 'stop' } }],
    violate: (t) => replace(t, t.length - 1, { t: 0, actor: 'scheduler', kind: 'exit', error: { class: 'Async\\AsyncCancellation', message: 'stop' } }),
  },
];

describe('every property check holds on a conforming trace and can fail', () => {
  it('covers every EVT/WAK/COR/SCH property (SCP, CAN and cancellation-invariant checks have the same cases in scope.test.ts, cancellation.test.ts, cancellationInvariants.test.ts)', () => {
    const core = allProperties.filter((p) => /^(EVT|WAK|COR|SCH)-\d+:/.test(p.title));
    expect(cases.map((c) => c.id).sort()).toEqual(core.map((p) => p.title.split(':')[0]).sort());
  });
  itRejectsBrokenTraces(cases, property);
  it('STRICT (core) names the accepted prefix, the offending event and the allowed one', () => {
    const s = scenario([{ op: 'log', value: 1 }]);
    const good = expectedTrace(s);
    const p = allProperties.find((x) => x.key === 'STRICT.core')!;
    expect(p.title).toBe("STRICT (core): the adapter's trace is one the spec accepts");
    expect(p.check({ scenario: s, actual: good, expected: good })).toBeUndefined();
    const bad = replace(good, 1, { t: 0, actor: 'main', kind: 'log', value: 2 });
    expect(p.check({ scenario: s, actual: bad, expected: good })).toMatch(
      /^the spec rejects the trace at #1 \[SCH-1\]; accepted prefix: 1 events, the last .*"started".*; offending event: .*"value":2.*; the spec allowed: .*"value":1.* \(SCH-1\)$/,
    );
  });
});
