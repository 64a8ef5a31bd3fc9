/**
 * Markers: how a generated scenario tells a property's check which
 * instruction an event belongs to.
 *
 * @remarks An instruction's `label` is echoed on the events it causes (trace
 * semantics, "Labels"): the generators label `await` and `onFinally` with a
 * marker string that describes the instruction, and a check reads the
 * labelled events back. Control flow echoes no label, so a `throw` that
 * ends a body is still announced by a `log` with a marker string right
 * before it (nothing can run between a `log` and the next instruction of the
 * same coroutine). Checks treat scenarios without markers as vacuous for that
 * part.
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

/**
 * `[await]`, labelled with its marker.
 *
 * @param n - a number that tells this await from an equal one right before it in the same coroutine (`@n` is appended).
 */
export function markedAwait(instr: AwaitInstruction, n?: number): Instruction[] {
  return [{ ...instr, label: n === undefined ? awaitMarker(instr) : `${awaitMarker(instr)}@${n}` }];
}

/**
 * The events carrying a label: for each run of consecutive events of one
 * actor with the same label (one instruction, trace semantics "Labels"), the
 * index of its first event. Two equal labels in a row with no other event of
 * the actor between read as one run.
 */
export function labelRuns(trace: readonly { actor: string; label?: string }[]): { index: number; actor: string; label: string }[] {
  const last = new Map<string, string | undefined>();
  const out: { index: number; actor: string; label: string }[] = [];
  trace.forEach((e, index) => {
    if (e.label !== undefined && last.get(e.actor) !== e.label) out.push({ index, actor: e.actor, label: e.label });
    last.set(e.actor, e.label);
  });
  return out;
}

/** Parse an await marker, or `undefined` if `value` is not one. */
export function parseAwaitMarker(value: unknown): AwaitMarker | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^await:(coroutine|future|trigger|timer):([^|@]+)(?:\|(timeout|token):([^@]+))?(?:@\d+)?$/.exec(value);
  if (!m) return undefined;
  const marker: AwaitMarker = { kind: m[1] as AwaitMarker['kind'], id: m[2] };
  if (m[3] === 'timeout') marker.timeoutMs = Number(m[4]);
  else if (m[3] === 'token') {
    const t = /^(coroutine|future|trigger):(.+)$/.exec(m[4]);
    if (t) marker.token = { kind: t[1] as 'coroutine' | 'future' | 'trigger', id: t[2] };
  }
  return marker;
}

/** The marker of `onFinally` of `handler` on coroutine `target` (a resolved id, never `self`): the label of that `onFinally`. */
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
