/**
 * Types of the event machine: one reactor event (a timer-like handle) with
 * its callback vector, its two counters and the global `active_event_count`.
 *
 * @see https://true-async.github.io/en/architecture/events.html
 * @module
 */

/**
 * The configuration of one modelled event.
 *
 * @remarks Keep it small: `explore()` walks every reachable state.
 */
export interface EventConfig {
  /** Ids of the callbacks that may be added to the vector (each at most once at a time). */
  callbacks: readonly string[];
  /** `F_HIDDEN`: the event never counts in `active_event_count` (EVT-4). @defaultValue false */
  hidden: boolean;
  /** Periodic / `MULTISHOT`: a reactor fire keeps the event active (EVT-15). @defaultValue false */
  periodic: boolean;
  /** The event implements `replay` (coroutine, future, scope) (EVT-12). @defaultValue false */
  replayable: boolean;
  /** The PHP object holds an event *reference* (`F_REFERENCE`) instead of embedding the event (EVT-16). @defaultValue false */
  reference: boolean;
  /** How many extra ownership references the exploration may take (bounds `ref_count`). @defaultValue 1 */
  maxExtraRefs: number;
  /** How many `start()` calls may be stacked (bounds `loop_ref_count`). @defaultValue 2 */
  maxLoopRefs: number;
}

/**
 * The lifecycle status of the event, TrueAsync's names in
 * upper case: `CREATED → ACTIVE ⇄ STOPPED`, `→ CLOSED → DISPOSED`.
 */
export type EventStatus = 'CREATED' | 'ACTIVE' | 'STOPPED' | 'CLOSED' | 'DISPOSED';

/** One slot of the callback vector; `removed` is the tombstone left by a removal during a notify pass. */
export interface CallbackEntry {
  /** The callback id. */
  id: string;
  /** Removed while a pass was running; compacted away when the pass ends (EVT-6). */
  removed: boolean;
}

/** What started a notify pass. */
export type PassOrigin = 'notify' | 'fire' | 'close';

/**
 * A notify pass over the callback vector, kept after it ends
 * (until the next pass) so invariants can check what it did.
 */
export interface NotifyPass {
  /** The iterator is still registered on the vector. */
  running: boolean;
  /** What started it. */
  origin: PassOrigin;
  /** Whether the event was already `CLOSED` when the pass started (EVT-15). */
  closedAtStart: boolean;
  /** Index of the next vector slot to visit. */
  next: number;
  /** The callback being executed, `null` before the first and after the last. */
  current: string | null;
  /** Callbacks invoked, in order. */
  invoked: string[];
  /** Callbacks removed before their turn came (must never be invoked). */
  skipped: string[];
  /** Callbacks appended while the pass ran (EVT-7). */
  appended: string[];
  /** A callback left an exception pending (EVT-9). */
  exception: boolean;
  /** `invoked.length` at the moment the exception was raised. */
  exceptionAfter: number | null;
  /** Live callbacks when a pass that was not stopped by an exception ended; `null` while running. */
  liveAtEnd: string[] | null;
}

/** The state of the event and of the global counter it feeds. */
export interface EventState {
  /** `start()` was called at least once (distinguishes `CREATED` from `STOPPED`). */
  started: boolean;
  /** `F_CLOSED`. */
  closed: boolean;
  /** Ghost: the event was closed at some point (EVT-11 checks `closed` stays set). */
  wasClosed: boolean;
  /** How many times `dispose()` ran (EVT-1: at most once). */
  disposeCount: number;
  /** `ref_count`: ownership (object reference + extra references + the notify pass's temporary one). */
  refCount: number;
  /** Extra ownership references taken with `addRef`. */
  extraRefs: number;
  /** The PHP object that owns the event is alive. */
  objectAlive: boolean;
  /** `loop_ref_count`: how many parties want the handle armed. */
  loopRefCount: number;
  /** The reactor handle is armed. */
  armed: boolean;
  /** The global `active_event_count` (this event is the only reactor event of the model). */
  activeEventCount: number;
  /** The callback vector, in subscription order. */
  vector: CallbackEntry[];
  /** `callback.ref_count` of every callback id (number of containers holding it). */
  callbackRefs: Record<string, number>;
  /** Registered iterators on the vector (EVT-8: at most one). */
  iterators: number;
  /** The current or last notify pass. */
  pass: NotifyPass | null;
  /** A result (or exception) is stored for `replay` (EVT-12). */
  stored: boolean;
}

/** An operation on the event. `callback` names a callback id of the config. */
export type EventAction =
  | { type: 'addCallback'; callback: string }
  | { type: 'subscribe'; callback: string }
  | { type: 'removeCallback'; callback: string }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'fire' }
  | { type: 'notify' }
  | { type: 'close' }
  | { type: 'advance' }
  | { type: 'raise' }
  | { type: 'addRef' }
  | { type: 'release' }
  | { type: 'freeObject' }
  | { type: 'replay' }
  | { type: 'await' };

/** What a step reports. */
export type EventOutput =
  | { type: 'invoked'; callback: string }
  | { type: 'passEnded'; stoppedByException: boolean }
  | { type: 'warning'; message: string }
  | { type: 'removed'; callback: string; found: boolean }
  | { type: 'callbackDisposed'; callback: string }
  | { type: 'disposed' }
  | { type: 'replayed' }
  | { type: 'replayRefused' }
  | { type: 'awaited'; value: null };

/** The warning of a nested notify on the same event (EVT-8). */
export const NESTED_NOTIFY_WARNING = 'Concurrent callback iteration detected - nested notify() calls are not allowed';

/** The warning of awaiting a closed event that cannot be replayed (EVT-13). */
export const CLOSED_EVENT_WARNING = 'Cannot await a closed event which cannot be replayed';

/** The `Error` message of subscribing to a closed event through a waker (EVT-11, WAK-7). */
export const TERMINATED_EVENT_MESSAGE = 'The event cannot be used after it has been terminated';
