/**
 * Scopes of the reference runtime: the scope tree, its accounting and its
 * predicates, and the two callbacks a scope puts into event vectors.
 *
 * @remarks
 * A {@link Scope} is the internal `zend_async_scope_t` together with its
 * `Async\Scope` object (every object lives until the end of the run, so the
 * two never separate). It owns an event whose callback vector holds its
 * *waiters* — coroutines suspended in `awaitCompletion` or
 * `awaitAfterCancellation`, in arrival order — as {@link ScopeWaiter}
 * entries. A completion check or a notify with an error is one pass over
 * that vector; each waiter decides whether the pass resolves it. Waking a
 * waiter drops all of its waker's subscriptions at once (WAK-2), so a woken
 * waiter leaves the vector with its token and timeout subscriptions.
 * A `disposeAfterTimeout` timer carries a {@link ScopeTimeout} entry.
 * The layer that acts on scopes is `ScopeRuntime` (`scoping.ts`).
 *
 * @see https://true-async.github.io/en/docs/components/scope.html
 * @module
 */
import type { ErrorValue, Instruction, Value } from '../conformance/adapter.js';
import type { Coroutine } from './coroutine.js';
import { AsyncEvent, type EventCallback } from './event.js';

/** A scope exception handler as data: its id and whether it absorbs the error (SCP-14). */
export type HandlerSpec = Pick<Extract<Instruction, { op: 'scope.setExceptionHandler' | 'scope.setChildScopeExceptionHandler' }>, 'handler' | 'action'>;

/**
 * A scope (SCP-1..SCP-20).
 *
 * @remarks `CANCELLED`, `CLOSED` and `disposed` are the three sticky states
 * of trace-semantics §6.1. `coroutines` holds the unfinished coroutines in
 * spawn order; zombies stay in it (they still count for draining and
 * disposal) but are counted in `zombie` instead of `active`.
 */
export class Scope {
  /** Child scopes, in creation order; a disposed child is removed (SCP-1). */
  readonly children: Scope[] = [];
  /** Unfinished coroutines (zombies included), in spawn order (an insertion-ordered set: O(1) leave). */
  readonly coroutines = new Set<Coroutine>();
  /** Unfinished coroutines that are not zombies. */
  active = 0;
  /** Unfinished zombies (SCP-18). */
  zombie = 0;
  /** `DISPOSE_SAFELY`: cancelling in this scope's own mode zombifies started coroutines (SCP-2, SCP-6). */
  safe: boolean;
  /** `CANCELLED` (sticky). */
  cancelled = false;
  /** `CLOSED` (sticky): set by a user close of a done or already cancelled scope (SCP-7). */
  closed = false;
  /** The internal scope was disposed (SCP-12); the object reports closed. */
  disposed = false;
  /** The scope's own exception handler (SCP-14). */
  exceptionHandler: HandlerSpec | undefined;
  /** The handler for errors arriving from child scopes (SCP-14). */
  childScopeHandler: HandlerSpec | undefined;
  /** `finally()` handler ids, in registration order (SCP-16). */
  readonly finallyHandlers: string[] = [];
  /** Whether the finally handlers already ran (closed or disposed). */
  finallyRan = false;
  /** The event whose vector holds the waiters, in arrival order (SCP-13, SCP-15). */
  readonly event: AsyncEvent;

  /**
   * @param id - scenario id (the main scope has an internal one that never reaches a trace).
   * @param parent - the parent scope, or `undefined` for a root.
   * @param safe - the initial safe flag.
   * @param isMain - whether this is the main scope (never cancelled, absorbs nothing).
   */
  constructor(
    readonly id: string,
    readonly parent: Scope | undefined,
    safe: boolean,
    readonly isMain = false,
  ) {
    this.safe = safe;
    this.event = new AsyncEvent('scope', id);
    parent?.children.push(this);
  }

  /** `completed(S)` = `CLOSED ∨ CANCELLED ∨ (active==0 ∧ every child completed)` (SCP-9). */
  get completed(): boolean {
    return this.closed || this.cancelled || (this.active === 0 && this.children.every((c) => c.completed));
  }

  /**
   * `completelyDone(S)` = `CLOSED ∨ CANCELLED ∨ (active+zombie==0 ∧ every child completely done)`:
   * C's `SCOPE_IS_COMPLETELY_DONE`, which decides whether a user cancel closes the scope at once (SCP-7).
   */
  get completelyDone(): boolean {
    return this.closed || this.cancelled || (this.active + this.zombie === 0 && this.children.every((c) => c.completelyDone));
  }

  /** `drained(S)` = `active+zombie==0 ∧ every child drained` (no short-circuit for a cancelled scope). */
  get drained(): boolean {
    return this.active + this.zombie === 0 && this.children.every((c) => c.drained);
  }

  /** `settled(S)` = `active==0 ∧ every child settled` (zombies not counted; empty children are complete, §12 #24). */
  get settled(): boolean {
    return this.active === 0 && this.children.every((c) => c.settled);
  }

  /** `isFinished()` = disposed ∨ `completed(S)` (SCP-9). */
  get isFinished(): boolean {
    return this.disposed || this.completed;
  }

  /** `isClosed()` = `CLOSED` ∨ disposed (SCP-9). */
  get isClosed(): boolean {
    return this.closed || this.disposed;
  }

  /**
   * Whether `other` is this scope or one of its descendants.
   *
   * @param other - a scope.
   * @returns true when this scope is `other` or an ancestor of it.
   */
  contains(other: Scope): boolean {
    for (let s: Scope | undefined = other; s !== undefined; s = s.parent) {
      if (s === this) return true;
    }
    return false;
  }

  /**
   * A coroutine joins the scope (`active++`).
   *
   * @param co - the new coroutine.
   */
  join(co: Coroutine): void {
    co.scope = this;
    this.coroutines.add(co);
    this.active++;
  }

  /**
   * A finished coroutine leaves the scope (`active--`, or `zombie--` for a zombie).
   *
   * @param co - the finished coroutine.
   */
  leave(co: Coroutine): void {
    if (!this.coroutines.delete(co)) return;
    if (co.zombie) this.zombie--;
    else this.active--;
  }

  /**
   * Detach this scope from its parent's children (SCP-1, at disposal).
   */
  detach(): void {
    if (this.parent === undefined) return;
    const index = this.parent.children.indexOf(this);
    if (index >= 0) this.parent.children.splice(index, 1);
  }
}

/** What kind of scope wait a {@link ScopeWaiter} is. */
export type ScopeWaitKind = 'completion' | 'drain';

/** What a scope waiter needs from the runtime. */
export interface ScopeWaiterHost {
  /**
   * A pass over the scope's waiter vector reached this waiter.
   *
   * @param waiter - the waiter entry.
   * @param error - the notified error (a cancellation or fail-together), or `undefined` for a completion check.
   */
  onScopeWaiterNotified(waiter: ScopeWaiter, error: ErrorValue | undefined): void;
}

/**
 * A coroutine waiting on a scope: `completion` (`awaitCompletion`, SCP-13)
 * or `drain` (`awaitAfterCancellation`, SCP-15); a waker subscription in the
 * scope's waiter vector.
 */
export class ScopeWaiter implements EventCallback {
  /** @inheritDoc */
  refCount = 0;

  /**
   * @param coroutine - the waiting coroutine.
   * @param scope - the awaited scope.
   * @param kind - what it waits for.
   * @param host - the runtime.
   */
  constructor(
    readonly coroutine: Coroutine,
    readonly scope: Scope,
    readonly kind: ScopeWaitKind,
    private readonly host: ScopeWaiterHost,
  ) {}

  /** @inheritDoc */
  invoke(event: AsyncEvent, value: Value, error: ErrorValue | undefined): ErrorValue | undefined {
    void event;
    void value;
    this.host.onScopeWaiterNotified(this, error);
    return undefined;
  }
}

/** What a `disposeAfterTimeout` timer needs from the runtime. */
export interface ScopeTimeoutHost {
  /**
   * The `disposeAfterTimeout` timer of `scope` fired (SCP-11).
   *
   * @param scope - the scope.
   */
  onScopeTimeout(scope: Scope): void;
}

/** The callback a `disposeAfterTimeout` timer carries (SCP-11). */
export class ScopeTimeout implements EventCallback {
  /** @inheritDoc */
  refCount = 0;

  /**
   * @param scope - the scope to cancel when the timer fires.
   * @param host - the runtime.
   */
  constructor(
    readonly scope: Scope,
    private readonly host: ScopeTimeoutHost,
  ) {}

  /** @inheritDoc */
  invoke(): ErrorValue | undefined {
    this.host.onScopeTimeout(this.scope);
    return undefined;
  }
}
