import { exploreAll, runActions } from '../kernel/explore.js';
import { withUpdate } from '../kernel/machine.js';
import { describe, expect, it } from 'vitest';
import { explore } from '../kernel/explore.js';
import type { Machine, StepResult } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import { requirements } from './requirements.js';
import type { SchedulerAction, SchedulerConfig, SchedulerOutput, SchedulerState } from './index.js';
import {
  MAIN,
  SCHEDULER_CONTEXT_MESSAGE,
  STOP_FROM_SCHEDULER_MESSAGE,
  deadlockMessage,
  initial,
  machine,
  RunQueue,
  popHead,
  pushFront,
  pushTail,
  step,
} from './index.js';

type M = Machine<SchedulerConfig, SchedulerState, SchedulerAction, SchedulerOutput>;
type Fn = (c: SchedulerConfig, s: SchedulerState, a: SchedulerAction) => StepResult<SchedulerState, SchedulerOutput>;

const priority: SchedulerConfig = { coroutines: [{ id: 'a', priority: 0 }, { id: 'b', priority: 1 }], microtasks: ['m1', 'm2'] };
const normal: SchedulerConfig = { coroutines: [{ id: 'a', priority: 0 }, { id: 'b', priority: 0 }], microtasks: ['m1'] };

/** The machine with the update named `name` replaced (a deliberately broken variant). */
function mutant(name: string, fn: Fn): M {
  return withUpdate(machine, name, fn);
}
/** The correct update of `name`, followed by `breakIt` on the resulting state. */
const after = (name: string, breakIt: (s: SchedulerState, a: SchedulerAction) => SchedulerState): Fn => {
  const original = machine.transitions.find((t) => t.update.name === name)!.update.fn;
  return (c, s, a) => {
    const r = original(c, s, a);
    return r.kind === 'ok' ? { ...r, state: breakIt(r.state, a) } : r;
  };
};
const caught = (m: M, config: SchedulerConfig = priority): string[] => explore(m, config, { maxStates: 150_000 }).violations.map((v) => v.id);
/** Like `caught`, but stops exploring once invariant `id` is violated. */
const caughtUntil = (id: string, m: M, config: SchedulerConfig = priority): string[] => explore(m, config, { maxStates: 150_000, until: id }).violations.map((v) => v.id);

function run(config: SchedulerConfig, actions: SchedulerAction[]): { state: SchedulerState; outputs: SchedulerOutput[] } {
  const r = runActions(machine, config, actions);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}
const tick: SchedulerAction[] = [{ type: 'leaveMicrotasks' }, { type: 'leaveReactor' }, { type: 'next' }];
const switchedTo = (outputs: SchedulerOutput[]): (string | null)[] =>
  outputs.flatMap((o) => (o.type === 'switched' ? [o.to] : []));

describe('scheduler machine', () => {
  it('explores small instances without invariant violations and fires every transition', () => {
    const r = exploreAll(machine, [priority, normal], { maxStates: 300_000 });
    expect(r.truncated).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
  });

  it('every transition and invariant names a requirement of this module; every SCH ID is listed once', () => {
    const ids = requirements.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 13 }, (_, i) => `SCH-${i + 1}`));
    for (const t of machine.transitions) expect(ids).toContain(t.requirement);
    for (const inv of machine.invariants) expect(ids).toContain(inv.id);
    for (const r of requirements) expect(r.kind === 'spec-only').toBe(r.reason !== undefined);
  });

  it('run queue: push at the tail, push_front at the head, pop from the head', () => {
    const q = pushFront(pushTail(pushTail(new RunQueue(), 'a'), 'b'), 'h');
    expect(q.ids()).toEqual(['h', 'a', 'b']);
    const { head, rest } = popHead(q);
    expect(head?.id).toBe('h');
    expect(q.ids()).toEqual(['h', 'a', 'b']);
    expect(rest.toJSON()).toEqual([
      { id: 'a', seq: 0, front: false },
      { id: 'b', seq: 1, front: false },
    ]);
    expect(popHead(new RunQueue()).head).toBeUndefined();
  });

  it('run queue: O(1) pushes and pops across growth and wrap-around, with a canonical JSON form', () => {
    const q = new RunQueue();
    const model: string[] = [];
    for (let i = 0; i < 100; i++) {
      if (i % 3 === 0) { q.pushFront(`f${i}`); model.unshift(`f${i}`); } else { q.pushTail(`t${i}`); model.push(`t${i}`); }
      if (i % 5 === 0) expect(q.popHead()?.id).toBe(model.shift());
    }
    expect(q.ids()).toEqual(model);
    expect(q.length).toBe(model.length);
    expect(q.isQueued(model[7])).toBe(true);
    expect(q.removeAt(3)?.id).toBe(model.splice(3, 1)[0]);
    expect(q.ids()).toEqual(model);
    const a = new RunQueue(); a.pushTail('x'); a.pushTail('y'); a.popHead();
    expect(JSON.stringify(a)).toBe(JSON.stringify(RunQueue.of(['y'])));
  });

  it('SCH-1 / SCH-10: spawned coroutines run after main suspends, in spawn order', () => {
    const { outputs } = run(normal, [
      { type: 'spawn', id: 'a' },
      { type: 'spawn', id: 'b' },
      { type: 'suspend' },
      ...tick,
      { type: 'end' },
      ...tick,
      { type: 'end' },
      ...tick,
    ]);
    expect(switchedTo(outputs)).toEqual(['a', 'b', MAIN]);
  });

  it('SCH-2: a high-priority spawn overtakes coroutines queued before it', () => {
    const { outputs } = run(priority, [{ type: 'spawn', id: 'a' }, { type: 'spawn', id: 'b' }, { type: 'suspend' }, ...tick]);
    expect(switchedTo(outputs)).toEqual(['b']);
  });

  it('SCH-3 / SCH-4: microtasks run FIFO; a cancelled one is skipped but its dtor runs; adding a cancelled one is ignored', () => {
    const { state, outputs } = run(priority, [
      { type: 'spawn', id: 'a' },
      { type: 'addMicrotask', id: 'm1' },
      { type: 'addMicrotask', id: 'm2' },
      { type: 'cancelMicrotask', id: 'm1' },
      { type: 'suspend' },
      { type: 'runMicrotask', throws: false },
      { type: 'runMicrotask', throws: false },
    ]);
    expect(outputs).toEqual([
      { type: 'dtor', microtask: 'm1' },
      { type: 'handler', microtask: 'm2' },
      { type: 'dtor', microtask: 'm2' },
    ]);
    expect(state.popped).toEqual(['m1', 'm2']);
    const ignored = run(normal, [{ type: 'spawn', id: 'a' }, { type: 'cancelMicrotask', id: 'm1' }, { type: 'addMicrotask', id: 'm1' }]);
    expect(ignored.state.microtasks).toEqual([]);
  });

  it('SCH-5 / SCH-6: a fast-path wake-up returns without a switch; an empty suspend returns at once', () => {
    const { outputs } = run(normal, [
      { type: 'spawn', id: 'a' },
      { type: 'await', on: 'reactor' },
      { type: 'leaveMicrotasks' },
      { type: 'fire', id: MAIN },
      { type: 'leaveReactor' },
      { type: 'next' },
      { type: 'emptySuspend' },
    ]);
    expect(outputs).toEqual([{ type: 'returned' }, { type: 'returned' }]);
    expect(run(normal, [{ type: 'suspend' }]).outputs).toEqual([{ type: 'returned' }]);
  });

  it('SCH-7: suspending or shutting down from scheduler context throws AsyncException', () => {
    const { state } = run(normal, [{ type: 'spawn', id: 'a' }, { type: 'suspend' }]);
    expect(step(normal, state, { type: 'await', on: 'reactor' })).toMatchObject({ kind: 'error', error: { message: STOP_FROM_SCHEDULER_MESSAGE } });
    expect(step(normal, state, { type: 'shutdown' })).toMatchObject({ kind: 'error', error: { type: 'Async\\AsyncException', message: SCHEDULER_CONTEXT_MESSAGE } });
  });

  it('SCH-8: two coroutines waiting on each other deadlock; both are cancelled and DeadlockError heads exit_exception', () => {
    const { state, outputs } = run(normal, [
      { type: 'spawn', id: 'a' },
      { type: 'await', on: 'other' },
      ...tick,
      { type: 'await', on: 'other' },
      { type: 'leaveMicrotasks' },
      { type: 'leaveReactor' },
      { type: 'next' },
    ]);
    expect(outputs).toContainEqual({ type: 'deadlock', waiting: 2 });
    expect(state.exitException).toEqual({ class: 'Async\\DeadlockError', message: deadlockMessage(2) });
    expect(Object.values(state.coroutines).every((c) => c.cancelled && c.error?.message === 'Deadlock detected')).toBe(true);
  });

  it('SCH-9 / SCH-12 / SCH-13: graceful shutdown ignores a not-started coroutine; the loop then ends silently', () => {
    const { state, outputs } = run(normal, [
      { type: 'spawn', id: 'a' },
      { type: 'shutdown' },
      { type: 'shutdown' },
      { type: 'end', escaping: { class: 'Async\\AsyncCancellation', message: 'Graceful shutdown' } },
      { type: 'leaveMicrotasks' },
      { type: 'leaveReactor' },
      { type: 'next' },
      { type: 'next' },
    ]);
    expect(outputs).toContainEqual({ type: 'finalized', id: 'a' });
    expect(outputs.at(-1)).toEqual({ type: 'finished' });
    expect(state.status).toBe('FINISHED');
    expect(state.reported).toEqual([]);
  });
});

describe('scheduler invariants catch broken machines', () => {
  it('SCH-1: a resume that pushes at the head', () => {
    const toHead = after('wakeToTail', (s) => ({ ...s, queue: RunQueue.fromEntries([s.queue.at(s.queue.length - 1)!, ...s.queue.entries().slice(0, -1)]) }));
    expect(caughtUntil('SCH-1', mutant('wakeToTail', toHead), normal)).toContain('SCH-1');
  });
  it('SCH-2: a high-priority spawn pushed at the tail', () => {
    const toTail = after('pushFront', (s) => ({ ...s, queue: RunQueue.fromEntries([...s.queue.entries().slice(1), s.queue.at(0)!]) }));
    expect(caughtUntil('SCH-2', mutant('pushFront', toTail))).toContain('SCH-2');
  });
  it('SCH-3: microtasks popped from the tail', () => {
    const lifo: Fn = (c, s, a) => {
      const original = machine.transitions.find((t) => t.update.name === 'runMicrotask')!.update.fn;
      return original(c, { ...s, microtasks: [...s.microtasks].reverse() }, a);
    };
    expect(caughtUntil('SCH-3', mutant('runMicrotask', lifo))).toContain('SCH-3');
  });
  it('SCH-4: add_microtask without taking a reference', () => {
    const noRef = after('enqueueMicrotask', (s, a) => ({ ...s, tasks: { ...s.tasks, [(a as { id: string }).id]: { ...s.tasks[(a as { id: string }).id], refCount: 0 } } }));
    expect(caughtUntil('SCH-4', mutant('enqueueMicrotask', noRef))).toContain('SCH-4');
  });
  it('SCH-5: the fast path taken for a coroutine that is not the current one', () => {
    const fastForOthers = machine.transitions.find((t) => t.update.name === 'resolveInPlace')!.update.fn;
    expect(caughtUntil('SCH-5', mutant('wakeToTail', fastForOthers), normal)).toContain('SCH-5');
  });
  it('SCH-8: blocking in the reactor instead of resolving a deadlock', () => {
    const block: Fn = (_c, s) => ({ kind: 'ok', state: { ...s, status: 'IDLE', current: null, suspender: null }, outputs: [] });
    expect(caughtUntil('SCH-8', mutant('resolveDeadlock', block), normal)).toContain('SCH-8');
  });
  it('SCH-9: graceful shutdown that only sets the flag', () => {
    const flagOnly: Fn = (_c, s) => ({ kind: 'ok', state: { ...s, gracefulShutdown: true }, outputs: [] });
    expect(caughtUntil('SCH-9', mutant('startGracefulShutdown', flagOnly), normal)).toContain('SCH-9');
  });
  it('SCH-10: a spawn that starts the coroutine at once', () => {
    const eager = after('pushTail', (s, a) => ({ ...s, coroutines: { ...s.coroutines, [(a as { id: string }).id]: { ...s.coroutines[(a as { id: string }).id], started: true } } }));
    expect(caughtUntil('SCH-10', mutant('pushTail', eager), normal)).toContain('SCH-10');
  });
  it('SCH-11: a microtask exception swallowed by the scheduler', () => {
    const swallow: Fn = (_c, s) => ({ kind: 'ok', state: { ...s, exceptionPending: false, status: 'REACTOR' }, outputs: [] });
    expect(caughtUntil('SCH-11', mutant('chainExitAndShutdown', swallow), normal)).toContain('SCH-11');
  });
  it('SCH-12: ending the loop while an event is still active', () => {
    const stop: Fn = (_c, s) => ({ kind: 'ok', state: { ...s, status: 'FINISHED', current: null }, outputs: [] });
    expect(caughtUntil('SCH-12', mutant('blockInReactor', stop), normal)).toContain('SCH-12');
  });
  it('SCH-13: reporting an escaping Cancellation', () => {
    const report = after('endCoroutine', (s, a) => (a.type === 'end' && a.escaping ? { ...s, reported: [...s.reported, a.escaping] } : s));
    expect(caughtUntil('SCH-13', mutant('endCoroutine', report), normal)).toContain('SCH-13');
  });
});
