/**
 * The scope algorithms of php-async's `scope.c` on a private copy of the
 * state: the cancel algorithm of one coroutine, the user
 * cancel of a scope (`scope_catch_or_cancel`, SCP-4..7, SCP-10), the
 * fail-together path (SCP-14), leaving a scope and disposal (SCP-12).
 *
 * @remarks Each function mutates the {@link draft} it is given; the machine's
 * updates call them on a fresh draft, so `step` stays pure.
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import type { CascadeStep, CoroutineEffect, FailureWitness, ScopeConfig, ScopeMachineState, ScopeOutput, ScopeRecord, ScopedCoroutineRecord } from './model.js';
import { COROUTINE_CANCELLED, SCOPE_CANCELLED } from './model.js';
import { canBeDisposed, isCompletelyDone, specOf } from './tree.js';
import { stepScope, type ScopeLifecycleAction, type ScopeLifecycleOutput } from './lifecycle.js';

/** A deep copy of the state that the algorithms may mutate. */
export function draft(s: ScopeMachineState): ScopeMachineState {
  const scopes: ScopeMachineState['scopes'] = {};
  for (const [id, r] of Object.entries(s.scopes)) {
    scopes[id] = { ...r, children: [...r.children], coroutines: [...r.coroutines] };
  }
  const coroutines: ScopeMachineState['coroutines'] = {};
  for (const [id, c] of Object.entries(s.coroutines)) coroutines[id] = { ...c };
  return { root: s.root, scopes, coroutines, current: s.current, cascade: s.cascade, failure: s.failure };
}

/** The scope a configured coroutine belongs to. */
export function scopeOfCoroutine(config: ScopeConfig, id: string): string {
  const spec = config.coroutines.find((c) => c.id === id);
  if (!spec) throw new Error(`scope machine: unknown coroutine '${id}'`);
  return spec.scope;
}

/** `async_scope_mark_coroutine_zombie`: once only; `active--`, `zombie++` (SCP-18). */
export function markZombie(s: ScopeMachineState, scope: string, co: ScopedCoroutineRecord): void {
  if (co.zombie) return;
  co.zombie = true;
  co.zombified++;
  const r = s.scopes[scope];
  if (r.active > 0) {
    r.active--;
    r.zombies++;
  }
}

/**
 * `async_coroutine_cancel(T, E, is_safely)` on a coroutine of
 * `scope`. The issuer is `s.current`.
 *
 * @returns what happened to the coroutine.
 */
export function cancelCoroutine(s: ScopeMachineState, scope: string, id: string, reason: string, safe: boolean): CoroutineEffect {
  const co = s.coroutines[id];
  if (co.status === 'COMPLETED') return 'none';
  if (id === s.current) {
    co.cancelled = true;
    co.stored ??= reason;
    return 'marked';
  }
  if (co.protected) {
    co.deferred ??= reason;
    return 'deferred';
  }
  const wasCancelled = co.cancelled;
  co.cancelled = true;
  if (!co.started) {
    co.status = 'IGNORED';
    co.ignored = true;
    co.pending ??= reason;
    return 'ignored';
  }
  if (safe) {
    markZombie(s, scope, co);
    return 'zombie';
  }
  if (wasCancelled && co.pending !== null) return 'kept';
  co.pending = reason;
  return 'thrown';
}

/** Run the registered finally handler of a scope, once (SCP-16). */
function runFinally(s: ScopeMachineState, scope: string, outputs: ScopeOutput[]): void {
  const r = s.scopes[scope];
  if (!r.finallyPending) return;
  r.finallyPending = false;
  r.finallyRuns++;
  outputs.push({ type: 'finallyCalled', scope });
}

/** How many coroutines of `scope` have been spawned so far. */
export function spawnedCount(c: ScopeConfig, s: ScopeMachineState, scope: string): number {
  return c.coroutines.filter((x) => x.scope === scope && s.coroutines[x.id].status !== 'CREATED').length;
}

/** Set CLOSED, seal the scope and run the finally handler (SCP-7). */
function close(c: ScopeConfig, s: ScopeMachineState, scope: string, outputs: ScopeOutput[]): void {
  const r = s.scopes[scope];
  r.closed = true;
  r.sealedAt ??= spawnedCount(c, s, scope);
  runFinally(s, scope, outputs);
}

/**
 * `scope_catch_or_cancel` in cancellation mode (a user cancel, a timeout, or
 * a parent's cascade into a child): CLOSED → nothing; completely done →
 * CLOSED; else CANCELLED, then every child, then every own coroutine with the
 * same cancellation and mode (SCP-4..7).
 */
export function cancelScope(
  c: ScopeConfig,
  s: ScopeMachineState,
  scope: string,
  reason: string,
  safe: boolean,
  steps: CascadeStep[],
  outputs: ScopeOutput[],
): void {
  const r = s.scopes[scope];
  const subtreeDone = r.active + r.zombies === 0 && r.children.every((child) => isCompletelyDone(s, child));
  const decided = stepRecord(r, { type: 'cancel', subtreeDone });
  if (decided.length === 0) {
    steps.push({ kind: 'scope', scope, effect: 'unchanged' });
    return;
  }
  if (r.closed) {
    r.sealedAt ??= spawnedCount(c, s, scope);
    runFinally(s, scope, outputs);
    steps.push({ kind: 'scope', scope, effect: 'closed' });
    return;
  }
  cascade(c, s, scope, reason, reason, safe, steps, outputs);
}

/**
 * Step one scope record through the lifecycle machine (`lifecycle.ts`),
 * which decides its status; the finally handlers have run exactly when the
 * scope is closed or disposed.
 *
 * @returns the machine's outputs (empty when it ignored the action).
 */
function stepRecord(r: ScopeRecord, action: ScopeLifecycleAction): ScopeLifecycleOutput[] {
  const view = { cancelled: r.cancelled, closed: r.closed, disposed: r.disposed, finallyRan: r.closed || r.disposed };
  const outputs = stepScope(view, action) ?? [];
  r.cancelled = view.cancelled;
  r.closed = view.closed;
  r.disposed = view.disposed;
  return outputs;
}

/** The children of a CANCELLED scope with `childReason`, then its own coroutines with `ownReason`. */
function cascade(
  c: ScopeConfig,
  s: ScopeMachineState,
  scope: string,
  childReason: string,
  ownReason: string,
  safe: boolean,
  steps: CascadeStep[],
  outputs: ScopeOutput[],
): void {
  const r = s.scopes[scope];
  steps.push({ kind: 'scope', scope, effect: 'cancelled' });
  for (const child of [...r.children]) cancelScope(c, s, child, childReason, safe, steps, outputs);
  for (const id of [...r.coroutines]) {
    const started = s.coroutines[id].started;
    steps.push({ kind: 'coroutine', coroutine: id, scope, effect: cancelCoroutine(s, scope, id, ownReason, safe), reason: ownReason, started });
  }
}

/**
 * The exception handling of a coroutine's unhandled, non-cancellation error
 * (`scope_catch_or_cancel` in catch mode, SCP-14): at each scope from the
 * coroutine's own upward, the child-scope handler (when the error comes from
 * a child) then the exception handler; `swallow` absorbs it. Otherwise the
 * scope is cancelled — children with a fresh "Scope was cancelled", own
 * coroutines with "Coroutine cancelled" — and the error moves to the parent.
 *
 * @returns the failure witness; `absorbedBy: null` means it left the root.
 */
export function failTogether(
  c: ScopeConfig,
  s: ScopeMachineState,
  coroutine: string,
  steps: CascadeStep[],
  outputs: ScopeOutput[],
): FailureWitness {
  const origin = scopeOfCoroutine(c, coroutine);
  const safe = s.scopes[origin].safe;
  const chain: string[] = [];
  let from: string | null = null;
  for (let scope: string | null = origin; scope !== null; from = scope, scope = specOf(c, scope).parent) {
    chain.push(scope);
    const r = s.scopes[scope];
    if (from !== null && r.childScopeExceptionHandler) {
      outputs.push({ type: 'handlerCalled', scope, handler: 'childScope', behaviour: r.childScopeExceptionHandler });
      if (r.childScopeExceptionHandler === 'swallow') return { coroutine, chain, absorbedBy: scope };
    }
    if (r.exceptionHandler) {
      outputs.push({ type: 'handlerCalled', scope, handler: 'exception', behaviour: r.exceptionHandler });
      if (r.exceptionHandler === 'swallow') return { coroutine, chain, absorbedBy: scope };
    }
    stepRecord(r, { type: 'fail' });
    cascade(c, s, scope, SCOPE_CANCELLED, COROUTINE_CANCELLED, safe, steps, outputs);
  }
  outputs.push({ type: 'uncaught', coroutine });
  return { coroutine, chain, absorbedBy: null };
}

/** Dispose `scope`: children first, then the scope itself, which leaves its parent (SCP-12). */
function dispose(c: ScopeConfig, s: ScopeMachineState, scope: string, outputs: ScopeOutput[]): void {
  const r = s.scopes[scope];
  for (const child of [...r.children]) dispose(c, s, child, outputs);
  if (stepRecord(r, { type: 'dispose', drained: true }).length === 0) throw new Error(`scope machine: ${scope} cannot be disposed`);
  r.sealedAt ??= spawnedCount(c, s, scope);
  runFinally(s, scope, outputs);
  outputs.push({ type: 'disposed', scope });
  const parent = specOf(c, scope).parent;
  if (parent !== null) s.scopes[parent].children = s.scopes[parent].children.filter((x) => x !== scope);
}

/** Attempt the disposal of `scope`, then of its ancestors, while they can be disposed (SCP-12). */
export function tryDispose(c: ScopeConfig, s: ScopeMachineState, scope: string, outputs: ScopeOutput[]): void {
  for (let id: string | null = scope; id !== null && canBeDisposed(s, id); id = specOf(c, id).parent) dispose(c, s, id, outputs);
}

/** A finished coroutine leaves its scope (`active--` or `zombie--`), then disposal is attempted (SCP-12). */
export function leaveScope(c: ScopeConfig, s: ScopeMachineState, id: string, outputs: ScopeOutput[]): void {
  const scope = scopeOfCoroutine(c, id);
  const r = s.scopes[scope];
  r.coroutines = r.coroutines.filter((x) => x !== id);
  if (s.coroutines[id].zombie) r.zombies--;
  else r.active--;
  tryDispose(c, s, scope, outputs);
}
