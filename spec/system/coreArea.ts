/**
 * The core area of the system model: coroutines and control flow (spawn,
 * suspend, delay, await, cancel, throw, try, rethrow, return, log, protect,
 * finally handlers, queries, shutdown), the `plain` and `await` resumptions
 * and the waker timers (trace semantics §3–§5).
 * @module
 */
import type { AwaitInstruction, ErrorValue, SpawnInstruction, Value } from './scenario.js';
import type { CoroutineState, ScopeState, SystemState } from './state.js';
import { SCOPE_MESSAGES, asyncException, error, operationCanceled, timeoutCancellation, undefinedReference, CLOSED_EVENT_WARNING } from './errors.js';
import { cancel } from './scopes.js';
import { armTimer, emit, newEvent, resolve, settledOutcome, sleep, subscribe, targetKey } from './events.js';
import { startShutdown } from './finish.js';
import { caughtError, protectDepth, pushBlock, type StepOutcome } from './control.js';
import { isCoroutineQuery, queryValue } from './query.js';
import { enterProtect, stepCoroutine } from './lifecycle.js';
import { NEXT, SUSPEND, resolveId, throwing, type SpecArea } from './area.js';

/** A fresh coroutine record, queued, in scope `scope`. */
export function newCoroutine(id: string, scope: string): CoroutineState {
  return {
    id, started: false, cancelled: false, finished: false, status: 'QUEUED', result: null,
    subscriptions: [], finallyHandlers: [], frames: [], resumption: 'plain',
    scope, zombie: false, protected: false,
  };
}

/** The scope a `spawn` targets, or the error it throws (COR-2, SCP-3, SCP-8). */
function spawnScope(sys: SystemState, co: CoroutineState, instr: SpawnInstruction): ScopeState | { error: ErrorValue } {
  if (instr.scope === undefined) {
    const own = sys.scopes.get(co.scope)!;
    return own.closed ? { error: asyncException(SCOPE_MESSAGES.closed) } : own;
  }
  const s = sys.scopes.get(instr.scope);
  if (!s) return { error: undefinedReference(instr.scope) };
  if (s.disposed) return { error: asyncException(SCOPE_MESSAGES.disposed) };
  if (s.closed) return { error: asyncException(SCOPE_MESSAGES.closed) };
  return s;
}

function spawn(sys: SystemState, co: CoroutineState, instr: SpawnInstruction): StepOutcome {
  const target = spawnScope(sys, co, instr);
  if ('error' in target) return throwing(target.error);
  const child = newCoroutine(instr.id, target.id);
  target.coroutines.push(instr.id);
  target.active++;
  pushBlock(child, instr.body);
  sys.coroutines.set(instr.id, child);
  sys.events.set(`coroutine:${instr.id}`, newEvent(`coroutine:${instr.id}`));
  sys.registry.push(instr.id);
  emit(sys, co.id, { kind: 'spawned', coroutine: instr.id }, instr.priority === 'high' ? ['COR-1', 'SCH-2'] : ['COR-1']);
  if (instr.priority === 'high') sys.queue.unshift(instr.id);
  else sys.queue.push(instr.id);
  return NEXT;
}

function executeAwait(sys: SystemState, co: CoroutineState, instr: AwaitInstruction): StepOutcome {
  const target = instr.target;
  let key: string | undefined;
  if (!('timer' in target)) {
    key = targetKey(target);
    if (!sys.events.has(key)) return throwing(undefinedReference(key.slice(key.indexOf(':') + 1)));
    const done = settledOutcome(sys, key);
    if (done) {
      if (done.error) return throwing(done.error);
      emit(sys, co.id, { kind: 'awaited', value: done.value }, ['EVT-12', 'EVT-13', 'SCH-5']);
      return NEXT;
    }
    if (sys.events.get(key)!.closed) {
      emit(sys, co.id, { kind: 'warning', message: CLOSED_EVENT_WARNING }, ['EVT-13']);
      emit(sys, co.id, { kind: 'awaited', value: null }, ['EVT-13']);
      return NEXT;
    }
  }
  let tokenKey: string | undefined;
  if (instr.cancellation) {
    tokenKey = targetKey(instr.cancellation);
    const token = sys.events.get(tokenKey);
    if (!token) return throwing(undefinedReference(tokenKey.slice(tokenKey.indexOf(':') + 1)));
    if (token.closed) return throwing(operationCanceled(settledOutcome(sys, tokenKey)?.error));
  }
  if (key) subscribe(sys, co, key, 'target');
  else armTimer(sys, co.id, (target as { timer: number }).timer, 'target');
  if (tokenKey) subscribe(sys, co, tokenKey, 'token');
  if (instr.timeoutMs !== undefined) armTimer(sys, co.id, instr.timeoutMs, 'timeout');
  emit(sys, co.id, { kind: 'suspended', on: key ?? 'timer' }, key ? ['WAK-1', 'WAK-4'] : ['WAK-1', 'SCH-12']);
  co.status = 'WAITING';
  co.resumption = 'await';
  return SUSPEND;
}

/** The core area. */
export const coreArea = {
  name: 'core',
  execute: {
    spawn,
    suspend: (sys, co) => {
      emit(sys, co.id, { kind: 'suspended', on: 'queue' }, ['SCH-6', 'SCH-1']);
      co.status = 'QUEUED';
      co.resumption = 'plain';
      sys.queue.push(co.id);
      return SUSPEND;
    },
    delay: (sys, co, instr) => {
      sleep(sys, co, instr.ms, 'plain');
      return SUSPEND;
    },
    await: executeAwait,
    cancel: (sys, co, instr) => {
      const id = resolveId(co, instr.target);
      const target = sys.coroutines.get(id);
      if (!target) return throwing(undefinedReference(id));
      const reason = instr.reason ?? 'Coroutine cancelled';
      emit(sys, co.id, { kind: 'cancel', target: id, reason });
      cancel(sys, target, error('Async\\AsyncCancellation', reason));
      return NEXT;
    },
    throw: (_sys, _co, instr) => throwing(instr.error),
    try: (_sys, co, instr) => {
      co.frames.push({ type: 'try', instruction: instr, phase: 'body' });
      pushBlock(co, instr.body);
      return NEXT;
    },
    rethrow: (_sys, co) => {
      const caught = caughtError(co);
      if (!caught) throw new Error('spec: rethrow outside a catch body');
      return throwing(caught);
    },
    return: (_sys, _co, instr) => ({ kind: 'return', value: instr.value ?? null }),
    log: (sys, co, instr) => {
      emit(sys, co.id, { kind: 'log', value: instr.value });
      return NEXT;
    },
    protect: (_sys, co, instr) => {
      enterProtect(co, protectDepth(co));
      co.frames.push({ type: 'protect' });
      pushBlock(co, instr.body);
      return NEXT;
    },
    onFinally: (sys, co, instr) => {
      const id = resolveId(co, instr.target);
      const target = sys.coroutines.get(id);
      if (!target) return throwing(undefinedReference(id));
      // The coroutine machine's `onFinally` (COR-7): queued while alive, called at once once completed.
      if (stepCoroutine(sys, target, { type: 'onFinally' }) === 'callFinallyNow') {
        emit(sys, co.id, { kind: 'finally', target: id, handler: instr.handler }, ['COR-7']);
      } else target.finallyHandlers.push(instr.handler);
      return NEXT;
    },
    query: (sys, co, instr) => {
      const id = resolveId(co, instr.target);
      const target = sys.coroutines.get(id);
      if (!target) return throwing(undefinedReference(id));
      const what = instr.what;
      if (!isCoroutineQuery(what)) throw new Error(`spec: ${what} on a coroutine`);
      emit(sys, co.id, { kind: 'query', target: id, what, value: queryValue(target, what) }, ['COR-6', 'CAN-8', 'COR-3']);
      return NEXT;
    },
    shutdown: (sys, co) => {
      startShutdown(sys, co.id);
      return NEXT;
    },
  },
  resume: {
    plain: (sys, co, err) => resumeWaker(sys, co, err),
    await: (sys, co, err, value) => resumeWaker(sys, co, err, value),
  },
  timers: {
    target: { keepsLoopAlive: true, ofWait: true, fire: (sys, t) => void resolve(sys, t.coroutine, { value: null }) },
    timeout: { keepsLoopAlive: true, ofWait: true, fire: (sys, t) => void resolve(sys, t.coroutine, { error: timeoutCancellation(t.ms) }) },
  },
} as const satisfies SpecArea<
  'spawn' | 'suspend' | 'delay' | 'await' | 'cancel' | 'throw' | 'try' | 'rethrow' | 'return' | 'log' | 'protect' | 'onFinally' | 'query' | 'shutdown'
>;

/** A waker resumption: `resumed` with the waker's error (thrown), or `resumed` and, for an await, `awaited` with its value. */
function resumeWaker(sys: SystemState, co: CoroutineState, err: ErrorValue | undefined, value: Value = null): StepOutcome {
  if (err) {
    emit(sys, co.id, { kind: 'resumed', error: err }, ['CAN-2', 'WAK-3', 'WAK-5', 'WAK-8', 'CAN-9']);
    return throwing(err);
  }
  emit(sys, co.id, { kind: 'resumed' }, ['WAK-1', 'WAK-2', 'SCH-1']);
  if (co.resumption === 'await') emit(sys, co.id, { kind: 'awaited', value }, ['WAK-4', 'EVT-12']);
  return NEXT;
}
