/**
 * The scopes area of the system model: `scope.*` instructions, scope
 * queries and finally handlers, and the `disposeAfterTimeout` timer (trace
 * semantics §6).
 * @module
 */
import type {
  Instruction, ScopeAwaitAfterCancellationInstruction, ScopeAwaitCompletionInstruction,
} from './scenario.js';
import type { CoroutineState, ScopeState, SystemState } from './state.js';
import { MAIN_SCOPE, scopeOf } from './state.js';
import { SCOPE_MESSAGES, asyncException, error, operationCanceled, undefinedReference } from './errors.js';
import { SCOPE_CANCELLED, completed, drained, newScope, settled, userCancel, within } from './scopes.js';
import { refusal, stepScope } from '../scope/lifecycle.js';
import { TIMEOUT_CANCELLED } from '../scope/model.js';
import { armTimer, emit, settledOutcome, subscribe, targetKey } from './events.js';
import type { StepOutcome } from './control.js';
import { NEXT, SUSPEND, throwing, type Executor, type SpecArea } from './area.js';

/** An instruction on an existing scope other than the main one. */
type OnScope = Extract<Instruction, { op: `scope.${string}`; scope: string }>;

/** Run `body` on the scope `instr.scope` names, or throw an undefined reference. */
function onScope<I extends OnScope>(body: (sys: SystemState, co: CoroutineState, s: ScopeState, instr: I) => StepOutcome): Executor<I> {
  return (sys, co, instr) => {
    const s = sys.scopes.get(instr.scope);
    if (!s || instr.scope === MAIN_SCOPE) return throwing(undefinedReference(instr.scope));
    return body(sys, co, s, instr);
  };
}

/** The user scope `target` names (never the main scope). */
function userScope(sys: SystemState, target: string): ScopeState | undefined {
  return target === MAIN_SCOPE ? undefined : sys.scopes.get(target);
}

/** `isCancelled` / `isClosed` / `isFinished` of a scope (SCP-9). */
function scopeQuery(sys: SystemState, s: ScopeState, what: string): boolean {
  if (what === 'isCancelled') return s.cancelled;
  if (what === 'isClosed') return s.closed || s.disposed;
  if (what === 'isFinished') return s.disposed || completed(sys, s);
  throw new Error(`spec: ${what} on a scope`);
}

/** The scope's lifecycle machine refuses a setting on a disposed scope (SCP-19). */
function configureRefused(s: ScopeState): StepOutcome | undefined {
  const refused = refusal(s, { type: 'configure' });
  return refused === undefined ? undefined : throwing(asyncException(refused));
}

const setSafety = onScope<Extract<Instruction, { op: 'scope.asNotSafely' | 'scope.allowZombies' }>>((_sys, _co, s, instr) => {
  const refused = configureRefused(s);
  if (refused) return refused;
  s.safe = instr.op === 'scope.allowZombies';
  return NEXT;
});

const setHandler = onScope<Extract<Instruction, { op: 'scope.setExceptionHandler' | 'scope.setChildScopeExceptionHandler' }>>((_sys, _co, s, instr) => {
  const refused = configureRefused(s);
  if (refused) return refused;
  const spec = { handler: instr.handler, action: instr.action };
  if (instr.op === 'scope.setExceptionHandler') s.handler = spec;
  else s.childHandler = spec;
  return NEXT;
});

const dispose = onScope<Extract<Instruction, { op: 'scope.dispose' | 'scope.disposeSafely' }>>((sys, co, s, instr) => {
  const how = instr.op === 'scope.dispose' ? 'dispose' : 'disposeSafely';
  emit(sys, co.id, { kind: 'scopeCancel', scope: s.id, how, reason: SCOPE_CANCELLED }, ['SCP-10', 'SCP-4']);
  userCancel(sys, s.id, error('Async\\AsyncCancellation', SCOPE_CANCELLED), how === 'dispose' ? s.safe : true);
  return NEXT;
});

/** `scope.awaitCompletion` / `scope.awaitAfterCancellation` (trace semantics §6.6). */
const awaitScope = onScope<ScopeAwaitCompletionInstruction | ScopeAwaitAfterCancellationInstruction>((sys, co, s, instr) => {
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
  return SUSPEND;
});

/** The `disposeAfterTimeout` timer of a scope fired (SCP-11): the scope's lifecycle machine ignores it or cancels the scope. */
function disposeAfterTimeoutFired(sys: SystemState, id: string): void {
  userCancel(sys, id, { class: 'Async\\AsyncCancellation', message: TIMEOUT_CANCELLED }, scopeOf(sys, id).safe, true);
}

/** The scopes area. */
export const scopeArea = {
  name: 'scopes',
  execute: {
    'scope.new': (sys, _co, instr) => {
      sys.scopes.set(instr.id, newScope(instr.id, null, false));
      return NEXT;
    },
    'scope.inherit': (sys, co, instr) => {
      const parentId = instr.parent ?? co.scope;
      const parent = sys.scopes.get(parentId);
      if (!parent) return throwing(undefinedReference(parentId));
      const refused = refusal(parent, { type: 'inherit' });
      if (refused !== undefined) return throwing(asyncException(refused));
      for (const o of stepScope(parent, { type: 'inherit' }) ?? []) {
        if (o.type !== 'childCreated') continue;
        sys.scopes.set(instr.id, newScope(instr.id, parentId, parent.safe));
        parent.children.push(instr.id);
      }
      return NEXT;
    },
    'scope.asNotSafely': setSafety,
    'scope.allowZombies': setSafety,
    'scope.setExceptionHandler': setHandler,
    'scope.setChildScopeExceptionHandler': setHandler,
    'scope.cancel': onScope((sys, co, s, instr) => {
      const reason = instr.reason ?? SCOPE_CANCELLED;
      emit(sys, co.id, { kind: 'scopeCancel', scope: s.id, how: 'cancel', reason }, ['SCP-4', 'SCP-7']);
      userCancel(sys, s.id, error('Async\\AsyncCancellation', reason), s.safe);
      return NEXT;
    }),
    'scope.dispose': dispose,
    'scope.disposeSafely': dispose,
    'scope.disposeAfterTimeout': onScope((sys, _co, s, instr) => {
      const outputs = stepScope(s, { type: 'disposeAfterTimeout', idle: s.coroutines.length === 0 && s.children.length === 0 });
      if (outputs?.some((o) => o.type === 'armTimer')) {
        sys.timers.push({ due: sys.now + instr.ms, seq: sys.timerSeq++, coroutine: s.id, role: 'dispose', ms: instr.ms });
      }
      return NEXT;
    }),
    'scope.awaitCompletion': awaitScope,
    'scope.awaitAfterCancellation': awaitScope,
  },
  targets: {
    query: (sys, co, instr) => {
      const scope = userScope(sys, instr.target);
      if (!scope) return undefined;
      emit(sys, co.id, { kind: 'query', target: scope.id, what: instr.what, value: scopeQuery(sys, scope, instr.what) }, ['SCP-9', 'SCP-8']);
      return NEXT;
    },
    onFinally: (sys, co, instr) => {
      const scope = userScope(sys, instr.target);
      if (!scope) return undefined;
      for (const o of stepScope(scope, { type: 'onFinally' }) ?? []) {
        if (o.type === 'callFinallyNow') emit(sys, co.id, { kind: 'finally', target: scope.id, handler: instr.handler }, ['SCP-16']);
        else if (o.type === 'queueFinally') scope.finallyHandlers.push(instr.handler);
      }
      return NEXT;
    },
  },
  timers: {
    dispose: { keepsLoopAlive: true, ofWait: false, fire: (sys, t) => disposeAfterTimeoutFired(sys, t.coroutine) },
  },
} as const satisfies SpecArea<Extract<Instruction['op'], `scope.${string}`>>;
