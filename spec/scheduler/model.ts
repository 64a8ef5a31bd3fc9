/**
 * Types of the scheduler machine: the run queue (`coroutine_queue`), the
 * microtask queue, one tick of `scheduler_next_tick`, deadlock detection,
 * graceful shutdown and loop termination.
 *
 * @see https://true-async.github.io/en/architecture/scheduler-reactor.html
 * @module
 */
import type { ErrorValue } from '../../language/values.js';
import type { QueueEntry, RunQueue } from './runQueue.js';

export type { QueueEntry } from './runQueue.js';

/** A coroutine the exploration may spawn (besides `main`). */
export interface SpawnableCoroutine {
  /** Coroutine id. */
  id: string;
  /** Spawn priority: `0` = `ZEND_COROUTINE_NORMAL`, `>0` is high (`push_front`, SCH-2). */
  priority: number;
}

/** The configuration of the scheduler machine. Keep it small: `explore()` is exhaustive. */
export interface SchedulerConfig {
  /** Coroutines that may be spawned, each at most once (at most 2 for exploration). */
  coroutines: readonly SpawnableCoroutine[];
  /** Ids of the C-level microtasks that may be added, each at most once (at most 2). */
  microtasks: readonly string[];
}

/**
 * Where the scheduler is (the diagram node).
 *
 * `READY` — the extension is loaded but the scheduler is not launched (SCH-10);
 * `RUNNING` — a coroutine executes its body;
 * `MICROTASKS`, `REACTOR`, `SWITCH` — the steps of one tick;
 * `IDLE` — the scheduler coroutine blocks in the reactor;
 * `FINISHED` — the loop ended (SCH-12).
 */
export type SchedulerStatus = 'READY' | 'RUNNING' | 'MICROTASKS' | 'REACTOR' | 'SWITCH' | 'IDLE' | 'FINISHED';

/** `ZEND_ASYNC_WAKER_STATUS` of a coroutine's waker. */
export type WakerStatus = 'NO_STATUS' | 'WAITING' | 'QUEUED' | 'IGNORED' | 'RESULT';

/** What a waiting coroutine waits on: a reactor event (counts in `active_event_count`) or anything else. */
export type WaitTarget = 'reactor' | 'other';

/** A registered (unfinished) coroutine. */
export interface CoroutineRecord {
  /** Spawn priority. */
  priority: number;
  /** The `STARTED` flag: the body began to run. */
  started: boolean;
  /** The waker status. */
  waker: WakerStatus;
  /** What it waits on while `WAITING`; `null` otherwise. */
  waitsOn: WaitTarget | null;
  /** The pending waker error, thrown when the coroutine is switched in. */
  error?: ErrorValue;
  /** It was cancelled (by deadlock resolution or graceful shutdown). */
  cancelled: boolean;
}


/** One C-level microtask (`zend_async_microtask_t`). */
export interface MicrotaskRecord {
  /** `is_cancelled`. */
  cancelled: boolean;
  /** `ref_count`. */
  refCount: number;
  /** How many times its handler ran. */
  handlerRuns: number;
  /** How many times its `dtor` ran. */
  dtorRuns: number;
  /** Ghost: the handler ran while it was cancelled. */
  ranCancelled: boolean;
}

/** Ghost: the conditions observed when a deadlock was declared (SCH-8). */
export interface DeadlockWitness {
  /** Queue length. */
  queue: number;
  /** Queued microtasks. */
  microtasks: number;
  /** `active_event_count`. */
  activeEvents: number;
  /** Registered coroutines. */
  registered: number;
  /** Registered coroutines left uncancelled by the resolution (must be 0). */
  uncancelled: number;
}

/** The state of the scheduler and of the coroutines it runs. */
export interface SchedulerState {
  /** Where the scheduler is. */
  status: SchedulerStatus;
  /** The current coroutine; `null` for the scheduler coroutine (or none). */
  current: string | null;
  /** The coroutine whose tick is running (`null` when the tick follows a coroutine's end or the idle loop). */
  suspender: string | null;
  /** Registered, unfinished coroutines (`main` included once launched). */
  coroutines: Record<string, CoroutineRecord>;
  /** `coroutine_queue` (a circular buffer; its JSON form lists the entries head first). */
  queue: RunQueue;
  /** Queued microtask ids, head first. */
  microtasks: string[];
  /** Every microtask of the config. */
  tasks: Record<string, MicrotaskRecord>;
  /** Ghost: microtask ids in the order they were queued. */
  added: string[];
  /** Ghost: microtask ids in the order they were popped. */
  popped: string[];
  /** A microtask left an exception pending (SCH-4: stop). */
  exceptionPending: boolean;
  /** Ghost: some microtask threw (SCH-11). */
  microtaskThrew: boolean;
  /** `in_scheduler_context`. */
  schedulerContext: boolean;
  /** The graceful-shutdown flag (SCH-9). */
  gracefulShutdown: boolean;
  /** `exit_exception`, the chain rethrown at the end of the request. */
  exitException?: ErrorValue;
  /** Ghost: the last deadlock declaration. */
  deadlock: DeadlockWitness | null;
  /** Ghost: ids of finished coroutines. */
  finished: string[];
  /** Ghost: `main` suspended or ended at least once (SCH-10). */
  mainYielded: boolean;
  /** Ghost: errors reported as uncaught (SCH-13: never a Cancellation). */
  reported: ErrorValue[];
}

/** An operation on the scheduler. Coroutine operations apply to the current coroutine. */
export type SchedulerAction =
  | { type: 'spawn'; id: string }
  | { type: 'addMicrotask'; id: string }
  | { type: 'cancelMicrotask'; id: string }
  | { type: 'resume'; id: string }
  | { type: 'await'; on: WaitTarget | 'completed' }
  | { type: 'emptySuspend' }
  | { type: 'suspend' }
  | { type: 'end'; escaping?: ErrorValue }
  | { type: 'shutdown' }
  | { type: 'runMicrotask'; throws: boolean }
  | { type: 'leaveMicrotasks' }
  | { type: 'fire'; id: string }
  | { type: 'leaveReactor' }
  | { type: 'next' }
  | { type: 'tick' };

/** What a step reports. */
export type SchedulerOutput =
  | { type: 'returned' }
  | { type: 'switched'; to: string | null }
  | { type: 'thrown'; id: string; error: ErrorValue }
  | { type: 'handler'; microtask: string }
  | { type: 'dtor'; microtask: string }
  | { type: 'finalized'; id: string }
  | { type: 'deadlock'; waiting: number }
  | { type: 'finished' };

/** The id of the main coroutine (SCH-10). */
export const MAIN = 'main';

/** `Async\DeadlockError` message, `%u` = number of waiting coroutines (SCH-8). */
export const deadlockMessage = (waiting: number): string =>
  `Deadlock detected: no active coroutines, ${waiting} coroutines in waiting`;

/** The cancellation deadlock resolution applies to every coroutine (SCH-8). */
export const DEADLOCK_CANCELLATION: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' };

/** The cancellation graceful shutdown applies to every coroutine (SCH-9). */
export const SHUTDOWN_CANCELLATION: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Graceful shutdown' };

/** The exception a throwing microtask leaves pending (SCH-11). */
export const MICROTASK_ERROR: ErrorValue = { class: 'RuntimeException', message: 'microtask failed' };

/** `AsyncException` of suspending from scheduler context (SCH-7). */
export const STOP_FROM_SCHEDULER_MESSAGE = 'A coroutine cannot be stopped from the Scheduler context';

/** `AsyncException` of `suspend()` / `graceful_shutdown()` from scheduler context (SCH-7). */
export const SCHEDULER_CONTEXT_MESSAGE = 'The operation cannot be executed in the scheduler context';
