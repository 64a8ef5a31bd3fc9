/**
 * The worker side of {@link createWorkerChecker} (`workers.ts`): each worker
 * thread loads the suite, the spec and its own copy of the adapter once, and
 * checks one property per task with {@link checkProperty} — the same code
 * and seeds as a run in the main thread, so the result is the same.
 *
 * @remarks The adapter is loaded as the CLI loads it (`stdio:` and `php`
 * with the external options, anything else with `loadAdapter`) and, unless
 * `inProcess`, wrapped by {@link isolateAdapter}: its scenarios run in a
 * worker of this worker, with the same timeout and crash handling as in a
 * one-worker run. The pool's shared stop flag (`--max-duration`, SIGINT,
 * `--bail`) is read before each scenario — synchronously, since an
 * in-process adapter's scenarios may never yield to the event loop — and
 * ends the property in progress after its current scenario.
 * @module
 */
import type { Adapter } from '../adapter.js';
import type { ExternalAdapterOptions } from '../adapters/stdio/load.js';
import type { ConformanceProperty } from './property.js';
import type { ExpectedTraceFn } from './execute.js';
import { CLOSE_LIMIT_MS } from './isolate.js';
import { checkProperty, type PropertyResult } from './run.js';

/** How a worker loads the adapter (the same for every task of a pool). */
export interface WorkerLoad {
  /** The `--adapter` spec. */
  spec: string;
  /** Directory the spec is resolved against. */
  cwd: string;
  /** Run the adapter in the worker thread itself instead of a worker of its own. */
  inProcess: boolean;
  /** Heap limit of the isolated adapter, in MiB. */
  memoryLimitMb?: number;
  /** The options of a `stdio:` or `php` adapter. */
  external?: ExternalAdapterOptions;
}

/** One task: check the property with this key. */
export interface PropertyTask {
  /** How to load the adapter. */
  load: WorkerLoad;
  /** The pool's stop flag: one Int32 on a SharedArrayBuffer, 1 once the run stops. */
  stop: SharedArrayBuffer;
  /** The property's {@link ConformanceProperty.key}. */
  key: string;
  /** Scenarios per property. */
  runs: number;
  /** The run's seed. */
  seed: number;
  /** Wall-clock limit of one `execute`, in ms. */
  timeoutMs: number;
}

interface Loaded {
  adapter: Adapter;
  properties: Map<string, ConformanceProperty>;
  expectedTrace: ExpectedTraceFn;
}

let loaded: Promise<Loaded> | undefined;

async function load(spec: WorkerLoad): Promise<Loaded> {
  const [{ allProperties }, { expectedTrace }, { loadAdapter }, { loadAdapterWith }, { isolateAdapter }, { isExternalAdapterSpec }] = await Promise.all([
    import('../properties/index.js'), import('../../spec/system/interpret.js'), import('../loadAdapter.js'),
    import('../adapters/stdio/cli.js'), import('./isolate.js'), import('../adapters/externalSpec.js'),
  ]);
  const raw = await loadAdapterWith(spec.spec, spec.external ?? { stderr: 'fail' }, () => loadAdapter(spec.spec, spec.cwd), spec.cwd);
  const adapter = spec.inProcess || isExternalAdapterSpec(spec.spec)
    ? raw
    : isolateAdapter(raw, { spec: spec.spec, cwd: spec.cwd, ...(spec.memoryLimitMb !== undefined ? { memoryLimitMb: spec.memoryLimitMb } : {}) });
  return { adapter, properties: new Map(allProperties.map((p) => [p.key, p])), expectedTrace };
}

/** Check one property (the worker's default export, called by the pool); rejects only when the worker cannot load. */
export default async function runTask(task: PropertyTask): Promise<PropertyResult> {
  const flag = new Int32Array(task.stop);
  const signal = { get aborted(): boolean { return Atomics.load(flag, 0) === 1; } };
  loaded ??= load(task.load);
  const { adapter, properties, expectedTrace } = await loaded;
  const property = properties.get(task.key);
  if (property === undefined) throw new Error(`the worker's suite has no property ${JSON.stringify(task.key)}`);
  return checkProperty(property, { adapter, expectedTrace, runs: task.runs, seed: task.seed, timeoutMs: task.timeoutMs, signal });
}

/** Close the worker's adapter (called by the pool before it terminates the worker). */
export async function teardown(): Promise<void> {
  if (loaded === undefined) return;
  const { adapter } = await loaded.catch(() => ({ adapter: undefined }));
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_LIMIT_MS + 1000);
  });
  // A close that fails or hangs must not keep the pool from terminating the worker.
  await Promise.race([Promise.resolve().then(() => adapter?.close?.()).catch(() => undefined), limit]);
  clearTimeout(timer);
}
