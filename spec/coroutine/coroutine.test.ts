import { exploreAll, runActions } from '../kernel/explore.js';
import { withUpdate } from '../kernel/machine.js';
import { describe, expect, it } from 'vitest';
import { explore } from '../kernel/explore.js';
import type { Machine, StepResult } from '../kernel/machine.js';
import { stepBy } from '../kernel/machine.js';
import type { ErrorValue } from '../../language/values.js';
import { allRequirements } from '../requirements.js';
import type { CoroutineAction, CoroutineConfig, CoroutineOutput, CoroutineState } from './index.js';
import { SAMPLE_ERRORS, finishOutcome, initial, machine, predicates, step } from './index.js';

type M = Machine<CoroutineConfig, CoroutineState, CoroutineAction, CoroutineOutput>;
type Fn = (c: CoroutineConfig, s: CoroutineState, a: CoroutineAction) => StepResult<CoroutineState, CoroutineOutput>;

const base: CoroutineConfig = { scopeClosed: false, outsideReference: true, maxFinally: 2, maxErrorChain: 2 };
const configs: CoroutineConfig[] = [base, { ...base, outsideReference: false }, { ...base, scopeClosed: true }];

function mutant(name: string, fn: Fn): M {
  return withUpdate(machine, name, fn);
}
const ok = (state: CoroutineState, outputs: CoroutineOutput[] = []): StepResult<CoroutineState, CoroutineOutput> => ({ kind: 'ok', state, outputs });
const caught = (m: M, config: CoroutineConfig = base): string[] => explore(m, config, { maxStates: 20_000 }).violations.map((v) => v.id);
/** Like `caught`, but stops exploring once invariant `id` is violated. */
const caughtUntil = (id: string, m: M, config: CoroutineConfig = base): string[] => explore(m, config, { maxStates: 20_000, until: id }).violations.map((v) => v.id);
/** Runs the correct update, then breaks its result. */
const after = (name: string, breakIt: (s: CoroutineState) => CoroutineState): Fn => (c, s, a) => {
  const r = machine.step(c, s, a);
  return r.kind === 'ok' && machine.transitions.find((t) => t.update.name === name) ? ok(breakIt(r.state), r.outputs) : r;
};

function run(config: CoroutineConfig, actions: CoroutineAction[]): { state: CoroutineState; outputs: CoroutineOutput[] } {
  const r = runActions(machine, config, actions);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}
const { exception, cancellation } = SAMPLE_ERRORS;
const exc = (m: string, previous?: ErrorValue): ErrorValue => ({ class: 'RuntimeException', message: m, ...(previous ? { previous } : {}) });

describe('coroutine machine', () => {
  it('explores with cancel/resume/finish actions without violations and fires every transition', () => {
    const r = exploreAll(machine, configs);
    expect(r.truncated).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
  });

  it('every transition and invariant names a known requirement', () => {
    const ids = new Set(allRequirements.map((r) => r.id).concat('CAN-8'));
    for (const t of machine.transitions) expect(ids.has(t.requirement), t.requirement).toBe(true);
    for (const inv of machine.invariants) expect(ids.has(inv.id), inv.id).toBe(true);
  });

  it('COR-4: finishOutcome — a new exception chains the stored one; a cancellation never replaces it', () => {
    const stored: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'self' };
    expect(finishOutcome(undefined, { value: 1 })).toEqual({ value: 1 });
    expect(finishOutcome(undefined, { error: exc('x') })).toEqual({ error: exc('x') });
    expect(finishOutcome(stored, { value: 1 })).toEqual({ error: stored });
    expect(finishOutcome(stored, { error: cancellation })).toEqual({ error: stored });
    expect(finishOutcome(stored, { error: exc('x', exc('y')) })).toEqual({ error: exc('x', { ...exc('y'), previous: stored }) });
  });

  it('COR-6: the C predicate formulas, including the pinned quirks', () => {
    const queued = predicates({ started: false, cancelled: false, finished: false, wakerStatus: 'QUEUED', deferredCancellation: false });
    expect(queued).toMatchObject({ isQueued: true, isStarted: false, isSuspended: true, isRunning: false });
    const parked = predicates({ started: true, cancelled: false, finished: false, wakerStatus: 'WAITING', deferredCancellation: false });
    expect(parked).toMatchObject({ isSuspended: true, isRunning: true, isQueued: false });
    const done = predicates({ started: true, cancelled: true, finished: true, wakerStatus: 'NO_STATUS', deferredCancellation: false });
    expect(done).toMatchObject({ isCompleted: true, isCancelled: true, isCancellationRequested: false, isSuspended: false, isRunning: false });
    const ignored = predicates({ started: false, cancelled: true, finished: false, wakerStatus: 'IGNORED', deferredCancellation: false });
    expect(ignored).toMatchObject({ isQueued: false, isCancellationRequested: true });
  });

  it('COR-3: cancel after completion changes nothing', () => {
    const done = run(base, [{ type: 'spawn' }, { type: 'pick' }, { type: 'finish' }]).state;
    expect(step(base, done, { type: 'cancel', error: cancellation })).toEqual({ kind: 'ok', state: done, outputs: [] });
  });

  it('COR-7: finally on a finished coroutine runs at once; earlier ones run after completion in order', () => {
    const r = run(base, [{ type: 'spawn' }, { type: 'onFinally' }, { type: 'onFinally' }, { type: 'pick' }, { type: 'finish' }, { type: 'runFinally' }, { type: 'onFinally' }]);
    expect(r.outputs).toEqual([
      { type: 'completed', value: 'v' },
      { type: 'finallyCalled', handler: 1 },
      { type: 'finallyCalled', handler: 2 },
      { type: 'finallyCalled', handler: 0 },
    ]);
  });

  it('cancel algorithm: not started → IGNORED, body never runs; self-cancel continues; protected → deferred', () => {
    const ignored = run(base, [{ type: 'spawn' }, { type: 'cancel', error: cancellation }, { type: 'pick' }]);
    expect(ignored.outputs).toEqual([{ type: 'failed', error: cancellation }]);
    expect(ignored.state.started).toBe(false);
    const self = run(base, [{ type: 'spawn' }, { type: 'pick' }, { type: 'cancel', error: cancellation }, { type: 'finish' }]);
    expect(self.outputs).toEqual([{ type: 'failed', error: cancellation }]);
    const prot = run(base, [{ type: 'spawn' }, { type: 'pick' }, { type: 'protect' }, { type: 'await' }, { type: 'cancel', error: cancellation }]);
    expect(prot.state.deferred).toEqual(cancellation);
    expect(step(base, initial(base), { type: 'cancel', error: exception })).toMatchObject({ kind: 'error', error: { type: 'TypeError' } });
  });
});

describe('coroutine invariants catch broken machines', () => {
  it('COR-1 / COR-2 / COR-12: spawning without queueing, into a closed scope, without a location', () => {
    expect(caughtUntil('COR-1', mutant('registerAndEnqueue', (_c, s) => ok({ ...s, registered: true, spawnLocation: 'x' })))).toContain('COR-1');
    expect(caughtUntil('COR-2', mutant('throwClosedScope', (_c, s) => ok({ ...s, registered: true, waker: 'QUEUED', spawnLocation: 'x' })), configs[2])).toContain('COR-2');
    expect(caughtUntil('COR-12', mutant('registerAndEnqueue', (_c, s) => ok({ ...s, registered: true, waker: 'QUEUED' })))).toContain('COR-12');
  });
  it('COR-3: cancel after completion overwrites the exception', () => {
    expect(caughtUntil('COR-3', mutant('noop', (_c, s, a) => ok({ ...s, exception: (a as { error: ErrorValue }).error, result: undefined })))).toContain('COR-3');
  });
  it('COR-5 / COR-9 / COR-10: completing without unregistering, FINISH or context release', () => {
    expect(caughtUntil('COR-5', mutant('finalize', after('finalize', (s) => ({ ...s, registered: true }))))).toContain('COR-5');
    expect(caughtUntil('COR-9', mutant('finalize', after('finalize', (s) => ({ ...s, lastSwitch: 'ENTER' }))))).toContain('COR-9');
    expect(caughtUntil('COR-10', mutant('finalize', after('finalize', (s) => ({ ...s, internalContext: 1 }))))).toContain('COR-10');
  });
  it('COR-6 / CAN-8: leaving protect without delivering the deferred cancellation', () => {
    const ids = caught(mutant('clearProtectedAndDeliverDeferred', (_c, s) => ok({ ...s, protected: false })));
    expect(ids).toContain('COR-6');
    expect(ids).toContain('CAN-8');
  });
  it('COR-7: running finally handlers before completion', () => {
    expect(caughtUntil('COR-7', mutant('queueFinallyHandler', (_c, s) => ok({ ...s, finallyPending: s.finallyPending + 1, finallyRan: true })))).toContain('COR-7');
  });
  it('COR-8: rethrowing a cancellation', () => {
    expect(caughtUntil('COR-8', mutant('finalizeIgnored', after('finalizeIgnored', (s) => ({ ...s, fate: 'rethrown' }))))).toContain('COR-8');
  });
  it('COR-11: deferring a non-cancellation', () => {
    expect(caughtUntil('COR-11', mutant('deferCancellation', (_c, s) => ok({ ...s, deferred: exception })))).toContain('COR-11');
  });
});
