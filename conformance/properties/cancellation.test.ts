import { describe, expect, it } from 'vitest';
import { itAgreesWithSpec, itRejectsBrokenTraces, type BrokenCase } from '../../test/support/propertyCases.js';
import { find, insert, is, remove, replace } from '../../test/support/traceEdits.js';
import { guarded } from '../arbitraries/eventScenarios.js';
import { markedAwait } from '../arbitraries/markers.js';
import { markedProtect, markedTry, parseCanMarker } from '../arbitraries/cancellationScenarios.js';
import { cancellationProperties } from './cancellation.props.js';

const RUNS = 300;

const cancelled = (message: string) => ({ class: 'Async\\AsyncCancellation' as const, message });

/** Per property: a small scenario, and a hand-broken version of its correct trace that the check must reject. */
const cases: BrokenCase[] = [
  {
    id: 'CAN-1',
    main: [
      { op: 'spawn', id: 'a', body: [markedTry('a1', [{ op: 'delay', ms: 5 }], { catches: [{ cls: 'Exception' }, { cls: 'Cancellation' }] })] },
      { op: 'suspend' }, { op: 'cancel', target: 'a' },
    ],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'log' && e.value === 'can:catch:a1:Cancellation'), { t: 0, actor: 'a', kind: 'log', value: 'can:catch:a1:Exception' }),
  },
  {
    id: 'CAN-2',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'log', value: 'a ran' }] }, { op: 'cancel', target: 'a', reason: 'r1' }, guarded(markedAwait({ op: 'await', target: { coroutine: 'a' } }))],
    violate: (t) => insert(t, find(t, is('a', 'failed')), { t: 0, actor: 'a', kind: 'started' }),
  },
  {
    id: 'CAN-3',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'cancel', target: 'self', reason: 'r1' }, { op: 'suspend' }, { op: 'log', value: 'on' }, { op: 'return', value: 1 }] }],
    violate: (t) => replace(t, find(t, is('a', 'failed')), { t: 0, actor: 'a', kind: 'completed', value: 1 }),
  },
  {
    id: 'CAN-4',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'delay', ms: 5 }] }, { op: 'suspend' }, { op: 'cancel', target: 'a', reason: 'r1' }, { op: 'cancel', target: 'a', reason: 'r2' }],
    violate: (t) => replace(t, find(t, is('a', 'failed')), { t: 0, actor: 'a', kind: 'failed', error: cancelled('r2') }),
  },
  {
    id: 'CAN-5',
    main: [{ op: 'spawn', id: 'a', body: markedProtect('a1', [{ op: 'delay', ms: 5 }]) }, { op: 'suspend' }, { op: 'cancel', target: 'a', reason: 'r1' }],
    violate: (t) => replace(t, find(t, is('a', 'failed')), { t: 5, actor: 'a', kind: 'log', value: 'can:after-protect:a1' }),
  },
  {
    id: 'CAN-6',
    main: [
      { op: 'spawn', id: 'a', body: markedProtect('a1', [...markedProtect('a2', [{ op: 'delay', ms: 5 }]), { op: 'delay', ms: 5 }]) },
      { op: 'suspend' }, { op: 'cancel', target: 'a', reason: 'r1' },
    ],
    violate: (t) => replace(t, find(t, is('a', 'failed')), { t: 5, actor: 'a', kind: 'log', value: 'can:after-protect:a2' }),
  },
  {
    id: 'CAN-7',
    main: [
      { op: 'scope.new', id: 's1' },
      { op: 'spawn', id: 'a', scope: 's1', body: [{ op: 'delay', ms: 10 }] },
      { op: 'spawn', id: 'b', scope: 's1', body: [{ op: 'delay', ms: 20 }, { op: 'log', value: 'b' }] },
      { op: 'suspend' }, { op: 'cancel', target: 'a' }, { op: 'delay', ms: 30 }, { op: 'query', target: 's1', what: 'isCancelled' },
    ],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 30, actor: 'main', kind: 'query', target: 's1', what: 'isCancelled', value: true }),
  },
  {
    id: 'CAN-8',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'delay', ms: 5 }] }, { op: 'suspend' }, { op: 'cancel', target: 'a' }, { op: 'query', target: 'a', what: 'isCancellationRequested' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 0, actor: 'main', kind: 'query', target: 'a', what: 'isCancellationRequested', value: false }),
  },
  {
    id: 'CAN-9',
    main: [{ op: 'spawn', id: 'x', body: [{ op: 'delay', ms: 10 }, { op: 'return', value: 'v' }] }, guarded(markedAwait({ op: 'await', target: { coroutine: 'x' }, timeoutMs: 3 }))],
    violate: (t) => replace(t, find(t, is('main', 'resumed')), { t: 3, actor: 'main', kind: 'resumed', error: { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled' } }),
  },
  {
    id: 'CAN-10',
    main: [{ op: 'spawn', id: 'a', body: [markedTry('a1', [{ op: 'delay', ms: 5 }], { finally: true })] }, { op: 'suspend' }, { op: 'cancel', target: 'a' }],
    violate: (t) => remove(t, find(t, (e) => e.kind === 'log' && e.value === 'can:finally:a1')),
  },
  {
    id: 'CAN-11',
    main: [{ op: 'spawn', id: 'a', body: markedProtect('a1', [{ op: 'delay', ms: 10 }]) }, { op: 'suspend' }, { op: 'shutdown' }],
    violate: (t) => replace(t, find(t, is('a', 'resumed')), { t: 0, actor: 'a', kind: 'resumed' }),
  },
  {
    id: 'CAN-12',
    main: [{ op: 'spawn', id: 'a', body: [{ op: 'delay', ms: 10 }] }, { op: 'suspend' }, { op: 'cancel', target: 'a' }],
    violate: (t) => {
      const i = find(t, (e) => e.kind === 'cancel');
      const broken = replace(t, i, { t: 0, actor: 'main', kind: 'cancel', target: 'a', reason: 'Cancelled' });
      const r = find(broken, is('a', 'resumed'));
      return replace(broken, r, { t: 0, actor: 'a', kind: 'resumed', error: cancelled('Cancelled') });
    },
  },
];

describe('cancellation properties: checks', () => {
  it('one property per requirement CAN-1..CAN-12, in ID order', () => {
    expect(cancellationProperties.map((p) => p.requirements)).toEqual(Array.from({ length: 12 }, (_, i) => [`CAN-${i + 1}`]));
    for (const p of cancellationProperties) expect(p.title.startsWith(`${p.requirements[0]}: `)).toBe(true);
    expect(cancellationProperties[5].title).toContain('implementation-defined');
  });

  itAgreesWithSpec(cancellationProperties, { runs: RUNS, seed: 42 });
  itRejectsBrokenTraces(cases, (id) => cancellationProperties.find((p) => p.requirements[0] === id)!);

  it('markers round-trip', () => {
    expect(parseCanMarker('can:try:a1')).toEqual({ kind: 'try', n: 'a1' });
    expect(parseCanMarker('can:try:a1:end')).toEqual({ kind: 'try-end', n: 'a1' });
    expect(parseCanMarker('can:catch:a1:Async\\AsyncCancellation')).toEqual({ kind: 'catch', n: 'a1', cls: 'Async\\AsyncCancellation' });
    expect(parseCanMarker('can:finally:a1')).toEqual({ kind: 'finally', n: 'a1' });
    expect(parseCanMarker('can:protect:a2:end')).toEqual({ kind: 'protect-end', n: 'a2' });
    expect(parseCanMarker('can:after-protect:a2')).toEqual({ kind: 'after-protect', n: 'a2' });
    expect(parseCanMarker('can:awaitCompletion:s1')).toEqual({ kind: 'awaitCompletion', scope: 's1' });
    expect(parseCanMarker('await:coroutine:a')).toBeUndefined();
  });
});
