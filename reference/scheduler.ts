/**
 * The run queue of the reference runtime.
 *
 * @remarks
 * The run queue is a circular buffer with power-of-two capacity that grows
 * when full; `push` appends at the tail, `pushFront` inserts at the head,
 * `pop` takes the head (SCH-1, SCH-2). The loop that drains it is the
 * kernel's (`reference/kernel.ts`).
 *
 * @see https://true-async.github.io/en/architecture/scheduler.html
 * @module
 */

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
