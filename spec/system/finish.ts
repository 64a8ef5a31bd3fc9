/**
 * Finishing a coroutine (COR-4, COR-5, CAN-3), graceful shutdown (SCH-9) and
 * deadlock resolution (SCH-8) in the system model.
 * @module
 */
import { isCancellation } from './scenario.js';
import type { Completion, CoroutineState, Outcome, ScopeState, SystemState } from './state.js';
import { error } from './errors.js';
import { finishOutcome as coroutineFinishOutcome } from '../coroutine/predicates.js';
import { coroutine, emit, notify } from './events.js';
import { stepCoroutine } from './lifecycle.js';
import { systemCancel, catchError, completionCheck, leaveScope, newScope, runScopeFinallyIterator, scopeOf, tryDispose } from './scopes.js';

/** COR-4 / CAN-3: the outcome of a coroutine from its stored exception and how its body ended (the coroutine module's rule). */
export function finishOutcome(co: CoroutineState, ending: Completion): Outcome {
  const escaping = ending.kind === 'throw' ? { error: ending.error } : { value: ending.kind === 'return' ? ending.value : null };
  return coroutineFinishOutcome(co.stored, escaping) as Outcome;
}

/**
 * Finish a coroutine with an outcome: emit, notify awaiters, schedule the
 * finally iterator at the head of the queue in its own child scope
 * ({@link scheduleFinallyIterator}), unregister; a failing `main` starts
 * graceful shutdown.
 */
export function finishCoroutine(sys: SystemState, co: CoroutineState, outcome: Outcome): void {
  // The machine's `finish` (COR-4) closes a running coroutine; one never started was closed by its `pick` (COR-5).
  if (!co.finished && stepCoroutine(sys, co, { type: 'finish' }) === undefined) throw new Error(`spec: ${co.id} cannot finish here`);
  co.outcome = outcome;
  co.frames = [];
  if (outcome.error) emit(sys, co.id, { kind: 'failed', error: outcome.error });
  else emit(sys, co.id, { kind: 'completed', value: outcome.value });
  const ev = sys.events.get(`coroutine:${co.id}`);
  let handled = false;
  if (ev) {
    notify(sys, ev, co.id, outcome, 'close');
    handled = ev.handled === true;
  }
  scheduleFinallyIterator(sys, co);
  if (outcome.error && !isCancellation(outcome.error) && !handled) {
    catchError(sys, co.scope, null, outcome.error, co, scopeOf(sys, co.scope).safe);
  }
  unregister(sys, co.id);
  leaveScope(sys, co);
  if (co.id === 'main' && outcome.error && !isCancellation(outcome.error)) {
    sys.exitError ??= outcome.error;
    startShutdown(sys, 'scheduler');
  }
}

/** The id of the child scope that holds the finally iterator of coroutine `id` (never a scenario id: `finally:*` ids are reserved). */
export const finallyScopeId = (id: string): string => `finally:${id}`;

/**
 * COR-7: a finished coroutine's `finally()` handlers run in an iterator
 * coroutine `finally:<id>` spawned with high priority (the head of the queue)
 * in a new child scope of the coroutine's scope — php-async's
 * `async_call_finally_handlers` (`ZEND_ASYNC_NEW_SCOPE(context->scope)`,
 * `async_iterator_run_in_coroutine(iterator, 1, …)`). The iterator counts as
 * an active coroutine of that child scope, so until it has run the
 * coroutine's scope is neither settled, drained nor disposable
 * (`scope_can_be_disposed`): its `awaitCompletion` waiters and its own finally
 * handlers (SCP-16) come after the coroutine's handlers.
 */
export function scheduleFinallyIterator(sys: SystemState, co: CoroutineState): void {
  if (co.finallyHandlers.length === 0) return;
  const parent = scopeOf(sys, co.scope);
  const child = newScope(finallyScopeId(co.id), parent.id, parent.safe);
  child.active = 1;
  sys.scopes.set(child.id, child);
  parent.children.push(child.id);
  sys.queue.unshift(`finally:${co.id}`);
}

/**
 * Take a coroutine out of the registry, keeping the order of the others:
 * coroutines mostly finish in registration order, so the search from the
 * head is short and the removal one native move (no copy of the registry).
 */
function unregister(sys: SystemState, id: string): void {
  const at = sys.registry.indexOf(id);
  if (at >= 0) sys.registry.splice(at, 1);
}

/** Run the finally iterator of a finished coroutine (COR-7) or of a closed / disposed scope (SCP-16). */
export function runFinallyIterator(sys: SystemState, target: string): void {
  const scope = sys.scopes.get(target);
  if (scope) {
    runScopeFinallyIterator(sys, scope);
    return;
  }
  const co = coroutine(sys, target);
  const handlers = co.finallyHandlers;
  co.finallyHandlers = [];
  for (const handler of handlers) emit(sys, `finally:${target}`, { kind: 'finally', target, handler }, ['COR-7', 'COR-5']);
  finishFinallyIterator(sys, scopeOf(sys, finallyScopeId(target)));
}

/**
 * The iterator coroutine finished (`finally_handlers_iterator_dtor`): it
 * leaves its child scope, which has no PHP object and so is disposable once
 * empty (`scope_can_be_disposed`: `scope_object == NULL`; modelled by marking
 * it cancelled); then the completion check and disposal run from it upwards,
 * as when any coroutine leaves a scope (§6.5 steps 6–7).
 */
function finishFinallyIterator(sys: SystemState, child: ScopeState): void {
  child.active = 0;
  child.cancelled = true;
  completionCheck(sys, child.id);
  tryDispose(sys, child.id);
  if (!child.disposed) throw new Error(`spec: the finally scope ${child.id} outlived its iterator`);
}

/** `Async\graceful_shutdown()` (SCH-9): cancel every registered coroutine once. */
export function startShutdown(sys: SystemState, actor: string): void {
  if (sys.shuttingDown) return;
  sys.shuttingDown = true;
  emit(sys, actor, { kind: 'shutdown' });
  const reason = error('Async\\AsyncCancellation', 'Graceful shutdown');
  for (const id of [...sys.registry]) systemCancel(sys, coroutine(sys, id), reason);
}

/** SCH-8: declare a deadlock and cancel every registered coroutine. */
export function resolveDeadlock(sys: SystemState): void {
  const n = sys.registry.length;
  emit(sys, 'scheduler', { kind: 'deadlock', waiting: n });
  sys.exitError = error(
    'Async\\DeadlockError',
    `Deadlock detected: no active coroutines, ${n} coroutines in waiting`,
    sys.exitError,
  );
  const reason = error('Async\\AsyncCancellation', 'Deadlock detected');
  for (const id of [...sys.registry]) systemCancel(sys, coroutine(sys, id), reason);
}
