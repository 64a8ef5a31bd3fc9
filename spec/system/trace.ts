/**
 * The trace vocabulary: what a runtime reports after running a scenario.
 *
 * @remarks
 * A trace is the ordered list of observable events. Each event carries the
 * virtual time `t` (ms), the acting coroutine (`actor`), a `kind` from the
 * closed vocabulary below and its data. Which events an instruction produces
 * is fixed by `docs/guides/trace-semantics.md`. Identifiers are the
 * scenario's own ids, so traces from different runtimes compare directly.
 * @module
 */
import type { CoroutineQuery, ErrorValue, PoolQuery, ScopeQuery, Value } from './scenario.js';

/** Fields every trace event has. */
export interface EventBase {
  /** Virtual time in milliseconds. */
  t: number;
  /** Coroutine id, `scheduler`, or `finally:<id>`. */
  actor: string;
}

/** What a coroutine suspended on: `queue` (suspend), `timer`, or `coroutine:<id>` / `future:<id>` / `trigger:<id>` / `scope:<id>`. */
export type SuspendedOn = string;

/** Every trace event of scenario language v1, discriminated by `kind`. */
export type TraceEvent = EventBase &
  (
    | { kind: 'started' }
    | { kind: 'spawned'; coroutine: string }
    | { kind: 'suspended'; on: SuspendedOn }
    | { kind: 'resumed'; error?: ErrorValue }
    | { kind: 'awaited'; value: Value }
    | { kind: 'completed'; value: Value }
    | { kind: 'failed'; error: ErrorValue }
    | { kind: 'caught'; error: ErrorValue }
    | { kind: 'cancel'; target: string; reason: string }
    | { kind: 'log'; value: Value }
    | { kind: 'fire'; event: string; value: Value }
    | { kind: 'close'; event: string }
    | { kind: 'settle'; event: string; value?: Value; error?: ErrorValue }
    | { kind: 'on'; event: string; callback: string }
    | { kind: 'off'; event: string; callback: string; found: boolean }
    | { kind: 'callback'; event: string; callback: string; value?: Value; error?: ErrorValue }
    | { kind: 'warning'; message: string }
    | { kind: 'query'; target: string; what: CoroutineQuery | ScopeQuery | PoolQuery; value: Value | ErrorValue }
    | { kind: 'scopeCancel'; scope: string; how: 'cancel' | 'dispose' | 'disposeSafely' | 'timeout'; reason: string }
    | { kind: 'handler'; scope: string; handler: string; coroutine: string; error: ErrorValue }
    | { kind: 'acquire'; pool: string; try: boolean }
    | { kind: 'acquired'; pool: string; resource: string | null }
    | { kind: 'release'; pool: string; resource: string }
    | { kind: 'created'; pool: string; resource: string }
    | { kind: 'destroyed'; pool: string; resource: string }
    | { kind: 'hook'; pool: string; hook: 'beforeAcquire' | 'beforeRelease' | 'healthcheck'; resource: string; ok: boolean }
    | { kind: 'report'; pool: string; what: 'success' | 'failure' }
    | { kind: 'breaker'; pool: string; state: 'ACTIVE' | 'INACTIVE' | 'RECOVERING' }
    | { kind: 'poolClose'; pool: string }
    | { kind: 'finally'; target: string; handler: string }
    | { kind: 'shutdown' }
    | { kind: 'deadlock'; waiting: number }
    | { kind: 'exit'; error?: ErrorValue }
  );

/** The `kind` names of the trace vocabulary. */
export type EventKind = TraceEvent['kind'];

/** An ordered trace; the last event is always `exit`. */
export type Trace = TraceEvent[];

/** The closed list of event kinds (for validation of foreign traces). */
export const EVENT_KINDS: readonly EventKind[] = [
  'started', 'spawned', 'suspended', 'resumed', 'awaited', 'completed', 'failed', 'caught',
  'cancel', 'log', 'fire', 'close', 'settle', 'on', 'off', 'callback', 'warning', 'query',
  'finally', 'shutdown', 'deadlock', 'exit', 'scopeCancel', 'handler',
  'acquire', 'acquired', 'release', 'created', 'destroyed', 'hook', 'report', 'breaker', 'poolClose',
];
