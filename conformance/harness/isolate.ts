/**
 * Isolation: an in-process adapter run in a worker thread (tinypool), so a
 * synchronous hang, `process.exit`, an out-of-memory crash or a stuck handle
 * costs one scenario, not the run.
 *
 * @remarks {@link isolateAdapter} wraps an adapter loaded in the main thread
 * (its `name`, `capabilities`, `unsupported` and `expectations` are used as
 * they are) and sends `execute` to a worker that loads its own copy from the
 * same `--adapter` spec. The worker is replaced after every crash or
 * timeout:
 *
 * - no answer within `timeoutMs` (plus {@link graceMs}) of the worker
 *   starting the scenario → the worker is terminated, `AdapterFault('timeout')`;
 * - `process.exit`, an out-of-memory crash (`memoryLimitMb`), a worker that
 *   dies or cannot load the adapter within `startupTimeoutMs` →
 *   `AdapterFault('adapter-crashed')`.
 *
 * The worker entry is `isolationWorker.js` next to this module when it runs
 * as compiled JavaScript; under TypeScript sources (vitest, tsx) a small
 * bootstrap registers tsx in the worker first.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { Tinypool } from 'tinypool';
import { AdapterFault, type Adapter, type ExecOptions, type Scenario } from '../adapter.js';
import { ENFORCES_TIMEOUT } from './execute.js';
import type { IsolationReply, IsolationSignal, IsolationTask } from './isolationWorker.js';

/** Options of {@link isolateAdapter}. */
export interface IsolationOptions {
  /** The `--adapter` spec the worker loads (`reference`, `tarn`, a module path). */
  spec: string;
  /** Directory a relative spec is resolved against. */
  cwd: string;
  /** Heap limit of the worker, in MiB (an adapter above it is `adapter-crashed`). @defaultValue 2048 */
  memoryLimitMb?: number;
  /** Limit for a fresh worker to load the adapter before its first scenario, in ms. @defaultValue 30000 */
  startupTimeoutMs?: number;
}

/** How long the worker's copy of the adapter may take to `close()` before the worker is terminated, in ms. */
export const CLOSE_LIMIT_MS = 2000;

/** How long past `timeoutMs` a worker may take before it is terminated: half of it, at most 1 s. */
export function graceMs(timeoutMs: number): number {
  return Math.min(1000, Math.floor(timeoutMs / 2));
}

/**
 * The entry of a worker thread of the harness (`isolationWorker`,
 * `propertyWorker`, next to this module): compiled JS as is, TypeScript
 * sources through a tsx bootstrap.
 */
export function workerFilename(name = 'isolationWorker'): string {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL(`./${name}.js`, here).href;
  const tsxDir = dirname(createRequire(here).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const worker = new URL(`./${name}.ts`, here).href;
  const boot = `import { register } from ${JSON.stringify(api)}; register(); const m = await import(${JSON.stringify(worker)}); export default m.default; export const teardown = m.teardown;`;
  return `data:text/javascript,${encodeURIComponent(boot)}`;
}

/**
 * Run `adapter`'s scenarios in a worker thread.
 *
 * @param adapter - the adapter as loaded in the main thread (metadata, `unsupported`, `close`).
 * @param options - how the worker loads its copy, and its limits.
 * @returns an adapter whose `execute` never hangs the caller and whose
 *   `close` closes the worker's copy, terminates the worker, then closes `adapter`.
 */
export function isolateAdapter(adapter: Adapter, options: IsolationOptions): Adapter {
  const startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
  const channelName = `trueasync-conformance-isolation-${randomUUID()}`;
  const pool = new Tinypool({
    filename: workerFilename(),
    minThreads: 1,
    maxThreads: 1,
    isolateWorkers: false,
    idleTimeout: 0,
    resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb ?? 2048 },
  });
  // A worker's error is the task's rejection; without a listener the pool would rethrow it in the main thread.
  pool.on('error', () => undefined);
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  const listeners = new Map<number, (s: IsolationSignal) => void>();
  channel.onmessage = (event: unknown) => {
    const signal = (event as { data: IsolationSignal }).data;
    listeners.get(signal.id)?.(signal);
  };
  let next = 0;
  let inFlight: AbortController | undefined;

  async function execute(scenario: Scenario, execOptions: ExecOptions): Promise<unknown> {
    // A task the harness gave up on (its own safety net) must not block this one.
    inFlight?.abort();
    const id = ++next;
    const abort = new AbortController();
    inFlight = abort;
    let reason: AdapterFault | undefined;
    const stop = (fault: AdapterFault): void => {
      reason ??= fault;
      abort.abort();
    };
    let timer: NodeJS.Timeout | undefined;
    const startup = setTimeout(() => {
      stop(new AdapterFault('adapter-crashed', `the worker did not start the scenario within ${startupTimeoutMs} ms (loading the adapter hangs?)`));
    }, startupTimeoutMs);
    listeners.set(id, (signal) => {
      if (signal.type === 'begin') {
        clearTimeout(startup);
        // A little grace, so that an adapter enforcing the limit itself (a child process it kills) answers first.
        timer = setTimeout(() => {
          stop(new AdapterFault('timeout', `adapter did not answer within ${execOptions.timeoutMs} ms (the worker was terminated)`));
        }, Math.min(2 ** 31 - 1, execOptions.timeoutMs + graceMs(execOptions.timeoutMs)));
      } else {
        stop(new AdapterFault('adapter-crashed', `the adapter called process.exit(${signal.code ?? ''}) (the worker was replaced)`));
      }
    });
    const task: IsolationTask = { spec: options.spec, cwd: options.cwd, channel: channelName, id, scenario, options: execOptions };
    let reply: IsolationReply;
    try {
      reply = (await pool.run(task, { signal: abort.signal })) as IsolationReply;
    } catch (e) {
      if (reason) throw reason;
      const err = e as { code?: unknown; message?: unknown };
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new AdapterFault('adapter-crashed', `the adapter ran out of memory (worker heap limit ${options.memoryLimitMb ?? 2048} MiB; the worker was replaced)`);
      }
      throw new AdapterFault('adapter-crashed', `the worker died: ${String(err.message ?? e)}`);
    } finally {
      clearTimeout(startup);
      if (timer !== undefined) clearTimeout(timer);
      listeners.delete(id);
      if (inFlight === abort) inFlight = undefined;
    }
    if (reason) throw reason;
    if (reply.kind === 'ok') return reply.json === undefined ? undefined : (JSON.parse(reply.json) as unknown);
    if (reply.kind === 'fault') throw new AdapterFault(reply.classification, reply.message);
    // Rethrown as the one-line text the worker recorded, so the message reads as in-process.
    throw reply.message;
  }

  const isolated: Adapter & { [ENFORCES_TIMEOUT]: number } = {
    name: adapter.name,
    capabilities: adapter.capabilities,
    ...(adapter.expectations !== undefined ? { expectations: adapter.expectations } : {}),
    ...(adapter.unsupported !== undefined ? { unsupported: (s: Scenario) => adapter.unsupported!(s) } : {}),
    execute: execute as Adapter['execute'],
    async close() {
      inFlight?.abort();
      if (next > 0) {
        // Let the worker's copy release what it holds (child processes), within CLOSE_LIMIT_MS.
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), CLOSE_LIMIT_MS);
        const task: Partial<IsolationTask> = { close: true, spec: options.spec, cwd: options.cwd, channel: channelName, id: ++next };
        try {
          await pool.run(task, { signal: abort.signal });
        } catch {
          // A worker that cannot close is terminated below.
        } finally {
          clearTimeout(timer);
        }
      }
      channel.close();
      await pool.destroy();
      await adapter.close?.();
    },
    [ENFORCES_TIMEOUT]: startupTimeoutMs + 1000,
  };
  return isolated;
}
