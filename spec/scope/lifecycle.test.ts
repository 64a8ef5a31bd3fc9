import { describe, expect, it } from 'vitest';
import { explore, exploreAll } from '../kernel/explore.js';
import { withUpdate } from '../kernel/machine.js';
import { DISPOSED_MESSAGE, INHERIT_DISPOSED_MESSAGE } from './model.js';
import type { ScopeLifecycleState } from './lifecycle.js';
import { initial, lifecycleMachine as machine, objectTransitions, parts, refusal, status, statusTransitions, step, stepScope } from './lifecycle.js';

const caught = (m: typeof machine): string[] => explore(m, {}, { maxStates: 1_000 }).violations.map((v) => v.id).sort();

describe('scopeLifecycle machine', () => {
  it('explores every state with every transition firing and every invariant holding', () => {
    const r = exploreAll(machine, [{}], { maxStates: 1_000 });
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
    expect(r.truncated).toBe(false);
    expect(r.states[0]).toBeGreaterThanOrEqual(6);
  });

  it('splits into a status part whose diagram is mostly real edges and an object part that never moves the status', () => {
    const edges = (ts: typeof statusTransitions) => ts.flatMap((t) => t.from.map((f) => ({ from: f, to: t.to === 'same' ? f : t.to })));
    const status = edges(statusTransitions);
    const moving = status.filter((e) => e.from !== e.to);
    expect(moving.length).toBeGreaterThan(status.length / 2);
    expect(new Set(status.flatMap((e) => [e.from, e.to]))).toEqual(new Set(['OPEN', 'CANCELLED', 'CLOSED', 'DISPOSED']));
    expect(edges(objectTransitions).every((e) => e.from === e.to)).toBe(true);
    expect(parts.map((p) => p.transitions.length)).toEqual([statusTransitions.length, objectTransitions.length]);
    expect(machine.transitions).toHaveLength(statusTransitions.length + objectTransitions.length);
  });

  it('cancels an OPEN scope with a busy subtree: CANCELLED, then children, coroutines, waiters (SCP-4)', () => {
    const r = step({}, initial(), { type: 'cancel', subtreeDone: false });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(status(r.state)).toBe('CANCELLED');
    expect(r.outputs.map((o) => o.type)).toEqual(['cancelChildren', 'cancelCoroutines', 'notifyWaiters']);
  });

  it('closes a completely done scope once, scheduling its finally handlers once (SCP-7, SCP-16)', () => {
    const s: ScopeLifecycleState = initial();
    expect(stepScope(s, { type: 'cancel', subtreeDone: true })?.map((o) => o.type)).toEqual(['runFinally']);
    expect(status(s)).toBe('CLOSED');
    expect(stepScope(s, { type: 'cancel', subtreeDone: false })).toEqual([]);
    expect(stepScope(s, { type: 'onFinally' })?.map((o) => o.type)).toEqual(['callFinallyNow']);
  });

  it('a second cancel of a CANCELLED scope closes it: CANCELLED counts as completely done (SCP-7)', () => {
    const s: ScopeLifecycleState = initial();
    stepScope(s, { type: 'cancel', subtreeDone: false });
    expect(stepScope(s, { type: 'cancel', subtreeDone: false })?.map((o) => o.type)).toEqual(['runFinally']);
    expect(s).toMatchObject({ cancelled: true, closed: true });
  });

  it('disposes only a cancelled, drained scope; a disposed one refuses inherit and settings (SCP-12, SCP-19)', () => {
    const s: ScopeLifecycleState = initial();
    expect(stepScope(s, { type: 'dispose', drained: true })).toBeUndefined();
    stepScope(s, { type: 'cancel', subtreeDone: false });
    expect(stepScope(s, { type: 'dispose', drained: false })).toBeUndefined();
    expect(stepScope(s, { type: 'dispose', drained: true })?.map((o) => o.type)).toEqual(['runFinally', 'leaveParent']);
    expect(status(s)).toBe('DISPOSED');
    expect(refusal(s, { type: 'inherit' })).toBe(INHERIT_DISPOSED_MESSAGE);
    expect(refusal(s, { type: 'configure' })).toBe(DISPOSED_MESSAGE);
    expect(() => stepScope(s, { type: 'inherit' })).toThrow(INHERIT_DISPOSED_MESSAGE);
  });

  it('announces a fired disposeAfterTimeout before its cascade, and ignores it once closed (SCP-11)', () => {
    const s: ScopeLifecycleState = initial();
    expect(stepScope(s, { type: 'disposeAfterTimeout', idle: true })).toEqual([]);
    expect(stepScope(s, { type: 'disposeAfterTimeout', idle: false })?.map((o) => o.type)).toEqual(['armTimer']);
    expect(stepScope(s, { type: 'timerFires', subtreeDone: false })?.[0]?.type).toBe('timedOut');
    stepScope(s, { type: 'cancel', subtreeDone: false });
    expect(stepScope(s, { type: 'timerFires', subtreeDone: false })).toEqual([]);
  });

  it('each invariant fails against a deliberately broken machine', () => {
    const ok = (state: ScopeLifecycleState) => ({ kind: 'ok' as const, state, outputs: [] });
    expect(caught(withUpdate(machine, 'disposeAndLeaveParent', (_c, s) => ok({ ...s, disposed: true, cancelled: false, finallyRan: true })))).toContain('SCP-12');
    expect(caught(withUpdate(machine, 'closeAndRunFinally', (_c, s) => ok({ ...s, closed: true })))).toEqual(['SCP-16']);
    expect(caught(withUpdate(machine, 'cancelSubtree', (_c, s) => ok({ ...s, cancelled: true, finallyRan: true })))).toEqual(['SCP-16']);
  });
});
