/**
 * The scope area of the scenario language: `Async\Scope` and structured
 * cancellation — capability `scope`.
 *
 * @remarks The instruction types, the trace-event kinds and their JSON
 * Schemas. What each instruction must produce is fixed by
 * `docs/guides/trace-semantics.md`.
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import type { LanguageArea } from './area.js';
import { id, ms, ref, str } from './area.js';
import type { TokenTarget } from './core.js';
import type { ErrorValue } from './values.js';

/** The scope methods a `query` on a scope may call (SCP-9). */
export type ScopeQuery = 'isCancelled' | 'isClosed' | 'isFinished';

/** The scope methods a `query` on a scope may call ({@link ScopeQuery}, SCP-9), in schema order. */
export const SCOPE_QUERIES = ['isCancelled', 'isClosed', 'isFinished'] as const satisfies readonly ScopeQuery[];

/** `new Async\Scope()`: a root scope, not safe (SCP-2). */
export interface ScopeNewInstruction {
  /** Discriminant: `scope.new`. */
  op: 'scope.new';
  /** Scenario-wide unique scope id. */
  id: string;
}

/** `Async\Scope::inherit($parent)`: a child scope that copies its parent's safe flag (SCP-1, SCP-2). */
export interface ScopeInheritInstruction {
  /** Discriminant: `scope.inherit`. */
  op: 'scope.inherit';
  /** Scenario-wide unique scope id. */
  id: string;
  /** Parent scope id; omitted = the acting coroutine's scope (the main scope for `main`, which is safe). */
  parent?: string;
}

/** `$scope->asNotSafely()` / `$scope->allowZombies()`: clear / set the safe flag (SCP-2). */
export interface ScopeSafetyInstruction {
  /** Discriminant: `scope.asNotSafely` clears, `scope.allowZombies` sets. */
  op: 'scope.asNotSafely' | 'scope.allowZombies';
  /** Scope id. */
  scope: string;
}

/** `$scope->cancel(new AsyncCancellation($reason))` (SCP-4..8). */
export interface ScopeCancelInstruction {
  /** Discriminant: `scope.cancel`. */
  op: 'scope.cancel';
  /** Scope id. */
  scope: string;
  /** Message of the `Async\AsyncCancellation`. @defaultValue `'Scope was cancelled'` */
  reason?: string;
}

/** `$scope->dispose()` (own safe mode) / `$scope->disposeSafely()` (safe mode) (SCP-10). */
export interface ScopeDisposeInstruction {
  /** Discriminant. */
  op: 'scope.dispose' | 'scope.disposeSafely';
  /** Scope id. */
  scope: string;
}

/** `$scope->disposeAfterTimeout($ms)` (SCP-11). */
export interface ScopeDisposeAfterTimeoutInstruction {
  /** Discriminant: `scope.disposeAfterTimeout`. */
  op: 'scope.disposeAfterTimeout';
  /** Scope id. */
  scope: string;
  /** Virtual milliseconds, a whole number ≥ 0. */
  ms: number;
}

/** `$scope->awaitCompletion($token)`: the token is mandatory, exactly one of `timeoutMs` and `cancellation` (SCP-13). */
export interface ScopeAwaitCompletionInstruction {
  /** Discriminant: `scope.awaitCompletion`. */
  op: 'scope.awaitCompletion';
  /** Scope id. */
  scope: string;
  /** `Async\timeout(timeoutMs)` as the token (virtual ms, ≥ 0). */
  timeoutMs?: number;
  /** Another event as the token. */
  cancellation?: TokenTarget;
}

/** `$scope->awaitAfterCancellation(null, $token?)` (SCP-15). */
export interface ScopeAwaitAfterCancellationInstruction {
  /** Discriminant: `scope.awaitAfterCancellation`. */
  op: 'scope.awaitAfterCancellation';
  /** Scope id. */
  scope: string;
  /** `Async\timeout(timeoutMs)` as the optional token (virtual ms, ≥ 0). */
  timeoutMs?: number;
}

/**
 * A scope exception handler described as data: it is called with the scope,
 * the failed coroutine and the error (SCP-14); `swallow` returns normally
 * (absorbs the error), `rethrow` throws the error it was given.
 */
export interface HandlerSpec {
  /** Handler id recorded in the `handler` event. */
  handler: string;
  /** What the handler does after it is called. */
  action: 'swallow' | 'rethrow';
}

/** `$scope->setExceptionHandler(…)` / `$scope->setChildScopeExceptionHandler(…)`; a later call replaces the handler (SCP-14). */
export interface ScopeSetHandlerInstruction extends HandlerSpec {
  /** Discriminant. */
  op: 'scope.setExceptionHandler' | 'scope.setChildScopeExceptionHandler';
  /** Scope id. */
  scope: string;
}



/** The instructions of the scope area. */
export type ScopeInstruction =
  | ScopeNewInstruction
  | ScopeInheritInstruction
  | ScopeSafetyInstruction
  | ScopeCancelInstruction
  | ScopeDisposeInstruction
  | ScopeDisposeAfterTimeoutInstruction
  | ScopeAwaitCompletionInstruction
  | ScopeAwaitAfterCancellationInstruction
  | ScopeSetHandlerInstruction;

/** The trace events of the scope area (their data beyond `t` and `actor`). */
export type ScopeTraceEvent =
  | { kind: 'scopeCancel'; scope: string; how: 'cancel' | 'dispose' | 'disposeSafely' | 'timeout'; reason: string }
  | { kind: 'handler'; scope: string; handler: string; coroutine: string; error: ErrorValue };

declare module './scenario.js' {
  interface Instructions {
    /** The scope instructions. */
    scope: ScopeInstruction;
  }
}

declare module './trace.js' {
  interface TraceEvents {
    /** The scope event kinds. */
    scope: ScopeTraceEvent;
  }
}

declare module './core.js' {
  interface QueryMethods {
    /** The scope methods. */
    scope: ScopeQuery;
  }
}

const handler = { fields: { scope: id, handler: id, action: { enum: ['swallow', 'rethrow'] } }, required: ['scope', 'handler', 'action'] } as const;

/**
 * The scope area as data: capability `scope`, the JSON Schema of each
 * instruction and event kind, the scope query methods.
 */
export const scope = {
  capability: 'scope',
  instructions: {
    'scope.new': { fields: { id }, required: ['id'] },
    'scope.inherit': { fields: { id, parent: id }, required: ['id'] },
    'scope.asNotSafely': { fields: { scope: id }, required: ['scope'] },
    'scope.allowZombies': { fields: { scope: id }, required: ['scope'] },
    'scope.cancel': { fields: { scope: id, reason: str }, required: ['scope'] },
    'scope.dispose': { fields: { scope: id }, required: ['scope'] },
    'scope.disposeSafely': { fields: { scope: id }, required: ['scope'] },
    'scope.disposeAfterTimeout': { fields: { scope: id, ms }, required: ['scope', 'ms'] },
    'scope.awaitCompletion': { fields: { scope: id, timeoutMs: ms, cancellation: ref('tokenTarget') }, required: ['scope'] },
    'scope.awaitAfterCancellation': { fields: { scope: id, timeoutMs: ms }, required: ['scope'] },
    'scope.setExceptionHandler': handler,
    'scope.setChildScopeExceptionHandler': handler,
  },
  events: {
    scopeCancel: {
      fields: { scope: str, how: { enum: ['cancel', 'dispose', 'disposeSafely', 'timeout'] }, reason: str },
      required: ['scope', 'how', 'reason'],
    },
    handler: { fields: { scope: str, handler: str, coroutine: str, error: ref('error') }, required: ['scope', 'handler', 'coroutine', 'error'] },
  },
  queries: SCOPE_QUERIES,
  defs: {},
} as const satisfies LanguageArea<ScopeInstruction['op'], ScopeTraceEvent['kind']>;
