/**
 * `coroutine_queue` operations: `push` at the tail, `push_front`
 * at the head, `pop` from the head. Entries carry their push rank so the
 * invariants can check FIFO order (SCH-1) and priority (SCH-2); ranks are
 * renumbered after every change so equal queues serialise equally.
 *
 * @see https://true-async.github.io/en/architecture/scheduler-reactor.html
 * @module
 */
import type { QueueEntry } from './model.js';

function renumber(queue: QueueEntry[]): QueueEntry[] {
  const order = [...queue].sort((a, b) => a.seq - b.seq);
  return queue.map((e) => ({ ...e, seq: order.indexOf(e) }));
}

const nextSeq = (queue: readonly QueueEntry[]): number => queue.reduce((m, e) => Math.max(m, e.seq + 1), 0);

/** `circular_buffer_push`: `id` at the tail (SCH-1). */
export function pushTail(queue: readonly QueueEntry[], id: string): QueueEntry[] {
  return renumber([...queue, { id, seq: nextSeq(queue), front: false }]);
}

/** `circular_buffer_push_front`: `id` at the head, for a spawn with priority > 0 (SCH-2). */
export function pushFront(queue: readonly QueueEntry[], id: string): QueueEntry[] {
  return renumber([{ id, seq: nextSeq(queue), front: true }, ...queue]);
}

/** `circular_buffer_pop`: the head and the rest; `undefined` head when empty. */
export function popHead(queue: readonly QueueEntry[]): { head: QueueEntry | undefined; rest: QueueEntry[] } {
  return { head: queue[0], rest: renumber(queue.slice(1)) };
}

/** Whether `id` is in the queue. */
export function isQueued(queue: readonly QueueEntry[], id: string): boolean {
  return queue.some((e) => e.id === id);
}
