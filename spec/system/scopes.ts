/**
 * Scopes in the system model (trace semantics §6): the tree, the cancel
 * algorithm and user cancel (SCP-4..8), exception handling (SCP-14), waiters
 * (SCP-13, SCP-15), the completion check and disposal (SCP-12) and scope
 * finally handlers (SCP-16).
 * @module
 */
import type { ErrorValue, HandlerSpec } from './scenario.js';
import type { CoroutineState, Outcome, ScopeState, SystemState } from './state.js';
import { MAIN_SCOPE, scopeOf } from './state.js';
import { error } from './errors.js';
import { coroutine, emit, resolve, unsubscribe } from './events.js';
import { stepCoroutine } from './lifecycle.js';

export { scopeOf } from './state.js';

/** Default cancellation of a scope (SCP-10, CAN-12). */
export const SCOPE_CANCELLED = 'Scope was cancelled';

/** A fresh scope record. */
export function newScope(id: string, parent: string | null, safe: boolean): ScopeState {
  return {
    id, parent, children: [], coroutines: [], active: 0, zombie: 0, safe,
    cancelled: false, closed: false, disposed: false, finallyHandlers: [], finallyRan: false, waiters: [],
  };
}


function childScopes(sys: SystemState, s: ScopeState): ScopeState[] {
  return s.children.map((c) => scopeOf(sys, c));
}

/** `completed(S)`: CLOSED ∨ CANCELLED ∨ (active==0 ∧ every child completed). */
export function completed(sys: SystemState, s: ScopeState): boolean {
  return s.closed || s.cancelled || (s.active === 0 && childScopes(sys, s).every((c) => completed(sys, c)));
}

/** `completelyDone(S)`: CLOSED ∨ CANCELLED ∨ (active+zombie==0 ∧ every child completely done) — C's SCOPE_IS_COMPLETELY_DONE (SCP-7). */
export function completelyDone(sys: SystemState, s: ScopeState): boolean {
  return s.closed || s.cancelled || (s.active + s.zombie === 0 && childScopes(sys, s).every((c) => completelyDone(sys, c)));
}

/** `drained(S)`: no coroutine, zombie or not, anywhere in the subtree. */
export function drained(sys: SystemState, s: ScopeState): boolean {
  return s.active + s.zombie === 0 && childScopes(sys, s).every((c) => drained(sys, c));
}

/** `settled(S)`: no active (non-zombie) coroutine anywhere in the subtree. */
export function settled(sys: SystemState, s: ScopeState): boolean {
  return s.active === 0 && childScopes(sys, s).every((c) => settled(sys, c));
}

/** Whether `inner` is `outer` or one of its descendants. */
export function within(sys: SystemState, inner: string, outer: string): boolean {
  for (let id: string | null = inner; id !== null; id = scopeOf(sys, id).parent) {
    if (id === outer) return true;
  }
  return false;
}

/** Mark a started coroutine zombie (SCP-6, SCP-18): once; then the completion check. */
export function markZombie(sys: SystemState, co: CoroutineState): void {
  if (co.zombie) return;
  co.zombie = true;
  const s = scopeOf(sys, co.scope);
  s.active--;
  s.zombie++;
  completionCheck(sys, co.scope);
}

/** Resolve every waiting waiter of `s` with an outcome, in arrival order. @returns how many were woken. */
export function notifyScope(sys: SystemState, s: ScopeState, outcome: Outcome): number {
  let woken = 0;
  for (const w of [...s.waiters]) {
    if (coroutine(sys, w.coroutine).status !== 'WAITING') continue;
    resolve(sys, w.coroutine, outcome);
    woken++;
  }
  return woken;
}

/** The completion check from scope `id` up to its root (§6.6). */
export function completionCheck(sys: SystemState, id: string): void {
  for (let cur: string | null = id; cur !== null; cur = scopeOf(sys, cur).parent) {
    const s = scopeOf(sys, cur);
    for (const w of [...s.waiters]) {
      if (coroutine(sys, w.coroutine).status !== 'WAITING') continue;
      const ready = w.kind === 'completion' ? settled(sys, s) : drained(sys, s);
      if (ready) resolve(sys, w.coroutine, { value: null });
    }
  }
}

/** Schedule a scope's finally handlers once (§6.7, SCP-16). */
export function runScopeFinally(sys: SystemState, s: ScopeState): void {
  if (s.finallyRan) return;
  s.finallyRan = true;
  if (s.finallyHandlers.length > 0) sys.queue.unshift(`finally:${s.id}`);
}

/** User cancel of a scope (§6.3): close, or cascade then notify. */
export function userCancel(sys: SystemState, id: string, cancellation: ErrorValue, safe: boolean): void {
  const s = scopeOf(sys, id);
  if (s.disposed || s.closed) return;
  if (completelyDone(sys, s)) {
    s.closed = true;
    runScopeFinally(sys, s);
    return;
  }
  s.cancelled = true;
  for (const child of [...s.children]) userCancel(sys, child, cancellation, safe);
  for (const cid of [...s.coroutines]) cancel(sys, coroutine(sys, cid), cancellation, safe);
  notifyScope(sys, s, { error: cancellation });
}

function callHandler(sys: SystemState, s: ScopeState, spec: HandlerSpec, co: CoroutineState, err: ErrorValue): boolean {
  emit(sys, co.id, { kind: 'handler', scope: s.id, handler: spec.handler, coroutine: co.id, error: err });
  return spec.action === 'swallow';
}

/**
 * Exception handling of a coroutine's unhandled error (§6.5 step 5, SCP-14).
 *
 * @returns whether a handler or a waiter took the error.
 */
export function catchError(
  sys: SystemState, id: string, from: string | null, err: ErrorValue, co: CoroutineState, safe: boolean,
): boolean {
  if (id === MAIN_SCOPE) return false;
  const s = scopeOf(sys, id);
  if (from !== null && s.childHandler && callHandler(sys, s, s.childHandler, co, err)) return true;
  if (s.handler && callHandler(sys, s, s.handler, co, err)) return true;
  s.cancelled = true;
  for (const child of [...s.children]) userCancel(sys, child, error('Async\\AsyncCancellation', SCOPE_CANCELLED), safe);
  for (const cid of [...s.coroutines]) {
    cancel(sys, coroutine(sys, cid), error('Async\\AsyncCancellation', 'Coroutine cancelled'), safe);
  }
  if (notifyScope(sys, s, { error: err }) > 0) return true;
  if (s.parent !== null && s.parent !== MAIN_SCOPE) return catchError(sys, s.parent, id, err, co, safe);
  return false;
}

function disposable(sys: SystemState, s: ScopeState): boolean {
  return !s.disposed && s.cancelled && s.active + s.zombie === 0 && childScopes(sys, s).every((c) => disposable(sys, c));
}

function disposeTree(sys: SystemState, s: ScopeState): void {
  for (const child of childScopes(sys, s)) disposeTree(sys, child);
  s.disposed = true;
  runScopeFinally(sys, s);
  if (s.parent !== null) {
    const p = scopeOf(sys, s.parent);
    p.children = p.children.filter((c) => c !== s.id);
  }
}

/** Attempt the disposal of a scope, then of its ancestors (§6.7, SCP-12). */
export function tryDispose(sys: SystemState, id: string): void {
  for (let cur: string | null = id; cur !== null && cur !== MAIN_SCOPE; ) {
    const s = scopeOf(sys, cur);
    if (!disposable(sys, s)) return;
    disposeTree(sys, s);
    cur = s.parent;
  }
}

/** Remove a finished coroutine from its scope; completion check and disposal (§6.5 steps 6–7). */
export function leaveScope(sys: SystemState, co: CoroutineState): void {
  const s = scopeOf(sys, co.scope);
  s.coroutines = s.coroutines.filter((c) => c !== co.id);
  if (co.zombie) s.zombie--;
  else s.active--;
  completionCheck(sys, s.id);
  tryDispose(sys, s.id);
}

/** Run the finally iterator of a scope (SCP-16). */
export function runScopeFinallyIterator(sys: SystemState, s: ScopeState): void {
  const handlers = s.finallyHandlers;
  s.finallyHandlers = [];
  for (const handler of handlers) emit(sys, `finally:${s.id}`, { kind: 'finally', target: s.id, handler }, ['SCP-16']);
}

/**
 * The cancel algorithm (trace semantics §6.4): the coroutine machine's
 * `cancel` transitions decide (COR-3 finished: nothing; COR-4 the running
 * coroutine stores it; COR-6 a protected one defers it; COR-1 a coroutine
 * not started is `IGNORED`; COR-6 a safe cascade makes a zombie, otherwise the
 * cancellation is applied and a waiting coroutine queued), and the system
 * carries out the effects on the queue, the subscriptions and the scope. It
 * lives with the scope cascade because the two recurse into each other: a
 * scope's cancel cancels its coroutines, and a safe-mode cancel makes a
 * coroutine a zombie, which may complete its scope.
 *
 * @param target - the coroutine to cancel.
 * @param cancellation - the cancellation error.
 * @param safe - the cascade runs in safe mode: a started coroutine becomes a zombie (SCP-6).
 */
export function cancel(sys: SystemState, target: CoroutineState, cancellation: ErrorValue, safe = false): void {
  const wasWaiting = target.status === 'WAITING';
  switch (stepCoroutine(sys, target, { type: 'cancel', error: cancellation, safely: safe })) {
    case 'ignoreNotStarted':
      if (!sys.queue.includes(target.id)) sys.queue.push(target.id);
      return;
    case 'markZombie':
      markZombie(sys, target);
      return;
    case 'applyCancellationAndEnqueue':
      if (!wasWaiting) return;
      unsubscribe(sys, target);
      sys.queue.push(target.id);
      return;
    case 'noop': case 'markCancelledAndStore': case 'deferCancellation':
      return;
    default:
      throw new Error(`spec: cancel of ${target.id} fired no known transition`);
  }
}
