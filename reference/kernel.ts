/**
 * The kernel of the reference runtime: the virtual clock, the run queue and
 * the scheduler loop, coroutines (start, wake, the cancel algorithm,
 * `protect`, finishing, graceful shutdown), waiting on events (`await`,
 * tokens, timeouts) and trace emission.
 *
 * @remarks
 * The kernel knows no area: the instructions are executed by the handler
 * table the area modules register (`reference/areas.ts`), a `query` or
 * `onFinally` target is found by the areas' target resolvers, and what
 * happens to a coroutine inside its scope (joining, the zombie step,
 * leaving) is the {@link CoroutineHome} the scope area installs. Every
 * decision a mutant may break is a named seam of {@link kernelSeams}; the
 * kernel calls it as `kernel.seams.<name>(kernel, …)`.
 * Follows trace-semantics §3 (instructions), §4 (the loop) and §6.4 (the
 * cancel algorithm).
 *
 * @see https://true-async.github.io/en/architecture/scheduler.html
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { AwaitInstruction, CoroutineQuery, ErrorValue, Instruction, Program, TokenTarget, Trace, Value } from '../conformance/adapter.js';
import { WakerSubscription, type SubscriptionHost } from './callbacks.js';
import { VirtualClock } from './clock.js';
import { Coroutine, FinallyIterator, runBlock, runBody, ScenarioReturn, ScenarioThrow, type InstructionHost, type Runnable, type TraceData } from './coroutine.js';
import { appendPrevious, isCancellation, makeError, MESSAGES, undefinedReference } from './errors.js';
import type { AsyncEvent, Outcome, ScenarioEvent } from './event.js';
import { DEFAULT_MAX_STEPS, RunQueue } from './scheduler.js';
import { Scope } from './scope.js';
import { WakerStatus, type WakeOutcome } from './waker.js';

/** The instructions the fiber interpreter (`runBlock`) runs itself: control flow. */
export type ControlOp = 'try' | 'throw' | 'rethrow' | 'return';

/** The `op` of every leaf instruction: each is handled by exactly one area module. */
export type LeafOp = Exclude<Instruction['op'], ControlOp>;

/**
 * The instruction of one `op`.
 *
 * @typeParam O - the op.
 */
export type InstructionOf<O extends LeafOp> = Instruction extends infer I ? (I extends Instruction ? (O extends I['op'] ? I : never) : never) : never;

/**
 * An instruction handler of an area: runs one instruction for the acting
 * coroutine, given the area's instance (as a C handler gets its module's
 * state); a handler that suspends is a generator that yields while the
 * coroutine waits.
 *
 * @typeParam O - the op it handles.
 * @typeParam A - the area instance it is called with.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InstructionHandler<O extends LeafOp, A = any> = (area: A, co: Coroutine, instruction: InstructionOf<O>) => Generator<void, void, void> | void;

/**
 * The handlers of a set of ops, one per op.
 *
 * @typeParam O - the ops.
 * @typeParam A - the area instance they are called with.
 */
export type HandlerTable<O extends LeafOp, A> = { readonly [K in O]: InstructionHandler<K, A> };

/** The composed dispatch table: for each leaf op, its handler and the index of the area instance it is called with. */
export type DispatchTable = { readonly [K in LeafOp]: { readonly area: number; readonly handler: InstructionHandler<K> } };

/** What a `query` or `onFinally` names: a coroutine, a scope or a pool. */
export interface Target {
  /** Its scenario id (the `target` of the `query` event). */
  readonly id: string;
  /**
   * Answer a method of the target.
   *
   * @param what - the queried method.
   * @returns its answer.
   * @throws Error when `what` is not a method of this kind of target.
   */
  query(what: Extract<Instruction, { op: 'query' }>['what']): Value | ErrorValue;
  /**
   * Register a `finally` handler; absent when the target has no `finally()`.
   *
   * @param co - the acting coroutine.
   * @param handler - the handler id.
   */
  onFinally?(co: Coroutine, handler: string): void;
}

/** An area that resolves `query` / `onFinally` targets. */
export interface TargetResolver {
  /**
   * Resolve a target id.
   *
   * @param co - the acting coroutine.
   * @param id - the instruction's `target`.
   * @returns the target, or `undefined` when the id names nothing of this area.
   */
  resolveTarget(co: Coroutine, id: string): Target | undefined;
}

/**
 * Where coroutines live: the scope tree, installed by the scope area.
 *
 * @remarks The kernel calls it at the three points of a coroutine's life
 * that belong to its scope (trace-semantics §6.4 step 6, §6.5 steps 5–7).
 */
export interface CoroutineHome {
  /**
   * The scope a new coroutine goes into, after the SCP-3 guards: the
   * spawner's (`id` omitted), the named one, or the main scope for `main`.
   *
   * @param spawner - the spawning coroutine, `undefined` for `main`.
   * @param id - the explicit scope id of the `spawn`, if any.
   * @returns the scope.
   * @throws ScenarioThrow when the scope refuses the spawn (SCP-3).
   */
  scopeFor(spawner: Coroutine | undefined, id: string | undefined): Scope;
  /**
   * A registered coroutine joins its scope (`active++`).
   *
   * @param co - the coroutine.
   * @param scope - the scope {@link CoroutineHome.scopeFor} chose.
   */
  joinScope(co: Coroutine, scope: Scope): void;
  /**
   * Mark a coroutine zombie unless it already is one: it runs on, gets no
   * exception and stops counting as active in its scope (SCP-6, SCP-18).
   *
   * @param target - the coroutine.
   */
  markZombie(target: Coroutine): void;
  /**
   * What the coroutine's scope does once it finished (trace-semantics §6.5
   * steps 5–7): exception handling, leaving the scope, completion check and
   * disposal.
   *
   * @param co - the finished, unregistered coroutine.
   * @param outcome - its final outcome.
   */
  leaveScope(co: Coroutine, outcome: Outcome): void;
}

/** The home of a kernel without a scope area: it places nobody. */
const NO_HOME: CoroutineHome = {
  scopeFor: () => {
    throw new Error('reference runtime: no scope area installed');
  },
  joinScope: () => undefined,
  markZombie: () => undefined,
  leaveScope: () => undefined,
};

/**
 * The kernel: clock, run queue, registry, trace, the loop, coroutine
 * lifecycle and awaiting.
 *
 * @remarks Requirements: SCH-1, SCH-2, SCH-5, SCH-8..SCH-10, SCH-12, SCH-13,
 * COR-1, COR-3..COR-8, WAK-1..WAK-5, WAK-8, EVT-12, EVT-13, CAN-2..CAN-9, CAN-11.
 */
export class Kernel implements InstructionHost, SubscriptionHost {
  /** The instruction dispatch table, installed by the composition. */
  private handlerTable: DispatchTable | undefined;
  /** The area instances the handlers are called with, by index. */
  private areas: readonly unknown[] = [];
  /** The target resolvers of the areas, in area order. */
  private readonly targets: TargetResolver[] = [];
  /** The scope tree (a root-less kernel places nobody). */
  home: CoroutineHome = NO_HOME;

  /** @param seams - the kernel's seams (defaults: {@link kernelSeams}). */
  constructor(readonly seams: KernelSeams = kernelSeams) {
    this.queue = seams.createRunQueue(this);
  }

  /**
   * Install the instruction handlers: every leaf op, each once (checked by
   * the compiler where the areas are listed).
   *
   * @param dispatch - the complete table.
   * @param areas - the area instances, indexed as in the table.
   */
  installHandlers(dispatch: DispatchTable, areas: readonly unknown[]): void {
    this.handlerTable = dispatch;
    this.areas = areas;
  }

  /**
   * Add an area that resolves targets (tried in the order added).
   *
   * @param resolver - the resolver.
   */
  addTargets(resolver: TargetResolver): void {
    this.targets.push(resolver);
  }

  /**
   * Resolve the target of `query` / `onFinally`: the first area whose resolver knows the id.
   *
   * @param co - the acting coroutine.
   * @param id - the target id (`self` = the caller).
   * @returns the target.
   * @throws ScenarioThrow `Error("Undefined reference '<id>'")` when no area knows it.
   */
  target(co: Coroutine, id: string): Target {
    for (const resolve of this.targets) {
      const found = resolve.resolveTarget(co, id);
      if (found !== undefined) return found;
    }
    throw new ScenarioThrow(undefinedReference(id));
  }

  /**
   * Run a scenario's `main` program to the end of the run.
   *
   * @param program - the program of `main`.
   * @returns the trace, ending with `exit`.
   */
  runMain(program: Program): Trace {
    const main = this.createCoroutine('main', program);
    const scope = this.home.scopeFor(undefined, undefined);
    this.register(main);
    this.home.joinScope(main, scope);
    this.queue.push(main);
    this.runLoop();
    return this.trace;
  }

  /** @inheritDoc */
  onSubscriptionFired(subscription: WakerSubscription, value: Value, error: ErrorValue | undefined, event: AsyncEvent): void {
    this.seams.onSubscriptionFired(this, subscription, value, error, event);
  }

  /** @inheritDoc */
  *execute(co: Coroutine, instruction: Instruction): Generator<void, void, void> {
    if (instruction.label === undefined) this.labels.delete(co.id);
    else this.labels.set(co.id, instruction.label);
    const entry = this.handlerTable?.[instruction.op as LeafOp] as DispatchTable[LeafOp] | undefined;
    if (entry === undefined) throw new Error(`reference runtime: unexpected instruction '${instruction.op}'`);
    const suspends = (entry.handler as InstructionHandler<LeafOp>)(this.areas[entry.area], co, instruction as InstructionOf<LeafOp>);
    if (suspends !== undefined) yield* suspends;
  }

  /** Virtual time and timers. */
  readonly clock: VirtualClock = this.createClock();

  /** The run queue. */
  readonly queue: RunQueue<Runnable>;

  /** Registered, unfinished coroutines in registration order. */
  readonly registry = new Set<Coroutine>();

  /** The trace recorded so far. */
  readonly trace: Trace = [];

  /**
   * Coroutine id → the `label` of the leaf instruction it last started (the
   * kernel executes every instruction but `try`, `throw`, `rethrow` and
   * `return`), echoed on its events by {@link Kernel.emit}.
   */
  readonly labels = new Map<string, string>();

  /** What is running now (`undefined`: the scheduler itself). */
  current: Runnable | undefined;

  /** The exception chain that ends the run (deadlock, main's error). */
  exitException: ErrorValue | undefined;

  /** Runaway guard: steps taken. */
  steps = 0;

  /** Runaway guard: the limit. */
  maxSteps = DEFAULT_MAX_STEPS;

  /** Factory of the clock (a seam for tests). */
  createClock(): VirtualClock {
    return new VirtualClock();
  }

  /**
   * Record a trace event at the current virtual time.
   *
   * @param actor - coroutine id, `scheduler` or `finally:<id>`.
   * @param data - the event.
   */
  emit(actor: string, data: TraceData): void {
    const label = this.labels.get(actor);
    this.trace.push((label === undefined ? { t: this.clock.now, actor, ...data } : { t: this.clock.now, actor, label, ...data }) as Trace[number]);
  }

  /** Count one step; throws once the runaway limit is passed. */
  countStep(): void {
    if (++this.steps > this.maxSteps) {
      throw new Error(`reference runtime: runaway scenario, more than ${this.maxSteps} steps`);
    }
  }

  /** The scheduler loop (trace-semantics §4); ends with `exit`. */
  runLoop(): void {
    for (;;) {
      this.countStep();
      if (this.seams.isRunOver(this)) break;
      const next = this.queue.pop();
      if (next !== undefined) {
        this.dispatch(next);
        continue;
      }
      if (this.fireTimers()) continue;
      if (this.seams.resolveDeadlock(this)) continue;
      break;
    }
    this.emit('scheduler', this.exitException === undefined ? { kind: 'exit' } : { kind: 'exit', error: this.exitException });
  }

  /**
   * Run what was popped off the queue.
   *
   * @param next - the head of the queue.
   */
  dispatch(next: Runnable): void {
    if (next instanceof FinallyIterator) this.runFinallyIterator(next);
    else if (next.finished) return;
    else if (next.waker.status === WakerStatus.IGNORED) this.seams.finishIgnored(this, next);
    else this.runSlice(next);
  }

  /** Advance the clock and fire the due timers (§4 step 2); false when none is armed. */
  fireTimers(): boolean {
    const due = this.clock.advance();
    for (const timer of due) {
      timer.closed = true;
      timer.notify(null, undefined);
    }
    return due.length > 0;
  }

  /** Every coroutine ever spawned, by id (v1 holds a reference to each). */
  readonly coroutines = new Map<string, Coroutine>();

  /** Whether graceful shutdown has started (SCH-9). */
  shutdownStarted = false;

  /**
   * Factory of coroutines (a seam for mutants).
   *
   * @param id - coroutine id.
   * @param program - its body.
   * @returns a new, unregistered coroutine.
   */
  createCoroutine(id: string, program: Program): Coroutine {
    return new Coroutine(id, program);
  }

  /**
   * Register a coroutine: it becomes referable and counts for deadlock; status `QUEUED`.
   *
   * @param co - the new coroutine.
   */
  register(co: Coroutine): void {
    this.coroutines.set(co.id, co);
    this.registry.add(co);
    co.waker.status = WakerStatus.QUEUED;
  }

  /**
   * Start or continue a coroutine until it suspends or finishes.
   *
   * @param co - the coroutine popped off the queue.
   */
  runSlice(co: Coroutine): void {
    const previous = this.current;
    this.current = co;
    if (!co.started) {
      co.started = true;
      co.waker.clear();
      this.emit(co.id, { kind: 'started' });
      co.fiber = runBody(this, co);
    } else {
      this.seams.beforeResume(this, co);
    }
    const step = co.fiber!.next();
    if (step.done) this.finishCoroutine(co, step.value);
    this.current = previous;
  }

  /**
   * A system cancellation (deadlock, shutdown): clear `PROTECTED` (not the
   * deferred cancellation), then the cancel algorithm (CAN-11).
   *
   * @param target - a registered coroutine.
   * @param cancellation - the shared system cancellation.
   */
  systemCancel(target: Coroutine, cancellation: ErrorValue): void {
    target.protectedFlag = false;
    this.seams.cancelCoroutine(this, target, cancellation);
  }

  /**
   * `protect {body}` (CAN-5, CAN-6): run the body as a block with `PROTECTED`
   * set; when control leaves it (normally or by an error) the `exitProtect` seam
   * decides what is thrown.
   *
   * @param co - the acting coroutine.
   * @param body - the closure's body.
   */
  *protectBlock(co: Coroutine, body: Program): Generator<void, void, void> {
    this.seams.enterProtect(this, co);
    let inFlight: ScenarioThrow | ScenarioReturn | undefined;
    try {
      yield* runBlock(this, co, body, undefined);
    } catch (signal) {
      if (!(signal instanceof ScenarioThrow || signal instanceof ScenarioReturn)) throw signal;
      inFlight = signal;
    }
    const deferred = this.seams.exitProtect(this, co, inFlight instanceof ScenarioThrow ? inFlight.error : undefined);
    if (deferred !== undefined) throw new ScenarioThrow(deferred);
    if (inFlight !== undefined) throw inFlight;
  }

  /**
   * A coroutine's body ended (trace-semantics §3.5).
   *
   * @param co - the coroutine.
   * @param raw - its return value or escaping error.
   */
  finishCoroutine(co: Coroutine, raw: Outcome): void {
    const outcome = this.seams.finalOutcome(this, co, raw);
    this.seams.completeCoroutine(this, co, outcome);
    if (outcome.kind === 'error' && this.seams.escalates(this, co, outcome.error)) {
      this.exitException ??= outcome.error;
      this.startShutdown('scheduler');
    }
  }

  /**
   * Run a finally-handler iterator.
   *
   * @param iterator - the iterator popped off the queue.
   */
  runFinallyIterator(iterator: FinallyIterator): void {
    const previous = this.current;
    this.current = iterator;
    for (const handler of this.seams.finallyOrder(this, iterator.handlers)) {
      this.emit(iterator.id, { kind: 'finally', target: iterator.target.id, handler });
    }
    this.current = previous;
    const { scope, coroutine } = iterator;
    if (scope === undefined || coroutine === undefined) return;
    // `finally_handlers_iterator_dtor`: the iterator coroutine ends and leaves its child scope,
    // which has no PHP object and is disposable once empty (`scope_can_be_disposed`:
    // `scope_object == NULL`; marked cancelled here); the completion check and disposal then
    // run from it upwards, as for any coroutine leaving a scope (§6.5 steps 6–7).
    scope.active--;
    scope.cancelled = true;
    this.home.leaveScope(coroutine, { kind: 'value', value: null });
  }

  /**
   * `Async\graceful_shutdown()` (SCH-9): idempotent; cancels every registered
   * coroutine with one shared `AsyncCancellation("Graceful shutdown")`.
   *
   * @param actor - who emits `shutdown`: the calling coroutine or `scheduler`.
   */
  startShutdown(actor: string): void {
    if (this.shutdownStarted) return;
    this.shutdownStarted = true;
    this.emit(actor, { kind: 'shutdown' });
    const cancellation = makeError('Async\\AsyncCancellation', MESSAGES.gracefulShutdown);
    for (const co of [...this.registry]) this.seams.shutdownCancel(this, co, cancellation);
  }

  /** Triggers and futures by id. */
  readonly events = new Map<string, ScenarioEvent>();

  /**
   * Back at a suspension point: emit `resumed` (or `resumed {error}` and throw it).
   *
   * @param co - the resumed coroutine.
   * @returns the value it was woken with.
   */
  takeResumption(co: Coroutine): Value {
    const outcome = this.seams.resumeOutcome(this, co);
    if ('error' in outcome) {
      this.emit(co.id, { kind: 'resumed', error: outcome.error });
      throw new ScenarioThrow(outcome.error);
    }
    this.emit(co.id, { kind: 'resumed' });
    return outcome.value;
  }

  /**
   * `delay {ms}`, and the `delayMs` of a pool callable (trace-semantics §3,
   * §7.1): arm a timer, emit `suspended {on:"timer"}`, wait, then `resumed`
   * (or `resumed {error}` and throw).
   *
   * @param co - the sleeping coroutine.
   * @param ms - virtual milliseconds.
   */
  *sleep(co: Coroutine, ms: number): Generator<void, void, void> {
    this.subscribeTimer(co, ms, 'resolve');
    this.emit(co.id, { kind: 'suspended', on: 'timer' });
    co.waker.status = WakerStatus.WAITING;
    yield;
    this.takeResumption(co);
  }

  /**
   * Subscribe a coroutine's waker to a fresh timer it owns.
   *
   * @param co - the waiting coroutine.
   * @param ms - virtual milliseconds from now.
   * @param role - `resolve` (timer target) or `timeout` (`timeoutMs`).
   */
  subscribeTimer(co: Coroutine, ms: number, role: 'resolve' | 'timeout'): void {
    const timer = this.clock.arm(ms);
    co.waker.subscribe(timer, new WakerSubscription(co, role, this, ms));
    co.waker.own(() => this.clock.disarm(timer));
  }

  /**
   * An awaiter consumed a coroutine's failure: the error counts as handled
   * and does not reach the scope's exception handling (SCP-14).
   *
   * @param target - the failed coroutine.
   */
  recordHandled(target: Coroutine): void {
    target.errorHandled = true;
  }

  /** The id of the acting coroutine, or `scheduler`. */
  actorId(): string {
    return this.current?.id ?? 'scheduler';
  }

  /**
   * Resolve a coroutine reference (`self` = the caller).
   *
   * @param co - the acting coroutine.
   * @param id - coroutine id or `self`.
   * @returns the coroutine.
   * @throws ScenarioThrow `Error("Undefined reference '<id>'")` when it does not exist yet.
   */
  coroutineRef(co: Coroutine, id: string): Coroutine {
    if (id === 'self') return co;
    const target = this.coroutines.get(id);
    if (target === undefined) throw new ScenarioThrow(undefinedReference(id));
    return target;
  }

  /**
   * Resolve a trigger or future reference.
   *
   * @param id - its id.
   * @param type - the expected kind, if any.
   * @returns the event.
   * @throws ScenarioThrow `Error("Undefined reference '<id>'")` when it does not exist (as that kind).
   */
  eventRef(id: string, type?: 'trigger' | 'future'): ScenarioEvent {
    const event = this.events.get(id);
    if (event === undefined || (type !== undefined && event.type !== type)) throw new ScenarioThrow(undefinedReference(id));
    return event;
  }

  /**
   * Resolve a cancellation token reference.
   *
   * @param co - the acting coroutine.
   * @param token - the token target.
   * @returns its event.
   */
  tokenRef(co: Coroutine, token: TokenTarget): AsyncEvent {
    if ('coroutine' in token) return this.coroutineRef(co, token.coroutine);
    if ('future' in token) return this.eventRef(token.future, 'future');
    return this.eventRef(token.trigger, 'trigger');
  }
}

/**
 * The kernel's seams: each replaceable decision of the scheduler, the
 * coroutine lifecycle and awaiting, called as `kernel.seams.<name>(kernel, …)`.
 * A mutant replaces one (`createReferenceRuntime({ seams: { kernel: { … } } })`).
 */
export const kernelSeams = {
  /**
   * Factory of the run queue (a seam for mutants).
   *
   * @param kernel - the kernel.
   */
  createRunQueue(kernel: Kernel): RunQueue<Runnable> {
    return new RunQueue<Runnable>();
  },

  /**
   * Whether the run ends now regardless of queue, timers and registry (never: SCH-10, SCH-12).
   *
   * @param kernel - the kernel.
   */
  isRunOver(kernel: Kernel): boolean {
    return false;
  },

  /**
   * Deadlock resolution (SCH-8); false when no coroutine is registered.
   *
   * @param kernel - the kernel.
   */
  resolveDeadlock(kernel: Kernel): boolean {
    const waiting = kernel.registry.size;
    if (waiting === 0) return false;
    kernel.emit('scheduler', { kind: 'deadlock', waiting });
    kernel.exitException = makeError(
      'Async\\DeadlockError',
      `Deadlock detected: no active coroutines, ${waiting} coroutines in waiting`,
      kernel.exitException,
    );
    const cancellation = makeError('Async\\AsyncCancellation', MESSAGES.deadlockCancellation);
    for (const co of [...kernel.registry]) kernel.systemCancel(co, cancellation);
    return true;
  },

  /**
   * Enqueue a freshly spawned coroutine: tail, or head for high priority (COR-1, SCH-2).
   *
   * @param kernel - the kernel.
   * @param co - the spawned coroutine.
   * @param priority - the spawn priority.
   */
  enqueueSpawned(kernel: Kernel, co: Coroutine, priority: 'normal' | 'high'): void {
    if (priority === 'high') kernel.queue.pushFront(co);
    else kernel.queue.push(co);
  },

  /**
   * Called when a suspended coroutine is switched into, before its fiber continues.
   *
   * @param kernel - the kernel.
   * @param co - the coroutine being resumed.
   */
  beforeResume(kernel: Kernel, co: Coroutine): void {
    void co;
  },

  /**
   * The outcome a resumed coroutine gets at its suspension point: the pending
   * error wins over the result (WAK-3).
   *
   * @param kernel - the kernel.
   * @param co - the resumed coroutine.
   * @returns its pending error, else its result (`null` if none).
   */
  resumeOutcome(kernel: Kernel, co: Coroutine): WakeOutcome {
    return co.waker.take();
  },

  /**
   * Wake a waiting coroutine from one of its subscriptions (trace-semantics §3.1 step 5).
   *
   * @remarks Only a `WAITING` coroutine is woken: it gets the outcome, all its
   * subscriptions are dropped, it becomes `QUEUED` and goes to the tail
   * (WAK-1, WAK-2, WAK-4).
   * @param kernel - the kernel.
   * @param co - the subscribed coroutine.
   * @param outcome - what it is woken with.
   */
  wake(kernel: Kernel, co: Coroutine, outcome: WakeOutcome): void {
    if (co.waker.status !== WakerStatus.WAITING) return;
    if ('error' in outcome) co.waker.resumeWithError(outcome.error);
    else co.waker.setResult(outcome.value);
    co.waker.status = WakerStatus.QUEUED;
    kernel.seams.releaseSubscriptionsOnWake(kernel, co);
    kernel.queue.push(co);
  },

  /**
   * Drop every subscription of a coroutine that was just woken (WAK-2).
   *
   * @param kernel - the kernel.
   * @param co - the woken coroutine.
   */
  releaseSubscriptionsOnWake(kernel: Kernel, co: Coroutine): void {
    co.waker.unsubscribeAll();
  },

  /**
   * The cancel algorithm (trace-semantics §6.4; digest §6.2).
   *
   * @remarks Steps: (1) finished → nothing; (2) the acting coroutine, not
   * `WAITING` → the `cancelSelf` seam; (3) `PROTECTED` → the `deferCancellation` seam;
   * (4) set `CANCELLED`; (5) not started → the `cancelNotStarted` seam;
   * (6) safe mode → {@link CoroutineHome.markZombie}; (7) apply the cancellation and wake it.
   * Each decision is a seam for mutants.
   * @param kernel - the kernel.
   * @param target - the coroutine to cancel.
   * @param cancellation - the `AsyncCancellation` to deliver.
   * @param safe - safe mode of a scope cascade (SCP-6). @defaultValue `false`
   */
  cancelCoroutine(kernel: Kernel, target: Coroutine, cancellation: ErrorValue, safe = false): void {
    if (target.finished) {
      kernel.seams.cancelFinished(kernel, target, cancellation);
      return;
    }
    if (target === kernel.current && target.waker.status !== WakerStatus.WAITING) {
      kernel.seams.cancelSelf(kernel, target, cancellation);
      return;
    }
    if (kernel.seams.defersCancellation(kernel, target)) {
      kernel.seams.deferCancellation(kernel, target, cancellation);
      return;
    }
    target.cancelled = true;
    if (!target.started) {
      kernel.seams.cancelNotStarted(kernel, target, cancellation);
      return;
    }
    if (kernel.seams.zombifiesInsteadOfCancelling(kernel, target, safe)) {
      kernel.home.markZombie(target);
      return;
    }
    kernel.seams.applyCancellation(kernel, target, cancellation);
    kernel.seams.requeueCancelled(kernel, target);
  },

  /**
   * Step 2 of the cancel algorithm: the acting coroutine cancels itself (or
   * its own scope): it is only marked and keeps running; the first stored
   * exception becomes its outcome when it finishes (CAN-3, SCP-20).
   *
   * @param kernel - the kernel.
   * @param target - the acting coroutine.
   * @param cancellation - the cancellation.
   */
  cancelSelf(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
    target.cancelled = true;
    target.storedException ??= cancellation;
  },

  /**
   * Step 3 of the cancel algorithm: whether the cancellation is deferred because the target is `PROTECTED` (CAN-5).
   *
   * @param kernel - the kernel.
   * @param target - an unfinished coroutine other than the acting one.
   * @returns true while it runs a `protect` body.
   */
  defersCancellation(kernel: Kernel, target: Coroutine): boolean {
    return target.protectedFlag;
  },

  /**
   * Keep a cancellation for delivery at the exit of the `protect` block: the
   * first deferred one wins, later ones are dropped (CAN-5).
   *
   * @param kernel - the kernel.
   * @param target - the protected coroutine.
   * @param cancellation - the cancellation.
   */
  deferCancellation(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
    target.deferredCancellation ??= cancellation;
  },

  /**
   * Step 5 of the cancel algorithm: a coroutine that never ran becomes
   * `IGNORED`, is queued if it is not, and gets the cancellation (first wins);
   * its body never runs, in safe mode too (CAN-2, SCP-5).
   *
   * @param kernel - the kernel.
   * @param target - the not-started coroutine (already `CANCELLED`).
   * @param cancellation - the cancellation.
   */
  cancelNotStarted(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
    if (!target.waker.inQueue) kernel.queue.push(target);
    target.waker.status = WakerStatus.IGNORED;
    kernel.seams.applyCancellation(kernel, target, cancellation);
  },

  /**
   * Step 6 of the cancel algorithm: whether a started coroutine becomes a
   * zombie instead of being cancelled (safe mode, SCP-6).
   *
   * @param kernel - the kernel.
   * @param target - a started, unprotected coroutine (already `CANCELLED`).
   * @param safe - the cascade's mode.
   * @returns true in safe mode.
   */
  zombifiesInsteadOfCancelling(kernel: Kernel, target: Coroutine, safe: boolean): boolean {
    void target;
    return safe;
  },

  /**
   * Entering a `protect` block: set `PROTECTED` (a boolean, CAN-6).
   *
   * @param kernel - the kernel.
   * @param co - the acting coroutine.
   */
  enterProtect(kernel: Kernel, co: Coroutine): void {
    co.protectedFlag = true;
  },

  /**
   * Leaving a `protect` block: clear `PROTECTED` (so leaving a nested block
   * unprotects the outer one, CAN-6); a pending deferred cancellation is
   * cleared, the coroutine marked `CANCELLED`, and the cancellation thrown
   * from the block, with an error in flight appended at the end of its
   * `previous` chain (a value or a `return` in flight is lost) (CAN-5).
   *
   * @param kernel - the kernel.
   * @param co - the acting coroutine.
   * @param inFlight - the error leaving the block, if any.
   * @returns the error to throw instead of what was in flight, or `undefined`.
   */
  exitProtect(kernel: Kernel, co: Coroutine, inFlight: ErrorValue | undefined): ErrorValue | undefined {
    co.protectedFlag = false;
    const deferred = co.deferredCancellation;
    if (deferred === undefined) return undefined;
    co.deferredCancellation = undefined;
    co.cancelled = true;
    return inFlight === undefined ? deferred : appendPrevious(deferred, inFlight);
  },

  /**
   * Cancel of a finished coroutine: nothing changes (COR-3).
   *
   * @param kernel - the kernel.
   * @param target - the finished coroutine.
   * @param cancellation - the ignored cancellation.
   */
  cancelFinished(kernel: Kernel, target: Coroutine, cancellation: ErrorValue): void {
    void target;
    void cancellation;
  },

  /**
   * Apply a cancellation to a coroutine's pending error (first cancellation wins, WAK-5).
   *
   * @param kernel - the kernel.
   * @param co - the cancelled coroutine.
   * @param cancellation - the cancellation.
   */
  applyCancellation(kernel: Kernel, co: Coroutine, cancellation: ErrorValue): void {
    co.waker.applyCancellation(cancellation);
  },

  /**
   * Queue a cancelled, suspended coroutine: a `WAITING` one loses its
   * subscriptions and goes to the tail; a `QUEUED` one keeps its place (WAK-1).
   *
   * @param kernel - the kernel.
   * @param co - the cancelled coroutine.
   */
  requeueCancelled(kernel: Kernel, co: Coroutine): void {
    if (co.waker.status !== WakerStatus.WAITING) return;
    co.waker.unsubscribeAll();
    co.waker.status = WakerStatus.QUEUED;
    kernel.queue.push(co);
  },

  /**
   * The outcome of a finishing coroutine given its stored exception (COR-4, CAN-3).
   *
   * @param kernel - the kernel.
   * @param co - the finishing coroutine.
   * @param raw - return value or escaping error of its body.
   * @returns the final outcome.
   */
  finalOutcome(kernel: Kernel, co: Coroutine, raw: Outcome): Outcome {
    const stored = co.storedException;
    if (stored === undefined) return raw;
    if (raw.kind === 'value' || isCancellation(raw.error)) return { kind: 'error', error: stored };
    return { kind: 'error', error: appendPrevious(raw.error, stored) };
  },

  /**
   * Whether an error escaping `co` ends the run: main's non-cancellation error (COR-8, SCH-13).
   *
   * @param kernel - the kernel.
   * @param co - the finished coroutine.
   * @param error - its outcome error.
   * @returns true when it becomes the exit exception and starts shutdown.
   */
  escalates(kernel: Kernel, co: Coroutine, error: ErrorValue): boolean {
    return co.isMain && !isCancellation(error);
  },

  /**
   * Finalize (COR-5; trace-semantics §3.5 steps 1–5 and §6.5): close,
   * report, notify awaiters (which marks an error consumed by an awaiter as
   * handled), schedule `finally` handlers, unregister, then the scope steps
   * ({@link CoroutineHome.leaveScope}).
   *
   * @remarks Unregistering before the scope steps is not observable: nothing
   * in them reads the registry.
   * @param kernel - the kernel.
   * @param co - the finishing coroutine.
   * @param outcome - its final outcome.
   */
  completeCoroutine(kernel: Kernel, co: Coroutine, outcome: Outcome): void {
    co.closed = true;
    co.outcome = outcome;
    co.waker.unsubscribeAll();
    co.waker.clear();
    kernel.seams.emitFinished(kernel, co, outcome);
    if (outcome.kind === 'value') co.notify(outcome.value, undefined);
    else co.notify(null, outcome.error);
    kernel.seams.scheduleFinally(kernel, co);
    kernel.registry.delete(co);
    kernel.home.leaveScope(co, outcome);
  },

  /**
   * Emit `completed` or `failed` by the coroutine.
   *
   * @param kernel - the kernel.
   * @param co - the finishing coroutine.
   * @param outcome - its final outcome.
   */
  emitFinished(kernel: Kernel, co: Coroutine, outcome: Outcome): void {
    if (outcome.kind === 'value') kernel.emit(co.id, { kind: 'completed', value: outcome.value });
    else kernel.emit(co.id, { kind: 'failed', error: outcome.error });
  },

  /**
   * Push the finally-handler iterator of `co` at the head of the queue, if it
   * has handlers (COR-7), in a new child scope `finally:<id>` of `co`'s scope
   * where it counts as active until it has run (`async_call_finally_handlers`).
   *
   * @param kernel - the kernel.
   * @param co - the finished coroutine (still in its scope).
   */
  scheduleFinally(kernel: Kernel, co: Coroutine): void {
    if (co.finallyHandlers.length === 0) return;
    const handlers = co.finallyHandlers.splice(0);
    const parent = co.scope as Scope | undefined;
    const scope = parent === undefined ? undefined : new Scope(`finally:${co.id}`, parent, parent.safe);
    if (scope !== undefined) scope.active = 1;
    kernel.queue.pushFront(new FinallyIterator(co, handlers, scope));
  },

  /**
   * The order finally handlers run in: registration order (COR-7).
   *
   * @param kernel - the kernel.
   * @param handlers - handler ids in registration order.
   * @returns the handlers in run order.
   */
  finallyOrder(kernel: Kernel, handlers: readonly string[]): readonly string[] {
    return handlers;
  },

  /**
   * Finish a coroutine cancelled before it started, without running it.
   *
   * @param kernel - the kernel.
   * @param co - an `IGNORED` coroutine.
   */
  finishIgnored(kernel: Kernel, co: Coroutine): void {
    const error = co.waker.error ?? makeError('Async\\AsyncCancellation', MESSAGES.coroutineCancelled);
    kernel.seams.completeCoroutine(kernel, co, { kind: 'error', error });
  },

  /**
   * Cancel one registered coroutine for graceful shutdown (SCH-9).
   *
   * @param kernel - the kernel.
   * @param co - a registered coroutine.
   * @param cancellation - the shared shutdown cancellation.
   */
  shutdownCancel(kernel: Kernel, co: Coroutine, cancellation: ErrorValue): void {
    kernel.systemCancel(co, cancellation);
  },

  /**
   * Answer a coroutine method (digest §3.4, the C formulas; COR-6, CAN-8).
   *
   * @remarks `isCancellationRequested` is `(CANCELLED ∧ ¬finished) ∨ deferred
   * cancellation pending` (digest §3.4, CAN-5, CAN-8).
   *
   * @param kernel - the kernel.
   * @param co - the queried coroutine.
   * @param what - the method.
   * @returns its answer.
   */
  queryValue(kernel: Kernel, co: Coroutine, what: CoroutineQuery): Value | ErrorValue {
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
  },

  /**
   * `await` (trace-semantics §3.1; SCH-5, EVT-12, EVT-13, CAN-9, WAK-8).
   *
   * @param kernel - the kernel.
   * @param co - the awaiting coroutine.
   * @param instruction - the instruction.
   */
  *awaitInstruction(kernel: Kernel, co: Coroutine, instruction: AwaitInstruction): Generator<void, void, void> {
    const target = instruction.target;
    const event: AsyncEvent | undefined =
      'coroutine' in target
        ? kernel.coroutineRef(co, target.coroutine)
        : 'future' in target
          ? kernel.eventRef(target.future, 'future')
          : 'trigger' in target
            ? kernel.eventRef(target.trigger, 'trigger')
            : undefined;
    const token = instruction.cancellation === undefined ? undefined : kernel.tokenRef(co, instruction.cancellation);
    if (event !== undefined && event.closed && event.replayable) {
      yield* kernel.seams.awaitFinished(kernel, co, event);
      return;
    }
    if (event !== undefined && event.closed && kernel.seams.refusesLateSubscriber(kernel, event)) {
      kernel.emit(co.id, { kind: 'warning', message: MESSAGES.closedNotReplayable });
      kernel.emit(co.id, { kind: 'awaited', value: null });
      return;
    }
    if (token !== undefined && token.closed) {
      const previous = token.replay();
      throw new ScenarioThrow(kernel.seams.tokenError(kernel, previous?.kind === 'error' ? previous.error : undefined));
    }
    if (event !== undefined) co.waker.subscribe(event, new WakerSubscription(co, 'resolve', kernel));
    else kernel.subscribeTimer(co, 'timer' in target ? target.timer : 0, 'resolve');
    if (token !== undefined) co.waker.subscribe(token, new WakerSubscription(co, 'cancel', kernel));
    if (instruction.timeoutMs !== undefined) kernel.subscribeTimer(co, instruction.timeoutMs, 'timeout');
    kernel.emit(co.id, { kind: 'suspended', on: event === undefined ? 'timer' : `${event.type}:${event.name}` });
    co.waker.status = WakerStatus.WAITING;
    yield;
    const value = kernel.takeResumption(co);
    kernel.emit(co.id, { kind: 'awaited', value });
  },

  /**
   * Await an already finished coroutine or settled future: no suspension (SCH-5, EVT-12).
   *
   * @param kernel - the kernel.
   * @param co - the awaiting coroutine.
   * @param event - the closed, replayable target.
   */
  *awaitFinished(kernel: Kernel, co: Coroutine, event: AsyncEvent): Generator<void, void, void> {
    const outcome = kernel.seams.replayOutcome(kernel, event);
    if (outcome.kind === 'error') {
      if (event instanceof Coroutine) kernel.recordHandled(event);
      throw new ScenarioThrow(outcome.error);
    }
    kernel.emit(co.id, { kind: 'awaited', value: outcome.value });
  },

  /**
   * The stored outcome a late awaiter of a closed replayable event gets (EVT-12).
   *
   * @param kernel - the kernel.
   * @param event - a finished coroutine or settled future.
   * @returns its outcome.
   */
  replayOutcome(kernel: Kernel, event: AsyncEvent): Outcome {
    return event.replay() ?? { kind: 'value', value: null };
  },

  /**
   * Whether awaiting this closed event warns and returns `null` instead of
   * suspending: it cannot be replayed (EVT-13).
   *
   * @param kernel - the kernel.
   * @param event - a closed event.
   * @returns true for a closed trigger.
   */
  refusesLateSubscriber(kernel: Kernel, event: AsyncEvent): boolean {
    return event.closed && !event.replayable;
  },

  /**
   * @inheritDoc
   *
   * @param kernel - the kernel.
   */
  onSubscriptionFired(kernel: Kernel, subscription: WakerSubscription, value: Value, error: ErrorValue | undefined, event: AsyncEvent): void {
    const co = subscription.coroutine;
    if (subscription.role === 'resolve' && error !== undefined && event instanceof Coroutine && co.waker.status === WakerStatus.WAITING) {
      kernel.recordHandled(event);
    }
    let outcome: WakeOutcome;
    if (subscription.role === 'resolve') outcome = error === undefined ? { value } : { error };
    else if (subscription.role === 'cancel') outcome = { error: kernel.seams.tokenError(kernel, error) };
    else outcome = { error: kernel.seams.timeoutError(kernel, subscription.timeoutMs) };
    kernel.seams.wake(kernel, co, outcome);
  },

  /**
   * The error of a fired cancellation token (CAN-9).
   *
   * @param kernel - the kernel.
   * @param previous - the token's own error, if it failed.
   * @returns `OperationCanceledException("Operation has been cancelled")`.
   */
  tokenError(kernel: Kernel, previous: ErrorValue | undefined): ErrorValue {
    return makeError('Async\\OperationCanceledException', MESSAGES.operationCancelled, previous);
  },

  /**
   * The error of a fired `timeoutMs` timer (WAK-8, CAN-9).
   *
   * @param kernel - the kernel.
   * @param timeoutMs - the await's timeout.
   * @returns `OperationCanceledException` with `previous` = `TimeoutException`.
   */
  timeoutError(kernel: Kernel, timeoutMs: number): ErrorValue {
    return kernel.seams.tokenError(kernel, makeError('Async\\TimeoutException', `Timeout occurred after ${timeoutMs} milliseconds`));
  },
};

/** The type of the kernel's seam record ({@link kernelSeams}). */
export type KernelSeams = typeof kernelSeams;
