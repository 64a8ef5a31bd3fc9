import { describe, expect, it } from 'vitest';
import { explore, exploreAll, runActions } from '../kernel/explore.js';
import type { Machine, StepResult } from '../kernel/machine.js';
import { withUpdate } from '../kernel/machine.js';
import { allRequirements } from '../requirements.js';
import type { ScopeAction, ScopeConfig, ScopeMachineState, ScopeOutput } from './index.js';
import {
  CLOSED_MESSAGE,
  COROUTINE_CANCELLED,
  DISPOSED_MESSAGE,
  INHERIT_DISPOSED_MESSAGE,
  SCOPE_CANCELLED,
  TIMEOUT_CANCELLED,
  cancelScope,
  draft,
  machine,
  requirements,
  scopePredicates,
  specOf,
  step,
} from './index.js';

type M = Machine<ScopeConfig, ScopeMachineState, ScopeAction, ScopeOutput>;
type Fn = (c: ScopeConfig, s: ScopeMachineState, a: ScopeAction) => StepResult<ScopeMachineState, ScopeOutput>;

const base = { protect: false, finally: false, timers: false };
/** Two coroutines in one scope: sibling cascades, spawn guards, fail-together, closing, disposal. */
const flat: ScopeConfig = { ...base, scopes: [{ id: 'r', parent: null }], coroutines: [{ id: 'r1', scope: 'r' }, { id: 'r2', scope: 'r' }] };
/** A root and a child with a coroutine each: cascade order, upward failures, inherit from a disposed parent. */
const tree: ScopeConfig = { ...base, scopes: [{ id: 'r', parent: null }, { id: 'a', parent: 'r' }], coroutines: [{ id: 'r1', scope: 'r' }, { id: 'a1', scope: 'a' }] };
/** One coroutine that may enter protect(). */
const protect: ScopeConfig = { ...base, scopes: [{ id: 'r', parent: null }], coroutines: [{ id: 'r1', scope: 'r' }], protect: true };
/** A safe root (allowZombies) with a child holding a coroutine, scope finally handlers offered. */
const safe: ScopeConfig = { ...base, scopes: [{ id: 'r', parent: null, safe: true }, { id: 'a', parent: 'r' }], coroutines: [{ id: 'a1', scope: 'a' }], finally: true };
/** Exception handlers: the child's rethrows, the root's child-scope handler swallows. */
const handlers: ScopeConfig = {
  ...base,
  scopes: [{ id: 'r', parent: null, childScopeExceptionHandler: 'swallow' }, { id: 'a', parent: 'r', exceptionHandler: 'rethrow' }],
  coroutines: [{ id: 'a1', scope: 'a' }],
};
/** disposeAfterTimeout offered. */
const timers: ScopeConfig = { ...base, scopes: [{ id: 'r', parent: null }], coroutines: [{ id: 'r1', scope: 'r' }], timers: true };

/** The machine, but an enabled action that no transition handles fails the walk (so every `to` edge is honest). */
const strict: M = {
  ...machine,
  step: (c, s, a) => {
    const r = machine.step(c, s, a);
    if (r.kind === 'error' && r.error.type === 'Unhandled') throw new Error(`${r.error.message}: ${JSON.stringify(a)}`);
    return r;
  },
};

const mutant = (name: string, fn: Fn): M => withUpdate(machine, name, fn);
/** The correct update of `name`, followed by `breakIt` on the resulting state. */
const after = (name: string, breakIt: (s: ScopeMachineState, a: ScopeAction) => ScopeMachineState): Fn => {
  const original = machine.transitions.find((t) => t.update.name === name)!.update.fn;
  return (c, s, a) => {
    const r = original(c, s, a);
    return r.kind === 'ok' ? { ...r, state: breakIt(draft(r.state), a) } : r;
  };
};
const caughtUntil = (id: string, m: M, config: ScopeConfig): string[] => explore(m, config, { maxStates: 30_000, until: id }).violations.map((v) => v.id);

function run(config: ScopeConfig, actions: ScopeAction[]): { state: ScopeMachineState; outputs: ScopeOutput[] } {
  const r = runActions(machine, config, actions);
  expect(r.rejected, JSON.stringify(r.rejected)).toBeUndefined();
  return r;
}
const cancel = (scope: string, method: 'cancel' | 'dispose' | 'disposeSafely' = 'cancel', reason?: string): ScopeAction => ({ type: 'cancel', scope, method, ...(reason ? { reason } : {}) });
/** Spawn, start and suspend each coroutine (their bodies are parked). */
const parked = (...ids: string[]): ScopeAction[] =>
  ids.flatMap((id): ScopeAction[] => [{ type: 'spawn', coroutine: id }, { type: 'start', coroutine: id }, { type: 'suspend' }]);
const completions = (outputs: ScopeOutput[]) => outputs.flatMap((o) => (o.type === 'completed' ? [[o.coroutine, o.outcome]] : []));

describe('scope machine', () => {
  it('explores small forests without invariant violations and fires every transition', () => {
    const r = exploreAll(strict, [flat, tree, protect, safe, handlers, timers], { maxStates: 30_000 });
    expect(r.truncated).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.unfired).toEqual([]);
  });

  it('every transition and invariant names a known requirement; every SCP ID is listed once', () => {
    const ids = requirements.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `SCP-${i + 1}`));
    const known = new Set(allRequirements.map((r) => r.id));
    for (const t of machine.transitions) expect(known.has(t.requirement), t.requirement).toBe(true);
    for (const inv of machine.invariants) expect(ids).toContain(inv.id);
    for (const r of requirements) expect(r.kind === 'spec-only').toBe(r.reason !== undefined);
  });

  it('SCP-4: cancelling the root sets flags pre-order, cancels the child before its own coroutines; cancelling the child leaves the root alone', () => {
    const child = run(tree, [{ type: 'inherit', scope: 'a' }, ...parked('r1', 'a1'), cancel('a')]);
    expect(child.state.scopes.r.cancelled).toBe(false);
    expect(child.state.cascade?.steps).toEqual([
      { kind: 'scope', scope: 'a', effect: 'cancelled' },
      { kind: 'coroutine', coroutine: 'a1', scope: 'a', effect: 'thrown', reason: SCOPE_CANCELLED, started: true },
    ]);
    const root = run(tree, [{ type: 'inherit', scope: 'a' }, ...parked('r1', 'a1'), cancel('r', 'cancel', 'stop')]);
    expect(root.state.cascade?.steps.map((s) => (s.kind === 'scope' ? `scope:${s.scope}` : `co:${s.coroutine}:${s.reason}`))).toEqual([
      'scope:r',
      'scope:a',
      'co:a1:stop',
      'co:r1:stop',
    ]);
  });

  it('SCP-5 / SCP-12: a not-started coroutine is ignored even by disposeSafely; its finish disposes the scope', () => {
    const { state, outputs } = run(flat, [{ type: 'spawn', coroutine: 'r1' }, cancel('r', 'disposeSafely'), { type: 'start', coroutine: 'r1' }]);
    expect(state.coroutines.r1.started).toBe(false);
    expect(completions(outputs)).toEqual([['r1', { kind: 'cancelled', reason: SCOPE_CANCELLED }]]);
    expect(state.scopes.r.disposed).toBe(true);
    expect(scopePredicates(state, 'r')).toEqual({ isFinished: true, isClosed: true, isCancelled: true });
  });

  it('SCP-6 / SCP-18 (tests/scope/024): cancel() of a safe scope makes started coroutines zombies that finish normally', () => {
    const { state } = run(safe, [{ type: 'inherit', scope: 'a' }, ...parked('a1'), cancel('a')]);
    expect(state.coroutines.a1).toMatchObject({ zombie: true, cancelled: true, pending: null });
    expect(state.scopes.a).toMatchObject({ active: 0, zombies: 1 });
    expect(scopePredicates(state, 'a').isFinished).toBe(true);
    const done = run(safe, [{ type: 'inherit', scope: 'a' }, ...parked('a1'), cancel('a'), { type: 'resume', coroutine: 'a1' }, { type: 'return' }]);
    expect(completions(done.outputs)).toEqual([['a1', { kind: 'returned' }]]);
    expect(done.state.scopes.a.disposed).toBe(true);
  });

  it('SCP-7 / SCP-9 (tests/scope/004): a fresh empty scope is finished, not closed; cancel() closes it without cancelling', () => {
    const fresh = machine.initial(flat);
    expect(scopePredicates(fresh, 'r')).toEqual({ isFinished: true, isClosed: false, isCancelled: false });
    const { state } = run(flat, [cancel('r')]);
    expect(scopePredicates(state, 'r')).toEqual({ isFinished: true, isClosed: true, isCancelled: false });
  });

  it('SCP-7 / SCP-8 / SCP-3: a cancelled scope still accepts spawns; a second cancel closes it at once, then spawn throws', () => {
    const once = run(flat, [...parked('r1'), cancel('r')]);
    expect(scopePredicates(once.state, 'r')).toEqual({ isFinished: true, isClosed: false, isCancelled: true });
    const spawned = run(flat, [...parked('r1'), cancel('r'), { type: 'spawn', coroutine: 'r2' }]);
    expect(spawned.state.coroutines.r2.status).toBe('QUEUED');
    const twice = run(flat, [...parked('r1'), cancel('r'), cancel('r')]);
    expect(twice.state.scopes.r.closed).toBe(true);
    expect(step(flat, twice.state, { type: 'spawn', coroutine: 'r2' })).toMatchObject({ kind: 'error', error: { type: 'Async\\AsyncException', message: CLOSED_MESSAGE } });
    const disposed = run(flat, [...parked('r1'), cancel('r'), { type: 'resume', coroutine: 'r1' }, { type: 'return' }]);
    expect(disposed.state.scopes.r.disposed).toBe(true);
    expect(step(flat, disposed.state, { type: 'spawn', coroutine: 'r2' })).toMatchObject({ kind: 'error', error: { message: DISPOSED_MESSAGE } });
  });

  it('SCP-10 / SCP-11: dispose() is cancel() in the scope\'s own mode; the fired timer cancels with the timeout message', () => {
    const dispose = run(tree, [{ type: 'inherit', scope: 'a' }, ...parked('a1'), cancel('a', 'dispose')]);
    expect(dispose.state.cascade).toMatchObject({ method: 'dispose', safe: false });
    expect(dispose.state.coroutines.a1.pending).toBe(SCOPE_CANCELLED);
    const timer = run(timers, [...parked('r1'), { type: 'disposeAfterTimeout', scope: 'r' }, { type: 'timerFires', scope: 'r' }]);
    expect(timer.state.coroutines.r1.pending).toBe(TIMEOUT_CANCELLED);
    const empty = run(timers, [{ type: 'disposeAfterTimeout', scope: 'r' }]);
    expect(empty.state.scopes.r.timer).toBe(false);
  });

  it('SCP-14 (§5.6): an unhandled error cancels the siblings with "Coroutine cancelled" and child scopes with "Scope was cancelled"', () => {
    const { state, outputs } = run(tree, [{ type: 'inherit', scope: 'a' }, ...parked('a1'), { type: 'spawn', coroutine: 'r1' }, { type: 'start', coroutine: 'r1' }, { type: 'fail' }]);
    expect(state.coroutines.a1.pending).toBe(SCOPE_CANCELLED);
    expect(state.scopes.r.cancelled).toBe(true);
    expect(state.failure).toEqual({ coroutine: 'r1', chain: ['r'], absorbedBy: null });
    expect(outputs).toContainEqual({ type: 'uncaught', coroutine: 'r1' });
    const sib = run(flat, [...parked('r2'), { type: 'spawn', coroutine: 'r1' }, { type: 'start', coroutine: 'r1' }, { type: 'fail' }]);
    expect(sib.state.coroutines.r2.pending).toBe(COROUTINE_CANCELLED);
  });

  it('SCP-14: a rethrowing handler does not absorb; the parent\'s child-scope handler does, and the parent stays open', () => {
    const { state, outputs } = run(handlers, [
      { type: 'inherit', scope: 'a' },
      { type: 'setExceptionHandler', scope: 'a' },
      { type: 'setChildScopeExceptionHandler', scope: 'r' },
      { type: 'spawn', coroutine: 'a1' },
      { type: 'start', coroutine: 'a1' },
      { type: 'fail' },
    ]);
    expect(outputs.filter((o) => o.type === 'handlerCalled')).toEqual([
      { type: 'handlerCalled', scope: 'a', handler: 'exception', behaviour: 'rethrow' },
      { type: 'handlerCalled', scope: 'r', handler: 'childScope', behaviour: 'swallow' },
    ]);
    expect(state.failure?.absorbedBy).toBe('r');
    expect(state.scopes.a.disposed).toBe(true);
    expect(state.scopes.r.cancelled).toBe(false);
  });

  it('SCP-16: a scope finally handler runs when the scope is disposed; finally() on a disposed scope runs at once', () => {
    const { state, outputs } = run(safe, [{ type: 'inherit', scope: 'a' }, { type: 'onFinally', scope: 'a' }, ...parked('a1'), cancel('a'), { type: 'resume', coroutine: 'a1' }, { type: 'return' }]);
    expect(outputs).toContainEqual({ type: 'finallyCalled', scope: 'a' });
    expect(state.scopes.a.finallyRuns).toBe(1);
    const late = step(safe, state, { type: 'onFinally', scope: 'a' });
    expect(late).toMatchObject({ kind: 'ok', outputs: [{ type: 'finallyCalled', scope: 'a' }] });
  });

  it('SCP-19: inherit from and set a handler on a disposed scope throw; cancel() on it does nothing', () => {
    const { state } = run(handlers, [{ type: 'inherit', scope: 'a' }, ...parked('a1'), cancel('a'), { type: 'resume', coroutine: 'a1' }, { type: 'return' }]);
    expect(state.scopes.a.disposed).toBe(true);
    expect(step(handlers, state, { type: 'setExceptionHandler', scope: 'a' })).toMatchObject({ kind: 'error', error: { message: DISPOSED_MESSAGE } });
    expect(step(handlers, state, cancel('a'))).toEqual({ kind: 'ok', state, outputs: [] });
    const root = run(tree, [...parked('r1'), cancel('r'), { type: 'resume', coroutine: 'r1' }, { type: 'return' }]);
    expect(step(tree, root.state, { type: 'inherit', scope: 'a' })).toMatchObject({ kind: 'error', error: { message: INHERIT_DISPOSED_MESSAGE } });
  });

  it('SCP-20 (tests/scope/035): a coroutine cancelling its own scope keeps running and completes with the cancellation', () => {
    const { state, outputs } = run(flat, [
      { type: 'spawn', coroutine: 'r1' },
      { type: 'start', coroutine: 'r1' },
      cancel('r', 'cancel', 'Self-cancellation'),
      { type: 'suspend' },
      { type: 'resume', coroutine: 'r1' },
      { type: 'return' },
    ]);
    expect(state.coroutines.r1.cancelled).toBe(true);
    expect(completions(outputs)).toEqual([['r1', { kind: 'cancelled', reason: 'Self-cancellation' }]]);
    expect(state.scopes.r.disposed).toBe(true);
  });
});

describe('scope invariants catch broken machines', () => {
  it('SCP-1: inherit from a disposed parent that creates the child anyway', () => {
    const create = machine.transitions.find((t) => t.update.name === 'createChildScope')!.update.fn;
    expect(caughtUntil('SCP-1', mutant('throwInheritFromDisposed', create), tree)).toContain('SCP-1');
  });
  it('SCP-2: Scope::inherit() that does not copy the parent\'s safe flag', () => {
    expect(caughtUntil('SCP-2', mutant('createChildScope', after('createChildScope', (s, a) => ({ ...s, scopes: { ...s.scopes, [(a as { scope: string }).scope]: { ...s.scopes[(a as { scope: string }).scope], safe: false } } }))), safe)).toContain('SCP-2');
  });
  it('SCP-3: spawn into a closed scope accepted', () => {
    const register = machine.transitions.find((t) => t.update.name === 'registerCoroutine')!.update.fn;
    expect(caughtUntil('SCP-3', mutant('throwScopeClosed', register), flat)).toContain('SCP-3');
  });
  it('SCP-4: a cancel that also cascades into the parent', () => {
    const cancelSubtree = machine.transitions.find((t) => t.update.name === 'cancelSubtree')!.update.fn;
    const upward: Fn = (c, s, a) => {
      const r = cancelSubtree(c, s, a);
      const parent = specOf(c, (a as { scope: string }).scope).parent;
      if (r.kind === 'error' || parent === null) return r;
      const d = draft(r.state);
      const steps = [...d.cascade!.steps];
      cancelScope(c, d, parent, SCOPE_CANCELLED, d.cascade!.safe, steps, []);
      d.cascade = { ...d.cascade!, steps };
      return { ...r, state: d };
    };
    expect(caughtUntil('SCP-4', mutant('cancelSubtree', upward), tree)).toContain('SCP-4');
  });
  it('SCP-5: an ignored coroutine started normally', () => {
    const start = machine.transitions.find((t) => t.update.name === 'startBody')!.update.fn;
    expect(caughtUntil('SCP-5', mutant('finalizeIgnored', start), flat)).toContain('SCP-5');
  });
  it('SCP-6: disposeSafely that cascades in the scope\'s own mode', () => {
    const cancelSubtree = machine.transitions.find((t) => t.update.name === 'cancelSubtree')!.update.fn;
    const ownMode: Fn = (c, s, a) => {
      const r = cancelSubtree(c, s, a.type === 'cancel' ? { ...a, method: 'cancel' } : a);
      return r.kind === 'ok' && a.type === 'cancel' ? { ...r, state: { ...r.state, cascade: { ...r.state.cascade!, method: a.method } } } : r;
    };
    expect(caughtUntil('SCP-6', mutant('cancelSubtree', ownMode), flat)).toContain('SCP-6');
  });
  it('SCP-7: a cancel that closes a scope with live coroutines', () => {
    const closeBusy = after('cancelSubtree', (s) => {
      const origin = s.cascade!.origin;
      return { ...s, scopes: { ...s.scopes, [origin]: { ...s.scopes[origin], cancelled: false, closed: true, sealedAt: 1 } } };
    });
    expect(caughtUntil('SCP-7', mutant('cancelSubtree', closeBusy), flat)).toContain('SCP-7');
  });
  it('SCP-9: a spawn that forgets active++ (isFinished stays true)', () => {
    const noCount = after('registerCoroutine', (s, a) => {
      const scope = (a as { coroutine: string }).coroutine.startsWith('r') ? 'r' : 'a';
      return { ...s, scopes: { ...s.scopes, [scope]: { ...s.scopes[scope], active: s.scopes[scope].active - 1 } } };
    });
    expect(caughtUntil('SCP-9', mutant('registerCoroutine', noCount), flat)).toContain('SCP-9');
  });
  it('SCP-10: dispose delivering a different cancellation to each coroutine', () => {
    const fresh = after('cancelSubtree', (s) => ({
      ...s,
      cascade: s.cascade && { ...s.cascade, steps: s.cascade.steps.map((x) => (x.kind === 'coroutine' ? { ...x, reason: `${x.reason} ${x.coroutine}` } : x)) },
    }));
    expect(caughtUntil('SCP-10', mutant('cancelSubtree', fresh), flat)).toContain('SCP-10');
  });
  it('SCP-12: disposal that leaves a cancelled scope\'s coroutine behind', () => {
    const early = after('cancelSubtree', (s) => {
      const origin = s.cascade!.origin;
      return { ...s, scopes: { ...s.scopes, [origin]: { ...s.scopes[origin], disposed: true, sealedAt: s.scopes[origin].sealedAt ?? s.scopes[origin].coroutines.length } } };
    });
    expect(caughtUntil('SCP-12', mutant('cancelSubtree', early), flat)).toContain('SCP-12');
  });
  it('SCP-14: a rethrowing handler treated as absorbing the error', () => {
    const catchOrCancel = machine.transitions.find((t) => t.update.name === 'catchOrCancel')!.update.fn;
    const anyHandlerAbsorbs: Fn = (c, s, a) => {
      const d = draft(s);
      for (const r of Object.values(d.scopes)) if (r.exceptionHandler) r.exceptionHandler = 'swallow';
      const result = catchOrCancel(c, d, a);
      if (result.kind === 'error') return result;
      const back = draft(result.state);
      for (const [id, r] of Object.entries(back.scopes)) r.exceptionHandler = s.scopes[id].exceptionHandler;
      return { ...result, state: back };
    };
    expect(caughtUntil('SCP-14', mutant('catchOrCancel', anyHandlerAbsorbs), handlers)).toContain('SCP-14');
  });
  it('SCP-16: finally handlers run when a scope is merely cancelled', () => {
    const early = after('cancelSubtree', (s) => {
      const origin = s.cascade!.origin;
      return { ...s, scopes: { ...s.scopes, [origin]: { ...s.scopes[origin], finallyRuns: s.scopes[origin].finallyRuns + 1 } } };
    });
    expect(caughtUntil('SCP-16', mutant('cancelSubtree', early), safe)).toContain('SCP-16');
  });
  it('SCP-18: a second cascade that zombifies a zombie again', () => {
    const again = after('cancelSubtree', (s) => {
      const coroutines = { ...s.coroutines };
      for (const [id, co] of Object.entries(coroutines)) if (co.zombie) coroutines[id] = { ...co, zombified: co.zombified + 1 };
      return { ...s, coroutines };
    });
    expect(caughtUntil('SCP-18', mutant('cancelSubtree', again), safe)).toContain('SCP-18');
  });
  it('SCP-20: a self-cancel that throws at the issuer', () => {
    const throwAtSelf = after('cancelSubtree', (s) =>
      s.current === null ? s : { ...s, coroutines: { ...s.coroutines, [s.current]: { ...s.coroutines[s.current], pending: SCOPE_CANCELLED } } },
    );
    expect(caughtUntil('SCP-20', mutant('cancelSubtree', throwAtSelf), flat)).toContain('SCP-20');
  });
});
