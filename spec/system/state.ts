/**
 * The state of the system model: coroutines, events, timers, the run queue
 * and the clock, as plain data.
 * @module
 */
import type {
  CallbackAction, ErrorValue, HandlerSpec, PoolNewInstruction, Program, StrategySpec, TryInstruction, Value,
} from './scenario.js';
import type { TraceEvent } from './trace.js';
import type { Attribution } from './attribution.js';
import type { EventState as EventMachineState } from '../event/model.js';

/** Waker status, in the order the C enum gives them. */
export type WakerStatus = 'NO_STATUS' | 'WAITING' | 'QUEUED' | 'IGNORED' | 'RESULT';

/** How a coroutine (or a finally body) ended or is leaving a block. */
export type Completion = { kind: 'normal' } | { kind: 'return'; value: Value } | { kind: 'throw'; error: ErrorValue };

/** The outcome of a finished coroutine or a settled future. */
export type Outcome = { value: Value; error?: undefined } | { error: ErrorValue; value?: undefined };

/** A block being executed: a program and the index of its next instruction. */
export interface SeqFrame {
  type: 'seq';
  program: Program;
  pc: number;
}

/** The bookkeeping of a `try` statement whose block is on the stack above it. */
export interface TryFrame {
  type: 'try';
  instruction: TryInstruction;
  /** Which part of the statement is running. */
  phase: 'body' | 'catch' | 'finally';
  /** The error caught by the running catch clause (for `rethrow`). */
  caught?: ErrorValue;
  /** What resumes after the finally block. */
  pending?: Completion;
}

/** A `protect` block whose body is on the stack above it (CAN-5). */
export interface ProtectFrame {
  type: 'protect';
}

/** One entry of a coroutine's continuation stack. */
export type Frame = SeqFrame | TryFrame | ProtectFrame;

/** What a suspended coroutine does when it is resumed: `pool` continues the pool call in {@link CoroutineState.poolCall}. */
export type Resumption = 'plain' | 'await' | 'pool';

/** A waker subscription: a coroutine waiting on an event. */
export interface WakerEntry {
  type: 'waker';
  coroutine: string;
  /** `target` resolves with the event's outcome; `token` with OperationCanceledException. */
  role: 'target' | 'token';
}

/** A user callback added with `event.on`. */
export interface UserEntry {
  type: 'user';
  callback: string;
  actions: CallbackAction[];
}

/** What a callback of an event's vector is. */
export type VectorEntry = WakerEntry | UserEntry;

/** A notifiable event: trigger, future or coroutine. */
export interface EventState {
  /** `trigger:<id>`, `future:<id>` or `coroutine:<id>`. */
  key: string;
  /** `F_CLOSED` (the event machine's flag, written back after each of its steps). */
  closed: boolean;
  /** Settled outcome (futures only). */
  outcome?: Outcome;
  /** The event machine's state (`spec/event`): the callback vector, tombstones and the notify pass. */
  machine: EventMachineState;
  /** What each callback id of the machine's vector is. */
  entries: Map<string, VectorEntry>;
  /** The id the next callback gets. */
  nextEntry: number;
  /** The last pass resolved a `target` waker with an error (the error was consumed, COR-8). */
  handled?: boolean;
}

/** An armed one-shot timer. */
export interface Timer {
  due: number;
  seq: number;
  /** The coroutine it wakes; the scope id for `dispose`; the pool id for `healthcheck`. */
  coroutine: string;
  /**
   * `target` wakes with `null`; `timeout` with OperationCanceledException(TimeoutException);
   * `dispose` cancels scope `coroutine` (SCP-11); `poolTimeout` wakes a pool waiter with
   * TimeoutException (POOL-9); `healthcheck` is a pool's hidden periodic timer (POOL-12, EVT-4).
   */
  role: 'target' | 'timeout' | 'dispose' | 'poolTimeout' | 'healthcheck';
  /** For `timeout`: the timeout in ms (for the message). */
  ms: number;
}

/** What a timer role does: whether it keeps the loop alive, whether it dies with its coroutine's wait, and its firing. */
export interface TimerRoleSpec {
  /** An armed timer of this role keeps the event loop alive (a pool's healthcheck does not: EVT-4, POOL-12). */
  keepsLoopAlive: boolean;
  /** Disarmed when the coroutine in {@link Timer.coroutine} stops waiting (WAK-2); `false` for scope and pool timers. */
  ofWait: boolean;
  /** The timer fired (the clock is at its due time; it is already disarmed). */
  fire(sys: SystemState, timer: Timer): void;
}

/** One coroutine. */
export interface CoroutineState {
  id: string;
  started: boolean;
  cancelled: boolean;
  finished: boolean;
  outcome?: Outcome;
  /** Exception stored by a self-cancel (CAN-3), delivered at finish. */
  stored?: ErrorValue;
  status: WakerStatus;
  /** Pending wake-up value and error. */
  result: Value;
  error?: ErrorValue;
  /** Event keys it is subscribed to while WAITING. */
  subscriptions: string[];
  finallyHandlers: string[];
  frames: Frame[];
  resumption: Resumption;
  /** Id of its scope ({@link MAIN_SCOPE} for the main scope). */
  scope: string;
  /** Marked zombie by a safe cascade (SCP-6, SCP-18). */
  zombie: boolean;
  /** Inside `protect` (CAN-5; a boolean, CAN-6). */
  protected: boolean;
  /** The first cancellation that arrived while protected. */
  deferred?: ErrorValue;
  /** The pool call it is suspended in (resumption `pool`), continued when it runs again. */
  poolCall?: PoolCall;
}

/** The id of the main scope: empty, so no scenario id can name it. */
export const MAIN_SCOPE = '';

/** A coroutine waiting on a scope (SCP-13, SCP-15). */
export interface ScopeWaiter {
  coroutine: string;
  /** `completion`: awaitCompletion; `drain`: awaitAfterCancellation. */
  kind: 'completion' | 'drain';
}

/** One scope (trace semantics §6.1). */
export interface ScopeState {
  id: string;
  parent: string | null;
  children: string[];
  /** Unfinished coroutines, in spawn order. */
  coroutines: string[];
  active: number;
  zombie: number;
  safe: boolean;
  cancelled: boolean;
  closed: boolean;
  disposed: boolean;
  handler?: HandlerSpec;
  childHandler?: HandlerSpec;
  finallyHandlers: string[];
  finallyRan: boolean;
  waiters: ScopeWaiter[];
}

/** The circuit-breaker state of a pool (CB-1, CB-2). */
export type BreakerState = 'ACTIVE' | 'INACTIVE' | 'RECOVERING';

/** An entry of a pool's waiter queue (trace semantics §7.1). */
export interface PoolWaiter {
  coroutine: string;
  /** A place was promised to it by *wake_one* (POOL-4). */
  reserved: boolean;
}

/** One pool (trace semantics §7.1). */
export interface PoolState {
  id: string;
  /** The constructor's arguments (callables as data). */
  config: PoolNewInstruction;
  min: number;
  max: number;
  /** Pre-warm finished: the pool exists for other instructions. */
  ready: boolean;
  /** Resource names, head (oldest) first. */
  idle: string[];
  /** Resources out, inside a hook, or places taken by a factory call in progress. */
  active: number;
  /** Places promised to woken waiters. */
  reserved: number;
  waiters: PoolWaiter[];
  closed: boolean;
  state: BreakerState;
  strategy: StrategySpec | null;
  /** Failures reported to the installed strategy. */
  failures: number;
  /** Call counters per callable (call numbers start at 1). */
  calls: { factory: number; healthcheck: number; beforeAcquire: number; beforeRelease: number };
  /** Per coroutine, the resources it acquired and has not released, oldest first. */
  held: Map<string, string[]>;
}

/** What a pool call of a coroutine was doing when it suspended. */
export type PoolCall =
  | { op: 'new'; pool: string; at: 'factory'; k: number }
  | { op: 'acquire' | 'tryAcquire'; pool: string; timeoutMs: number; hasRes: boolean; at: 'factory'; k: number }
  | { op: 'acquire' | 'tryAcquire'; pool: string; timeoutMs: number; hasRes: boolean; at: 'beforeAcquire'; k: number; resource: string }
  | { op: 'acquire'; pool: string; timeoutMs: number; hasRes: boolean; at: 'wait' }
  | { op: 'release'; pool: string; at: 'beforeRelease'; k: number; resource: string };

/** The whole system. */
export interface SystemState {
  now: number;
  trace: TraceEvent[];
  /** For each event of `trace`, the requirement IDs of the transition that emitted it. */
  attribution: Attribution[];
  coroutines: Map<string, CoroutineState>;
  /** Registered, unfinished coroutines in registration order. */
  registry: string[];
  /** Run queue of coroutine ids and `finally:<id>` iterators. */
  queue: string[];
  timers: Timer[];
  timerSeq: number;
  events: Map<string, EventState>;
  /** Every scope by id, the main scope included. */
  scopes: Map<string, ScopeState>;
  /** Every pool by id (one still in pre-warm is not `ready`). */
  pools: Map<string, PoolState>;
  /** The coroutine executing now, or `null` in scheduler context. */
  current: string | null;
  exitError?: ErrorValue;
  shuttingDown: boolean;
  /** Instruction budget left (runaway guard). */
  budget: number;
  /** The timer roles of the composed areas (configuration, not state: shared by every state of a run). */
  timerRoles: Readonly<Record<Timer['role'], TimerRoleSpec>>;
}

/**
 * The scope with this id.
 *
 * @throws Error when no such scope exists (a bug of the model, never a domain outcome).
 */
export function scopeOf(sys: SystemState, id: string): ScopeState {
  const s = sys.scopes.get(id);
  if (!s) throw new Error(`spec: unknown scope ${JSON.stringify(id)}`);
  return s;
}
