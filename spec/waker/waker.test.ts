import { exploreAll, runActions } from '../kernel/explore.js';
import { withUpdate } from '../kernel/machine.js';
import { describe, expect, it } from 'vitest';
import { explore } from '../kernel/explore.js';
import type { Machine, StepResult } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import type { ErrorValue } from '../../language/values.js';
import { allRequirements } from '../requirements.js';
import type { WakerAction, WakerConfig, WakerOutput, WakerState } from './index.js';
import { NOT_RESOLVED_MESSAGE, NOT_SUSPENDED_MESSAGE, applyCancellation, eventOutcome, initial, machine, mergeResumeError, step } from './index.js';

type M = Machine<WakerConfig, WakerState, WakerAction, WakerOutput>;
type Fn = (c: WakerConfig, s: WakerState, a: WakerAction) => StepResult<WakerState, WakerOutput>;

const configs: WakerConfig[] = [
  { events: [{ id: 'e1', kind: 'resolve' }, { id: 'e2', kind: 'token' }], maxErrorChain: 2 },
  { events: [{ id: 'e1', kind: 'fail' }, { id: 'e2', kind: 'timer' }], maxErrorChain: 2 },
  { events: [{ id: 'e1', kind: 'timeout' }, { id: 'e2', kind: 'resolve' }], maxErrorChain: 2 },
];
const [base] = configs;

function mutant(name: string, fn: Fn): M {
  return withUpdate(machine, name, fn);
}
const ok = (state: WakerState): StepResult<WakerState, WakerOutput> => ({ kind: 'ok', state, outputs: [] });
const caught = (m: M, config: WakerConfig = base): string[] => explore(m, config, { maxStates: 20_000 }).violations.map((v) => v.id);
/** Like `caught`, but stops exploring once invariant `id` is violated. */
const caughtUntil = (id: string, m: M, config: WakerConfig = base): string[] => explore(m, config, { maxStates: 20_000, until: id }).violations.map((v) => v.id);

function run(config: WakerConfig, actions: WakerAction[]): { state: WakerState; outputs: WakerOutput[] } {
  const r = runActions(machine, config, actions);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}
const running: WakerAction[] = [{ type: 'spawn' }, { type: 'switchIn' }, { type: 'clean' }];

const exc = (m: string, previous?: ErrorValue): ErrorValue => ({ class: 'RuntimeException', message: m, ...(previous ? { previous } : {}) });
const can = (m: string): ErrorValue => ({ class: 'Async\\AsyncCancellation', message: m });

describe('waker machine', () => {
  it('explores two-event instances without violations and fires every transition', () => {
    const r = exploreAll(machine, configs);
    expect(r.truncated).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
  });

  it('every transition and invariant names a known requirement', () => {
    const ids = new Set(allRequirements.map((r) => r.id));
    for (const t of machine.transitions) expect(ids.has(t.requirement), t.requirement).toBe(true);
    for (const inv of machine.invariants) expect(ids.has(inv.id), inv.id).toBe(true);
  });

  it('WAK-4: a fire that carries its outcome delivers that value or that error, not the one of its event kind', () => {
    const held = 'row-7'; // not what e1's `resolve` callback would give ('e1')
    const { outputs } = run(base, [
      ...running,
      { type: 'resumeWhen', event: 'e1' },
      { type: 'resumeWhen', event: 'e2' },
      { type: 'suspend', site: 'L1' },
      { type: 'switchAway' },
      { type: 'fire', event: 'e1', outcome: { value: held } },
      { type: 'switchIn' },
      { type: 'clean' },
    ]);
    const awaited = outputs.find((o) => o.type === 'awaited');
    expect(awaited && awaited.type === 'awaited' && awaited.value).toBe(held);
    const err = exc('by reference');
    const failed = run(base, [
      ...running, { type: 'resumeWhen', event: 'e1' }, { type: 'resumeWhen', event: 'e2' }, { type: 'suspend', site: 'L1' }, { type: 'switchAway' },
      { type: 'fire', event: 'e2', outcome: { error: err } }, { type: 'switchIn' }, { type: 'clean' },
    ]);
    expect(failed.outputs).toContainEqual({ type: 'thrown', error: err });
  });

  it('WAK-5: resume_with_error chains a new exception and drops a cancellation', () => {
    expect(mergeResumeError(undefined, exc('a'))).toEqual(exc('a'));
    expect(mergeResumeError(exc('a'), exc('b'))).toEqual(exc('b', exc('a')));
    expect(mergeResumeError(exc('a'), can('c'))).toEqual(exc('a'));
    expect(mergeResumeError(exc('b', exc('x')), exc('c', exc('y')))).toEqual(exc('c', exc('y', exc('b', exc('x')))));
  });

  it('WAK-5: apply_cancellation keeps the first cancellation and chains over an exception', () => {
    expect(applyCancellation(undefined, can('c'))).toEqual(can('c'));
    expect(applyCancellation(can('first'), can('second'))).toEqual(can('first'));
    expect(applyCancellation(exc('a'), can('c'))).toEqual({ ...can('c'), previous: exc('a') });
  });

  it('WAK-3 / WAK-4: the first trigger decides the result; an error wins over it', () => {
    const first = run(configs[2], [...running, { type: 'resumeWhen', event: 'e2' }, { type: 'resumeWhen', event: 'e1' }, { type: 'suspend', site: 'L1' }, { type: 'switchAway' }, { type: 'enterSchedulerContext' }, { type: 'fire', event: 'e2' }]);
    expect(first.state.result).toBe('e2');
    const both = run(configs[2], [...running, { type: 'resumeWhen', event: 'e2' }, { type: 'resumeWhen', event: 'e1' }, { type: 'suspend', site: 'L1' }, { type: 'switchAway' }, { type: 'enterSchedulerContext' }, { type: 'fire', event: 'e2' }, { type: 'fire', event: 'e1' }, { type: 'leaveSchedulerContext' }, { type: 'switchIn' }, { type: 'clean' }]);
    expect(both.outputs.at(-1)).toEqual({ type: 'thrown', error: { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' } });
    const plain = run(base, [...running, { type: 'resumeWhen', event: 'e1' }, { type: 'suspend', site: 'L1' }, { type: 'switchAway' }, { type: 'fire', event: 'e1' }, { type: 'switchIn' }, { type: 'clean' }]);
    expect(plain.outputs.at(-1)).toEqual({ type: 'awaited', value: 'e1' });
  });

  it('WAK-8: token, pool timeout and waker timer deliver their outcomes', () => {
    expect(eventOutcome('token', 't')).toEqual({ error: { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled' } });
    expect(eventOutcome('timeout', 't')).toEqual({ error: { class: 'Async\\TimeoutException', message: 'Operation has been cancelled by timeout' } });
    expect(eventOutcome('timer', 't')).toEqual({});
  });

  it('WAK-6: misuse errors carry the C messages', () => {
    const r = run(base, running);
    expect(step(base, r.state, { type: 'resume' })).toMatchObject({ kind: 'error', error: { type: 'Async\\AsyncException', message: NOT_SUSPENDED_MESSAGE } });
    const parked = run(base, [...running, { type: 'resumeWhen', event: 'e1' }, { type: 'suspend', site: 'L1' }, { type: 'switchAway' }]).state;
    expect(step(base, parked, { type: 'switchIn' })).toMatchObject({ kind: 'error', error: { type: 'E_ERROR', message: NOT_RESOLVED_MESSAGE } });
  });

  it('EVT-14 / SCH-5: an event closed before the suspend is replayed without queueing', () => {
    const r = run(base, [...running, { type: 'resumeWhen', event: 'e1' }, { type: 'settle', event: 'e1' }, { type: 'suspend', site: 'L1' }, { type: 'fastReturn' }, { type: 'clean' }]);
    expect(r.outputs).toEqual([{ type: 'returned' }, { type: 'replayed', event: 'e1' }, { type: 'awaited', value: 'e1' }]);
  });
});

describe('waker invariants catch broken machines', () => {
  it('WAK-1: a later trigger that enqueues again', () => {
    expect(caughtUntil('WAK-1', mutant('mergeLaterTrigger', (_c, s) => ok({ ...s, queued: s.queued + 1 })))).toContain('WAK-1');
  });
  it('WAK-2: enqueueing without stopping the events', () => {
    expect(caughtUntil('WAK-2', mutant('wakeAndEnqueue', (_c, s) => ok({ ...s, status: 'QUEUED', queued: s.queued + 1 })))).toContain('WAK-2');
  });
  it('WAK-6: executing an unresolved coroutine', () => {
    expect(caughtUntil('WAK-6', mutant('errorNotResolved', (_c, s) => ok({ ...s, location: 'running' })))).toContain('WAK-6');
  });
  it('WAK-7: subscribing to a closed event', () => {
    const sub: Fn = (_c, s, a) => ok({ ...s, subscriptions: [...s.subscriptions, { event: (a as { event: string }).event, openWhenSubscribed: false }] });
    expect(caughtUntil('WAK-7', mutant('throwTerminated', sub))).toContain('WAK-7');
  });
  it('WAK-9: parking without recording the suspend location', () => {
    expect(caughtUntil('WAK-9', mutant('startEvents', (_c, s) => ok({ ...s, status: 'WAITING', eventsStarted: true, location: 'ticking' })))).toContain('WAK-9');
  });
  it('EVT-14: parking on an event that closed before the suspend', () => {
    expect(caughtUntil('EVT-14', mutant('replayClosedAndFastPath', (_c, s) => ok({ ...s, status: 'WAITING', eventsStarted: true, location: 'ticking', suspendSite: 'L1' })))).toContain('EVT-14');
  });
  it('SCH-5: a fast path that also queues', () => {
    expect(caughtUntil('SCH-5', mutant('fastPathWake', (_c, s) => ok({ ...s, status: 'RESULT', queued: s.queued + 1, subscriptions: [], eventsStarted: false })))).toContain('SCH-5');
  });
});
