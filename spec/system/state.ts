/**
 * The state of the system model: coroutines, events, timers, the run queue
 * and the clock, as plain data.
 * @module
 */
import type { PoolConfig as PoolMachineConfig, PoolState as PoolMachineState } from '../pool/model.js';
import type {
  CallbackAction, ErrorValue, HandlerSpec, PoolNewInstruction, Program, StrategySpec, TryInstruction, Value,
} from './scenario.js';
import type { TraceEvent } from './trace.js';
import type { Attribution } from './attribution.js';
import type { EventState as EventMachineState } from '../event/model.js';
import type { RunQueue } from '../scheduler/runQueue.js';
import type { CircuitBreakerMachineState as BreakerMachineState } from '../circuitBreaker/model.js';

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

/**
 * One pool (trace semantics §7.1): its state is the pool machine's
 * (`spec/pool`), breaker state included; the system keeps only what belongs
 * to the callables the scenario describes as data — their call numbers —
 * and the circuit-breaker machine's state.
 */
export interface PoolState {
  id: string;
  /** The constructor's arguments (callables as data). */
  config: PoolNewInstruction;
  /** The pool machine's configuration for these arguments. */
  machineConfig: PoolMachineConfig;
  /** The pool machine's state: lifecycle, idle ring, counters, waiters, every caller's call, breaker state. */
  machine: PoolMachineState;
  /**
   * The circuit-breaker machine's state (`spec/circuitBreaker`): breaker
   * state, installed strategy and its memory, stepped by that machine's
   * transitions; the pool machine's `circuit` (its gate) follows it.
   */
  breaker: BreakerMachineState;
  /** Call counters of the hooks (call numbers start at 1); the factory's are the machine's `factoryCalls`. */
  calls: { healthcheck: number; beforeAcquire: number; beforeRelease: number };
}

/** Where a pool call of a coroutine suspended: inside the factory or a hook with `delayMs` (call number `k`), or as a waiter. */
export interface PoolCall {
  op: 'new' | 'acquire' | 'tryAcquire' | 'release';
  pool: string;
  at: 'factory' | 'beforeAcquire' | 'beforeRelease' | 'wait';
  /** The callable's call number (0 while waiting). */
  k: number;
  /** The `acquire` timeout in ms (0: none), armed again on every park. */
  timeoutMs: number;
}

/** The whole system. */
export interface SystemState {
  now: number;
  trace: TraceEvent[];
  /** For each event of `trace`, the requirement IDs of the transition that emitted it. */
  attribution: Attribution[];
  coroutines: Map<string, CoroutineState>;
  /** Registered, unfinished coroutines in registration order. */
  registry: string[];
  /** Run queue of coroutine ids and `finally:<id>` iterators: the scheduler machine's `coroutine_queue` (`spec/scheduler`), mutated in place. */
  queue: RunQueue;
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
