/**
 * The coroutine lifecycle layer: starting, waking, cancelling and finishing
 * coroutines, `protect`, graceful shutdown and the coroutine predicates.
 *
 * @remarks
 * Sits on top of {@link Scheduler}; the instruction layer
 * (`ReferenceRuntime`) sits on top of it. Every rule that a mutant may break
 * is a small protected method here, so a mutant is a subclass overriding one.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 * @module
 */
import type { CoroutineQuery, ErrorValue, Instruction, Program, Value } from '../conformance/adapter.js';
import { Coroutine, FinallyIterator, runBlock, runBody, ScenarioReturn, ScenarioThrow, type InstructionHost } from './coroutine.js';
import { appendPrevious, isCancellation, makeError, MESSAGES } from './errors.js';
import type { Outcome } from './event.js';
import { Scheduler } from './scheduler.js';
import { WakerStatus, type WakeOutcome } from './waker.js';


/**
 * Coroutine lifecycle on top of the scheduler.
 *
 * @remarks Scope bookkeeping (zombies, what happens after a coroutine
 * finished) is left to the scope layer through {@link markZombie} and
 * {@link leaveScope}.
 * Requirements: COR-1, COR-3..COR-8, WAK-1..WAK-5, CAN-2..CAN-8, CAN-11, SCH-2, SCH-9, SCH-13.
 */
export abstract class CoroutineLifecycle extends Scheduler implements InstructionHost {
  /** Every coroutine ever spawned, by id (v1 holds a reference to each). */
  protected readonly coroutines = new Map<string, Coroutine>();
  /** Whether graceful shutdown has started (SCH-9). */
  protected shutdownStarted = false;

  /** @inheritDoc */
  abstract execute(co: Coroutine, instruction: Instruction): Generator<void, void, void>;

  /**
   * Factory of coroutines (a seam for mutants).
   *
   * @param id - coroutine id.
   * @param program - its body.
   * @returns a new, unregistered coroutine.
   */
  protected createCoroutine(id: string, program: Program): Coroutine {
    return new Coroutine(id, program);
  }

  /**
   * Register a coroutine: it becomes referable and counts for deadlock; status `QUEUED`.
   *
   * @param co - the new coroutine.
   */
  protected register(co: Coroutine): void {
    this.coroutines.set(co.id, co);
    this.registry.add(co);
    co.waker.status = WakerStatus.QUEUED;
  }

  /**
   * Enqueue a freshly spawned coroutine: tail, or head for high priority (COR-1, SCH-2).
   *
   * @param co - the spawned coroutine.
   * @param priority - the spawn priority.
   */
  protected enqueueSpawned(co: Coroutine, priority: 'normal' | 'high'): void {
    if (priority === 'high') this.queue.pushFront(co);
    else this.queue.push(co);
  }

  /** @inheritDoc */
  protected runSlice(co: Coroutine): void {
    const previous = this.current;
    this.current = co;
    if (!co.started) {
      co.started = true;
      co.waker.clear();
      this.emit(co.id, { kind: 'started' });
      co.fiber = runBody(this, co);
    } else {
      this.beforeResume(co);
    }
    const step = co.fiber!.next();
    if (step.done) this.finishCoroutine(co, step.value);
    this.current = previous;
  }

  /**
   * Called when a suspended coroutine is switched into, before its fiber continues.
   *
   * @param co - the coroutine being resumed.
   */
  protected beforeResume(co: Coroutine): void {
    void co;
  }

  /**
   * The outcome a resumed coroutine gets at its suspension point: the pending
   * error wins over the result (WAK-3).
   *
   * @param co - the resumed coroutine.
   * @returns its pending error, else its result (`null` if none).
   */
  protected resumeOutcome(co: Coroutine): WakeOutcome {
    return co.waker.take();
  }

  /**
   * Wake a waiting coroutine from one of its subscriptions (trace-semantics §3.1 step 5).
   *
   * @remarks Only a `WAITING` coroutine is woken: it gets the outcome, all its
   * subscriptions are dropped, it becomes `QUEUED` and goes to the tail
   * (WAK-1, WAK-2, WAK-4).
   * @param co - the subscribed coroutine.
   * @param outcome - what it is woken with.
   */
  protected wake(co: Coroutine, outcome: WakeOutcome): void {
    if (co.waker.status !== WakerStatus.WAITING) return;
    if ('error' in outcome) co.waker.resumeWithError(outcome.error);
    else co.waker.setResult(outcome.value);
    co.waker.status = WakerStatus.QUEUED;
    this.releaseSubscriptionsOnWake(co);
    this.queue.push(co);
  }

  /**
   * Drop every subscription of a coroutine that was just woken (WAK-2).
   *
   * @param co - the woken coroutine.
   */
  protected releaseSubscriptionsOnWake(co: Coroutine): void {
    co.waker.unsubscribeAll();
  }

  /**
   * The cancel algorithm (trace-semantics §6.4; digest §6.2).
   *
   * @remarks Steps: (1) finished → nothing; (2) the acting coroutine, not
   * `WAITING` → {@link cancelSelf}; (3) `PROTECTED` → {@link deferCancellation};
   * (4) set `CANCELLED`; (5) not started → {@link cancelNotStarted};
   * (6) safe mode → {@link markZombie}; (7) apply the cancellation and wake it.
   * Each decision is a seam for mutants.
   * @param target - the coroutine to cancel.
   * @param cancellation - the `AsyncCancellation` to deliver.
   * @param safe - safe mode of a scope cascade (SCP-6). @defaultValue `false`
   */
  protected cancelCoroutine(target: Coroutine, cancellation: ErrorValue, safe = false): void {
    if (target.finished) {
      this.cancelFinished(target, cancellation);
      return;
    }
    if (target === this.current && target.waker.status !== WakerStatus.WAITING) {
      this.cancelSelf(target, cancellation);
      return;
    }
    if (this.defersCancellation(target)) {
      this.deferCancellation(target, cancellation);
      return;
    }
    target.cancelled = true;
    if (!target.started) {
      this.cancelNotStarted(target, cancellation);
      return;
    }
    if (this.zombifiesInsteadOfCancelling(target, safe)) {
      this.markZombie(target);
      return;
    }
    this.applyCancellation(target, cancellation);
    this.requeueCancelled(target);
  }

  /**
   * Step 2 of the cancel algorithm: the acting coroutine cancels itself (or
   * its own scope): it is only marked and keeps running; the first stored
   * exception becomes its outcome when it finishes (CAN-3, SCP-20).
   *
   * @param target - the acting coroutine.
   * @param cancellation - the cancellation.
   */
  protected cancelSelf(target: Coroutine, cancellation: ErrorValue): void {
    target.cancelled = true;
    target.storedException ??= cancellation;
  }

  /**
   * Step 3 of the cancel algorithm: whether the cancellation is deferred because the target is `PROTECTED` (CAN-5).
   *
   * @param target - an unfinished coroutine other than the acting one.
   * @returns true while it runs a `protect` body.
   */
  protected defersCancellation(target: Coroutine): boolean {
    return target.protectedFlag;
  }

  /**
   * Keep a cancellation for delivery at the exit of the `protect` block: the
   * first deferred one wins, later ones are dropped (CAN-5).
   *
   * @param target - the protected coroutine.
   * @param cancellation - the cancellation.
   */
  protected deferCancellation(target: Coroutine, cancellation: ErrorValue): void {
    target.deferredCancellation ??= cancellation;
  }

  /**
   * Step 5 of the cancel algorithm: a coroutine that never ran becomes
   * `IGNORED`, is queued if it is not, and gets the cancellation (first wins);
   * its body never runs, in safe mode too (CAN-2, SCP-5).
   *
   * @param target - the not-started coroutine (already `CANCELLED`).
   * @param cancellation - the cancellation.
   */
  protected cancelNotStarted(target: Coroutine, cancellation: ErrorValue): void {
    if (!target.waker.inQueue) this.queue.push(target);
    target.waker.status = WakerStatus.IGNORED;
    this.applyCancellation(target, cancellation);
  }

  /**
   * Step 6 of the cancel algorithm: whether a started coroutine becomes a
   * zombie instead of being cancelled (safe mode, SCP-6).
   *
   * @param target - a started, unprotected coroutine (already `CANCELLED`).
   * @param safe - the cascade's mode.
   * @returns true in safe mode.
   */
  protected zombifiesInsteadOfCancelling(target: Coroutine, safe: boolean): boolean {
    void target;
    return safe;
  }

  /**
   * Mark a coroutine zombie unless it already is one: it runs on, gets no
   * exception and stops counting as active in its scope (SCP-6, SCP-18).
   *
   * @param target - the coroutine.
   */
  protected abstract markZombie(target: Coroutine): void;

  /**
   * A system cancellation (deadlock, shutdown): clear `PROTECTED` (not the
   * deferred cancellation), then the cancel algorithm (CAN-11).
   *
   * @param target - a registered coroutine.
   * @param cancellation - the shared system cancellation.
   */
  protected systemCancel(target: Coroutine, cancellation: ErrorValue): void {
    target.protectedFlag = false;
    this.cancelCoroutine(target, cancellation);
  }

  /**
   * `protect {body}` (CAN-5, CAN-6): run the body as a block with `PROTECTED`
   * set; when control leaves it (normally or by an error) {@link exitProtect}
   * decides what is thrown.
   *
   * @param co - the acting coroutine.
   * @param body - the closure's body.
   */
  protected *protectBlock(co: Coroutine, body: Program): Generator<void, void, void> {
    this.enterProtect(co);
    let inFlight: ScenarioThrow | ScenarioReturn | undefined;
    try {
      yield* runBlock(this, co, body, undefined);
    } catch (signal) {
      if (!(signal instanceof ScenarioThrow || signal instanceof ScenarioReturn)) throw signal;
      inFlight = signal;
    }
    const deferred = this.exitProtect(co, inFlight instanceof ScenarioThrow ? inFlight.error : undefined);
    if (deferred !== undefined) throw new ScenarioThrow(deferred);
    if (inFlight !== undefined) throw inFlight;
  }

  /**
   * Entering a `protect` block: set `PROTECTED` (a boolean, CAN-6).
   *
   * @param co - the acting coroutine.
   */
  protected enterProtect(co: Coroutine): void {
    co.protectedFlag = true;
  }

  /**
   * Leaving a `protect` block: clear `PROTECTED` (so leaving a nested block
   * unprotects the outer one, CAN-6); a pending deferred cancellation is
   * cleared, the coroutine marked `CANCELLED`, and the cancellation thrown
   * from the block, with an error in flight appended at the end of its
   * `previous` chain (a value or a `return` in flight is lost) (CAN-5).
   *
   * @param co - the acting coroutine.
   * @param inFlight - the error leaving the block, if any.
   * @returns the error to throw instead of what was in flight, or `undefined`.
   */
  protected exitProtect(co: Coroutine, inFlight: ErrorValue | undefined): ErrorValue | undefined {
    co.protectedFlag = false;
    const deferred = co.deferredCancellation;
    if (deferred === undefined) return undefined;
    co.deferredCancellation = undefined;
    co.cancelled = true;
    return inFlight === undefined ? deferred : appendPrevious(deferred, inFlight);
  }

  /**
   * Cancel of a finished coroutine: nothing changes (COR-3).
   *
   * @param target - the finished coroutine.
   * @param cancellation - the ignored cancellation.
   */
  protected cancelFinished(target: Coroutine, cancellation: ErrorValue): void {
    void target;
    void cancellation;
  }

  /**
   * Apply a cancellation to a coroutine's pending error (first cancellation wins, WAK-5).
   *
   * @param co - the cancelled coroutine.
   * @param cancellation - the cancellation.
   */
  protected applyCancellation(co: Coroutine, cancellation: ErrorValue): void {
    co.waker.applyCancellation(cancellation);
  }

  /**
   * Queue a cancelled, suspended coroutine: a `WAITING` one loses its
   * subscriptions and goes to the tail; a `QUEUED` one keeps its place (WAK-1).
   *
   * @param co - the cancelled coroutine.
   */
  protected requeueCancelled(co: Coroutine): void {
    if (co.waker.status !== WakerStatus.WAITING) return;
    co.waker.unsubscribeAll();
    co.waker.status = WakerStatus.QUEUED;
    this.queue.push(co);
  }

  /**
   * A coroutine's body ended (trace-semantics §3.5).
   *
   * @param co - the coroutine.
   * @param raw - its return value or escaping error.
   */
  protected finishCoroutine(co: Coroutine, raw: Outcome): void {
    const outcome = this.finalOutcome(co, raw);
    this.completeCoroutine(co, outcome);
    if (outcome.kind === 'error' && this.escalates(co, outcome.error)) {
      this.exitException ??= outcome.error;
      this.startShutdown('scheduler');
    }
  }

  /**
   * The outcome of a finishing coroutine given its stored exception (COR-4, CAN-3).
   *
   * @param co - the finishing coroutine.
   * @param raw - return value or escaping error of its body.
   * @returns the final outcome.
   */
  protected finalOutcome(co: Coroutine, raw: Outcome): Outcome {
    const stored = co.storedException;
    if (stored === undefined) return raw;
    if (raw.kind === 'value' || isCancellation(raw.error)) return { kind: 'error', error: stored };
    return { kind: 'error', error: appendPrevious(raw.error, stored) };
  }

  /**
   * Whether an error escaping `co` ends the run: main's non-cancellation error (COR-8, SCH-13).
   *
   * @param co - the finished coroutine.
   * @param error - its outcome error.
   * @returns true when it becomes the exit exception and starts shutdown.
   */
  protected escalates(co: Coroutine, error: ErrorValue): boolean {
    return co.isMain && !isCancellation(error);
  }

  /**
   * Finalize (COR-5; trace-semantics §3.5 steps 1–5 and §6.5): close,
   * report, notify awaiters (which marks an error consumed by an awaiter as
   * handled), schedule `finally` handlers, unregister, then the scope steps
   * ({@link leaveScope}).
   *
   * @remarks Unregistering before the scope steps is not observable: nothing
   * in them reads the registry.
   * @param co - the finishing coroutine.
   * @param outcome - its final outcome.
   */
  protected completeCoroutine(co: Coroutine, outcome: Outcome): void {
    co.closed = true;
    co.outcome = outcome;
    co.waker.unsubscribeAll();
    co.waker.clear();
    this.emitFinished(co, outcome);
    if (outcome.kind === 'value') co.notify(outcome.value, undefined);
    else co.notify(null, outcome.error);
    this.scheduleFinally(co);
    this.registry.delete(co);
    this.leaveScope(co, outcome);
  }

  /**
   * What the coroutine's scope does once it finished (trace-semantics §6.5
   * steps 5–7): exception handling, leaving the scope, completion check and
   * disposal.
   *
   * @param co - the finished, unregistered coroutine.
   * @param outcome - its final outcome.
   */
  protected abstract leaveScope(co: Coroutine, outcome: Outcome): void;

  /**
   * Emit `completed` or `failed` by the coroutine.
   *
   * @param co - the finishing coroutine.
   * @param outcome - its final outcome.
   */
  protected emitFinished(co: Coroutine, outcome: Outcome): void {
    if (outcome.kind === 'value') this.emit(co.id, { kind: 'completed', value: outcome.value });
    else this.emit(co.id, { kind: 'failed', error: outcome.error });
  }

  /**
   * Push the finally-handler iterator of `co` at the head of the queue, if it has handlers (COR-7).
   *
   * @param co - the finished coroutine.
   */
  protected scheduleFinally(co: Coroutine): void {
    if (co.finallyHandlers.length === 0) return;
    const handlers = co.finallyHandlers.splice(0);
    this.queue.pushFront(new FinallyIterator(co, handlers));
  }

  /** @inheritDoc */
  protected runFinallyIterator(iterator: FinallyIterator): void {
    const previous = this.current;
    this.current = iterator;
    for (const handler of this.finallyOrder(iterator.handlers)) {
      this.emit(iterator.id, { kind: 'finally', target: iterator.target.id, handler });
    }
    this.current = previous;
  }

  /**
   * The order finally handlers run in: registration order (COR-7).
   *
   * @param handlers - handler ids in registration order.
   * @returns the handlers in run order.
   */
  protected finallyOrder(handlers: readonly string[]): readonly string[] {
    return handlers;
  }

  /** @inheritDoc */
  protected finishIgnored(co: Coroutine): void {
    const error = co.waker.error ?? makeError('Async\\AsyncCancellation', MESSAGES.coroutineCancelled);
    this.completeCoroutine(co, { kind: 'error', error });
  }

  /**
   * `Async\graceful_shutdown()` (SCH-9): idempotent; cancels every registered
   * coroutine with one shared `AsyncCancellation("Graceful shutdown")`.
   *
   * @param actor - who emits `shutdown`: the calling coroutine or `scheduler`.
   */
  protected startShutdown(actor: string): void {
    if (this.shutdownStarted) return;
    this.shutdownStarted = true;
    this.emit(actor, { kind: 'shutdown' });
    const cancellation = makeError('Async\\AsyncCancellation', MESSAGES.gracefulShutdown);
    for (const co of [...this.registry]) this.shutdownCancel(co, cancellation);
  }

  /**
   * Cancel one registered coroutine for graceful shutdown (SCH-9).
   *
   * @param co - a registered coroutine.
   * @param cancellation - the shared shutdown cancellation.
   */
  protected shutdownCancel(co: Coroutine, cancellation: ErrorValue): void {
    this.systemCancel(co, cancellation);
  }

  /**
   * Answer a coroutine method (digest §3.4, the C formulas; COR-6, CAN-8).
   *
   * @remarks `isCancellationRequested` is `(CANCELLED ∧ ¬finished) ∨ deferred
   * cancellation pending` (digest §3.4, CAN-5, CAN-8).
   *
   * @param co - the queried coroutine.
   * @param what - the method.
   * @returns its answer.
   */
  protected queryValue(co: Coroutine, what: CoroutineQuery): Value | ErrorValue {
    const finished = co.finished;
    switch (what) {
      case 'isStarted':
        return co.started;
      case 'isQueued':
        return co.waker.status === WakerStatus.QUEUED;
      case 'isRunning':
        return co.started && !finished;
      case 'isSuspended':
        return co.waker.status < WakerStatus.RESULT && !finished;
      case 'isCancelled':
        return co.cancelled && finished;
      case 'isCancellationRequested':
        return (co.cancelled && !finished) || co.deferredCancellation !== undefined;
      case 'isCompleted':
        return finished;
      case 'getResult':
        return finished && co.outcome?.kind === 'value' ? co.outcome.value : null;
      case 'getException':
        return finished && co.outcome?.kind === 'error' ? co.outcome.error : null;
    }
  }
}
