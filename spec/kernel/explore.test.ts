import { describe, expect, it } from 'vitest';
import { explore, exploreAll, runActions } from './explore.js';
import { stepBy, type Machine, type Transition } from './machine.js';

type S = { n: number };
type A = { type: 'inc' } | { type: 'reset' };
const transitions: Transition<{ max: number }, S, A, never>[] = [
  { requirement: 'T-1', from: ['counting'], on: 'inc', to: 'counting', guard: { name: 'belowMax', fn: (c, s) => s.n < c.max }, update: { name: 'increment', fn: (_c, s) => ({ kind: 'ok', state: { n: s.n + 1 }, outputs: [] }) } },
  { requirement: 'T-2', from: ['counting'], on: 'reset', to: 'counting', update: { name: 'reset', fn: () => ({ kind: 'ok', state: { n: 0 }, outputs: [] }) } },
];
const counter = (holds: (s: S, c: { max: number }) => boolean): Machine<{ max: number }, S, A, never> => ({
  name: 'counter', initial: () => ({ n: 0 }), status: () => 'counting', transitions,
  step: (c, s, a) => stepBy({ transitions, status: () => 'counting' }, c, s, a),
  enabled: () => [{ type: 'inc' }, { type: 'reset' }],
  invariants: [{ id: 'T-1', title: 'never above max', holds }],
});

describe('explore()', () => {
  it('visits every reachable state once and records the transitions that fired', () => {
    const r = explore(counter((s, c) => s.n <= c.max), { max: 3 });
    expect(r.states).toBe(4);
    expect(r.truncated).toBe(false);
    expect([...r.fired].sort()).toEqual([0, 1]);
    expect(r.violations).toEqual([]);
  });

  it('reports a violated invariant with the path that reaches it', () => {
    const r = explore(counter((s) => s.n < 2), { max: 3 });
    expect(r.violations.map((v) => [v.id, v.state, v.path.length])).toEqual([['T-1', { n: 2 }, 2]]);
  });

  it('stops at maxStates, and at the first violation of `until`', () => {
    expect(explore(counter(() => true), { max: 100 }, { maxStates: 10 })).toMatchObject({ states: 10, truncated: true });
    const early = explore(counter((s) => s.n < 2), { max: 100 }, { until: 'T-1' });
    expect(early.violations.map((v) => v.id)).toEqual(['T-1']);
    expect(early.states).toBeLessThan(10);
  });

  it('a step with no matching transition is an Unhandled error, not a throw', () => {
    const m = counter(() => true);
    expect(m.step({ max: 0 }, { n: 0 }, { type: 'inc' })).toMatchObject({ kind: 'error', error: { type: 'Unhandled' } });
  });
});

describe('exploreAll() and runActions()', () => {
  it('merges coverage: a transition no configuration fires is reported unfired', () => {
    const m = counter(() => true);
    expect(exploreAll(m, [{ max: 0 }])).toMatchObject({ states: [1], truncated: false, violations: [], unfired: ['T-1:increment'] });
    expect(exploreAll(m, [{ max: 0 }, { max: 1 }]).unfired).toEqual([]);
    expect(exploreAll(counter((s) => s.n < 1), [{ max: 0 }, { max: 2 }]).violations).toEqual(['T-1']);
  });

  it('runs actions in order and stops at the first rejected one', () => {
    const m = counter(() => true);
    const twice: A[] = [{ type: 'inc' }, { type: 'inc' }];
    expect(runActions(m, { max: 5 }, twice)).toEqual({ state: { n: 2 }, outputs: [] });
    const withReset: A[] = [...twice, { type: 'reset' }];
    const r = runActions(m, { max: 1 }, withReset);
    expect(r.state).toEqual({ n: 1 });
    expect(r.rejected).toMatchObject({ index: 1, action: { type: 'inc' }, error: { type: 'Unhandled' } });
  });
});
