/**
 * The event base of the reference runtime: a callback vector with a safe
 * notify pass.
 *
 * @remarks
 * Every awaitable thing (trigger, future, coroutine, timer, scope) is an
 * {@link AsyncEvent}. Its callback vector holds user callbacks and waker
 * subscriptions in subscription order. A notify pass walks the vector by
 * index, re-reading its length (EVT-7); removal during a pass leaves a
 * tombstone that the pass skips, and the vector is compacted when the
 * outermost pass ends (the intended guarantee of EVT-6, not the C
 * swap-with-last defect). A nested pass on the same event is refused (EVT-8)
 * and a callback that leaves an exception pending stops the pass (EVT-9).
 *
 * @see https://true-async.github.io/en/architecture/events.html
 * @module
 */
import type { ErrorValue, Value } from '../conformance/adapter.js';

/** A success outcome. */
export interface ValueOutcome {
  /** Discriminant. */
  kind: 'value';
  /** The result. */
  value: Value;
}

/** A failure outcome. */
export interface ErrorOutcome {
  /** Discriminant. */
  kind: 'error';
  /** The error. */
  error: ErrorValue;
}

/** The outcome an event carries: a value or an error. */
export type Outcome = ValueOutcome | ErrorOutcome;

/** What kind of event an {@link AsyncEvent} is (`scope`: the waiter vector of a scope). */
export type EventType = 'trigger' | 'future' | 'coroutine' | 'timer' | 'scope';

/**
 * One entry of a callback vector.
 *
 * @remarks `refCount` counts the vectors holding the callback (EVT-5).
 */
export interface EventCallback {
  /** How many vectors hold this callback. */
  refCount: number;
  /**
   * Called by a notify pass.
   *
   * @param event - the notifying event.
   * @param value - the notified value (`null` with an error).
   * @param error - the notified error, if any.
   * @returns an exception the callback leaves pending (stops the pass, EVT-9), or `undefined`.
   */
  invoke(event: AsyncEvent, value: Value, error: ErrorValue | undefined): ErrorValue | undefined;
}

/** A nested pass that was refused (EVT-8). */
export interface NotifyRefused {
  /** Discriminant. */
  kind: 'refused';
}

/** A pass that ran. */
export interface NotifyDone {
  /** Discriminant. */
  kind: 'notified';
  /** The exception a callback left pending, if any (EVT-9). */
  error?: ErrorValue;
}

/** What a call to {@link AsyncEvent.notify} did. */
export type NotifyResult = NotifyRefused | NotifyDone;

/**
 * An event with a callback vector.
 *
 * @remarks `closed` is terminal (EVT-11). `refCount` is the ownership count:
 * a pass holds a temporary reference so the event outlives it (EVT-10).
 * Requirements: EVT-5..EVT-11.
 */
export class AsyncEvent {
  /** Whether the event is closed (finished coroutine, settled future, closed trigger, fired timer). */
  closed = false;
  /** Ownership count (EVT-1, EVT-10). */
  refCount = 1;
  /** The callback vector; `undefined` marks an entry removed during a pass. */
  protected entries: Array<EventCallback | undefined> = [];
  /** How many passes over this vector are running (more than one only when nesting is allowed). */
  protected passDepth = 0;
  /** Index of the next entry the running pass visits. */
  protected iterator = 0;
  /** Whether a pass left tombstones to compact. */
  protected hasTombstones = false;
  /** How many tombstones a removal outside a pass left (compacted once they are half the vector). */
  protected idleTombstones = 0;
  /** Where each callback sits in `entries` (a hint, checked before use: O(1) removal). */
  protected positions = new Map<EventCallback, number>();

  /**
   * @param type - trigger, future, coroutine or timer.
   * @param name - the id used in trace events.
   */
  constructor(
    readonly type: EventType,
    readonly name: string,
  ) {}

  /** Whether a late subscriber gets the stored outcome (futures and coroutines, EVT-12). */
  get replayable(): boolean {
    return this.type === 'future' || this.type === 'coroutine';
  }

  /** The stored outcome of a closed replayable event, else `undefined` (EVT-12). */
  replay(): Outcome | undefined {
    return undefined;
  }

  /** Whether a notify pass over this event is running. */
  get isNotifying(): boolean {
    return this.passDepth > 0;
  }

  /** The live callbacks, in vector order. */
  callbacks(): EventCallback[] {
    return this.entries.filter((e): e is EventCallback => e !== undefined);
  }

  /**
   * Append a callback to the vector (visited by a running pass too, EVT-7).
   *
   * @param callback - the callback.
   */
  addCallback(callback: EventCallback): void {
    callback.refCount++;
    if (!this.positions.has(callback)) this.positions.set(callback, this.entries.length);
    this.entries.push(callback);
  }

  /**
   * Remove a callback.
   *
   * @param callback - the callback to remove.
   * @returns whether it was in the vector.
   */
  removeCallback(callback: EventCallback): boolean {
    const index = this.indexOf(callback);
    if (index < 0) return false;
    this.positions.delete(callback);
    if (this.passDepth > 0) this.removeDuringPass(index);
    else this.removeOutsidePass(index);
    callback.refCount--;
    return true;
  }

  /**
   * Where `callback` sits in the vector: its recorded position when that
   * still holds it (O(1)), else a scan (a callback held twice, or moved by an
   * overridden {@link removeDuringPass}).
   *
   * @param callback - the callback.
   * @returns its first index, or -1.
   */
  protected indexOf(callback: EventCallback): number {
    const hint = this.positions.get(callback);
    if (hint !== undefined && this.entries[hint] === callback) return hint;
    const index = this.entries.indexOf(callback);
    if (index >= 0) this.positions.set(callback, index);
    return index;
  }

  /**
   * Remove the entry at `index` when no pass runs: a tombstone too, the
   * vector compacted once tombstones are half of it (amortised O(1); the
   * order of the others is kept).
   *
   * @param index - position of the removed entry.
   */
  protected removeOutsidePass(index: number): void {
    this.entries[index] = undefined;
    this.idleTombstones++;
    this.hasTombstones = true;
    if (2 * this.idleTombstones >= this.entries.length) this.compact();
  }

  /**
   * Run a notify pass (EVT-6..EVT-9).
   *
   * @param value - the notified value.
   * @param error - the notified error, if any.
   * @returns `refused` for a nested pass (the caller warns), else the exception a callback left pending.
   */
  notify(value: Value, error: ErrorValue | undefined): NotifyResult {
    if (this.passDepth > 0 && !this.allowNestedPass()) return { kind: 'refused' };
    if (this.passDepth === 0) this.compact();
    this.refCount++;
    this.passDepth++;
    const outer = this.iterator;
    let pending: ErrorValue | undefined;
    try {
      for (this.iterator = 0; this.iterator < this.entries.length; ) {
        const callback = this.entries[this.iterator++];
        if (callback === undefined) continue;
        const thrown = callback.invoke(this, value, error);
        if (thrown !== undefined) {
          pending ??= thrown;
          if (this.stopsOnException()) break;
        }
      }
    } finally {
      this.iterator = outer;
      this.passDepth--;
      if (this.passDepth === 0) this.compact();
      this.refCount--;
    }
    return pending === undefined ? { kind: 'notified' } : { kind: 'notified', error: pending };
  }

  /**
   * Remove the entry at `index` while a pass runs: leave a tombstone (EVT-6).
   *
   * @param index - position of the removed entry.
   */
  protected removeDuringPass(index: number): void {
    this.entries[index] = undefined;
    this.hasTombstones = true;
  }

  /** Whether a nested pass on this event may run (never: EVT-8). */
  protected allowNestedPass(): boolean {
    return false;
  }

  /** Whether a callback's pending exception ends the pass (always: EVT-9). */
  protected stopsOnException(): boolean {
    return true;
  }

  /** Drop the tombstones once no pass runs. */
  protected compact(): void {
    if (!this.hasTombstones) return;
    this.entries = this.entries.filter((e) => e !== undefined);
    this.hasTombstones = false;
    this.idleTombstones = 0;
    this.positions.clear();
    this.entries.forEach((e, i) => {
      if (!this.positions.has(e!)) this.positions.set(e!, i);
    });
  }
}

/**
 * A trigger (multi-shot, not replayable) or a future (one-shot, replayable).
 *
 * @remarks A future's outcome is stored when it settles (EVT-12).
 */
export class ScenarioEvent extends AsyncEvent {
  /** The settled outcome of a future. */
  outcome: Outcome | undefined;

  /** @inheritDoc */
  override replay(): Outcome | undefined {
    return this.type === 'future' && this.closed ? this.outcome : undefined;
  }
}
