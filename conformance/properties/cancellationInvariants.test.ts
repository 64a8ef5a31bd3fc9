import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itAgreesWithSpec, itRejectsBrokenTraces } from '../../test/support/propertyCases.js';
import type { Instruction, Scenario } from '../../spec/system/scenario.js';
import type { Trace, TraceEvent } from '../../spec/system/trace.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { validateScenario } from '../scenario/validate.js';
import { markedAwait, onFinallyMarker } from '../arbitraries/markers.js';
import { guarded } from '../arbitraries/eventScenarios.js';
import { PROTECT_ENTER, PROTECT_LEAVE, forestOf, scopeForestScenario } from '../arbitraries/scopeForest.js';
import { cancellationInvariantProperties, replayCancellation } from './cancellationInvariants.props.js';
import type { ConformanceProperty } from '../harness/property.js';

/** The aspects of the cancellation invariants, in property order. */
const ASPECTS = ['termination', 'downward-only', 'not-started', 'first-reason-wins', 'protect-window', 'predicate-lattice', 'safe-mode', 'token-isolation', 'silence', 'finally-once'];
const property = (n: number): ConformanceProperty => cancellationInvariantProperties.find((p) => p.aspect === ASPECTS[n - 1])!;
const scenario = (main: Instruction[]): Scenario => ({ version: 1, main });
const find = (t: Trace, p: (e: TraceEvent) => boolean, from = 0): number => {
  const i = t.findIndex((e, k) => k >= from && p(e));
  if (i === -1) throw new Error('test: event not found');
  return i;
};
const replace = (t: Trace, i: number, e: Partial<TraceEvent>): Trace => t.map((x, k) => (k === i ? ({ ...x, ...e } as TraceEvent) : x));
const remove = (t: Trace, i: number): Trace => t.filter((_, k) => k !== i);
const insert = (t: Trace, i: number, e: TraceEvent): Trace => [...t.slice(0, i), e, ...t.slice(i)];
const is = (actor: string, kind: string) => (e: TraceEvent) => e.actor === actor && e.kind === kind;
const cancellation = (message: string) => ({ class: 'Async\\AsyncCancellation' as const, message });
const withoutError = (e: TraceEvent): TraceEvent => {
  const { error: _drop, ...rest } = e as TraceEvent & { error?: unknown };
  void _drop;
  return rest as TraceEvent;
};

/** s1 (not safe) with c1 sleeping 10 ms; main waits 1 ms first. */
const sleeper = (extra: Instruction[], body: Instruction[] = [{ op: 'delay', ms: 10 }], safe = false): Scenario =>
  scenario([
    { op: 'scope.new', id: 's1' }, { op: safe ? 'scope.allowZombies' : 'scope.asNotSafely', scope: 's1' },
    { op: 'spawn', id: 'c1', scope: 's1', body }, { op: 'delay', ms: 1 }, ...extra,
  ]);

interface Case {
  n: number;
  what: string;
  scenario: Scenario;
  violate: (t: Trace) => Trace;
}

const cases: Case[] = [
  {
    n: 1, what: 'a cancelled sleeper wakes only when its timer fires',
    scenario: sleeper([{ op: 'scope.cancel', scope: 's1', reason: 'sr1' }]),
    violate: (t) => t.map((e) => (e.actor === 'c1' && (e.kind === 'resumed' || e.kind === 'failed') ? { ...e, t: 10 } : e)),
  },
  {
    n: 2, what: "a child scope's cancel marks the parent cancelled",
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'scope.asNotSafely', scope: 's1' }, { op: 'scope.inherit', id: 's2', parent: 's1' },
      { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 10 }] }, { op: 'spawn', id: 'c2', scope: 's2', body: [{ op: 'delay', ms: 10 }] },
      { op: 'delay', ms: 1 }, { op: 'scope.cancel', scope: 's2', reason: 'sr1' }, { op: 'query', target: 's1', what: 'isCancelled' },
    ]),
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query' && e.target === 's1'), { value: true } as Partial<TraceEvent>),
  },
  {
    n: 2, what: "a child scope's cancellation reaches the parent's coroutine",
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'scope.asNotSafely', scope: 's1' }, { op: 'scope.inherit', id: 's2', parent: 's1' },
      { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 10 }] }, { op: 'spawn', id: 'c2', scope: 's2', body: [{ op: 'delay', ms: 10 }] },
      { op: 'delay', ms: 1 }, { op: 'scope.cancel', scope: 's2', reason: 'sr1' },
    ]),
    violate: (t) => replace(t, find(t, is('c1', 'resumed')), { error: cancellation('sr1') } as Partial<TraceEvent>),
  },
  {
    n: 3, what: 'a coroutine cancelled before it started runs its body',
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'log', value: 'body' }] },
      { op: 'log', value: onFinallyMarker('c1', 'h1') }, { op: 'onFinally', target: 'c1', handler: 'h1' },
      { op: 'scope.cancel', scope: 's1', reason: 'sr1' },
    ]),
    violate: (t) => insert(t, find(t, is('c1', 'failed')), { t: 0, actor: 'c1', kind: 'started' }),
  },
  {
    n: 3, what: 'the finally handler of a coroutine cancelled before it started does not run',
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'log', value: 'body' }] },
      { op: 'log', value: onFinallyMarker('c1', 'h1') }, { op: 'onFinally', target: 'c1', handler: 'h1' },
      { op: 'scope.cancel', scope: 's1', reason: 'sr1' },
    ]),
    violate: (t) => remove(t, find(t, (e) => e.kind === 'finally')),
  },
  {
    n: 4, what: 'the second reason wins',
    scenario: sleeper([{ op: 'cancel', target: 'c1', reason: 'r1' }, { op: 'cancel', target: 'c1', reason: 'r2' }]),
    violate: (t) => replace(t, find(t, is('c1', 'resumed')), { error: cancellation('r2') } as Partial<TraceEvent>),
  },
  {
    n: 4, what: 'a self-cancelled coroutine that threw loses its reason from the previous chain',
    scenario: scenario([
      { op: 'scope.new', id: 's1' },
      { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'cancel', target: 'self', reason: 'self-c1' }, { op: 'delay', ms: 2 }, { op: 'log', value: 'throw:RuntimeException' }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] },
      guarded(markedAwait({ op: 'await', target: { coroutine: 'c1' } })),
    ]),
    violate: (t) => replace(t, find(t, is('c1', 'failed')), { error: { class: 'RuntimeException', message: 'boom' } } as Partial<TraceEvent>),
  },
  {
    n: 5, what: 'a cancellation is thrown inside protect',
    scenario: sleeper([{ op: 'cancel', target: 'c1', reason: 'r1' }], [
      { op: 'protect', body: [{ op: 'log', value: PROTECT_ENTER }, { op: 'delay', ms: 10 }, { op: 'log', value: PROTECT_LEAVE }] }, { op: 'log', value: 'after' },
    ]),
    violate: (t) => replace(t, find(t, is('c1', 'resumed')), { error: cancellation('r1') } as Partial<TraceEvent>),
  },
  {
    n: 5, what: 'the deferred cancellation is dropped at the protect exit',
    scenario: sleeper([{ op: 'cancel', target: 'c1', reason: 'r1' }], [
      { op: 'protect', body: [{ op: 'log', value: PROTECT_ENTER }, { op: 'delay', ms: 10 }, { op: 'log', value: PROTECT_LEAVE }] }, { op: 'log', value: 'after' },
    ]),
    violate: (t) => {
      const f = find(t, is('c1', 'failed'));
      return insert(replace(t, f, { kind: 'completed', value: null, error: undefined } as unknown as Partial<TraceEvent>).map((e, k) => (k === f ? withoutError(e) : e)), f, { t: 10, actor: 'c1', kind: 'log', value: 'after' });
    },
  },
  {
    n: 6, what: 'isCancelled is true before the coroutine completed',
    scenario: sleeper([{ op: 'cancel', target: 'c1', reason: 'r1' }, ...(['isCancelled', 'isCancellationRequested', 'isCompleted', 'isSuspended'] as const).map((what): Instruction => ({ op: 'query', target: 'c1', what }))]),
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query' && e.what === 'isCancelled'), { value: true } as Partial<TraceEvent>),
  },
  {
    n: 6, what: 'isCancellationRequested is false after a cancel',
    scenario: sleeper([{ op: 'cancel', target: 'c1', reason: 'r1' }, { op: 'query', target: 'c1', what: 'isCancellationRequested' }]),
    violate: (t) => replace(t, find(t, (e) => e.kind === 'query'), { value: false } as Partial<TraceEvent>),
  },
  {
    n: 7, what: 'a safe scope throws its cancellation into a started coroutine',
    scenario: sleeper([{ op: 'scope.cancel', scope: 's1', reason: 'sr1' }], [{ op: 'delay', ms: 10 }, { op: 'log', value: 'done' }], true),
    violate: (t) => replace(t, find(t, is('c1', 'resumed')), { error: cancellation('sr1') } as Partial<TraceEvent>),
  },
  {
    n: 7, what: 'a safe scope runs a coroutine that had not started',
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'scope.allowZombies', scope: 's1' }, { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'log', value: 'body' }] },
      { op: 'scope.cancel', scope: 's1', reason: 'sr1' },
    ]),
    violate: (t) => insert(t, find(t, is('c1', 'failed')), { t: 0, actor: 'c1', kind: 'started' }),
  },
  {
    n: 8, what: "a timeout cancels the awaited coroutine",
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 10 }] },
      guarded(markedAwait({ op: 'await', target: { coroutine: 'c1' }, timeoutMs: 2 })),
    ]),
    violate: (t) => replace(t, find(t, is('c1', 'resumed')), { t: 2, error: cancellation('Operation has been cancelled') } as Partial<TraceEvent>),
  },
  {
    n: 8, what: 'the timeout reaches the awaited coroutine',
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 10 }] },
      guarded(markedAwait({ op: 'await', target: { coroutine: 'c1' }, timeoutMs: 2 })),
    ]),
    violate: (t) => replace(t, find(t, is('c1', 'resumed')), { error: { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled', previous: { class: 'Async\\TimeoutException', message: 'Timeout occurred after 2 milliseconds' } } } as Partial<TraceEvent>),
  },
  {
    n: 9, what: 'an uncaught error spares its sibling',
    scenario: scenario([
      { op: 'scope.new', id: 's1' },
      { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 5 }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] },
      { op: 'spawn', id: 'c2', scope: 's1', body: [{ op: 'delay', ms: 10 }] },
    ]),
    violate: (t) => t.map((e) => (e.actor === 'c2' && (e.kind === 'resumed' || e.kind === 'failed') ? { ...withoutError(e), t: 10, ...(e.kind === 'failed' ? { kind: 'completed', value: null } : {}) } as TraceEvent : e)),
  },
  {
    n: 9, what: 'a run where only a non-main coroutine failed ends with an exit error',
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] },
    ]),
    violate: (t) => replace(t, t.length - 1, { error: { class: 'RuntimeException', message: 'boom' } } as Partial<TraceEvent>),
  },
  {
    n: 9, what: "a coroutine's uncaught cancellation cancels its sibling",
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'scope.asNotSafely', scope: 's1' },
      { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 10 }] }, { op: 'spawn', id: 'c2', scope: 's1', body: [{ op: 'delay', ms: 10 }] },
      { op: 'delay', ms: 1 }, { op: 'cancel', target: 'c1', reason: 'r1' },
    ]),
    violate: (t) => replace(t, find(t, is('c2', 'resumed')), { t: 1, error: cancellation('Coroutine cancelled') } as Partial<TraceEvent>),
  },
  {
    n: 10, what: "a coroutine's finally handler runs twice",
    scenario: sleeper([{ op: 'log', value: onFinallyMarker('c1', 'h1') }, { op: 'onFinally', target: 'c1', handler: 'h1' }, { op: 'cancel', target: 'c1', reason: 'r1' }]),
    violate: (t) => {
      const k = find(t, (e) => e.kind === 'finally');
      return insert(t, k, t[k]);
    },
  },
  {
    n: 10, what: "a disposed scope's finally handler never runs",
    scenario: scenario([
      { op: 'scope.new', id: 's1' }, { op: 'onFinally', target: 's1', handler: 'hs' },
      { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 10 }] }, { op: 'delay', ms: 1 }, { op: 'scope.cancel', scope: 's1', reason: 'sr1' },
    ]),
    violate: (t) => remove(t, find(t, (e) => e.kind === 'finally' && e.target === 's1')),
  },
];

describe('the cancellation invariants', () => {
  it('there are ten, each with its aspect, its IDs first in its title, capabilities core+scope', () => {
    expect(cancellationInvariantProperties.map((p) => p.aspect)).toEqual(ASPECTS);
    for (const p of cancellationInvariantProperties) {
      expect(p.title.startsWith(`${p.requirements.join(' ')} (${p.aspect}): `), p.title).toBe(true);
      expect(p.capabilities).toEqual(['core', 'scope']);
    }
  });

  itAgreesWithSpec(cancellationInvariantProperties, { seed: 13, label: (p) => p.key });

  it('every check passes the spec traces of 300 scenarios using every feature', () => {
    const all = scopeForestScenario({ shutdown: true, queries: true, queriesAfter: true, selfCancel: true });
    for (const s of fc.sample(all, { numRuns: 300, seed: 17 })) {
      const t = expectedTrace(structuredClone(s));
      for (const p of cancellationInvariantProperties) expect(p.check({ scenario: s, actual: t, expected: t }), `${p.title}\n${JSON.stringify(s)}`).toBeUndefined();
    }
  });

  itRejectsBrokenTraces(
    cases.map((c) => ({ id: `cancellation-invariant-${c.n}`, scenario: c.scenario, what: c.what, violate: c.violate })),
    (id) => property(Number(id.slice('cancellation-invariant-'.length))),
  );
});

describe('scopeForestScenario', () => {
  it('builds forests of depth ≤ 4 and fan-out ≤ 3 with ≤ 4 coroutines per scope, flags set right after creation', () => {
    for (const s of fc.sample(scopeForestScenario(), { numRuns: 300, seed: 3 })) {
      const f = forestOf(s);
      const depth = (id: string): number => (f.parent.get(id) ? 1 + depth(f.parent.get(id)!) : 1);
      for (const id of f.scopes) {
        expect(depth(id)).toBeLessThanOrEqual(4);
        expect(f.scopes.filter((c) => f.parent.get(c) === id).length).toBeLessThanOrEqual(3);
        expect(f.coroutines.filter((c) => f.scopeOf.get(c) === id).length).toBeLessThanOrEqual(4);
        const k = s.main.findIndex((i) => (i.op === 'scope.new' || i.op === 'scope.inherit') && i.id === id);
        expect(['scope.allowZombies', 'scope.asNotSafely']).toContain(s.main[k + 1].op);
      }
      expect(f.coroutines.length).toBeLessThanOrEqual(8);
    }
  });

  it('options focus the scenarios: all-safe forests without throws or protect', () => {
    for (const s of fc.sample(scopeForestScenario({ safety: 'safe', throws: false, protect: false }), { numRuns: 100, seed: 5 })) {
      const text = JSON.stringify(s);
      expect(text).not.toContain('"throw"');
      expect(text).not.toContain('"protect"');
      expect(text).not.toContain('asNotSafely');
    }
  });

  it('shrinking keeps scenarios valid', () => {
    const seen: Scenario[] = [];
    fc.check(fc.property(scopeForestScenario({ shutdown: true, selfCancel: true, queries: true }), (s) => {
      seen.push(s);
      return JSON.stringify(s).length < 600;
    }), { seed: 3, numRuns: 200 });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => !validateScenario(s).ok)).toEqual([]);
  });

  it('the replay sees the cascade of a scope cancel: deliver, ignore, zombify and defer', () => {
    const s = scenario([
      { op: 'scope.new', id: 's1' }, { op: 'scope.asNotSafely', scope: 's1' },
      { op: 'scope.inherit', id: 's2', parent: 's1' }, { op: 'scope.allowZombies', scope: 's2' },
      { op: 'spawn', id: 'c1', scope: 's1', body: [{ op: 'delay', ms: 10 }] },
      { op: 'spawn', id: 'c2', scope: 's1', body: [{ op: 'protect', body: [{ op: 'log', value: PROTECT_ENTER }, { op: 'delay', ms: 10 }, { op: 'log', value: PROTECT_LEAVE }] }] },
      { op: 'spawn', id: 'c3', scope: 's2', body: [{ op: 'delay', ms: 10 }] },
      { op: 'delay', ms: 1 },
      { op: 'spawn', id: 'c4', scope: 's1', body: [] },
      { op: 'scope.disposeSafely', scope: 's2' }, { op: 'scope.cancel', scope: 's1', reason: 'sr1' },
    ]);
    const rep = replayCancellation(s, expectedTrace(s));
    expect(rep.coroutines.get('c1')!.hits.map((h) => h.kind)).toEqual(['deliver']);
    expect(rep.coroutines.get('c2')!.hits.map((h) => h.kind)).toEqual(['defer']);
    expect(rep.coroutines.get('c3')!.hits.map((h) => h.kind)).toEqual(['zombify']);
    expect(rep.coroutines.get('c4')!.hits.map((h) => h.kind)).toEqual(['ignore']);
    // s2 was already cancelled, so the cascade from s1 closes it (SCP-7); s1 is disposed once all finished.
    expect(rep.scopes.get('s2')!.closedAt).toBeGreaterThan(0);
    expect(rep.scopes.get('s1')!.disposedAt).toBeGreaterThan(rep.scopes.get('s2')!.closedAt);
  });
});
