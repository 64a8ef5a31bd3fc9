/**
 * Virtual time: a clock and a binary heap of one-shot timers.
 *
 * @remarks
 * Time is virtual milliseconds starting at 0 and only moves when the
 * scheduler has nothing runnable (trace-semantics §4). Timers are ordered by
 * `(due, seq)` where `seq` is a creation counter, so timers due at the same
 * moment fire in creation order. A disarmed timer stays in the heap and is
 * skipped when it reaches the top (lazy deletion); `armedCount` counts only
 * armed ones, because only armed timers keep the loop alive.
 *
 * A *hidden* timer (EVT-4; the pool's healthcheck timer, trace-semantics
 * §7.1) sits in the same heap but is not counted in `armedCount`: it fires
 * in `(due, seq)` order with the others while at least one visible timer is
 * armed, and never keeps the loop alive on its own.
 *
 * @see https://true-async.github.io/en/docs/reference/delay.html
 * @module
 */
import { AsyncEvent } from './event.js';

/**
 * A one-shot timer event. Firing closes it, then notifies its callbacks with
 * `null` (EVT-15).
 */
export class Timer extends AsyncEvent {
  /** Whether it is still armed in the clock. */
  armed = true;

  /**
   * @param due - virtual time it fires at (ms).
   * @param seq - creation counter, breaks ties between equal `due`.
   * @param hidden - a hidden timer does not keep the loop alive (EVT-4).
   */
  constructor(
    readonly due: number,
    readonly seq: number,
    readonly hidden = false,
  ) {
    super('timer', `timer#${seq}`);
  }
}

/** The virtual clock and its timer heap. */
export class VirtualClock {
  /** Current virtual time (ms). */
  now = 0;
  /** Min-heap on `(due, seq)`. */
  protected heap: Timer[] = [];
  /** Next timer sequence number. */
  protected seq = 0;
  /** Number of armed visible (not hidden) timers. */
  protected armedCount = 0;

  /** Whether any visible timer is armed (hidden ones do not count, EVT-4). */
  get hasArmedTimers(): boolean {
    return this.armedCount > 0;
  }

  /**
   * Arm a fresh timer due `now + ms`.
   *
   * @param ms - delay in virtual milliseconds (≥ 0).
   * @param hidden - whether it is hidden (does not keep the loop alive). @defaultValue false
   * @returns the armed timer.
   */
  arm(ms: number, hidden = false): Timer {
    const timer = new Timer(this.now + ms, this.seq++, hidden);
    this.heap.push(timer);
    this.siftUp(this.heap.length - 1);
    if (!hidden) this.armedCount++;
    return timer;
  }

  /**
   * Disarm a timer (no-op when already fired or disarmed).
   *
   * @param timer - the timer.
   */
  disarm(timer: Timer): void {
    if (!timer.armed) return;
    timer.armed = false;
    if (!timer.hidden) this.armedCount--;
  }

  /**
   * Advance to the earliest armed due time and take every armed timer due then,
   * hidden ones included, in `(due, seq)` order. Each returned timer is
   * already disarmed. With only hidden timers armed, nothing moves.
   *
   * @returns the timers to fire (empty when no visible timer is armed).
   */
  advance(): Timer[] {
    if (this.armedCount === 0) return [];
    this.dropDisarmed();
    const first = this.heap[0];
    if (first === undefined) return [];
    this.now = Math.max(this.now, first.due);
    const due: Timer[] = [];
    for (;;) {
      this.dropDisarmed();
      const top = this.heap[0];
      if (top === undefined || top.due > this.now) break;
      this.popTop();
      this.disarm(top);
      due.push(top);
    }
    return due;
  }

  /** Pop disarmed timers off the top of the heap. */
  protected dropDisarmed(): void {
    while (this.heap.length > 0 && !this.heap[0]!.armed) this.popTop();
  }

  /** Remove the top of the heap. */
  protected popTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  /** Whether timer `a` fires before timer `b`. */
  protected before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  /** Restore the heap upwards from `i`. */
  protected siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.heap[i]!, this.heap[parent]!)) return;
      [this.heap[i], this.heap[parent]] = [this.heap[parent]!, this.heap[i]!];
      i = parent;
    }
  }

  /** Restore the heap downwards from `i`. */
  protected siftDown(i: number): void {
    const n = this.heap.length;
    for (;;) {
      let least = i;
      const l = 2 * i + 1;
      const r = l + 1;
      if (l < n && this.before(this.heap[l]!, this.heap[least]!)) least = l;
      if (r < n && this.before(this.heap[r]!, this.heap[least]!)) least = r;
      if (least === i) return;
      [this.heap[i], this.heap[least]] = [this.heap[least]!, this.heap[i]!];
      i = least;
    }
  }
}
