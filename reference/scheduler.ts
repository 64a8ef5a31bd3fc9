/**
 * The run queue and the scheduler loop of the reference runtime.
 *
 * @remarks
 * The run queue is a circular buffer with power-of-two capacity that grows
 * when full; `push` appends at the tail, `pushFront` inserts at the head,
 * `pop` takes the head (SCH-1, SCH-2). The loop (trace-semantics §4) runs
 * the head of the queue, else fires the earliest timers, else resolves a
 * deadlock, else ends the run with `exit`. {@link Scheduler} is the bottom
 * layer of the runtime: it owns the clock, the queue, the registry and the
 * trace; the layers above implement coroutine lifecycle and instructions.
 *
 * @see https://true-async.github.io/en/architecture/scheduler.html
 * @module
 */
import type { ErrorValue, Trace } from '../conformance/adapter.js';
import { VirtualClock } from './clock.js';
import { Coroutine, FinallyIterator, type Runnable, type TraceData } from './coroutine.js';
import { makeError, MESSAGES } from './errors.js';
import { WakerStatus } from './waker.js';

/**
 * A FIFO of runnables as a growable circular buffer (SCH-1).
 *
 * @typeParam T - the item type.
 */
export class RunQueue<T> {
  /** Storage; its length is always a power of two. */
  protected buffer: Array<T | undefined> = new Array<T | undefined>(8);
  /** Index of the head. */
  protected head = 0;
  /** Number of items. */
  protected size = 0;

  /** Number of queued items. */
  get length(): number {
    return this.size;
  }

  /** Whether the queue is empty. */
  isEmpty(): boolean {
    return this.size === 0;
  }

  /**
   * Append at the tail.
   *
   * @param item - the item.
   */
  push(item: T): void {
    if (this.size === this.buffer.length) this.grow();
    this.buffer[(this.head + this.size) & (this.buffer.length - 1)] = item;
    this.size++;
  }

  /**
   * Insert at the head (high priority, SCH-2).
   *
   * @param item - the item.
   */
  pushFront(item: T): void {
    if (this.size === this.buffer.length) this.grow();
    this.head = (this.head - 1) & (this.buffer.length - 1);
    this.buffer[this.head] = item;
    this.size++;
  }

  /** Take the head, or `undefined` when empty. */
  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.buffer[this.head];
    this.buffer[this.head] = undefined;
    this.head = (this.head + 1) & (this.buffer.length - 1);
    this.size--;
    return item;
  }

  /** Take the tail, or `undefined` when empty. */
  popBack(): T | undefined {
    if (this.size === 0) return undefined;
    const index = (this.head + this.size - 1) & (this.buffer.length - 1);
    const item = this.buffer[index];
    this.buffer[index] = undefined;
    this.size--;
    return item;
  }

  /** The items, head first. */
  toArray(): T[] {
    const items: T[] = [];
    for (let i = 0; i < this.size; i++) items.push(this.buffer[(this.head + i) & (this.buffer.length - 1)] as T);
    return items;
  }

  /** Double the capacity, unwrapping the ring. */
  protected grow(): void {
    const items = this.toArray();
    this.buffer = new Array<T | undefined>(this.buffer.length * 2);
    items.forEach((item, i) => (this.buffer[i] = item));
    this.head = 0;
  }
}

/** Default runaway limit: instruction executions plus loop iterations per run. */
export const DEFAULT_MAX_STEPS = 1_000_000;

/**
 * The scheduler layer: clock, run queue, registry, trace and the loop.
 *
 * @remarks Requirements: SCH-1, SCH-2, SCH-8, SCH-10, SCH-12.
 */
export abstract class Scheduler {
  /** Virtual time and timers. */
  protected readonly clock: VirtualClock = this.createClock();
  /** The run queue. */
  protected readonly queue: RunQueue<Runnable> = this.createRunQueue();
  /** Registered, unfinished coroutines in registration order. */
  protected readonly registry = new Set<Coroutine>();
  /** The trace recorded so far. */
  protected readonly trace: Trace = [];
  /** What is running now (`undefined`: the scheduler itself). */
  protected current: Runnable | undefined;
  /** The exception chain that ends the run (deadlock, main's error). */
  protected exitException: ErrorValue | undefined;
  /** Runaway guard: steps taken. */
  protected steps = 0;
  /** Runaway guard: the limit. */
  protected maxSteps = DEFAULT_MAX_STEPS;

  /** Factory of the clock (a seam for tests). */
  protected createClock(): VirtualClock {
    return new VirtualClock();
  }

  /** Factory of the run queue (a seam for mutants). */
  protected createRunQueue(): RunQueue<Runnable> {
    return new RunQueue<Runnable>();
  }

  /**
   * Record a trace event at the current virtual time.
   *
   * @param actor - coroutine id, `scheduler` or `finally:<id>`.
   * @param data - the event.
   */
  emit(actor: string, data: TraceData): void {
    this.trace.push({ t: this.clock.now, actor, ...data } as Trace[number]);
  }

  /** Count one step; throws once the runaway limit is passed. */
  countStep(): void {
    if (++this.steps > this.maxSteps) {
      throw new Error(`reference runtime: runaway scenario, more than ${this.maxSteps} steps`);
    }
  }

  /** The scheduler loop (trace-semantics §4); ends with `exit`. */
  protected runLoop(): void {
    for (;;) {
      this.countStep();
      if (this.isRunOver()) break;
      const next = this.queue.pop();
      if (next !== undefined) {
        this.dispatch(next);
        continue;
      }
      if (this.fireTimers()) continue;
      if (this.resolveDeadlock()) continue;
      break;
    }
    this.emit('scheduler', this.exitException === undefined ? { kind: 'exit' } : { kind: 'exit', error: this.exitException });
  }

  /** Whether the run ends now regardless of queue, timers and registry (never: SCH-10, SCH-12). */
  protected isRunOver(): boolean {
    return false;
  }

  /**
   * Run what was popped off the queue.
   *
   * @param next - the head of the queue.
   */
  protected dispatch(next: Runnable): void {
    if (next instanceof FinallyIterator) this.runFinallyIterator(next);
    else if (next.finished) return;
    else if (next.waker.status === WakerStatus.IGNORED) this.finishIgnored(next);
    else this.runSlice(next);
  }

  /** Advance the clock and fire the due timers (§4 step 2); false when none is armed. */
  protected fireTimers(): boolean {
    const due = this.clock.advance();
    for (const timer of due) {
      timer.closed = true;
      timer.notify(null, undefined);
    }
    return due.length > 0;
  }

  /** Deadlock resolution (SCH-8); false when no coroutine is registered. */
  protected resolveDeadlock(): boolean {
    const waiting = this.registry.size;
    if (waiting === 0) return false;
    this.emit('scheduler', { kind: 'deadlock', waiting });
    this.exitException = makeError(
      'Async\\DeadlockError',
      `Deadlock detected: no active coroutines, ${waiting} coroutines in waiting`,
      this.exitException,
    );
    const cancellation = makeError('Async\\AsyncCancellation', MESSAGES.deadlockCancellation);
    for (const co of [...this.registry]) this.systemCancel(co, cancellation);
    return true;
  }

  /**
   * The cancel algorithm (trace-semantics §6.4, which replaces §3.2).
   *
   * @param target - the coroutine to cancel.
   * @param cancellation - the `AsyncCancellation` to deliver.
   * @param safe - safe mode of a scope cascade: a started coroutine becomes a zombie instead (SCP-6). @defaultValue `false`
   */
  protected abstract cancelCoroutine(target: Coroutine, cancellation: ErrorValue, safe?: boolean): void;

  /**
   * A system cancellation (deadlock resolution, graceful shutdown) of one coroutine, which bypasses `protect` (CAN-11).
   *
   * @param target - a registered coroutine.
   * @param cancellation - the shared system cancellation.
   */
  protected abstract systemCancel(target: Coroutine, cancellation: ErrorValue): void;

  /**
   * Start or continue a coroutine until it suspends or finishes.
   *
   * @param co - the coroutine popped off the queue.
   */
  protected abstract runSlice(co: Coroutine): void;

  /**
   * Finish a coroutine cancelled before it started, without running it.
   *
   * @param co - an `IGNORED` coroutine.
   */
  protected abstract finishIgnored(co: Coroutine): void;

  /**
   * Run a finally-handler iterator.
   *
   * @param iterator - the iterator popped off the queue.
   */
  protected abstract runFinallyIterator(iterator: FinallyIterator): void;
}
