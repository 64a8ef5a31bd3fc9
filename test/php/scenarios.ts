/** Hand-written scenarios whose rendered script and `.phpt` are kept as golden files. */
import type { Scenario } from '../../conformance/adapter.js';

/** name → scenario. */
export const GOLDEN_SCENARIOS: Record<string, Scenario> = {
  spawnAwait: {
    version: 1, name: 'spawn, suspend and await a result',
    main: [
      { op: 'spawn', id: 'a', body: [{ op: 'log', value: 'a1' }, { op: 'suspend' }, { op: 'log', value: 'a2' }, { op: 'return', value: 7 }] },
      { op: 'spawn', id: 'b', body: [{ op: 'delay', ms: 5 }, { op: 'log', value: 'b' }] },
      { op: 'await', target: { coroutine: 'a' } },
      { op: 'await', target: { coroutine: 'b' }, timeoutMs: 10 },
      { op: 'query', target: 'a', what: 'getResult' },
    ],
  },
  cancelCatch: {
    version: 1, name: 'cancel a waiting coroutine; it catches the cancellation',
    main: [
      { op: 'future.new', id: 'f' },
      {
        op: 'spawn', id: 'w',
        body: [{ op: 'try', body: [{ op: 'await', target: { future: 'f' } }], catch: [{ class: 'Async\\AsyncCancellation', body: [{ op: 'log', value: 'cancelled' }, { op: 'rethrow' }] }], finally: [{ op: 'log', value: 'cleanup' }] }],
      },
      { op: 'onFinally', target: 'w', handler: 'h1' },
      { op: 'suspend' },
      { op: 'cancel', target: 'w', reason: 'stop' },
      { op: 'future.complete', id: 'f', value: 1 },
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'w' } }], catch: [{ class: 'Cancellation', body: [] }] },
    ],
  },
  deadlockExit: {
    version: 1, name: 'main fails: the exit exception',
    main: [
      { op: 'spawn', id: 'a', body: [{ op: 'suspend' }, { op: 'log', value: 'never after shutdown' }] },
      { op: 'throw', error: { class: 'RuntimeException', message: 'boom', previous: { class: 'LogicException', message: 'cause' } } },
    ],
  },
  scopePool: {
    version: 1, name: 'a scope and a pool (rendered, not run here)',
    main: [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'protect', body: [{ op: 'delay', ms: 2 }] }] },
      { op: 'scope.setExceptionHandler', scope: 's', handler: 'h', action: 'swallow' },
      { op: 'pool.new', id: 'p', max: 2, factory: { failOn: [3] }, destructor: {}, beforeAcquire: { falseOn: [2] } },
      { op: 'pool.setStrategy', pool: 'p', strategy: { deactivateAfter: 2 } },
      { op: 'pool.acquire', pool: 'p', timeoutMs: 5 },
      { op: 'pool.release', pool: 'p' },
      { op: 'query', target: 'p', what: 'getState' },
      { op: 'scope.cancel', scope: 's', reason: 'done' },
      { op: 'scope.awaitCompletion', scope: 's', timeoutMs: 10 },
      { op: 'pool.close', pool: 'p' },
    ],
  },
};
