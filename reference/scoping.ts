/**
 * The scope area of the reference runtime: the scope tree, structured
 * cancellation, exception handling (fail-together), waiting on scopes,
 * disposal, scope `finally` handlers, and `protect`.
 *
 * @remarks
 * An area module: {@link ScopeArea} registers the handlers of the `scope.*`
 * instructions and `protect`, the scope targets of `query` / `onFinally`,
 * and installs itself as the kernel's {@link CoroutineHome}. Follows
 * trace-semantics §6: user cancel of a scope (§6.3), the zombie step of the
 * cancel algorithm (§6.4), finishing a coroutine inside its scope (§6.5),
 * scope waiters (§6.6), finally handlers and disposal (§6.7). Every
 * decision a mutant may break is a named seam of {@link scopeSeams}.
 *
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import type { ErrorValue, Instruction, QueryInstruction, Value } from '../conformance/adapter.js';
import { WakerSubscription } from './callbacks.js';
import { FinallyIterator, ScenarioThrow, type Coroutine } from './coroutine.js';
import { isCancellation, makeError, MESSAGES, undefinedReference } from './errors.js';
import type { AsyncEvent, Outcome } from './event.js';
import { defineArea } from './area.js';
import type { CoroutineHome, HandlerTable, Kernel, Target, TargetResolver } from './kernel.js';
import { Scope, ScopeTimeout, ScopeWaiter, type HandlerSpec, type ScopeTimeoutHost, type ScopeWaiterHost, type ScopeWaitKind } from './scope.js';
import { WakerStatus } from './waker.js';

/** The methods a `query` may call on a scope (SCP-9). */
export type ScopeQueryMethod = Extract<QueryInstruction['what'], 'isCancelled' | 'isClosed' | 'isFinished'>;

/** The methods a `query` may call on a scope, as a set. */
const SCOPE_QUERIES: ReadonlySet<QueryInstruction['what']> = new Set<ScopeQueryMethod>(['isCancelled', 'isClosed', 'isFinished']);

/** `scope.awaitCompletion`. */
type AwaitCompletionInstruction = Extract<Instruction, { op: 'scope.awaitCompletion' }>;
/** `scope.awaitAfterCancellation`. */
type AwaitAfterCancellationInstruction = Extract<Instruction, { op: 'scope.awaitAfterCancellation' }>;

/** Id of the main scope: internal, never written to a trace. */
const MAIN_SCOPE_ID = '#main';

/** The instructions the scope area handles. */
export type ScopeOp = Extract<Instruction['op'], `scope.${string}` | 'protect'>;

/**
 * The scope area.
 *
 * @remarks Requirements: SCP-1..SCP-16, SCP-18..SCP-20, CAN-5, CAN-6, CAN-11, COR-2.
 */
export class ScopeArea implements ScopeWaiterHost, ScopeTimeoutHost, CoroutineHome, TargetResolver {
  /**
   * Build the area on a kernel: it becomes the kernel's home of coroutines ({@link CoroutineHome}) and resolves scope targets.
   *
   * @param k - the kernel.
   * @param seams - the area's seams (defaults: {@link scopeSeams}).
   */
  constructor(
    readonly k: Kernel,
    readonly seams: ScopeSeams = scopeSeams,
  ) {
    this.mainScope = seams.createScope(this, MAIN_SCOPE_ID, undefined, true, true);
    k.home = this;
    k.addTargets(this);
  }

  /** @inheritDoc */
  scopeFor(spawner: Coroutine | undefined, id: string | undefined): Scope {
    return spawner === undefined ? this.mainScope : this.seams.spawnTarget(this, spawner, id);
  }

  /** @inheritDoc */
  resolveTarget(co: Coroutine, id: string): Target | undefined {
    return id !== 'self' && !this.k.coroutines.has(id) && this.scopes.has(id) ? this.target(this.scopes.get(id)!) : undefined;
  }

  /**
   * `scope.dispose` / `scope.disposeSafely`: emit `scopeCancel` and cancel
   * the scope (`dispose` keeps the scope's mode, `disposeSafely` is safe).
   *
   * @param co - the acting coroutine.
   * @param scope - the scope.
   * @param how - which of the two.
   */
  dispose(co: Coroutine, scope: Scope, how: 'dispose' | 'disposeSafely'): void {
    this.k.emit(co.id, { kind: 'scopeCancel', scope: scope.id, how, reason: MESSAGES.scopeCancelled });
    this.seams.userCancelScope(this, scope, makeError('Async\\AsyncCancellation', MESSAGES.scopeCancelled), how === 'dispose' ? scope.safe : true);
  }

  /**
   * A scope as the target of `query` (SCP-9) and `onFinally` (SCP-16).
   *
   * @param scope - the scope.
   * @returns the target.
   */
  target(scope: Scope): Target {
    return {
      id: scope.id,
      query: (what) => {
        if (!SCOPE_QUERIES.has(what)) throw new Error(`ReferenceRuntime: '${what}' is not a scope method`);
        return this.seams.scopeQueryValue(this, scope, what as ScopeQueryMethod);
      },
      onFinally: (co, handler) => this.scopeOnFinally(co, scope, handler),
    };
  }

  /** The main scope: safe, internal, never cancelled, takes no part in exception handling. */
  readonly mainScope: Scope;

  /** Scenario scopes by id (held until the end of the run: SCP-17 never happens). */
  readonly scopes = new Map<string, Scope>();

  /** Waiters woken by scope passes so far (to tell whether a notify woke anyone). */
  scopeWakeups = 0;

  /**
   * Resolve a scope reference.
   *
   * @param id - scope id.
   * @returns the scope.
   * @throws ScenarioThrow `Error("Undefined reference '<id>'")` when it does not exist yet.
   */
  scopeRef(id: string): Scope {
    const scope = this.scopes.get(id);
    if (scope === undefined) throw new ScenarioThrow(undefinedReference(id));
    return scope;
  }

  /**
   * Resolve a scope whose object method fails once it is disposed (SCP-2, SCP-19).
   *
   * @param id - scope id.
   * @returns the scope.
   * @throws ScenarioThrow `AsyncException("Scope object has been disposed")`.
   */
  liveScopeRef(id: string): Scope {
    const scope = this.scopeRef(id);
    if (scope.disposed) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.scopeDisposed));
    return scope;
  }

  /**
   * A registered coroutine joins its scope (`active++`).
   *
   * @param co - the coroutine.
   * @param scope - its scope.
   */
  joinScope(co: Coroutine, scope: Scope): void {
    scope.join(co);
  }

  /**
   * Mark a coroutine zombie unless it already is one: it runs on, gets no
   * exception and stops counting as active in its scope (SCP-6, SCP-18).
   *
   * @param target - the coroutine.
   */
  markZombie(target: Coroutine): void {
    if (target.zombie) return;
    target.zombie = true;
    target.scope.active--;
    target.scope.zombie++;
    this.seams.completionCheck(this, target.scope);
  }

  /**
   * What the coroutine's scope does once it finished (trace-semantics §6.5
   * steps 5–7): exception handling, leaving the scope, completion check and
   * disposal.
   *
   * @param co - the finished, unregistered coroutine.
   * @param outcome - its final outcome.
   */
  leaveScope(co: Coroutine, outcome: Outcome): void {
    const scope = co.scope;
    if (outcome.kind === 'error' && this.seams.reachesScopeHandling(this, co, outcome.error)) {
      this.handleScopeException(co, scope, undefined, outcome.error, scope.safe);
    }
    scope.leave(co);
    this.seams.completionCheck(this, scope);
    this.tryDisposeScope(scope);
  }

  /**
   * `catch(S, from, X)` (trace-semantics §6.5 step 5; SCP-14): handlers,
   * then fail-together, then the waiters, then the parent.
   *
   * @param co - the failed coroutine.
   * @param scope - the scope handling the error.
   * @param from - the child scope it arrives from, or `undefined` at the coroutine's own scope.
   * @param error - the error.
   * @param safe - the mode, fixed by the coroutine's own scope.
   * @returns whether the error was handled (a handler swallowed it or a waiter received it).
   */
  handleScopeException(co: Coroutine, scope: Scope, from: Scope | undefined, error: ErrorValue, safe: boolean): boolean {
    if (from !== undefined && scope.childScopeHandler !== undefined && this.callScopeHandler(co, scope, scope.childScopeHandler, error)) return true;
    if (scope.exceptionHandler !== undefined && this.callScopeHandler(co, scope, scope.exceptionHandler, error)) return true;
    this.seams.failTogether(this, scope, safe);
    if (this.notifyScopeWaiters(scope, error) > 0) return true;
    const parent = scope.parent;
    if (parent === undefined || parent.isMain) return false;
    return this.handleScopeException(co, parent, scope, error, safe);
  }

  /**
   * Call a scope exception handler: emit `handler` by the failed coroutine.
   *
   * @param co - the failed coroutine.
   * @param scope - the handler's scope.
   * @param spec - the handler.
   * @param error - the error it is called with.
   * @returns true when it absorbs the error (`swallow`), false when it rethrows.
   */
  callScopeHandler(co: Coroutine, scope: Scope, spec: HandlerSpec, error: ErrorValue): boolean {
    this.k.emit(co.id, { kind: 'handler', scope: scope.id, handler: spec.handler, coroutine: co.id, error });
    return spec.action === 'swallow';
  }

  /**
   * One pass over a scope's waiter vector: with an error, every `WAITING`
   * waiter is woken with it; without, each waiter whose condition
   * ({@link waiterSatisfied}) holds is woken with `null` (§6.6).
   *
   * @param scope - the scope.
   * @param error - the notified error, or `undefined` for a completion check.
   * @returns how many waiters were woken.
   */
  notifyScopeWaiters(scope: Scope, error?: ErrorValue): number {
    const before = this.scopeWakeups;
    scope.event.notify(null, error);
    return this.scopeWakeups - before;
  }

  /**
   * Whether a completion check resolves this waiter: a completion waiter when
   * the scope is `settled`, a drain waiter when it is `drained` (full drain,
   * §12 #29) (SCP-13, SCP-15).
   *
   * @param waiter - the waiter.
   * @returns true when it is woken with `null`.
   */
  waiterSatisfied(waiter: ScopeWaiter): boolean {
    return waiter.kind === 'completion' ? waiter.scope.settled : waiter.scope.drained;
  }

  /** @inheritDoc */
  onScopeWaiterNotified(waiter: ScopeWaiter, error: ErrorValue | undefined): void {
    const co = waiter.coroutine;
    if (co.waker.status !== WakerStatus.WAITING) return;
    if (error === undefined && !this.waiterSatisfied(waiter)) return;
    this.scopeWakeups++;
    this.k.seams.wake(this.k, co, error === undefined ? { value: null } : { error });
  }

  /**
   * Attempt the disposal of a scope (§6.7; SCP-12): when it is disposable,
   * dispose it (children first), then retry its parent.
   *
   * @param scope - the scope a coroutine just left (or the parent of a disposed one).
   */
  tryDisposeScope(scope: Scope): void {
    if (!this.isDisposable(scope)) return;
    this.disposeScope(scope);
    if (scope.parent !== undefined) this.tryDisposeScope(scope.parent);
  }

  /**
   * Whether a scope can be disposed: not disposed, `CANCELLED`, no coroutine
   * left (zombies included) and every child disposable.
   *
   * @param scope - the scope.
   * @returns true when it is disposable.
   */
  isDisposable(scope: Scope): boolean {
    return !scope.disposed && scope.cancelled && scope.active + scope.zombie === 0 && scope.children.every((c) => this.isDisposable(c));
  }

  /**
   * Dispose a scope: its children first (recursively, in order), then mark
   * it disposed, run its finally handlers and remove it from its parent's children.
   *
   * @param scope - a disposable scope.
   */
  disposeScope(scope: Scope): void {
    for (const child of [...scope.children]) this.disposeScope(child);
    scope.disposed = true;
    this.seams.runScopeFinally(this, scope);
    scope.detach();
  }

  /**
   * `onFinally` on a scope (SCP-16): after its handlers ran, the new one is reported now by the caller.
   *
   * @param co - the acting coroutine.
   * @param scope - the scope.
   * @param handler - the handler id.
   */
  scopeOnFinally(co: Coroutine, scope: Scope, handler: string): void {
    if (scope.finallyRan) this.k.emit(co.id, { kind: 'finally', target: scope.id, handler });
    else scope.finallyHandlers.push(handler);
  }

  /** @inheritDoc */
  onScopeTimeout(scope: Scope): void {
    if (scope.disposed || scope.closed) return;
    this.k.emit('scheduler', { kind: 'scopeCancel', scope: scope.id, how: 'timeout', reason: MESSAGES.scopeTimeout });
    this.seams.userCancelScope(this, scope, makeError('Async\\AsyncCancellation', MESSAGES.scopeTimeout), scope.safe);
  }

  /**
   * `scope.awaitCompletion` (§6.6; SCP-13).
   *
   * @param co - the awaiting coroutine.
   * @param instruction - the instruction.
   */
  *awaitScopeCompletion(co: Coroutine, instruction: AwaitCompletionInstruction): Generator<void, void, void> {
    const scope = this.scopeRef(instruction.scope);
    const token = instruction.cancellation === undefined ? undefined : this.k.tokenRef(co, instruction.cancellation);
    if (scope.isClosed) {
      this.k.emit(co.id, { kind: 'awaited', value: null });
      return;
    }
    if (scope.cancelled) throw new ScenarioThrow(makeError('Async\\AsyncCancellation', MESSAGES.awaitCancelledScope));
    this.seams.refuseOwnScope(this, co, scope);
    if (scope.settled) {
      this.k.emit(co.id, { kind: 'awaited', value: null });
      return;
    }
    if (token !== undefined && token.closed) {
      const previous = token.replay();
      throw new ScenarioThrow(this.k.seams.tokenError(this.k, previous?.kind === 'error' ? previous.error : undefined));
    }
    yield* this.waitOnScope(co, scope, 'completion', token, instruction.timeoutMs);
  }

  /**
   * `scope.awaitAfterCancellation` (§6.6; SCP-15).
   *
   * @param co - the awaiting coroutine.
   * @param instruction - the instruction.
   */
  *awaitScopeAfterCancellation(co: Coroutine, instruction: AwaitAfterCancellationInstruction): Generator<void, void, void> {
    const scope = this.scopeRef(instruction.scope);
    if (scope.isClosed) {
      this.k.emit(co.id, { kind: 'awaited', value: null });
      return;
    }
    if (!scope.cancelled) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.awaitNotCancelled));
    this.seams.refuseOwnScope(this, co, scope);
    if (scope.drained) {
      this.k.emit(co.id, { kind: 'awaited', value: null });
      return;
    }
    yield* this.waitOnScope(co, scope, 'drain', undefined, instruction.timeoutMs);
  }

  /**
   * Suspend as a scope waiter (§6.6): join the scope's waiter vector, then
   * the token and the timeout timer as in `await`; on return emit `resumed`
   * and `awaited`, or `resumed {error}` and throw.
   *
   * @param co - the waiting coroutine.
   * @param scope - the awaited scope.
   * @param kind - `completion` or `drain`.
   * @param token - the cancellation token, if any.
   * @param timeoutMs - the timeout, if any.
   */
  *waitOnScope(co: Coroutine, scope: Scope, kind: ScopeWaitKind, token: AsyncEvent | undefined, timeoutMs: number | undefined): Generator<void, void, void> {
    co.waker.subscribe(scope.event, new ScopeWaiter(co, scope, kind, this));
    if (token !== undefined) co.waker.subscribe(token, new WakerSubscription(co, 'cancel', this.k));
    if (timeoutMs !== undefined) this.k.subscribeTimer(co, timeoutMs, 'timeout');
    this.k.emit(co.id, { kind: 'suspended', on: `scope:${scope.id}` });
    co.waker.status = WakerStatus.WAITING;
    yield;
    const value = this.k.takeResumption(co);
    this.k.emit(co.id, { kind: 'awaited', value });
  }
}


/** The handlers of the scope instructions and `protect`. (one per op, each called with the area instance). */
export const scopeHandlers: HandlerTable<ScopeOp, ScopeArea> = {
  'scope.new': (area, co, instruction) => {
    area.seams.newScope(area, co, instruction.id, undefined);
  },
  'scope.inherit': (area, co, instruction) => {
    area.seams.newScope(area, co, instruction.id, instruction.parent === undefined ? co.scope : area.scopeRef(instruction.parent));
  },
  'scope.asNotSafely': (area, co, instruction) => {
    area.liveScopeRef(instruction.scope).safe = false;
  },
  'scope.allowZombies': (area, co, instruction) => {
    area.liveScopeRef(instruction.scope).safe = true;
  },
  'scope.setExceptionHandler': (area, co, instruction) => {
    area.liveScopeRef(instruction.scope).exceptionHandler = { handler: instruction.handler, action: instruction.action };
  },
  'scope.setChildScopeExceptionHandler': (area, co, instruction) => {
    area.liveScopeRef(instruction.scope).childScopeHandler = { handler: instruction.handler, action: instruction.action };
  },
  'scope.cancel': (area, co, instruction) => {
    const scope = area.scopeRef(instruction.scope);
    const reason = instruction.reason ?? MESSAGES.scopeCancelled;
    area.k.emit(co.id, { kind: 'scopeCancel', scope: scope.id, how: 'cancel', reason });
    area.seams.userCancelScope(area, scope, makeError('Async\\AsyncCancellation', reason), scope.safe);
  },
  'scope.dispose': (area, co, instruction) => area.dispose(co, area.scopeRef(instruction.scope), 'dispose'),
  'scope.disposeSafely': (area, co, instruction) => area.dispose(co, area.scopeRef(instruction.scope), 'disposeSafely'),
  'scope.disposeAfterTimeout': (area, co, instruction) => {
    area.seams.disposeAfterTimeout(area, area.scopeRef(instruction.scope), instruction.ms);
  },
  'scope.awaitCompletion': (area, co, instruction) => area.awaitScopeCompletion(co, instruction),
  'scope.awaitAfterCancellation': (area, co, instruction) => area.awaitScopeAfterCancellation(co, instruction),
  protect: (area, co, instruction) => area.k.protectBlock(co, instruction.body),
};

/**
 * The scope area's seams: each replaceable decision of scopes and structured
 * cancellation, called as `area.seams.<name>(area, …)`. A mutant replaces
 * one (`createReferenceRuntime({ seams: { scope: { … } } })`).
 */
export const scopeSeams = {
  /**
   * Factory of scopes (a seam for mutants).
   *
   * @param area - the scope area.
   * @param id - scope id.
   * @param parent - the parent, or `undefined` for a root.
   * @param safe - the initial safe flag.
   * @param isMain - whether it is the main scope.
   * @returns a new scope, already appended to the parent's children.
   */
  createScope(area: ScopeArea, id: string, parent: Scope | undefined, safe: boolean, isMain = false): Scope {
    return new Scope(id, parent, safe, isMain);
  },

  /**
   * `scope.new` (a root, not safe) and `scope.inherit` (a child copying its parent's safe flag) (SCP-1, SCP-2, SCP-19).
   *
   * @param area - the scope area.
   * @param co - the acting coroutine.
   * @param id - the new scope's id.
   * @param parent - `undefined` for `scope.new`; for `scope.inherit` the parent scope.
   * @returns the new scope.
   * @throws ScenarioThrow `AsyncException` when the parent is disposed.
   */
  newScope(area: ScopeArea, co: Coroutine, id: string, parent: Scope | undefined): Scope {
    void co;
    if (parent?.disposed) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.inheritFromDisposed));
    const scope = area.seams.createScope(area, id, parent, parent === undefined ? false : parent.safe);
    area.scopes.set(id, scope);
    return scope;
  },

  /**
   * The scope a `spawn` puts its coroutine into, after the SCP-3 guards (COR-2, SCP-3, SCP-8).
   *
   * @remarks A `CANCELLED` but not `CLOSED` scope still accepts spawns (SCP-8).
   * @param area - the scope area.
   * @param co - the spawner.
   * @param id - the explicit scope id, or `undefined` for the spawner's scope.
   * @returns the target scope.
   * @throws ScenarioThrow `AsyncException` for an explicit disposed scope or a `CLOSED` one.
   */
  spawnTarget(area: ScopeArea, co: Coroutine, id: string | undefined): Scope {
    const scope = id === undefined ? co.scope : area.scopeRef(id);
    if (id !== undefined && scope.disposed) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.scopeDisposed));
    if (scope.closed) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.spawnInClosedScope));
    return scope;
  },

  /**
   * User cancel of a scope (trace-semantics §6.3; SCP-4..SCP-8, `scope_catch_or_cancel`).
   *
   * @remarks (1) disposed or `CLOSED` → nothing; (2) the `closesAtOnce` seam →
   * set `CLOSED` and run the finally handlers; (3) set `CANCELLED` before any
   * child is touched; (4–5) the `cascadeScopeCancel` seam; (6) notify the
   * scope's waiters with the cancellation.
   * @param area - the scope area.
   * @param scope - the scope.
   * @param cancellation - the one cancellation passed to the whole subtree.
   * @param safe - the cascade's mode (SCP-6).
   */
  userCancelScope(area: ScopeArea, scope: Scope, cancellation: ErrorValue, safe: boolean): void {
    if (scope.disposed || scope.closed) return;
    if (area.seams.closesAtOnce(area, scope)) {
      scope.closed = true;
      area.seams.runScopeFinally(area, scope);
      return;
    }
    scope.cancelled = true;
    area.seams.cascadeScopeCancel(area, scope, cancellation, safe);
    area.notifyScopeWaiters(scope, cancellation);
  },

  /**
   * Step 2 of user cancel: whether the scope is closed at once instead of
   * cancelled — it is already `CANCELLED` (the C predicate short-circuits, so
   * a second cancel closes it, SCP-7, §12 #30) or it is drained.
   *
   * @param area - the scope area.
   * @param scope - an open, not disposed scope.
   * @returns true when the cancel closes it.
   */
  closesAtOnce(area: ScopeArea, scope: Scope): boolean {
    return scope.completelyDone;
  },

  /**
   * Steps 4–5 of user cancel: every child scope (recursively, in creation
   * order) before the scope's own coroutines (in spawn order), each with the
   * same cancellation and mode; no `cancel` events (SCP-4).
   *
   * @param area - the scope area.
   * @param scope - the scope, already `CANCELLED`.
   * @param cancellation - the cancellation.
   * @param safe - the cascade's mode.
   */
  cascadeScopeCancel(area: ScopeArea, scope: Scope, cancellation: ErrorValue, safe: boolean): void {
    for (const child of [...scope.children]) area.seams.userCancelScope(area, child, cancellation, safe);
    for (const co of [...scope.coroutines]) area.k.seams.cancelCoroutine(area.k, co, cancellation, safe);
  },

  /**
   * Whether a failure goes to the scope's exception handling (§6.5 step 5):
   * a non-cancellation (CAN-7) not consumed by an awaiter, outside the main scope.
   *
   * @param area - the scope area.
   * @param co - the failed coroutine.
   * @param error - its outcome error.
   * @returns true when `catch(scope, none, error)` runs.
   */
  reachesScopeHandling(area: ScopeArea, co: Coroutine, error: ErrorValue): boolean {
    return !isCancellation(error) && !co.errorHandled && !co.scope.isMain;
  },

  /**
   * Fail-together (§6.5 step 5.2; SCP-14): set `CANCELLED`; child scopes get a
   * fresh `AsyncCancellation("Scope was cancelled")` (user cancel), the
   * scope's coroutines `AsyncCancellation("Coroutine cancelled")`, in the given mode.
   *
   * @param area - the scope area.
   * @param scope - the scope whose coroutine failed (or a scope the error reached).
   * @param safe - the mode.
   */
  failTogether(area: ScopeArea, scope: Scope, safe: boolean): void {
    scope.cancelled = true;
    for (const child of [...scope.children]) {
      area.seams.userCancelScope(area, child, makeError('Async\\AsyncCancellation', MESSAGES.scopeCancelled), safe);
    }
    for (const co of [...scope.coroutines]) {
      area.k.seams.cancelCoroutine(area.k, co, makeError('Async\\AsyncCancellation', MESSAGES.coroutineCancelled), safe);
    }
  },

  /**
   * Completion check (SCP-12, §6.6) from `scope` up to its root: each scope's satisfied waiters are woken with `null`.
   *
   * @param area - the scope area.
   * @param scope - where a coroutine finished or became a zombie.
   */
  completionCheck(area: ScopeArea, scope: Scope): void {
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) area.notifyScopeWaiters(s);
  },

  /**
   * Run a scope's finally handlers once (SCP-16): mark them run and, if there
   * are any, push the iterator `finally:<scope>` at the head of the queue.
   *
   * @param area - the scope area.
   * @param scope - a scope being closed or disposed.
   */
  runScopeFinally(area: ScopeArea, scope: Scope): void {
    if (scope.finallyRan) return;
    scope.finallyRan = true;
    if (scope.finallyHandlers.length === 0) return;
    area.k.queue.pushFront(new FinallyIterator(scope, scope.finallyHandlers.splice(0)));
  },

  /**
   * `scope.disposeAfterTimeout` (SCP-11): arm a timer that keeps the loop alive, unless the scope is disposed, `CLOSED` or empty.
   *
   * @param area - the scope area.
   * @param scope - the scope.
   * @param ms - virtual milliseconds from now.
   */
  disposeAfterTimeout(area: ScopeArea, scope: Scope, ms: number): void {
    if (scope.disposed || scope.closed || (scope.coroutines.size === 0 && scope.children.length === 0)) return;
    area.k.clock.arm(ms).addCallback(new ScopeTimeout(scope, area));
  },

  /**
   * The containment check of the scope waits (SCP-13, SCP-15).
   *
   * @param area - the scope area.
   * @param co - the awaiting coroutine.
   * @param scope - the awaited scope.
   * @throws ScenarioThrow `AsyncException` when `co` belongs to `scope` or a descendant of it.
   */
  refuseOwnScope(area: ScopeArea, co: Coroutine, scope: Scope): void {
    if (scope.contains(co.scope)) throw new ScenarioThrow(makeError('Async\\AsyncException', MESSAGES.awaitOwnScope));
  },

  /**
   * Answer a scope method (SCP-9).
   *
   * @param area - the scope area.
   * @param scope - the queried scope.
   * @param what - `isCancelled`, `isClosed` or `isFinished`.
   * @returns its answer.
   */
  scopeQueryValue(area: ScopeArea, scope: Scope, what: ScopeQueryMethod): Value {
    switch (what) {
      case 'isCancelled':
        return scope.cancelled;
      case 'isClosed':
        return scope.isClosed;
      case 'isFinished':
        return scope.isFinished;
    }
  },
};

/** The type of the scope area's seam record ({@link scopeSeams}). */
export type ScopeSeams = typeof scopeSeams;

/** The scope area module (listed in `reference/areas.ts`). */
export const scopeArea = defineArea({
  name: 'scope',
  capabilities: ['scope'],
  seams: scopeSeams,
  handlers: scopeHandlers,
  install: (kernel: Kernel, seams: ScopeSeams) => new ScopeArea(kernel, seams),
});
