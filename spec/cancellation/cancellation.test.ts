import { describe, expect, it } from 'vitest';
import { explore, exploreAll, runActions } from '../kernel/explore.js';
import type { Machine, StepResult } from '../kernel/machine.js';
import { withUpdate } from '../kernel/machine.js';
import { allRequirements } from '../requirements.js';
import type { ErrorValue } from '../../language/values.js';
import type { CancellationAction, CancellationConfig, CancellationOutput, CancellationState } from './index.js';
import {
  BODY_ERROR,
  DEADLOCK_DETECTED,
  GRACEFUL_SHUTDOWN,
  SELF_CANCELLATION,
  cancellationPredicates,
  machine,
  requirements,
  status,
  step,
} from './index.js';

type M = Machine<CancellationConfig, CancellationState, CancellationAction, CancellationOutput>;
type Fn = (c: CancellationConfig, s: CancellationState, a: CancellationAction) => StepResult<CancellationState, CancellationOutput>;

const r1: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'r1' };
const r2: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'r2' };
/** Two reasons, nested protect. */
const two: CancellationConfig = { reasons: [r1, r2], safely: false, maxProtectDepth: 2, maxCancels: 3 };
/** One reason, safe (zombie) cancels. */
const safely: CancellationConfig = { reasons: [r1], safely: true, maxProtectDepth: 1, maxCancels: 2 };

const ok = (state: CancellationState, outputs: CancellationOutput[] = []): StepResult<CancellationState, CancellationOutput> => ({ kind: 'ok', state, outputs });
const mutant = (name: string, fn: Fn): M => withUpdate(machine, name, fn);
const original = (name: string): Fn => machine.transitions.find((t) => t.update.name === name)!.update.fn;
const after = (name: string, breakIt: (s: CancellationState) => CancellationState): Fn => (c, s, a) => {
  const r = original(name)(c, s, a);
  return r.kind === 'ok' ? ok(breakIt(r.state), r.outputs) : r;
};
const caughtUntil = (id: string, m: M, config: CancellationConfig = two): string[] => explore(m, config, { maxStates: 20_000, until: id }).violations.map((v) => v.id);

function run(actions: CancellationAction[], config: CancellationConfig = two): { state: CancellationState; outputs: CancellationOutput[] } {
  const r = runActions(machine, config, actions);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}
const cancel = (reason: ErrorValue, safely = false): CancellationAction => ({ type: 'cancel', reason, ...(safely ? { safely } : {}) });
const parked: CancellationAction[] = [{ type: 'start' }, { type: 'await' }];

describe('cancellation machine', () => {
  it('explores with every kind of cancel without violations and fires every transition', () => {
    const r = exploreAll(machine, [two, safely]);
    expect(r.truncated).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
  });

  it('every transition and invariant names a known requirement; every CAN ID is listed once', () => {
    const ids = requirements.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `CAN-${i + 1}`));
    const known = new Set(allRequirements.map((r) => r.id));
    for (const t of machine.transitions) expect(known.has(t.requirement), t.requirement).toBe(true);
    for (const inv of machine.invariants) expect(ids).toContain(inv.id);
    for (const r of requirements) expect(r.kind === 'spec-only').toBe(r.reason !== undefined);
  });

  it('CAN-2: before start the body never runs and the first cancellation is the outcome; parked, it is thrown at the suspension point; after completion nothing changes', () => {
    const ignored = run([cancel(r1), cancel(r2), { type: 'start' }]);
    expect(ignored.state.ranBody).toBe(false);
    expect(ignored.outputs).toEqual([{ type: 'completed', outcome: { error: r1 } }]);
    const woken = run([...parked, cancel(r1), { type: 'start' }]);
    expect(woken.outputs).toEqual([{ type: 'thrown', error: r1 }]);
    const done = run([{ type: 'start' }, { type: 'finish' }]);
    expect(step(two, done.state, cancel(r1))).toEqual({ kind: 'ok', state: done.state, outputs: [] });
  });

  it('CAN-3: a self-cancel continues, is not thrown at later suspensions and becomes the outcome', () => {
    const { state, outputs } = run([{ type: 'start' }, { type: 'selfCancel' }, { type: 'await' }, { type: 'wake' }, { type: 'start' }, { type: 'finish' }]);
    expect(outputs).toEqual([{ type: 'completed', outcome: { error: SELF_CANCELLATION } }]);
    expect(cancellationPredicates(state).isCancelled).toBe(true);
  });

  it('CAN-4: the first pending reason wins; a RuntimeException thrown while unwinding wins with the cancellation as previous', () => {
    const first = run([...parked, cancel(r1), cancel(r2), { type: 'start' }]);
    expect(first.outputs).toEqual([{ type: 'thrown', error: r1 }]);
    const { outputs } = run([...parked, cancel(r1), { type: 'start' }, { type: 'throw', error: BODY_ERROR }, { type: 'finish' }]);
    expect(outputs).toContainEqual({ type: 'completed', outcome: { error: { ...BODY_ERROR, previous: r1 } } });
    expect(outputs).toContainEqual({ type: 'propagated', error: { ...BODY_ERROR, previous: r1 } });
  });

  it('CAN-5 / CAN-8: inside protect() cancellations are deferred (requested, not cancelled); the first is thrown from protect()', () => {
    const inside = run([{ type: 'start' }, { type: 'protect' }, { type: 'await' }, cancel(r1), cancel(r2)]);
    expect(inside.state.deferred).toEqual(r1);
    expect(cancellationPredicates(inside.state)).toMatchObject({ isCancellationRequested: true, isCancelled: false });
    const out = run([{ type: 'start' }, { type: 'protect' }, { type: 'await' }, cancel(r1), cancel(r2), { type: 'wake' }, { type: 'start' }, { type: 'unprotect' }]);
    expect(out.outputs).toEqual([{ type: 'thrown', error: r1 }]);
    expect(out.state.cancelled).toBe(true);
  });

  it('CAN-6: leaving a nested protect() unprotects the outer block', () => {
    const { state } = run([{ type: 'start' }, { type: 'protect' }, { type: 'protect' }, { type: 'unprotect' }, { type: 'await' }, cancel(r1)]);
    expect(state.protectDepth).toBe(1);
    expect(status(state)).toBe('WOKEN');
    expect(state.pending).toEqual(r1);
  });

  it('CAN-7: an uncaught cancellation is not propagated; a caught one lets the coroutine return, still cancelled', () => {
    const uncaught = run([...parked, cancel(r1), { type: 'start' }, { type: 'finish' }]);
    expect(uncaught.outputs).toEqual([{ type: 'thrown', error: r1 }, { type: 'completed', outcome: { error: r1 } }]);
    const caught = run([...parked, cancel(r1), { type: 'start' }, { type: 'catch' }, { type: 'finish' }]);
    expect(caught.outputs.at(-1)).toEqual({ type: 'completed', outcome: { value: 'v' } });
    expect(cancellationPredicates(caught.state)).toMatchObject({ isCancelled: true, isCancellationRequested: false, isCompleted: true });
  });

  it('CAN-11: deadlock resolution clears PROTECTED and reaches a coroutine parked inside protect()', () => {
    const { state, outputs } = run([{ type: 'start' }, { type: 'protect' }, { type: 'await' }, { type: 'systemCancel', reason: DEADLOCK_DETECTED }, { type: 'start' }]);
    expect(state.protected).toBe(false);
    expect(outputs).toEqual([{ type: 'thrown', error: DEADLOCK_DETECTED }]);
  });

  it('CAN-11: shutdown of the running coroutine inside protect() clears PROTECTED and stores the cancellation; of one not started, IGNORED; of a finished one, nothing', () => {
    const running = run([{ type: 'start' }, { type: 'protect' }, { type: 'systemCancel', reason: GRACEFUL_SHUTDOWN }]);
    expect(status(running.state)).toBe('RUNNING');
    expect(running.state).toMatchObject({ protected: false, cancelled: true, stored: GRACEFUL_SHUTDOWN, protectDepth: 1 });
    expect(running.outputs).toEqual([]);
    const notStarted = run([{ type: 'systemCancel', reason: GRACEFUL_SHUTDOWN }]);
    expect(status(notStarted.state)).toBe('IGNORED');
    expect(notStarted.state.pending).toEqual(GRACEFUL_SHUTDOWN);
    const finished = run([{ type: 'start' }, { type: 'finish' }, { type: 'systemCancel', reason: GRACEFUL_SHUTDOWN }]);
    expect(finished.state.cancelled).toBe(false);
  });

  it('SCP-6: a safe cancel makes a started coroutine a zombie that gets no exception', () => {
    const { state } = run([...parked, cancel(r1, true), { type: 'wake' }, { type: 'start' }], safely);
    expect(state).toMatchObject({ zombie: true, cancelled: true });
    expect(state.inFlight).toBeUndefined();
  });
});

describe('cancellation invariants catch broken machines', () => {
  it('CAN-2: an ignored coroutine that runs its body', () => {
    expect(caughtUntil('CAN-2', mutant('finalizeIgnored', original('startBody')))).toContain('CAN-2');
  });
  it('CAN-3: a self-cancel thrown into the body at once', () => {
    expect(caughtUntil('CAN-3', mutant('markCancelledAndStore', (_c, s) => ok({ ...s, cancelled: true, inFlight: SELF_CANCELLATION })))).toContain('CAN-3');
  });
  it('CAN-4: a later cancellation replacing the pending one', () => {
    const replace: Fn = (_c, s, a) => ok({ ...s, pending: (a as { reason: ErrorValue }).reason, cancels: s.cancels + 1 });
    expect(caughtUntil('CAN-4', mutant('keepPendingCancellation', replace))).toContain('CAN-4');
  });
  it('CAN-4: a RuntimeException thrown over a cancellation that drops it from the chain', () => {
    const drop = after('throwOverInFlight', (s) => ({ ...s, inFlight: BODY_ERROR }));
    expect(caughtUntil('CAN-4', mutant('throwOverInFlight', drop))).toContain('CAN-4');
  });
  it('CAN-5: protect() ignored by cancel', () => {
    expect(caughtUntil('CAN-5', mutant('deferCancellation', original('applyCancellationAndEnqueue')))).toContain('CAN-5');
  });
  it('CAN-6: a depth counter instead of one flag', () => {
    const counter: Fn = (_c, s) => ok({ ...s, protectDepth: s.protectDepth - 1, protected: s.protectDepth > 1, lastProtectOp: 'leave' });
    expect(caughtUntil('CAN-6', mutant('clearProtected', counter))).toContain('CAN-6');
  });
  it('CAN-7: an uncaught cancellation handed to the scope', () => {
    const propagate = after('finalize', (s) => (s.outcome && 'error' in s.outcome ? { ...s, propagated: s.outcome.error } : s));
    expect(caughtUntil('CAN-7', mutant('finalize', propagate))).toContain('CAN-7');
  });
  it('CAN-8: leaving protect() without consuming the deferred cancellation', () => {
    const keepDeferred: Fn = (_c, s) => ok({ ...s, protected: false, protectDepth: s.protectDepth - 1, lastProtectOp: 'leave', cancelled: true });
    expect(caughtUntil('CAN-8', mutant('clearProtectedAndThrowDeferred', keepDeferred))).toContain('CAN-8');
  });
  it('CAN-11: a shutdown that respects protect()', () => {
    expect(caughtUntil('CAN-11', mutant('clearProtectedAndCancel', original('deferCancellation')))).toContain('CAN-11');
  });
});
