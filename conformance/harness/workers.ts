/**
 * `run --workers N`: the properties of a run spread over N worker threads
 * (tinypool), with the report of a one-worker run.
 *
 * @remarks Each worker loads the suite, the spec and its own copy of the
 * adapter (`propertyWorker.ts`) and checks whole properties, so a property
 * sees exactly the scenarios, seeds and adapter behaviour of a run in the
 * main thread; {@link checkProperties} hands the results and the progress
 * calls back in suite order. The report is therefore byte-identical to
 * `--workers 1` for a deterministic adapter (junit's wall times aside). An
 * abort of the run's signal (`--max-duration`, SIGINT, `--bail`) sets a
 * shared flag every worker reads before each scenario: the property in
 * progress ends after its current scenario.
 * A worker that dies (an adapter run `--in-process` that calls
 * `process.exit` or runs out of memory) fails its property as
 * `adapter-crashed`, and the pool starts a new one.
 * @module
 */
import { Tinypool } from 'tinypool';
import type { ConformanceProperty } from './property.js';
import { workerFilename } from './isolate.js';
import type { PropertyTask, WorkerLoad } from './propertyWorker.js';
import { propertySeed, type CheckOptions, type PropertyChecker, type PropertyResult } from './run.js';
import { errorMessage } from './execute.js';

/** Options of {@link createWorkerChecker}. */
export interface WorkerCheckerOptions extends WorkerLoad {
  /** Worker threads (properties checked at once), at least 1. */
  workers: number;
}

/** A {@link PropertyChecker} over worker threads; `close` closes every worker's adapter and ends the threads. */
export type WorkerChecker = PropertyChecker & { close(): Promise<void> };

/** How long `close` waits for the workers to close their adapters and exit, in ms. */
export const WORKERS_CLOSE_LIMIT_MS = 10_000;

/**
 * Check properties in `options.workers` worker threads.
 *
 * @param options - how many workers, and how each loads the adapter (as the CLI would).
 * @returns the checker for {@link RunOptions.checker}; call `close` when the run is done.
 */
export function createWorkerChecker(options: WorkerCheckerOptions): WorkerChecker {
  const workers = Math.max(1, Math.floor(options.workers));
  const stop = new SharedArrayBuffer(4);
  const load: WorkerLoad = {
    spec: options.spec, cwd: options.cwd, inProcess: options.inProcess,
    ...(options.memoryLimitMb !== undefined ? { memoryLimitMb: options.memoryLimitMb } : {}),
    ...(options.external !== undefined ? { external: options.external } : {}),
  };
  const pool = new Tinypool({
    filename: workerFilename('propertyWorker'),
    teardown: 'teardown',
    minThreads: workers,
    maxThreads: workers,
    isolateWorkers: false,
    idleTimeout: 0,
    ...(options.inProcess && options.memoryLimitMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb } } : {}),
  });
  pool.on('error', () => undefined);
  const stopAll = (): void => {
    Atomics.store(new Int32Array(stop), 0, 1);
  };
  return {
    concurrency: workers,
    async check(property: ConformanceProperty, check: CheckOptions): Promise<PropertyResult> {
      // The run's AbortSignal sets the flag every worker reads before each scenario.
      const signal = check.signal instanceof AbortSignal ? check.signal : undefined;
      if (check.signal?.aborted) stopAll();
      else signal?.addEventListener('abort', stopAll, { once: true });
      const task: PropertyTask = { load, stop, key: property.key, runs: check.runs, seed: check.seed, timeoutMs: check.timeoutMs };
      try {
        return (await pool.run(task)) as PropertyResult;
      } catch (e) {
        const seed = propertySeed(check.seed, property.key);
        const message = `adapter-crashed: the worker checking this property died: ${errorMessage(e)}`;
        return {
          key: property.key, title: property.title, requirements: [...property.requirements], seed, status: 'fail', runs: 0,
          failure: { classification: 'adapter-crashed', message, scenario: null, expected: null, actual: { error: message, classification: 'adapter-crashed' }, seed },
        };
      } finally {
        signal?.removeEventListener('abort', stopAll);
      }
    },
    async close() {
      stopAll();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, WORKERS_CLOSE_LIMIT_MS);
      });
      await Promise.race([pool.destroy().catch(() => undefined), limit]);
      clearTimeout(timer);
    },
  };
}
