/**
 * Marker `log` instructions: how a generated scenario tells a property's
 * check which instruction comes next.
 *
 * @remarks A trace does not say which instruction produced an event. The
 * generators therefore put a `log` with a marker string right before some
 * instructions (`await`, `onFinally`, a final `throw`); nothing can run
 * between a `log` and the next instruction of the same coroutine, so a check
 * that finds the marker in the trace knows what the acting coroutine does
 * next. Checks treat scenarios without markers as vacuous for that part.
 * @module
 */
import type { AwaitInstruction, ErrorClass, Instruction, TokenTarget } from '../../spec/system/scenario.js';

/** An `await` as described by its marker. */
export interface AwaitMarker {
  /** What is awaited. */
  kind: 'coroutine' | 'future' | 'trigger' | 'timer';
  /** Its id (for `timer`, the milliseconds as a string). */
  id: string;
  /** `timeoutMs` of the await, if any. */
  timeoutMs?: number;
  /** The cancellation token, if any. */
  token?: { kind: 'coroutine' | 'future' | 'trigger'; id: string };
}

function tokenParts(t: TokenTarget): { kind: 'coroutine' | 'future' | 'trigger'; id: string } {
  if ('coroutine' in t) return { kind: 'coroutine', id: t.coroutine };
  if ('future' in t) return { kind: 'future', id: t.future };
  return { kind: 'trigger', id: t.trigger };
}

/** The marker string of an `await` instruction (`await:future:f1|timeout:5`). */
export function awaitMarker(instr: AwaitInstruction): string {
  const t = instr.target;
  const head = 'timer' in t ? `await:timer:${t.timer}` : (() => {
    const p = tokenParts(t);
    return `await:${p.kind}:${p.id}`;
  })();
  if (instr.timeoutMs !== undefined) return `${head}|timeout:${instr.timeoutMs}`;
  if (instr.cancellation) {
    const p = tokenParts(instr.cancellation);
    return `${head}|token:${p.kind}:${p.id}`;
  }
  return head;
}

/** `[log marker, await]`. */
export function markedAwait(instr: AwaitInstruction): Instruction[] {
  return [{ op: 'log', value: awaitMarker(instr) }, instr];
}

/** Parse an await marker, or `undefined` if `value` is not one. */
export function parseAwaitMarker(value: unknown): AwaitMarker | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^await:(coroutine|future|trigger|timer):([^|]+)(?:\|(timeout|token):(.+))?$/.exec(value);
  if (!m) return undefined;
  const marker: AwaitMarker = { kind: m[1] as AwaitMarker['kind'], id: m[2] };
  if (m[3] === 'timeout') marker.timeoutMs = Number(m[4]);
  else if (m[3] === 'token') {
    const t = /^(coroutine|future|trigger):(.+)$/.exec(m[4]);
    if (t) marker.token = { kind: t[1] as 'coroutine' | 'future' | 'trigger', id: t[2] };
  }
  return marker;
}

/** The marker of `onFinally` of `handler` on coroutine `target` (a resolved id, never `self`). */
export function onFinallyMarker(target: string, handler: string): string {
  return `onFinally:${target}:${handler}`;
}

/** Parse an onFinally marker. */
export function parseOnFinallyMarker(value: unknown): { target: string; handler: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^onFinally:([^:]+):(.+)$/.exec(value);
  return m ? { target: m[1], handler: m[2] } : undefined;
}

/** The marker of a `throw` of class `cls` that ends a coroutine body. */
export function throwMarker(cls: ErrorClass): string {
  return `throw:${cls}`;
}

/** Parse a throw marker. */
export function parseThrowMarker(value: unknown): ErrorClass | undefined {
  if (typeof value !== 'string' || !value.startsWith('throw:')) return undefined;
  return value.slice(6) as ErrorClass;
}
