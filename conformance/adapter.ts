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
 * depending on the spec's logic: every type of the scenario language
 * (`language/`: values, instructions and trace events of every area,
 * {@link Capability}) is re-exported from here.
 *
 * @see https://true-async.github.io/en/architecture.html
 * @module
 */
export type * from '../language/index.js';

import type { Capability, Scenario, Trace } from '../language/index.js';

/**
 * A known deviation of an implementation from one requirement: an *expected
 * failure*.
 *
 * @remarks A requirement that fails and has an expectation is reported
 * `expected-fail` and does not fail the run; one that has an expectation but
 * passes is reported `unexpected-pass` and does (the entry is stale). See
 * `conformance/harness/expectations.ts` for the file format and its schema.
 */
export interface Expectation {
  /** What the implementation does instead, in one sentence. */
  observed: string;
  /** Why — the design choice or known bug behind it (a link is welcome). */
  reason: string;
  /**
   * Pin the failure's classification (`violation`, `adapter-threw`,
   * `timeout`, `malformed-trace`); a failure of another classification is
   * then an ordinary failure. @defaultValue any classification
   */
  classification?: 'violation' | 'adapter-threw' | 'adapter-crashed' | 'timeout' | 'malformed-trace' | 'spec-error';
  /**
   * The properties find this deviation in most runs but not all (random
   * scenarios may miss it): a pass is then reported as `pass` with the
   * expectation attached, not as `unexpected-pass`. @defaultValue false
   */
  intermittent?: boolean;
  /**
   * The scenarios per property the deviation was measured at (`--runs`). A
   * run with fewer may miss it, so there a pass counts as for an
   * `intermittent` entry: `pass` with the expectation attached, never
   * `unexpected-pass`. @defaultValue any number of runs finds it
   */
  runs?: number;
}

/** Requirement ID (`POOL-3`) → its {@link Expectation}. */
export type Expectations = Readonly<Record<string, Expectation>>;

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
  /** The implementation's version (`3.1.2`), stamped into the compatibility matrix. */
  version?: string;
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
  /**
   * Why this implementation cannot run `scenario`, or `undefined` when it
   * can: a finer declaration than {@link Adapter.capabilities}, for an
   * implementation that has a capability but not every instruction or
   * option of it (a pool library without `tryAcquire` or a healthcheck).
   *
   * @remarks The harness discards such a scenario before `execute` (like a
   * failed precondition: fast-check generates another one, and shrinking
   * avoids it), counts it in the property's `skipped`, and reports a
   * property whose every scenario was discarded as `n/a` with the reasons.
   * Must be pure and fast; `execute` on an unsupported scenario should
   * still throw (a classified `adapter-threw`), for `replay`.
   */
  unsupported?(scenario: Scenario): string | undefined;
  /**
   * The implementation's known deviations (expected failures), keyed by
   * requirement ID. The adapters of third-party pool libraries load theirs
   * from an `expectations.json` next to the adapter. The CLI's
   * `--expectations FILE` replaces this field for a run.
   */
  expectations?: Expectations;
}

/**
 * How an adapter may classify its own failure when it throws from
 * {@link Adapter.execute}:
 *
 * - `adapter-crashed` — the runtime died (a child process exited, a worker
 *   called `process.exit` or ran out of memory);
 * - `timeout` — the runtime did not answer within `timeoutMs`;
 * - `malformed-trace` — the runtime answered with something that is not a
 *   trace (non-JSON output, a reply to another request).
 */
export type FaultClassification = 'adapter-crashed' | 'timeout' | 'malformed-trace';

/**
 * An error an adapter throws from {@link Adapter.execute} to classify its own
 * failure; any other thrown value is classified `adapter-threw`.
 *
 * @remarks The harness recognises it by shape (`name === 'AdapterFault'` and
 * a known `classification`), not by `instanceof`, so it also works when the
 * error crosses a worker or process boundary.
 *
 * @example
 * ```ts
 * throw new AdapterFault('adapter-crashed', 'the server exited with code 139');
 * ```
 */
export class AdapterFault extends Error {
  /** Always `AdapterFault`. */
  override name = 'AdapterFault';
  /**
   * @param classification - how the harness classifies the failure.
   * @param message - one line: what happened.
   */
  constructor(readonly classification: FaultClassification, message: string) {
    super(message);
  }
}

/** Whether a thrown value is an {@link AdapterFault} (by shape, across realms). */
export function isAdapterFault(e: unknown): e is AdapterFault {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { name?: unknown; classification?: unknown };
  return x.name === 'AdapterFault' && (x.classification === 'adapter-crashed' || x.classification === 'timeout' || x.classification === 'malformed-trace');
}

/**
 * What an adapter module may export as default: an {@link Adapter}, or a
 * function (possibly async) returning one.
 */
export type AdapterModuleExport = Adapter | (() => Adapter | Promise<Adapter>);
