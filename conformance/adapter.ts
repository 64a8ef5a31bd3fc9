/**
 * The adapter contract: how any TrueAsync implementation plugs into the suite.
 *
 * @remarks
 * A runtime under test is *driven, not called*: the suite hands the adapter a
 * {@link Scenario} (plain JSON), the adapter runs it on a fresh runtime and
 * returns the {@link Trace} (plain JSON) of what happened. The meaning of each
 * instruction and the events it must produce are fixed by
 * `docs/guides/trace-semantics.md`.
 *
 * This module holds interfaces and type re-exports only, so that the
 * reference runtime (and any third-party adapter) can depend on it without
 * depending on the spec's logic.
 *
 * @see https://true-async.github.io/en/architecture.html
 * @module
 */
export type {
  Scenario,
  Program,
  Instruction,
  Op,
  Value,
  ErrorClass,
  ErrorValue,
  AwaitTarget,
  TokenTarget,
  CallbackAction,
  CatchClause,
  CoroutineQuery,
  SpawnInstruction,
  SuspendInstruction,
  DelayInstruction,
  AwaitInstruction,
  CancelInstruction,
  ThrowInstruction,
  TryInstruction,
  RethrowInstruction,
  ReturnInstruction,
  LogInstruction,
  TriggerNewInstruction,
  TriggerFireInstruction,
  TriggerCloseInstruction,
  FutureNewInstruction,
  FutureCompleteInstruction,
  FutureFailInstruction,
  EventOnInstruction,
  EventOffInstruction,
  OnFinallyInstruction,
  QueryInstruction,
  ShutdownInstruction,
} from '../spec/system/scenario.js';
export type { Trace, TraceEvent, EventKind, EventBase, SuspendedOn } from '../spec/system/trace.js';

import type { Scenario } from '../spec/system/scenario.js';
import type { Trace } from '../spec/system/trace.js';

/**
 * A feature area an adapter implements. Properties declare the capabilities
 * they need; a requirement whose capability an adapter lacks is reported
 * `n/a`, never `pass`.
 *
 * - `core` — events, wakers, coroutines, the scheduler, virtual time: every
 *   instruction of scenario language v1 (`spawn`, `suspend`, `delay`, `await`,
 *   `cancel`, `try`, triggers, futures, event callbacks, `onFinally`, `query`,
 *   `shutdown`).
 * - `scope` — `Async\Scope` and structured cancellation (added by a later version).
 * - `pool` — `Async\Pool` and its circuit breaker (later).
 * - `pdo` — the PDO connection pool (later).
 * - `gc` — objects with destructors that may await (later).
 * - `threads` — `spawn_thread`, thread channels and pools (later).
 */
export type Capability = 'core' | 'scope' | 'pool' | 'breaker' | 'pdo' | 'gc' | 'threads';

/** Options the suite passes to {@link Adapter.execute}. */
export interface ExecOptions {
  /**
   * Wall-clock budget for this one scenario, in milliseconds. The harness
   * enforces it itself (a late answer is classified as a timeout); the
   * adapter may use it to stop a child process early.
   */
  timeoutMs: number;
  /**
   * Seed for any choice the adapter makes that the semantics leave open
   * (thread interleavings). Single-threaded v1 scenarios are deterministic
   * and need no seed.
   */
  seed: number;
}

/**
 * An implementation of TrueAsync under test.
 *
 * @remarks
 * - `execute` must create a fresh runtime for every call: no state may leak
 *   from one scenario into the next.
 * - `execute` should not throw and should not reject. A domain outcome
 *   (deadlock, uncaught exception, cancellation) belongs in the trace. If it
 *   throws anyway, or returns something that is not a valid trace, or takes
 *   longer than `timeoutMs`, the harness records a classified failure
 *   (`adapter-threw`, `malformed-trace`, `timeout`) for the requirement being
 *   checked and goes on with the run.
 * - The trace must end with one `exit` event.
 *
 * @example A minimal adapter module, loadable with --adapter ./my-adapter.ts
 * ```ts
 * import type { Adapter } from 'trueasync-conformance/adapter';
 * const adapter: Adapter = {
 *   name: 'my-runtime',
 *   capabilities: ['core'],
 *   async execute(scenario) { return runOnMyRuntime(scenario); },
 * };
 * export default adapter;
 * ```
 */
export interface Adapter {
  /** Shown in reports. */
  name: string;
  /** The feature areas it implements. */
  capabilities: Capability[];
  /**
   * Run one scenario on a fresh runtime and return its trace.
   *
   * @param scenario - a validated scenario.
   * @param options - time budget and seed.
   * @returns the ordered trace, ending with `exit`.
   */
  execute(scenario: Scenario, options: ExecOptions): Promise<Trace>;
  /** Release resources (child processes, databases) when the run is over. */
  close?(): Promise<void>;
}

/**
 * What an adapter module may export as default: an {@link Adapter}, or a
 * function (possibly async) returning one.
 */
export type AdapterModuleExport = Adapter | (() => Adapter | Promise<Adapter>);
