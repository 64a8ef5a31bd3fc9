import { exploreAll, runActions } from '../kernel/explore.js';
import { withUpdate } from '../kernel/machine.js';
import { describe, expect, it } from 'vitest';
import { explore } from '../kernel/explore.js';
import type { Machine, StepResult } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import { requirements } from './requirements.js';
import type { EventAction, EventConfig, EventOutput, EventState } from './index.js';
import { CLOSED_EVENT_WARNING, NESTED_NOTIFY_WARNING, TERMINATED_EVENT_MESSAGE, initial, machine, step } from './index.js';

type M = Machine<EventConfig, EventState, EventAction, EventOutput>;
type Fn = (c: EventConfig, s: EventState, a: EventAction) => StepResult<EventState, EventOutput>;

const base: EventConfig = {
  callbacks: ['a', 'b'],
  hidden: false,
  periodic: false,
  replayable: true,
  reference: false,
  maxExtraRefs: 1,
  maxLoopRefs: 2,
};
const alt: EventConfig = { ...base, hidden: true, periodic: true, replayable: false, reference: true };
const three: EventConfig = { ...base, callbacks: ['a', 'b', 'c'], maxExtraRefs: 0, maxLoopRefs: 1 };

/** The machine with the update named `name` replaced (a deliberately broken variant). */
function mutant(name: string, fn: Fn): M {
  return withUpdate(machine, name, fn);
}

const ok = (state: EventState): StepResult<EventState, EventOutput> => ({ kind: 'ok', state, outputs: [] });

function run(config: EventConfig, actions: EventAction[]): { state: EventState; outputs: EventOutput[] } {
  const r = runActions(machine, config, actions);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}

describe('event machine', () => {
  // Bounded by states, not wall time: each instance breadth-first up to STATES states (every
  // state within that distance of the initial one; the full graphs have 2·10⁴–1.1·10⁵ states
  // and took half a minute). Every transition already fires within 1 000 states of each.
  const STATES = 3000;
  it('explores small instances breadth-first up to a bound of states without invariant violations and fires every transition', () => {
    const r = exploreAll(machine, [base, alt, three], { maxStates: STATES });
    expect(r.states).toEqual([STATES, STATES, STATES]);
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
  });

  it('every transition and invariant names a requirement of this module', () => {
    const ids = new Set(requirements.map((r) => r.id));
    for (const t of machine.transitions) expect(ids.has(t.requirement)).toBe(true);
    for (const inv of machine.invariants) expect(ids.has(inv.id)).toBe(true);
  });

  it('EVT-6: removing an earlier and a later callback during a pass invokes each remaining one once', () => {
    const { outputs } = run(three, [
      { type: 'addCallback', callback: 'a' },
      { type: 'addCallback', callback: 'b' },
      { type: 'addCallback', callback: 'c' },
      { type: 'notify' },
      { type: 'advance' },
      { type: 'advance' },
      { type: 'removeCallback', callback: 'a' },
      { type: 'removeCallback', callback: 'c' },
      { type: 'advance' },
    ]);
    expect(outputs.filter((o) => o.type === 'invoked')).toEqual([
      { type: 'invoked', callback: 'a' },
      { type: 'invoked', callback: 'b' },
    ]);
    expect(outputs.at(-1)).toEqual({ type: 'passEnded', stoppedByException: false });
  });

  it('EVT-8: a nested notify is refused with the warning and the outer pass continues', () => {
    const { outputs } = run(base, [
      { type: 'addCallback', callback: 'a' },
      { type: 'addCallback', callback: 'b' },
      { type: 'notify' },
      { type: 'advance' },
      { type: 'notify' },
      { type: 'advance' },
    ]);
    expect(outputs).toContainEqual({ type: 'warning', message: NESTED_NOTIFY_WARNING });
    expect(outputs.filter((o) => o.type === 'invoked')).toHaveLength(2);
  });

  it('EVT-9: an exception left by a callback stops the pass', () => {
    const { outputs } = run(base, [
      { type: 'addCallback', callback: 'a' },
      { type: 'addCallback', callback: 'b' },
      { type: 'notify' },
      { type: 'advance' },
      { type: 'raise' },
      { type: 'advance' },
    ]);
    expect(outputs.filter((o) => o.type === 'invoked')).toEqual([{ type: 'invoked', callback: 'a' }]);
    expect(outputs.at(-1)).toEqual({ type: 'passEnded', stoppedByException: true });
  });

  it('EVT-11: subscribing to a closed event throws Error', () => {
    const { state } = run(base, [{ type: 'close' }, { type: 'advance' }]);
    const r = step(base, state, { type: 'subscribe', callback: 'a' });
    expect(r).toMatchObject({ kind: 'error', error: { type: 'Error', message: TERMINATED_EVENT_MESSAGE } });
  });

  it('EVT-12/EVT-13: a closed replayable event replays; a closed plain one warns and yields null', () => {
    const closed = run(base, [{ type: 'close' }, { type: 'advance' }]).state;
    expect(step(base, closed, { type: 'await' })).toMatchObject({ kind: 'ok', outputs: [{ type: 'replayed' }] });
    expect(step(base, initial(base), { type: 'replay' })).toMatchObject({ outputs: [{ type: 'replayRefused' }] });
    const plain = run(alt, [{ type: 'close' }, { type: 'advance' }]).state;
    expect(step(alt, plain, { type: 'await' })).toMatchObject({
      outputs: [
        { type: 'warning', message: CLOSED_EVENT_WARNING },
        { type: 'awaited', value: null },
      ],
    });
  });
});

describe('event invariants catch broken machines', () => {
  const caughtUntil = (id: string, m: M, config: EventConfig = base): string[] =>
    explore(m, config, { maxStates: 20_000, until: id }).violations.map((v) => v.id);

  it('EVT-6: the C swap-removal defect (iterator decrement + swap last into the hole) is caught', () => {
    const swapRemove: Fn = (_c, s, a) => {
      const id = (a as { callback: string }).callback;
      const pass = s.pass!;
      const index = s.vector.findIndex((e) => e.id === id);
      const vector = [...s.vector];
      let next = pass.next;
      if (next > index) next--;
      vector[index] = vector[vector.length - 1];
      vector.pop();
      return ok({ ...s, vector, callbackRefs: { ...s.callbackRefs, [id]: s.callbackRefs[id] - 1 }, pass: { ...pass, next } });
    };
    expect(caughtUntil('EVT-6', mutant('tombstoneCallback', swapRemove), three)).toContain('EVT-6');
  });

  it('EVT-1 / EVT-10: disposing without counting, or a pass without its temporary reference', () => {
    const disposeNoCount: Fn = (_c, s) => ok({ ...s, objectAlive: false, refCount: s.refCount - 1 });
    expect(caughtUntil('EVT-1', mutant('releaseObject', disposeNoCount))).toContain('EVT-1');
    const passNoRef: Fn = (c, s, a) => {
      const r = machine.step(c, s, a);
      return r.kind === 'ok' ? ok({ ...r.state, refCount: r.state.refCount - 1 }) : r;
    };
    expect(caughtUntil('EVT-10', mutant('startPass', passNoRef))).toContain('EVT-10');
  });

  it('EVT-2 / EVT-3 / EVT-4: arming without counting, counting hidden events, closing without disarming', () => {
    const armNoCount: Fn = (_c, s) => ok({ ...s, started: true, loopRefCount: 1, armed: true });
    expect(caughtUntil('EVT-3', mutant('arm', armNoCount))).toContain('EVT-3');
    const armCountsHidden: Fn = (_c, s) => ok({ ...s, started: true, loopRefCount: 1, armed: true, activeEventCount: s.activeEventCount + 1 });
    expect(caughtUntil('EVT-4', mutant('arm', armCountsHidden), alt)).toContain('EVT-4');
    const stopKeepsArmed: Fn = (_c, s) => ok({ ...s, loopRefCount: 0 });
    expect(caughtUntil('EVT-2', mutant('disarm', stopKeepsArmed))).toContain('EVT-2');
  });

  it('EVT-5: removing a callback without releasing it', () => {
    const leak: Fn = (_c, s, a) => ok({ ...s, vector: s.vector.filter((e) => e.id !== (a as { callback: string }).callback) });
    expect(caughtUntil('EVT-5', mutant('spliceCallback', leak))).toContain('EVT-5');
  });

  it('EVT-7 / EVT-8 / EVT-9: skipping appended callbacks, restarting on nested notify, ignoring the exception', () => {
    const skipAppended: Fn = (c, s, a) => {
      const r = machine.step(c, s, a);
      return r.kind === 'ok' && s.pass?.running ? ok({ ...r.state, pass: { ...r.state.pass!, next: r.state.vector.length } }) : r;
    };
    expect(caughtUntil('EVT-7', mutant('appendCallback', skipAppended))).toContain('EVT-7');
    const nestedRestarts: Fn = (_c, s) => ok({ ...s, iterators: s.iterators + 1, pass: { ...s.pass!, next: 0 } });
    expect(caughtUntil('EVT-8', mutant('warnNested', nestedRestarts))).toContain('EVT-8');
    const ignoreException: Fn = (_c, s) => {
      const p = s.pass!;
      const i = s.vector.findIndex((e, j) => j >= p.next && !e.removed);
      if (i < 0) return ok({ ...s, pass: { ...p, exception: false } });
      return ok({ ...s, pass: { ...p, next: i + 1, current: s.vector[i].id, invoked: [...p.invoked, s.vector[i].id] } });
    };
    expect(caughtUntil('EVT-9', mutant('stopPassOnException', ignoreException))).toContain('EVT-9');
  });

  it('EVT-11 / EVT-12 / EVT-15 / EVT-16: reopening, closing without outcome, notifying before closing, leaking the object ref', () => {
    const reopen: Fn = (_c, s) => ok({ ...s, closed: false });
    expect(caughtUntil('EVT-11', mutant('noop', reopen))).toContain('EVT-11');
    const closeNoOutcome: Fn = (c, s, a) => {
      const r = machine.step(c, s, a);
      return r.kind === 'ok' ? ok({ ...r.state, stored: false }) : r;
    };
    expect(caughtUntil('EVT-12', mutant('closeAndNotify', closeNoOutcome))).toContain('EVT-12');
    const notifyFirst: Fn = (_c, s) =>
      ok({
        ...s,
        refCount: s.refCount + 1,
        iterators: s.iterators + 1,
        pass: { running: true, origin: 'fire', closedAtStart: false, next: 0, current: null, invoked: [], skipped: [], appended: [], exception: false, exceptionAfter: null, liveAtEnd: null },
      });
    expect(caughtUntil('EVT-15', mutant('closeThenNotify', notifyFirst))).toContain('EVT-15');
    const keepObject: Fn = (_c, s) => ok({ ...s, refCount: s.refCount - 1 });
    expect(caughtUntil('EVT-16', mutant('releaseObject', keepObject), alt)).toContain('EVT-16');
  });
});
