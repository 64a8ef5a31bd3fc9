/**
 * The JSON Schema (draft-07) of scenario language v1 (with the additive scope
 * and protect instructions of issue 3).
 *
 * @remarks
 * It mirrors the TypeScript types of `spec/system/scenario.ts` exactly:
 * every object is closed (`additionalProperties: false`), instructions are
 * discriminated by `op` and callback actions by `do` (ajv's `discriminator`
 * keyword, so one bad instruction yields one error, not one per variant),
 * programs nest through `$defs`. What a schema cannot say (unique ids,
 * declared references, `rethrow` placement) is checked by
 * {@link validateScenario} in `validate.ts`.
 * @module
 */

/** The `op` names of scenario language v1, in the order of the schema's variants. */
export const OPS = [
  'spawn', 'suspend', 'delay', 'await', 'cancel', 'throw', 'try', 'rethrow', 'return', 'log',
  'trigger.new', 'trigger.fire', 'trigger.close', 'future.new', 'future.complete', 'future.fail',
  'event.on', 'event.off', 'onFinally', 'query', 'shutdown',
  'scope.new', 'scope.inherit', 'scope.asNotSafely', 'scope.allowZombies', 'scope.cancel', 'scope.dispose',
  'scope.disposeSafely', 'scope.disposeAfterTimeout', 'scope.awaitCompletion', 'scope.awaitAfterCancellation',
  'scope.setExceptionHandler', 'scope.setChildScopeExceptionHandler', 'protect',
  'pool.new', 'pool.acquire', 'pool.tryAcquire', 'pool.release', 'pool.close', 'pool.activate', 'pool.deactivate',
  'pool.recover', 'pool.setStrategy',
] as const;

/** The PHP class names a scenario may throw or catch (`ErrorClass`). */
export const ERROR_CLASSES = [
  'Throwable', 'Exception', 'Error', 'RuntimeException', 'LogicException', 'Cancellation',
  'Async\\AsyncCancellation', 'Async\\OperationCanceledException', 'Async\\AsyncException',
  'Async\\TimeoutException', 'Async\\DeadlockError', 'Async\\PoolException', 'Async\\ServiceUnavailableException',
] as const;

/** The coroutine methods a `query` may call (`CoroutineQuery`). */
export const QUERIES = [
  'isStarted', 'isQueued', 'isRunning', 'isSuspended', 'isCancelled', 'isCancellationRequested',
  'isCompleted', 'getResult', 'getException',
] as const;

/** The pool methods a `query` on a pool may call (`PoolQuery`). */
export const POOL_QUERIES = ['count', 'idleCount', 'activeCount', 'isClosed', 'getState'] as const;

/** The scope methods a `query` on a scope may call (`ScopeQuery`, SCP-9). */
export const SCOPE_QUERIES = ['isCancelled', 'isClosed', 'isFinished'] as const;

const id = { type: 'string', minLength: 1 } as const;
const ms = { type: 'integer', minimum: 0 } as const;
const ref = (name: string) => ({ $ref: `#/$defs/${name}` }) as const;

/** A closed object schema with required and optional fields. */
function closed(properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** One instruction variant: `op` is its constant. */
function instruction(op: (typeof OPS)[number], fields: Record<string, unknown> = {}, required: string[] = []) {
  return closed({ op: { const: op }, ...fields }, ['op', ...required]);
}

/** One target object with exactly one of the given keys. */
function target(properties: Record<string, unknown>) {
  return { type: 'object', properties, additionalProperties: false, minProperties: 1, maxProperties: 1 };
}

/**
 * The JSON Schema of a v1 scenario (draft-07, for ajv's default class with
 * `discriminator: true`).
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 */
export const scenarioSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://trueasync-conformance/scenario-v1.json',
  title: 'TrueAsync conformance scenario, version 1',
  type: 'object',
  properties: {
    version: { const: 1 },
    name: { type: 'string' },
    main: ref('program'),
  },
  required: ['version', 'main'],
  additionalProperties: false,
  $defs: {
    value: { type: ['null', 'boolean', 'number', 'string'] },
    errorClass: { enum: [...ERROR_CLASSES] },
    error: closed({ class: ref('errorClass'), message: { type: 'string' }, previous: ref('error') }, ['class', 'message']),
    program: { type: 'array', items: ref('instruction') },
    awaitTarget: target({ coroutine: id, future: id, trigger: id, timer: ms }),
    tokenTarget: target({ coroutine: id, future: id, trigger: id }),
    callNumbers: { type: 'array', items: { type: 'integer', minimum: 1 } },
    hook: closed({ falseOn: ref('callNumbers'), falseFor: { type: 'array', items: id }, throws: { type: 'boolean' }, delayMs: ms }, []),
    catchClause: closed({ class: ref('errorClass'), body: ref('program') }, ['class', 'body']),
    callbackAction: {
      type: 'object',
      discriminator: { propertyName: 'do' },
      oneOf: [
        closed({ do: { const: 'remove' }, callback: id }, ['do', 'callback']),
        closed({ do: { const: 'fire' } }, ['do']),
        closed({ do: { const: 'throw' }, error: ref('error') }, ['do', 'error']),
      ],
    },
    instruction: {
      type: 'object',
      discriminator: { propertyName: 'op' },
      oneOf: [
        instruction('spawn', { id, body: ref('program'), priority: { enum: ['normal', 'high'] }, scope: id }, ['id', 'body']),
        instruction('suspend'),
        instruction('delay', { ms }, ['ms']),
        instruction('await', { target: ref('awaitTarget'), timeoutMs: ms, cancellation: ref('tokenTarget') }, ['target']),
        instruction('cancel', { target: id, reason: { type: 'string' } }, ['target']),
        instruction('throw', { error: ref('error') }, ['error']),
        instruction('try', {
          body: ref('program'),
          catch: { type: 'array', items: ref('catchClause') },
          finally: ref('program'),
        }, ['body']),
        instruction('rethrow'),
        instruction('return', { value: ref('value') }),
        instruction('log', { value: ref('value') }, ['value']),
        instruction('trigger.new', { id }, ['id']),
        instruction('trigger.fire', { id, value: ref('value') }, ['id']),
        instruction('trigger.close', { id }, ['id']),
        instruction('future.new', { id }, ['id']),
        instruction('future.complete', { id, value: ref('value') }, ['id']),
        instruction('future.fail', { id, error: ref('error') }, ['id', 'error']),
        instruction('event.on', { event: id, callback: id, actions: { type: 'array', items: ref('callbackAction') } }, ['event', 'callback']),
        instruction('event.off', { event: id, callback: id }, ['event', 'callback']),
        instruction('onFinally', { target: id, handler: id }, ['target', 'handler']),
        instruction('query', { target: id, what: { enum: [...QUERIES, 'isClosed', 'isFinished', 'count', 'idleCount', 'activeCount', 'getState'] } }, ['target', 'what']),
        instruction('shutdown'),
        instruction('scope.new', { id }, ['id']),
        instruction('scope.inherit', { id, parent: id }, ['id']),
        instruction('scope.asNotSafely', { scope: id }, ['scope']),
        instruction('scope.allowZombies', { scope: id }, ['scope']),
        instruction('scope.cancel', { scope: id, reason: { type: 'string' } }, ['scope']),
        instruction('scope.dispose', { scope: id }, ['scope']),
        instruction('scope.disposeSafely', { scope: id }, ['scope']),
        instruction('scope.disposeAfterTimeout', { scope: id, ms }, ['scope', 'ms']),
        instruction('scope.awaitCompletion', { scope: id, timeoutMs: ms, cancellation: ref('tokenTarget') }, ['scope']),
        instruction('scope.awaitAfterCancellation', { scope: id, timeoutMs: ms }, ['scope']),
        instruction('scope.setExceptionHandler', { scope: id, handler: id, action: { enum: ['swallow', 'rethrow'] } }, ['scope', 'handler', 'action']),
        instruction('scope.setChildScopeExceptionHandler', { scope: id, handler: id, action: { enum: ['swallow', 'rethrow'] } }, ['scope', 'handler', 'action']),
        instruction('protect', { body: ref('program') }, ['body']),
        instruction('pool.new', {
          id, min: ms, max: { type: 'integer', minimum: 1 }, healthcheckIntervalMs: ms,
          factory: closed({ failOn: ref('callNumbers'), delayMs: ms }, []),
          destructor: closed({ throwFor: { type: 'array', items: id } }, []),
          healthcheck: ref('hook'), beforeAcquire: ref('hook'), beforeRelease: ref('hook'),
        }, ['id']),
        instruction('pool.acquire', { pool: id, timeoutMs: ms }, ['pool']),
        instruction('pool.tryAcquire', { pool: id }, ['pool']),
        instruction('pool.release', { pool: id }, ['pool']),
        instruction('pool.close', { pool: id }, ['pool']),
        instruction('pool.activate', { pool: id }, ['pool']),
        instruction('pool.deactivate', { pool: id }, ['pool']),
        instruction('pool.recover', { pool: id }, ['pool']),
        instruction('pool.setStrategy', {
          pool: id,
          strategy: {
            oneOf: [
              { type: 'null' },
              closed({
                deactivateAfter: { type: 'integer', minimum: 1 },
                activateOnSuccess: { type: 'boolean' },
                throwOn: { type: 'array', items: { enum: ['success', 'failure'] } },
              }, []),
            ],
          },
        }, ['pool', 'strategy']),
      ],
    },
  },
} as const;
