/**
 * The worker side of {@link isolateAdapter} (`isolate.ts`): loads the adapter
 * once per worker thread and runs one scenario per task.
 *
 * @remarks Every outcome travels back as plain data (an error does not cross
 * a thread boundary with its fields): the trace is snapshotted here, as JSON
 * text (one string crosses the thread boundary far faster than a structured
 * clone of a large trace), right after `execute` returns. Before calling `execute` the worker says
 * `begin` on the pool's broadcast channel (the parent arms the timeout from
 * then on, so a replacement worker's start-up is not charged to the
 * scenario), and when the adapter calls `process.exit` during a task it says
 * `exit` (the parent classifies the task `adapter-crashed`).
 * @module
 */
import { BroadcastChannel } from 'node:worker_threads';
import { type Adapter, type ExecOptions, type Scenario } from '../adapter.js';
import { loadAdapter } from '../loadAdapter.js';
import { errorMessage, executeAndSnapshot, faultOf, type Snapshot } from './execute.js';

/** One task: which adapter, which scenario (or `close: true`: close the worker's adapter copy). */
export interface IsolationTask {
  /** Close the worker's adapter instead of running a scenario. */
  close?: boolean;
  /** The `--adapter` spec, loaded with `loadAdapter` in the worker. */
  spec: string;
  /** Directory the spec is resolved against. */
  cwd: string;
  /** Name of the pool's broadcast channel. */
  channel: string;
  /** Task number (unique per pool). */
  id: number;
  /** The scenario. */
  scenario: Scenario;
  /** Options passed to `execute`. */
  options: ExecOptions;
}

/** What a task answers; never thrown. */
export type IsolationReply =
  | { kind: 'ok'; json: string | undefined }
  | { kind: 'fault'; classification: 'adapter-crashed' | 'timeout' | 'malformed-trace'; message: string }
  | { kind: 'threw'; message: string };

/** A message on the pool's broadcast channel. */
export type IsolationSignal = { type: 'begin' | 'exit'; id: number; code?: number };

let adapter: Promise<Adapter> | undefined;
let channel: BroadcastChannel | undefined;
let current: number | undefined;

process.on('exit', (code) => {
  if (current !== undefined) channel?.postMessage({ type: 'exit', id: current, code } satisfies IsolationSignal);
});

/** Run one task (the worker's default export, called by the pool). */
export default async function runTask(task: IsolationTask): Promise<IsolationReply> {
  if (channel === undefined) {
    channel = new BroadcastChannel(task.channel);
    channel.unref();
  }
  if (task.close) {
    if (adapter === undefined) return { kind: 'ok', json: undefined };
    try {
      await (await adapter).close?.();
      return { kind: 'ok', json: undefined };
    } catch (e) {
      return { kind: 'threw', message: errorMessage(e) };
    }
  }
  let loaded: Adapter;
  try {
    adapter ??= loadAdapter(task.spec, task.cwd);
    loaded = await adapter;
  } catch (e) {
    return { kind: 'fault', classification: 'adapter-crashed', message: `the worker could not load the adapter: ${errorMessage(e)}` };
  }
  current = task.id;
  channel.postMessage({ type: 'begin', id: task.id } satisfies IsolationSignal);
  let snap: Snapshot;
  try {
    snap = await executeAndSnapshot(loaded, task.scenario, task.options, false, true);
  } catch (e) {
    const fault = faultOf(e);
    if (fault) return { kind: 'fault', ...fault };
    return { kind: 'threw', message: errorMessage(e) };
  } finally {
    current = undefined;
  }
  if (snap.ok) return { kind: 'ok', json: snap.value as string | undefined };
  if (snap.classification === 'malformed-trace') return { kind: 'fault', classification: 'malformed-trace', message: snap.message };
  return { kind: 'threw', message: snap.message };
}
