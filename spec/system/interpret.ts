/**
 * The system model: interprets a scenario and yields the expected trace.
 *
 * @remarks Implements `docs/guides/trace-semantics.md` for scenario language
 * v1. The function is pure: the same scenario always yields the same trace.
 * @module
 */
import type {
  AwaitInstruction, ErrorValue, Instruction, Scenario, ScopeAwaitAfterCancellationInstruction,
  ScopeAwaitCompletionInstruction, SpawnInstruction, TokenTarget,
} from './scenario.js';
import type { Trace } from './trace.js';
import type { Attribution } from './attribution.js';
import type { CoroutineState, EventState, Outcome, ScopeState, SystemState } from './state.js';
import { MAIN_SCOPE } from './state.js';
import { CLOSED_EVENT_WARNING, SCOPE_MESSAGES, asyncException, error, operationCanceled, undefinedReference } from './errors.js';
import {
  SCOPE_CANCELLED, cancel, completed, drained, newScope, settled, userCancel, within,
} from './scopes.js';
import {
  armTimer, coroutine, emit, loopAlive, notify, removeUserCallback, sleep, subscribe,
} from './events.js';
import { fireDueTimers } from './timers.js';
import { executePool, isPoolInstruction, isPoolQuery, poolOf, poolQuery, resumePool } from './pools.js';
import { finishCoroutine, resolveDeadlock, runFinallyIterator, startShutdown } from './finish.js';
import { caughtError, pushBlock, runCoroutine, type StepOutcome } from './control.js';
import { queryValue } from './query.js';

/** Instructions one scenario may execute before the model gives up (runaway guard). */
export const INSTRUCTION_BUDGET = 1_000_000;

const NEXT: StepOutcome = { kind: 'next' };

function newCoroutine(id: string, scope: string): CoroutineState {
  return {
    id, started: false, cancelled: false, finished: false, status: 'QUEUED', result: null,
    subscriptions: [], finallyHandlers: [], frames: [], resumption: 'plain',
    scope, zombie: false, protected: false,
  };
}

function newEvent(key: string): EventState {
  return { key, closed: false, vector: [], inPass: false };
}

/** The key of an awaitable/token target: `coroutine:a`, `future:f`, `trigger:t`. */
function targetKey(target: TokenTarget): string {
  if ('coroutine' in target) return `coroutine:${target.coroutine}`;
  if ('future' in target) return `future:${target.future}`;
  return `trigger:${target.trigger}`;
}

/** The outcome of a finished coroutine / settled future, if any. */
function settledOutcome(sys: SystemState, key: string): Outcome | undefined {
  if (key.startsWith('coroutine:')) return sys.coroutines.get(key.slice(10))?.outcome;
  return sys.events.get(key)?.outcome;
}

function throwing(err: ErrorValue): StepOutcome {
  return { kind: 'throw', error: err };
}

function resolveId(co: CoroutineState, id: string): string {
  return id === 'self' ? co.id : id;
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
  return { kind: 'suspend' };
}

/** Look up an event by kind and id, or say it is undefined. */
function eventOf(sys: SystemState, kind: 'trigger' | 'future', id: string): EventState | undefined {
  return sys.events.get(`${kind}:${id}`);
}

function settleFuture(sys: SystemState, co: CoroutineState, id: string, outcome: Outcome): StepOutcome {
  const ev = eventOf(sys, 'future', id);
  if (!ev) return throwing(undefinedReference(id));
  if (ev.outcome) return NEXT;
  ev.outcome = outcome;
  ev.closed = true;
  emit(sys, co.id, outcome.error ? { kind: 'settle', event: id, error: outcome.error } : { kind: 'settle', event: id, value: outcome.value });
  const thrown = notify(sys, ev, co.id, outcome);
  return thrown ? throwing(thrown) : NEXT;
}

/** Execute one instruction of `co`. */
function execute(sys: SystemState, co: CoroutineState, instr: Instruction): StepOutcome {
  switch (instr.op) {
    case 'spawn': {
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
    case 'suspend':
      emit(sys, co.id, { kind: 'suspended', on: 'queue' }, ['SCH-6', 'SCH-1']);
      co.status = 'QUEUED';
      co.resumption = 'plain';
      sys.queue.push(co.id);
      return { kind: 'suspend' };
    case 'delay':
      sleep(sys, co, instr.ms, 'plain');
      return { kind: 'suspend' };
    case 'await':
      return executeAwait(sys, co, instr);
    case 'cancel': {
      const id = resolveId(co, instr.target);
      const target = sys.coroutines.get(id);
      if (!target) return throwing(undefinedReference(id));
      const reason = instr.reason ?? 'Coroutine cancelled';
      emit(sys, co.id, { kind: 'cancel', target: id, reason });
      cancel(sys, target, error('Async\\AsyncCancellation', reason));
      return NEXT;
    }
    case 'throw':
      return throwing(instr.error);
    case 'try':
      co.frames.push({ type: 'try', instruction: instr, phase: 'body' });
      pushBlock(co, instr.body);
      return NEXT;
    case 'rethrow': {
      const caught = caughtError(co);
      if (!caught) throw new Error('spec: rethrow outside a catch body');
      return throwing(caught);
    }
    case 'return':
      return { kind: 'return', value: instr.value ?? null };
    case 'log':
      emit(sys, co.id, { kind: 'log', value: instr.value });
      return NEXT;
    case 'trigger.new':
      sys.events.set(`trigger:${instr.id}`, newEvent(`trigger:${instr.id}`));
      return NEXT;
    case 'trigger.fire': {
      const ev = eventOf(sys, 'trigger', instr.id);
      if (!ev) return throwing(undefinedReference(instr.id));
      if (ev.closed) return NEXT;
      const value = instr.value ?? null;
      emit(sys, co.id, { kind: 'fire', event: instr.id, value });
      const thrown = notify(sys, ev, co.id, { value });
      return thrown ? throwing(thrown) : NEXT;
    }
    case 'trigger.close': {
      const ev = eventOf(sys, 'trigger', instr.id);
      if (!ev) return throwing(undefinedReference(instr.id));
      if (ev.closed) return NEXT;
      ev.closed = true;
      emit(sys, co.id, { kind: 'close', event: instr.id });
      const thrown = notify(sys, ev, co.id, { value: null });
      return thrown ? throwing(thrown) : NEXT;
    }
    case 'future.new':
      sys.events.set(`future:${instr.id}`, newEvent(`future:${instr.id}`));
      return NEXT;
    case 'future.complete':
      return settleFuture(sys, co, instr.id, { value: instr.value ?? null });
    case 'future.fail':
      return settleFuture(sys, co, instr.id, { error: instr.error });
    case 'event.on': {
      const ev = sys.events.get(`trigger:${instr.event}`) ?? sys.events.get(`future:${instr.event}`);
      if (!ev) return throwing(undefinedReference(instr.event));
      ev.vector.push({ type: 'user', callback: instr.callback, actions: instr.actions ?? [], removed: false });
      emit(sys, co.id, { kind: 'on', event: instr.event, callback: instr.callback });
      return NEXT;
    }
    case 'event.off': {
      const ev = sys.events.get(`trigger:${instr.event}`) ?? sys.events.get(`future:${instr.event}`);
      if (!ev) return throwing(undefinedReference(instr.event));
      removeUserCallback(sys, ev, instr.callback, co.id);
      return NEXT;
    }
    case 'onFinally': {
      const scope = sys.scopes.get(instr.target);
      if (scope && instr.target !== MAIN_SCOPE) {
        if (scope.finallyRan) emit(sys, co.id, { kind: 'finally', target: scope.id, handler: instr.handler }, ['SCP-16']);
        else scope.finallyHandlers.push(instr.handler);
        return NEXT;
      }
      const id = resolveId(co, instr.target);
      const target = sys.coroutines.get(id);
      if (!target) return throwing(undefinedReference(id));
      if (target.finished) emit(sys, co.id, { kind: 'finally', target: id, handler: instr.handler }, ['COR-7']);
      else target.finallyHandlers.push(instr.handler);
      return NEXT;
    }
    case 'query': {
      const scope = sys.scopes.get(instr.target);
      if (scope && instr.target !== MAIN_SCOPE) {
        emit(sys, co.id, { kind: 'query', target: scope.id, what: instr.what, value: scopeQuery(sys, scope, instr.what) }, ['SCP-9', 'SCP-8']);
        return NEXT;
      }
      const pool = poolOf(sys, instr.target);
      if (pool) {
        if (!isPoolQuery(instr.what)) throw new Error(`spec: ${instr.what} on a pool`);
        emit(sys, co.id, { kind: 'query', target: pool.id, what: instr.what, value: poolQuery(pool, instr.what) }, instr.what === 'getState' ? ['CB-1', 'CB-5'] : ['POOL-2']);
        return NEXT;
      }
      const id = resolveId(co, instr.target);
      const target = sys.coroutines.get(id);
      if (!target) return throwing(undefinedReference(id));
      if (instr.what === 'isClosed' || instr.what === 'isFinished' || isPoolQuery(instr.what)) {
        throw new Error(`spec: ${instr.what} on a coroutine`);
      }
      emit(sys, co.id, { kind: 'query', target: id, what: instr.what, value: queryValue(target, instr.what) }, ['COR-6', 'CAN-8', 'COR-3']);
      return NEXT;
    }
    case 'shutdown':
      startShutdown(sys, co.id);
      return NEXT;
    default:
      return isPoolInstruction(instr) ? executePool(sys, co, instr) : executeScope(sys, co, instr);
  }
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

/** `isCancelled` / `isClosed` / `isFinished` of a scope (SCP-9). */
function scopeQuery(sys: SystemState, s: ScopeState, what: string): boolean {
  if (what === 'isCancelled') return s.cancelled;
  if (what === 'isClosed') return s.closed || s.disposed;
  if (what === 'isFinished') return s.disposed || completed(sys, s);
  throw new Error(`spec: ${what} on a scope`);
}

/** Execute a scope or protect instruction (trace semantics §6.2). */
function executeScope(sys: SystemState, co: CoroutineState, instr: Instruction): StepOutcome {
  if (instr.op === 'protect') {
    co.protected = true;
    co.frames.push({ type: 'protect' });
    pushBlock(co, instr.body);
    return NEXT;
  }
  if (instr.op === 'scope.new') {
    sys.scopes.set(instr.id, newScope(instr.id, null, false));
    return NEXT;
  }
  if (instr.op === 'scope.inherit') {
    const parentId = instr.parent ?? co.scope;
    const parent = sys.scopes.get(parentId);
    if (!parent) return throwing(undefinedReference(parentId));
    if (parent.disposed) return throwing(asyncException(SCOPE_MESSAGES.inheritDisposed));
    sys.scopes.set(instr.id, newScope(instr.id, parentId, parent.safe));
    parent.children.push(instr.id);
    return NEXT;
  }
  if (!('scope' in instr) || instr.op === 'spawn') throw new Error(`spec: unknown instruction ${instr.op}`);
  const s = sys.scopes.get(instr.scope);
  if (!s || instr.scope === MAIN_SCOPE) return throwing(undefinedReference(instr.scope));
  switch (instr.op) {
    case 'scope.asNotSafely':
    case 'scope.allowZombies':
      if (s.disposed) return throwing(asyncException(SCOPE_MESSAGES.disposed));
      s.safe = instr.op === 'scope.allowZombies';
      return NEXT;
    case 'scope.setExceptionHandler':
    case 'scope.setChildScopeExceptionHandler': {
      if (s.disposed) return throwing(asyncException(SCOPE_MESSAGES.disposed));
      const spec = { handler: instr.handler, action: instr.action };
      if (instr.op === 'scope.setExceptionHandler') s.handler = spec;
      else s.childHandler = spec;
      return NEXT;
    }
    case 'scope.cancel': {
      const reason = instr.reason ?? SCOPE_CANCELLED;
      emit(sys, co.id, { kind: 'scopeCancel', scope: s.id, how: 'cancel', reason }, ['SCP-4', 'SCP-7']);
      userCancel(sys, s.id, error('Async\\AsyncCancellation', reason), s.safe);
      return NEXT;
    }
    case 'scope.dispose':
    case 'scope.disposeSafely': {
      const how = instr.op === 'scope.dispose' ? 'dispose' : 'disposeSafely';
      emit(sys, co.id, { kind: 'scopeCancel', scope: s.id, how, reason: SCOPE_CANCELLED }, ['SCP-10', 'SCP-4']);
      userCancel(sys, s.id, error('Async\\AsyncCancellation', SCOPE_CANCELLED), how === 'dispose' ? s.safe : true);
      return NEXT;
    }
    case 'scope.disposeAfterTimeout':
      if (s.disposed || s.closed || (s.coroutines.length === 0 && s.children.length === 0)) return NEXT;
      sys.timers.push({ due: sys.now + instr.ms, seq: sys.timerSeq++, coroutine: s.id, role: 'dispose', ms: instr.ms });
      return NEXT;
    case 'scope.awaitCompletion':
    case 'scope.awaitAfterCancellation':
      return awaitScope(sys, co, s, instr);
  }
}

/** `scope.awaitCompletion` / `scope.awaitAfterCancellation` (trace semantics §6.6). */
function awaitScope(
  sys: SystemState, co: CoroutineState, s: ScopeState,
  instr: ScopeAwaitCompletionInstruction | ScopeAwaitAfterCancellationInstruction,
): StepOutcome {
  const completion = instr.op === 'scope.awaitCompletion';
  const done = (): StepOutcome => {
    emit(sys, co.id, { kind: 'awaited', value: null }, completion ? ['SCP-13', 'SCP-12'] : ['SCP-15']);
    return NEXT;
  };
  if (s.disposed || s.closed) return done();
  if (completion && s.cancelled) return throwing(error('Async\\AsyncCancellation', SCOPE_MESSAGES.scopeCancelled));
  if (!completion && !s.cancelled) return throwing(asyncException(SCOPE_MESSAGES.notCancelled));
  if (within(sys, co.scope, s.id)) return throwing(asyncException(SCOPE_MESSAGES.awaitOwn));
  if (completion ? settled(sys, s) : drained(sys, s)) return done();
  let tokenKey: string | undefined;
  if (completion && instr.cancellation) {
    tokenKey = targetKey(instr.cancellation);
    const token = sys.events.get(tokenKey);
    if (!token) return throwing(undefinedReference(tokenKey.slice(tokenKey.indexOf(':') + 1)));
    if (token.closed) return throwing(operationCanceled(settledOutcome(sys, tokenKey)?.error));
  }
  s.waiters.push({ coroutine: co.id, kind: completion ? 'completion' : 'drain' });
  co.subscriptions.push(`scope:${s.id}`);
  if (tokenKey) subscribe(sys, co, tokenKey, 'token');
  if (instr.timeoutMs !== undefined) armTimer(sys, co.id, instr.timeoutMs, 'timeout');
  emit(sys, co.id, { kind: 'suspended', on: `scope:${s.id}` }, completion ? ['SCP-13', 'SCP-12', 'SCP-18'] : ['SCP-15', 'SCP-18']);
  co.status = 'WAITING';
  co.resumption = 'await';
  return { kind: 'suspend' };
}

/** Switch into a coroutine popped from the queue. */
function enter(sys: SystemState, co: CoroutineState): void {
  sys.current = co.id;
  if (!co.started) {
    co.started = true;
    co.status = 'NO_STATUS';
    emit(sys, co.id, { kind: 'started' });
    runCoroutine(sys, co, execute);
  } else {
    const err = co.error;
    const value = co.result;
    co.status = 'NO_STATUS';
    co.error = undefined;
    co.result = null;
    if (co.resumption === 'pool') {
      emit(sys, co.id, err ? { kind: 'resumed', error: err } : { kind: 'resumed' }, err ? ['POOL-9', 'POOL-5', 'CB-3', 'POOL-10'] : ['POOL-4', 'POOL-5']);
      const out = resumePool(sys, co, err);
      if (out.kind === 'next') runCoroutine(sys, co, execute);
      else if (out.kind === 'throw') runCoroutine(sys, co, execute, out.error);
      else if (out.kind !== 'suspend') throw new Error(`spec: pool call ended with ${out.kind}`);
    } else if (err) {
      emit(sys, co.id, { kind: 'resumed', error: err }, ['CAN-2', 'WAK-3', 'WAK-5', 'WAK-8', 'CAN-9']);
      runCoroutine(sys, co, execute, err);
    } else {
      emit(sys, co.id, { kind: 'resumed' }, ['WAK-1', 'WAK-2', 'SCH-1']);
      if (co.resumption === 'await') emit(sys, co.id, { kind: 'awaited', value }, ['WAK-4', 'EVT-12']);
      runCoroutine(sys, co, execute);
    }
  }
  sys.current = null;
}

/**
 * Interpret a scenario and return the trace a conforming runtime produces.
 *
 * @param scenario - a valid scenario (see `conformance/scenario/validate.ts`).
 * @returns the expected trace, ending with `exit`.
 * @throws Error when the scenario exceeds {@link INSTRUCTION_BUDGET} (it cannot with v1's loop-free programs).
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 */
export function expectedTrace(scenario: Scenario): Trace {
  return expectedRun(scenario).trace;
}

/** The expected trace of a scenario with, for each event, the requirement IDs of the transition that emitted it. */
export interface ExpectedRun {
  /** The expected trace, ending with `exit`. */
  trace: Trace;
  /** `attribution[i]`: the requirement IDs of `trace[i]`. */
  attribution: Attribution[];
}

/**
 * Interpret a scenario and return the expected trace together with the
 * requirement IDs each event is attributed to (see `attribution.ts`).
 *
 * @param scenario - a valid scenario.
 * @returns the trace and its attribution, index by index.
 * @throws Error when the scenario exceeds {@link INSTRUCTION_BUDGET}.
 */
export function expectedRun(scenario: Scenario): ExpectedRun {
  const sys: SystemState = {
    now: 0, trace: [], attribution: [], coroutines: new Map(), registry: ['main'], queue: ['main'], timers: [], timerSeq: 0,
    events: new Map([['coroutine:main', newEvent('coroutine:main')]]), current: null, shuttingDown: false,
    budget: INSTRUCTION_BUDGET, scopes: new Map(), pools: new Map(),
  };
  const mainScope = newScope(MAIN_SCOPE, null, true);
  mainScope.coroutines.push('main');
  mainScope.active = 1;
  sys.scopes.set(MAIN_SCOPE, mainScope);
  const main = newCoroutine('main', MAIN_SCOPE);
  pushBlock(main, scenario.main);
  sys.coroutines.set('main', main);
  for (;;) {
    const next = sys.queue.shift();
    if (next !== undefined) {
      if (next.startsWith('finally:')) {
        runFinallyIterator(sys, next.slice(8));
        continue;
      }
      const co = coroutine(sys, next);
      if (co.status === 'IGNORED') {
        co.status = 'NO_STATUS';
        finishIgnored(sys, co);
        continue;
      }
      enter(sys, co);
      continue;
    }
    if (loopAlive(sys)) {
      fireDueTimers(sys);
      continue;
    }
    if (sys.registry.length > 0) {
      resolveDeadlock(sys);
      continue;
    }
    emit(sys, 'scheduler', sys.exitError ? { kind: 'exit', error: sys.exitError } : { kind: 'exit' });
    return { trace: sys.trace, attribution: sys.attribution };
  }
}

/** A coroutine cancelled before it started: finished in place, body never run (CAN-2a). */
function finishIgnored(sys: SystemState, co: CoroutineState): void {
  const err = co.error ?? co.stored ?? error('Async\\AsyncCancellation', 'Coroutine cancelled');
  co.error = undefined;
  co.stored = undefined;
  finishCoroutine(sys, co, { error: err });
}
