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
import { stepCoroutine, systemUnprotect } from './lifecycle.js';
import { SCOPE_CANCELLED } from '../scope/model.js';
import { canBeDisposed, stepScope, type ScopeLifecycleOutput } from '../scope/lifecycle.js';

export { scopeOf } from './state.js';

export { SCOPE_CANCELLED } from '../scope/model.js';

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

/** Carry out the cascade a scope's step asked for: children, own coroutines, then waiters. @returns how many waiters were woken. */
function carryOut(
  sys: SystemState, s: ScopeState, outputs: ScopeLifecycleOutput[] | undefined, children: ErrorValue, own: ErrorValue, waiters: ErrorValue, safe: boolean,
): number {
  let woken = 0;
  for (const o of outputs ?? []) {
    switch (o.type) {
      case 'runFinally': if (s.finallyHandlers.length > 0) sys.queue.unshift(`finally:${s.id}`); break;
      case 'cancelChildren': for (const child of [...s.children]) userCancel(sys, child, children, safe); break;
      case 'cancelCoroutines': for (const cid of [...s.coroutines]) cancel(sys, coroutine(sys, cid), own, safe); break;
      case 'notifyWaiters': woken = notifyScope(sys, s, { error: waiters }); break;
      default: throw new Error(`spec: scope ${s.id}: unexpected ${o.type}`);
    }
  }
  return woken;
}

/** The observation a scope's cancel needs: no coroutine, zombie or not, and every child completely done. */
function subtreeDone(sys: SystemState, s: ScopeState): boolean {
  return s.active + s.zombie === 0 && childScopes(sys, s).every((c) => completelyDone(sys, c));
}

/**
 * User cancel of a scope (§6.3), a parent's cascade into it, or its
 * `disposeAfterTimeout` timer: the scope's lifecycle machine
 * (`spec/scope/lifecycle.ts`) ignores it, closes the scope, or cancels the
 * subtree; the system carries out the cascade.
 *
 * @param timer - the `disposeAfterTimeout` timer fired (announced by a `scopeCancel` event from the scheduler).
 */
export function userCancel(sys: SystemState, id: string, cancellation: ErrorValue, safe: boolean, timer = false): void {
  const s = scopeOf(sys, id);
  const outputs = stepScope(s, { type: timer ? 'timerFires' : 'cancel', subtreeDone: subtreeDone(sys, s) });
  if (timer && outputs?.[0]?.type === 'timedOut') {
    emit(sys, 'scheduler', { kind: 'scopeCancel', scope: id, how: 'timeout', reason: cancellation.message });
    outputs.shift();
  }
  carryOut(sys, s, outputs, cancellation, cancellation, cancellation, safe);
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
  const outputs = stepScope(s, { type: 'fail' });
  const children = error('Async\\AsyncCancellation', SCOPE_CANCELLED);
  if (carryOut(sys, s, outputs, children, error('Async\\AsyncCancellation', 'Coroutine cancelled'), err, safe) > 0) return true;
  if (s.parent !== null && s.parent !== MAIN_SCOPE) return catchError(sys, s.parent, id, err, co, safe);
  return false;
}

/** `scope_can_be_disposed` (SCP-12): the lifecycle machine's guard over the observation that the subtree is drained. */
function disposable(sys: SystemState, s: ScopeState): boolean {
  return canBeDisposed(s, s.active + s.zombie === 0 && childScopes(sys, s).every((c) => disposable(sys, c)));
}

/** Dispose a disposable scope: its children first, then the scope's own `dispose` step (SCP-12). */
function disposeTree(sys: SystemState, s: ScopeState): void {
  for (const child of childScopes(sys, s)) disposeTree(sys, child);
  for (const o of stepScope(s, { type: 'dispose', drained: true }) ?? []) {
    if (o.type === 'runFinally') {
      if (s.finallyHandlers.length > 0) sys.queue.unshift(`finally:${s.id}`);
    } else if (o.type === 'leaveParent' && s.parent !== null) {
      const p = scopeOf(sys, s.parent);
      p.children = p.children.filter((c) => c !== s.id);
    }
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
  // One search and one native move, no copy: the order of the others is kept.
  const at = s.coroutines.indexOf(co.id);
  if (at >= 0) s.coroutines.splice(at, 1);
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

/**
 * A deadlock or shutdown cancellation (CAN-11, SCH-8, SCH-9): the
 * cancellation machine clears PROTECTED ({@link systemUnprotect}), then the
 * coroutine machine's cancel algorithm runs ({@link cancel}).
 *
 * @param reason - the `Graceful shutdown` or `Deadlock detected` cancellation.
 */
export function systemCancel(sys: SystemState, co: CoroutineState, reason: ErrorValue): void {
  systemUnprotect(sys, co, reason);
  cancel(sys, co, reason);
}
