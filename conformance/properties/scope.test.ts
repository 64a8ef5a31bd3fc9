/**
 * The scope properties judged against the executable spec: every generated
 * scenario is valid and its spec trace passes the check, and each property
 * rejects a trace broken by hand in the way its rule forbids.
 */
import { describe, expect, it } from 'vitest';
import { itAgreesWithSpec, itRejectsBrokenTraces, type BrokenCase } from '../../test/support/propertyCases.js';
import { find, insert, is, remove, replace, scenario } from '../../test/support/traceEdits.js';
import type { ErrorValue, Instruction } from '../../spec/system/scenario.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { markedOnFinally } from '../arbitraries/coroutineScenarios.js';
import { throwMarker } from '../arbitraries/markers.js';
import { marked, markedGuarded, markedSpawn, parseScopeOpMarker, scopeOpMarker, sleeper } from '../arbitraries/scopeScenarios.js';
import { scopeProperties } from './scope.props.js';
import type { ConformanceProperty } from '../harness/property.js';

const property = (id: string): ConformanceProperty => scopeProperties.find((p) => p.title.startsWith(`${id}:`))!;
const cancelled = (message: string): ErrorValue => ({ class: 'Async\\AsyncCancellation', message });

const newS: Instruction[] = marked({ op: 'scope.new', id: 'S' });
const safeS: Instruction[] = markedGuarded({ op: 'scope.inherit', id: 'S' });
const childC: Instruction[] = markedGuarded({ op: 'scope.inherit', id: 'C', parent: 'S' });
const cancelS: Instruction[] = marked({ op: 'scope.cancel', scope: 'S' });


const cases: BrokenCase[] = [
  {
    id: 'SCP-1',
    main: [...newS, ...markedGuarded({ op: 'scope.inherit', id: 'T', parent: 'S' }), ...markedSpawn('s1', 'S', sleeper('s1', 50, 'catch')), ...markedSpawn('t1', 'T', sleeper('t1', 50, 'catch')), { op: 'suspend' }, ...marked({ op: 'scope.cancel', scope: 'S', reason: 'r1' }), { op: 'query', target: 'T', what: 'isCancelled' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 0, actor: 'main', kind: 'query', target: 'T', what: 'isCancelled', value: false }),
  },
  {
    id: 'SCP-2',
    main: [...safeS, ...markedSpawn('s1', 'S', sleeper('s1', 10, 'plain')), { op: 'suspend' }, ...cancelS, { op: 'delay', ms: 30 }],
    violate: (t) => replace(t, find(t, is('s1', 'resumed')), { t: 0, actor: 's1', kind: 'resumed', error: cancelled('Scope was cancelled') }),
  },
  {
    id: 'SCP-3',
    main: [...newS, ...cancelS, ...markedSpawn('n1', 'S', [{ op: 'log', value: 'n1' }])],
    violate: (t) => replace(t, find(t, is('main', 'caught')), { t: 0, actor: 'main', kind: 'spawned', coroutine: 'n1' }),
  },
  {
    id: 'SCP-4',
    main: [...newS, ...childC, ...markedSpawn('s1', 'S', sleeper('s1', 50, 'plain')), ...markedSpawn('c1', 'C', sleeper('c1', 50, 'plain')), { op: 'suspend' }, ...cancelS],
    violate: (t) => {
      const c = find(t, (e) => e.kind === 'scopeCancel');
      return t.map((e, k) => (k <= c ? e : { ...e, actor: e.actor === 's1' ? 'c1' : e.actor === 'c1' ? 's1' : e.actor }));
    },
  },
  {
    id: 'SCP-5',
    main: [...newS, ...markedGuarded({ op: 'scope.allowZombies', scope: 'S' }), ...markedSpawn('n1', 'S', [{ op: 'log', value: 'ran:n1' }]), ...cancelS],
    violate: (t) => insert(t, find(t, is('n1', 'failed')), { t: 0, actor: 'n1', kind: 'started' }),
  },
  {
    id: 'SCP-6',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 10, 'plain')), { op: 'suspend' }, ...marked({ op: 'scope.disposeSafely', scope: 'S' }), { op: 'delay', ms: 30 }],
    violate: (t) => replace(t, find(t, is('s1', 'resumed')), { t: 0, actor: 's1', kind: 'resumed', error: cancelled('Scope was cancelled') }),
  },
  {
    id: 'SCP-7',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 8, 'linger')), ...markedOnFinally('S', 'main', 'h1'), { op: 'suspend' }, ...cancelS, ...cancelS, { op: 'query', target: 'S', what: 'isClosed' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 0, actor: 'main', kind: 'query', target: 'S', what: 'isClosed', value: false }),
  },
  {
    id: 'SCP-8',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 8, 'linger')), { op: 'suspend' }, ...cancelS, { op: 'query', target: 'S', what: 'isClosed' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 0, actor: 'main', kind: 'query', target: 'S', what: 'isClosed', value: true }),
  },
  {
    id: 'SCP-9',
    main: [...newS, { op: 'query', target: 'S', what: 'isFinished' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { t: 0, actor: 'main', kind: 'query', target: 'S', what: 'isFinished', value: false }),
  },
  {
    id: 'SCP-10',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 10, 'plain')), { op: 'suspend' }, ...marked({ op: 'scope.dispose', scope: 'S' })],
    violate: (t) => replace(t, find(t, is('s1', 'resumed')), { t: 0, actor: 's1', kind: 'resumed', error: cancelled('Coroutine cancelled') }),
  },
  {
    id: 'SCP-11',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 30, 'catch')), ...marked({ op: 'scope.disposeAfterTimeout', scope: 'S', ms: 5 })],
    violate: (t) => {
      const k = find(t, (e) => e.kind === 'scopeCancel');
      return replace(t, k, { ...t[k], t: 6 });
    },
  },
  {
    id: 'SCP-12',
    main: [...newS, ...childC, ...markedSpawn('c1', 'C', sleeper('c1', 3, 'plain')), ...markedGuarded({ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: 20 }), { op: 'log', value: 'waited' }],
    violate: (t) => {
      const k = find(t, is('main', 'resumed'));
      return replace(t, k, { ...t[k], t: 4 });
    },
  },
  {
    id: 'SCP-13',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 8, 'linger')), { op: 'suspend' }, ...cancelS, ...markedGuarded({ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: 5 })],
    violate: (t) => replace(t, find(t, is('main', 'caught')), { t: 0, actor: 'main', kind: 'awaited', value: null }),
  },
  {
    id: 'SCP-14',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 30, 'catch')), ...markedSpawn('f', 'S', [{ op: 'delay', ms: 1 }, { op: 'log', value: throwMarker('RuntimeException') }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }]), { op: 'delay', ms: 40 }],
    violate: (t) => {
      const k = find(t, is('s1', 'resumed'));
      return replace(t, k, { t: 1, actor: 's1', kind: 'resumed', error: cancelled('Scope was cancelled') });
    },
  },
  {
    id: 'SCP-15',
    main: [...safeS, ...markedSpawn('s1', 'S', sleeper('s1', 5, 'plain')), { op: 'suspend' }, ...cancelS, ...markedGuarded({ op: 'scope.awaitAfterCancellation', scope: 'S' }), { op: 'log', value: 'waited' }],
    violate: (t) => replace(t, find(t, (e) => e.kind === 'suspended' && e.on === 'scope:S'), { t: 0, actor: 'main', kind: 'awaited', value: null }),
  },
  {
    id: 'SCP-16',
    main: [...newS, ...markedOnFinally('S', 'main', 'h1'), ...markedSpawn('s1', 'S', sleeper('s1', 2, 'plain')), { op: 'suspend' }, ...cancelS, { op: 'delay', ms: 5 }, ...markedOnFinally('S', 'main', 'h2')],
    violate: (t) => remove(t, find(t, (e) => e.kind === 'finally' && e.actor === 'main')),
  },
  {
    id: 'SCP-18',
    main: [...safeS, ...childC, ...markedSpawn('c1', 'C', sleeper('c1', 10, 'plain')), { op: 'suspend' }, ...marked({ op: 'scope.disposeSafely', scope: 'C' }), ...markedGuarded({ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: 20 })],
    violate: (t) => replace(t, find(t, is('main', 'awaited')), { t: 0, actor: 'main', kind: 'suspended', on: 'scope:S' }),
  },
  {
    id: 'SCP-19',
    main: [...newS, ...markedSpawn('s1', 'S', sleeper('s1', 1, 'plain')), { op: 'suspend' }, ...cancelS, { op: 'delay', ms: 5 }, ...markedGuarded({ op: 'scope.inherit', id: 'I1', parent: 'S' }), { op: 'log', value: 'after' }],
    violate: (t) => remove(t, find(t, is('main', 'caught'))),
  },
  {
    id: 'SCP-20',
    main: [...newS, ...markedSpawn('a', 'S', [...cancelS, { op: 'suspend' }, { op: 'return', value: 'a' }]), { op: 'delay', ms: 5 }],
    violate: (t) => replace(t, find(t, is('a', 'failed')), { t: 0, actor: 'a', kind: 'completed', value: 'a' }),
  },
];

describe('scope properties on the spec\'s traces', () => {
  it('there is one property per observable SCP requirement, in ID order', () => {
    expect(scopeProperties.map((p) => p.requirements[0])).toEqual(['SCP-1', 'SCP-2', 'SCP-3', 'SCP-4', 'SCP-5', 'SCP-6', 'SCP-7', 'SCP-8', 'SCP-9', 'SCP-10', 'SCP-11', 'SCP-12', 'SCP-13', 'SCP-14', 'SCP-15', 'SCP-16', 'SCP-18', 'SCP-19', 'SCP-20']);
    for (const p of scopeProperties) {
      expect(p.title.startsWith(`${p.requirements[0]}: `)).toBe(true);
      expect(p.capabilities).toEqual(['core', 'scope']);
    }
  });

  it('scope-op markers round-trip (a spawn loses its body)', () => {
    expect(parseScopeOpMarker(scopeOpMarker({ op: 'scope.inherit', id: 'T', parent: 'S' }))).toEqual({ op: 'scope.inherit', id: 'T', parent: 'S' });
    expect(parseScopeOpMarker(scopeOpMarker({ op: 'spawn', id: 'a', scope: 'S', body: [{ op: 'suspend' }] }))).toEqual({ op: 'spawn', id: 'a', scope: 'S' });
    expect(parseScopeOpMarker('scope-op:{not json')).toBeUndefined();
    expect(parseScopeOpMarker('hello')).toBeUndefined();
  });

  itAgreesWithSpec(scopeProperties);
  itRejectsBrokenTraces(cases, property);


  it('a trace with no scope events is judged vacuously by every scope property', () => {
    const s = scenario([{ op: 'spawn', id: 'a', body: [{ op: 'suspend' }] }, { op: 'cancel', target: 'a' }]);
    const t = expectedTrace(s);
    for (const p of scopeProperties) expect(p.check({ scenario: s, actual: t, expected: t }), p.title).toBeUndefined();
  });
});
