/**
 * `coroutine_queue`: a growable circular buffer, as `circular_buffer_t` in
 * php-async (`circular_buffer_push`, `circular_buffer_push_front`,
 * `circular_buffer_pop`). Pushes at either end and pops from the head are
 * O(1); entries carry a monotonic push number so the invariants can check
 * FIFO order (SCH-1) and priority (SCH-2) without renumbering on every
 * operation — the canonical form (`toJSON`, ranks instead of push numbers)
 * is computed only when a state is serialised.
 *
 * The one queue of the spec: the scheduler machine's state holds one (copied
 * on write, {@link RunQueue.clone}) and the system model's state another
 * (mutated in place).
 *
 * @see https://true-async.github.io/en/architecture/scheduler-reactor.html
 * @module
 */
/** One slot of `coroutine_queue`. */
export interface QueueEntry {
  /** Coroutine id. */
  id: string;
  /** Push number: increases with every push, so older pushes have smaller numbers (ranks only in the serialised form). */
  seq: number;
  /** It was pushed at the head (`push_front`, priority > 0). */
  front: boolean;
}

/**
 * A double-ended run queue of {@link QueueEntry} records.
 *
 * @remarks The array-style aliases {@link RunQueue.push}, {@link RunQueue.unshift}
 * and {@link RunQueue.includes} take and give plain ids, for callers that
 * treat the queue as a list of ids.
 */
export class RunQueue {
  /** Storage; its length is always a power of two. */
  private buffer: Array<QueueEntry | undefined>;
  /** Index of the head slot. */
  private head = 0;
  /** Number of queued entries. */
  private size = 0;
  /** Pushes so far: the next entry's `seq`. */
  private pushes = 0;

  /** @param capacity - initial capacity (rounded up to a power of two, at least 8). */
  constructor(capacity = 8) {
    let n = 8;
    while (n < capacity) n *= 2;
    this.buffer = new Array<QueueEntry | undefined>(n);
  }

  /** A queue holding `ids` tail-pushed in order. */
  static of(ids: readonly string[]): RunQueue {
    const q = new RunQueue(ids.length);
    for (const id of ids) q.pushTail(id);
    return q;
  }

  /** A queue holding exactly these entries, head first (their `seq` and `front` kept; for tests and mutants). */
  static fromEntries(entries: readonly QueueEntry[]): RunQueue {
    const q = new RunQueue(entries.length);
    for (const e of entries) q.append({ ...e });
    q.pushes = entries.reduce((m, e) => Math.max(m, e.seq + 1), 0);
    return q;
  }

  /** Number of queued entries. */
  get length(): number {
    return this.size;
  }

  /** Whether the queue is empty. */
  isEmpty(): boolean {
    return this.size === 0;
  }

  private grow(): void {
    const next = new Array<QueueEntry | undefined>(this.buffer.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.buffer[(this.head + i) & (this.buffer.length - 1)];
    this.buffer = next;
    this.head = 0;
  }

  private append(entry: QueueEntry): void {
    if (this.size === this.buffer.length) this.grow();
    this.buffer[(this.head + this.size) & (this.buffer.length - 1)] = entry;
    this.size++;
  }

  /** `circular_buffer_push`: `id` at the tail (SCH-1). O(1) amortised. */
  pushTail(id: string): void {
    this.append({ id, seq: this.pushes++, front: false });
  }

  /** `circular_buffer_push_front`: `id` at the head — a spawn with priority > 0 (SCH-2), a finally iterator. O(1) amortised. */
  pushFront(id: string): void {
    if (this.size === this.buffer.length) this.grow();
    this.head = (this.head - 1) & (this.buffer.length - 1);
    this.buffer[this.head] = { id, seq: this.pushes++, front: true };
    this.size++;
  }

  /** `circular_buffer_pop`: take the head entry, `undefined` when empty. O(1). */
  popHead(): QueueEntry | undefined {
    if (this.size === 0) return undefined;
    const entry = this.buffer[this.head];
    this.buffer[this.head] = undefined;
    this.head = (this.head + 1) & (this.buffer.length - 1);
    this.size--;
    return entry;
  }

  /** The entry at position `index` from the head (0 = head), `undefined` out of range. */
  at(index: number): QueueEntry | undefined {
    return index >= 0 && index < this.size ? this.buffer[(this.head + index) & (this.buffer.length - 1)] : undefined;
  }

  /** Remove and return the entry at `index` (O(1) at the head, O(n) elsewhere: only an exploration of other orders needs it). */
  removeAt(index: number): QueueEntry | undefined {
    if (index === 0) return this.popHead();
    const entries = this.entries();
    const [taken] = entries.splice(index, 1);
    if (!taken) return undefined;
    this.buffer = new Array<QueueEntry | undefined>(this.buffer.length);
    this.head = 0;
    this.size = 0;
    for (const e of entries) this.append(e);
    return taken;
  }

  /** Whether `id` is queued. O(n). */
  isQueued(id: string): boolean {
    for (let i = 0; i < this.size; i++) if (this.buffer[(this.head + i) & (this.buffer.length - 1)]!.id === id) return true;
    return false;
  }

  /** The entries, head first (a fresh array). */
  entries(): QueueEntry[] {
    const out: QueueEntry[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.buffer[(this.head + i) & (this.buffer.length - 1)]!);
    return out;
  }

  /** The queued ids, head first. */
  ids(): string[] {
    return this.entries().map((e) => e.id);
  }

  /** An independent copy (entries are immutable records and are shared). */
  clone(): RunQueue {
    const q = new RunQueue(this.buffer.length);
    for (let i = 0; i < this.size; i++) q.buffer[i] = this.buffer[(this.head + i) & (this.buffer.length - 1)];
    q.size = this.size;
    q.pushes = this.pushes;
    return q;
  }

  /** The canonical form: entries head first with `seq` the rank of the push among those queued (0 = oldest), so equal queues serialise equally. */
  toJSON(): QueueEntry[] {
    const entries = this.entries();
    const order = [...entries].sort((a, b) => a.seq - b.seq);
    return entries.map((e) => ({ id: e.id, seq: order.indexOf(e), front: e.front }));
  }

  /** Alias of {@link RunQueue.pushTail} for callers treating the queue as an id list. */
  push(id: string): void {
    this.pushTail(id);
  }

  /** Alias of {@link RunQueue.pushFront} for callers treating the queue as an id list. */
  unshift(id: string): void {
    this.pushFront(id);
  }

  /** Alias of {@link RunQueue.isQueued} for callers treating the queue as an id list. */
  includes(id: string): boolean {
    return this.isQueued(id);
  }
}

/** `circular_buffer_push` on a copy: the machine's immutable step (SCH-1). */
export function pushTail(queue: RunQueue, id: string): RunQueue {
  const q = queue.clone();
  q.pushTail(id);
  return q;
}

/** `circular_buffer_push_front` on a copy: the machine's immutable step (SCH-2). */
export function pushFront(queue: RunQueue, id: string): RunQueue {
  const q = queue.clone();
  q.pushFront(id);
  return q;
}

/** `circular_buffer_pop` on a copy: the head and the rest; `undefined` head when empty. */
export function popHead(queue: RunQueue): { head: QueueEntry | undefined; rest: RunQueue } {
  const rest = queue.clone();
  return { head: rest.popHead(), rest };
}

/** Whether `id` is in the queue. */
export function isQueued(queue: RunQueue, id: string): boolean {
  return queue.isQueued(id);
}
