/**
 * Invariants of the scope machine, named after what stays true; their ids
 * are SCP requirement IDs.
 *
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import type { Invariant } from '../kernel/machine.js';
import type { CoroutineStep, ScopeConfig, ScopeMachineState, ScopedCoroutineRecord } from './model.js';
import { COROUTINE_CANCELLED, SCOPE_CANCELLED, TIMEOUT_CANCELLED } from './model.js';
import { isWithin, scopePredicates, specOf } from './tree.js';

/** An invariant of the scope machine. */
export type ScopeInvariant = Invariant<ScopeConfig, ScopeMachineState>;

interface ForestIndex {
  own: Map<string, string[]>;
  children: Map<string, string[]>;
}
const indexes = new WeakMap<ScopeConfig, ForestIndex>();
/** The config's coroutines and child scopes per scope, computed once per config. */
function indexOf(c: ScopeConfig): ForestIndex {
  let index = indexes.get(c);
  if (!index) {
    index = { own: new Map(), children: new Map() };
    for (const spec of c.scopes) {
      index.own.set(spec.id, c.coroutines.filter((x) => x.scope === spec.id).map((x) => x.id));
      index.children.set(spec.id, c.scopes.filter((x) => x.parent === spec.id).map((x) => x.id));
    }
    indexes.set(c, index);
  }
  return index;
}
const isLive = (co: ScopedCoroutineRecord): boolean => co.status !== 'CREATED' && co.status !== 'COMPLETED';
const ownIds = (c: ScopeConfig, scope: string): string[] => indexOf(c).own.get(scope) ?? [];
const ownLive = (c: ScopeConfig, s: ScopeMachineState, scope: string): string[] => ownIds(c, scope).filter((id) => isLive(s.coroutines[id]));
const childSpecs = (c: ScopeConfig, scope: string): string[] => indexOf(c).children.get(scope) ?? [];
const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
const coroutineSteps = (s: ScopeMachineState): CoroutineStep[] => (s.cascade?.steps ?? []).filter((x): x is CoroutineStep => x.kind === 'coroutine');

/** SCP-1: created scopes hang under created parents; a live scope's child list is exactly its live children; a disposed parent has no live child. */
export const scopesFormAForest: ScopeInvariant = {
  id: 'SCP-1',
  title: 'created ⇒ parent created; children = live created children in creation order as a set; parent disposed ⇒ child disposed or never created',
  holds: (s, c) =>
    c.scopes.every((spec) => {
      const r = s.scopes[spec.id];
      const live = childSpecs(c, spec.id).filter((id) => s.scopes[id].created && !s.scopes[id].disposed);
      if (r.created && !r.disposed && !sameSet(r.children, live)) return false;
      if (spec.parent === null) return r.created;
      const p = s.scopes[spec.parent];
      return !r.created || (p.created && (!p.disposed || r.disposed));
    }),
};

/** SCP-2: a root is not safe unless configured; a child copies its parent's flag. */
export const safetyIsInherited: ScopeInvariant = {
  id: 'SCP-2',
  title: 'root safe = configured ?? false; created child safe = configured ?? parent safe',
  holds: (s, c) =>
    c.scopes.every((spec) => {
      const r = s.scopes[spec.id];
      if (!r.created) return true;
      return r.safe === (spec.safe ?? (spec.parent === null ? false : s.scopes[spec.parent].safe));
    }),
};

/** SCP-3: once closed or disposed, a scope's coroutine set is sealed: no coroutine joins it afterwards. */
export const closedScopeRefusesSpawns: ScopeInvariant = {
  id: 'SCP-3',
  title: 'sealed ⇔ CLOSED ∨ disposed; a sealed scope has exactly as many spawned coroutines as when it was sealed',
  holds: (s, c) =>
    c.scopes.every((spec) => {
      const r = s.scopes[spec.id];
      if ((r.sealedAt !== null) !== (r.closed || r.disposed)) return false;
      return r.sealedAt === null || r.sealedAt === ownIds(c, spec.id).filter((id) => s.coroutines[id].status !== 'CREATED').length;
    }),
};

/**
 * SCP-4: a user cancel touches only the cancelled scope's subtree; flags are
 * set pre-order, and a scope's own coroutines are cancelled after its whole
 * child subtree.
 */
export const cancelFlowsDownward: ScopeInvariant = {
  id: 'SCP-4',
  title: 'user cancel of S: every step inside S\'s subtree; a scope\'s step follows its parent\'s; own coroutines after every descendant scope',
  holds: (s, c) => {
    const w = s.cascade;
    if (!w || w.cause === 'fail') return true;
    const scopeOfStep = (i: number): string => {
      const st = w.steps[i];
      return st.kind === 'scope' ? st.scope : st.scope;
    };
    return w.steps.every((st, i) => {
      if (!isWithin(c, scopeOfStep(i), w.origin)) return false;
      if (st.kind === 'scope') {
        if (i === 0) return st.scope === w.origin;
        const parent = specOf(c, st.scope).parent as string;
        return w.steps.slice(0, i).some((p) => p.kind === 'scope' && p.scope === parent && p.effect === 'cancelled');
      }
      const later = w.steps.slice(i + 1);
      return (
        w.steps.slice(0, i).some((p) => p.kind === 'scope' && p.scope === st.scope && p.effect === 'cancelled') &&
        later.every((p) => !(p.kind === 'scope' && p.scope !== st.scope && isWithin(c, p.scope, st.scope)))
      );
    });
  },
};

/** SCP-5: a coroutine cancelled before it started never runs its body, whatever the mode. */
export const notStartedNeverRuns: ScopeInvariant = {
  id: 'SCP-5',
  title: 'ignored ⇒ never started; a cascade step on a not-started coroutine ignores it, in safe mode too',
  holds: (s) =>
    Object.values(s.coroutines).every((co) => !co.ignored || !co.started) &&
    coroutineSteps(s).every((st) => st.started || st.effect === 'ignored' || st.effect === 'none'),
};

/** SCP-6: the cascade mode follows the method and the scope's flag; in safe mode started coroutines become zombies, otherwise they get the cancellation. */
export const safeModeMakesZombies: ScopeInvariant = {
  id: 'SCP-6',
  title: 'mode = disposeSafely ∨ origin safe; safe ⇒ started targets become zombies; not safe ⇒ they are thrown at (or keep a pending cancellation)',
  holds: (s) => {
    const w = s.cascade;
    if (!w) return true;
    if (w.safe !== (w.method === 'disposeSafely' || s.scopes[w.origin].safe)) return false;
    return coroutineSteps(s).every((st) => {
      if (!st.started || st.effect === 'none' || st.effect === 'marked' || st.effect === 'deferred') return true;
      return w.safe ? st.effect === 'zombie' : st.effect === 'thrown' || st.effect === 'kept';
    });
  },
};

/** SCP-7: CLOSED is set only on a completely done scope: a closed scope that was not cancelled has no coroutine left. */
export const closedOnlyWhenDone: ScopeInvariant = {
  id: 'SCP-7',
  title: 'CLOSED ∧ ¬CANCELLED ⇒ no own coroutine (active, zombie or queued) is left',
  holds: (s, c) =>
    c.scopes.every((spec) => {
      const r = s.scopes[spec.id];
      return !r.closed || r.cancelled || (r.active + r.zombies === 0 && ownLive(c, s, spec.id).length === 0);
    }),
};

/** SCP-9: the predicates agree with each other and with the coroutines actually alive. */
export const predicatesFollowCoroutines: ScopeInvariant = {
  id: 'SCP-9',
  title: 'isClosed ⇒ isFinished; isCancelled ⇒ isFinished; isFinished ⇔ disposed ∨ closed ∨ cancelled ∨ no live non-zombie coroutine in the unclosed part of the subtree',
  holds: (s, c) => {
    const completed = (id: string): boolean => {
      const r = s.scopes[id];
      if (!r.created || r.disposed || r.closed || r.cancelled) return true;
      return ownLive(c, s, id).every((co) => s.coroutines[co].zombie) && childSpecs(c, id).every(completed);
    };
    return c.scopes.every((spec) => {
      if (!s.scopes[spec.id].created) return true;
      const p = scopePredicates(s, spec.id);
      return (!p.isClosed || p.isFinished) && (!p.isCancelled || p.isFinished) && p.isFinished === completed(spec.id);
    });
  },
};

/** SCP-10: one cancellation object for a whole user cascade: the given one, "Scope was cancelled", or the timeout's. */
export const oneCancellationPerCascade: ScopeInvariant = {
  id: 'SCP-10',
  title: 'a user cancel gives every coroutine the given reason or "Scope was cancelled"; a timeout gives "Scope has been disposed due to timeout"',
  holds: (s) => {
    const w = s.cascade;
    if (!w || w.cause === 'fail') return true;
    const expected = w.cause === 'timeout' ? TIMEOUT_CANCELLED : (w.given ?? SCOPE_CANCELLED);
    return coroutineSteps(s).every((st) => st.reason === expected);
  },
};

/** SCP-12: a disposed scope is cancelled, drained, has no live child and left its parent. */
export const disposedScopesAreDrained: ScopeInvariant = {
  id: 'SCP-12',
  title: 'disposed ⇒ CANCELLED ∧ no coroutine left ∧ every created child disposed ∧ no pending finally handler ∧ not in the parent\'s children',
  holds: (s, c) =>
    c.scopes.every((spec) => {
      const r = s.scopes[spec.id];
      if (!r.disposed) return true;
      const parent = spec.parent === null ? null : s.scopes[spec.parent];
      return (
        r.cancelled &&
        r.active + r.zombies === 0 &&
        r.coroutines.length === 0 &&
        ownLive(c, s, spec.id).length === 0 &&
        childSpecs(c, spec.id).every((id) => !s.scopes[id].created || s.scopes[id].disposed) &&
        !r.finallyPending &&
        (parent === null || !parent.children.includes(spec.id))
      );
    }),
};

/**
 * SCP-14: an unhandled error climbs from its coroutine's scope until a
 * handler swallows it; every scope it passed is cancelled — its own
 * coroutines with "Coroutine cancelled", its other subtrees with "Scope was
 * cancelled".
 */
export const unhandledErrorsFailTogether: ScopeInvariant = {
  id: 'SCP-14',
  title: 'failure: the chain climbs parent by parent; it stops only at a swallowing handler or a root; passed scopes are CANCELLED; reasons follow the chain',
  holds: (s, c) => {
    const f = s.failure;
    if (!f) return true;
    const origin = c.coroutines.find((x) => x.id === f.coroutine)?.scope;
    if (f.chain[0] !== origin || !f.chain.every((id, i) => i === 0 || specOf(c, f.chain[i - 1]).parent === id)) return false;
    const last = f.chain[f.chain.length - 1];
    const passed = f.absorbedBy === null ? f.chain : f.chain.slice(0, -1);
    if (f.absorbedBy === null && specOf(c, last).parent !== null) return false;
    if (f.absorbedBy !== null) {
      const r = s.scopes[f.absorbedBy];
      const byChild = f.chain.length > 1 && r.childScopeExceptionHandler === 'swallow';
      if (f.absorbedBy !== last || !(byChild || r.exceptionHandler === 'swallow')) return false;
    }
    return (
      passed.every((id) => s.scopes[id].cancelled) &&
      coroutineSteps(s).every((st) => st.reason === (passed.includes(st.scope) ? COROUTINE_CANCELLED : SCOPE_CANCELLED))
    );
  },
};

/** SCP-16: a scope finally handler runs at most once, and only on a closed or disposed scope. */
export const finallyRunsOnceAtTheEnd: ScopeInvariant = {
  id: 'SCP-16',
  title: 'finally handler runs ≤ 1; ran ⇒ CLOSED ∨ disposed',
  holds: (s) => Object.values(s.scopes).every((r) => r.finallyRuns <= 1 && (r.finallyRuns === 0 || r.closed || r.disposed)),
};

/** SCP-18: the counters count exactly the live coroutines, zombies apart; a coroutine becomes a zombie at most once, and only after it started and was cancelled. */
export const zombiesAreNotActive: ScopeInvariant = {
  id: 'SCP-18',
  title: 'active = live non-zombies, zombies = live zombies, coroutine list = live ones; zombified ≤ 1; zombified ⇒ started ∧ CANCELLED',
  holds: (s, c) =>
    c.scopes.every((spec) => {
      const r = s.scopes[spec.id];
      const live = ownLive(c, s, spec.id);
      const zombies = live.filter((id) => s.coroutines[id].zombie);
      return r.active === live.length - zombies.length && r.zombies === zombies.length && sameSet(r.coroutines, live);
    }) && Object.values(s.coroutines).every((co) => co.zombified <= 1 && (co.zombified === 0 || (co.started && co.cancelled))),
};

/** SCP-20: the coroutine that cancels its own scope is only marked: it never gets a pending cancellation while it runs. */
export const selfCancelOnlyMarks: ScopeInvariant = {
  id: 'SCP-20',
  title: 'a cascade step on its issuer marks it; the running coroutine never holds a pending cancellation',
  holds: (s) =>
    (s.current === null || s.coroutines[s.current].pending === null) &&
    coroutineSteps(s).every((st) => st.coroutine !== s.cascade?.issuer || st.effect === 'marked'),
};

/** Every invariant of the scope machine. */
export const invariants: readonly ScopeInvariant[] = [
  scopesFormAForest,
  safetyIsInherited,
  closedScopeRefusesSpawns,
  cancelFlowsDownward,
  notStartedNeverRuns,
  safeModeMakesZombies,
  closedOnlyWhenDone,
  predicatesFollowCoroutines,
  oneCancellationPerCascade,
  disposedScopesAreDrained,
  unhandledErrorsFailTogether,
  finallyRunsOnceAtTheEnd,
  zombiesAreNotActive,
  selfCancelOnlyMarks,
];
