/**
 * The witness scenarios of the mutants: for each mutant without a catching
 * property of its own, a small scenario on which its trace differs from the
 * reference runtime's.
 * @module
 */
import type { Program } from '../../conformance/adapter.js';
import { scopeWitnesses } from './scopeMutants.js';
import { cancellationWitnesses } from './cancellationMutants.js';
import { poolWitnesses } from './poolMutants.js';
import { breakerWitnesses } from './breakerMutants.js';

const trigger = (id: string): Program[number] => ({ op: 'trigger.new', id });
const future = (id: string): Program[number] => ({ op: 'future.new', id });
const log = (value: string): Program[number] => ({ op: 'log', value });
const suspend: Program[number] = { op: 'suspend' };
const cancellationCatch = (body: Program): Program[number] => ({ op: 'try', body, catch: [{ class: 'Cancellation', body: [log('caught')] }] });

/** The core mutants' witnesses: a scenario (the `main` program) on which each must differ. */
export const coreWitnesses: Record<string, Program> = {
  swapRemoval: [
    trigger('t'),
    { op: 'event.on', event: 't', callback: 'c1' },
    { op: 'event.on', event: 't', callback: 'c2' },
    { op: 'event.on', event: 't', callback: 'c3', actions: [{ do: 'remove', callback: 'c1' }] },
    { op: 'event.on', event: 't', callback: 'c4' },
    { op: 'trigger.fire', id: 't' },
  ],
  nestedNotify: [trigger('t'), { op: 'event.on', event: 't', callback: 'c1', actions: [{ do: 'fire' }] }, { op: 'trigger.fire', id: 't' }],
  passContinuesAfterThrow: [
    trigger('t'),
    { op: 'event.on', event: 't', callback: 'c1', actions: [{ do: 'throw', error: { class: 'LogicException', message: 'x' } }] },
    { op: 'event.on', event: 't', callback: 'c2' },
    { op: 'trigger.fire', id: 't' },
  ],
  fireAfterClose: [trigger('t'), { op: 'event.on', event: 't', callback: 'c1' }, { op: 'trigger.close', id: 't' }, { op: 'trigger.fire', id: 't', value: 1 }],
  noReplayValue: [future('f'), { op: 'future.complete', id: 'f', value: 5 }, { op: 'await', target: { future: 'f' } }],
  closedTriggerSuspends: [trigger('t'), { op: 'trigger.close', id: 't' }, { op: 'await', target: { trigger: 't' } }],
  doubleEnqueue: [
    { op: 'spawn', id: 'a', body: [cancellationCatch([suspend]), suspend, log('a-end')] },
    suspend,
    { op: 'cancel', target: 'a' },
    { op: 'spawn', id: 'b', body: [log('b')] },
  ],
  staleSubscriptions: [
    trigger('t'),
    trigger('k'),
    { op: 'spawn', id: 'a', body: [{ op: 'await', target: { trigger: 't' }, cancellation: { trigger: 'k' } }, { op: 'delay', ms: 5 }, log('a-done')] },
    suspend,
    { op: 'trigger.fire', id: 't', value: 1 },
    suspend,
    { op: 'trigger.fire', id: 'k' },
  ],
  resultBeatsError: [
    future('f'),
    { op: 'spawn', id: 'a', body: [{ op: 'await', target: { future: 'f' } }] },
    suspend,
    { op: 'future.complete', id: 'f', value: 1 },
    { op: 'cancel', target: 'a' },
  ],
  lastResultWins: [
    trigger('t'),
    { op: 'spawn', id: 'a', body: [{ op: 'await', target: { trigger: 't' } }] },
    suspend,
    { op: 'trigger.fire', id: 't', value: 1 },
    { op: 'trigger.fire', id: 't', value: 2 },
  ],
  lastCancellationWins: [
    { op: 'spawn', id: 'a', body: [suspend] },
    suspend,
    { op: 'cancel', target: 'a', reason: 'first' },
    { op: 'cancel', target: 'a', reason: 'second' },
  ],
  pendingErrorKept: [
    future('f'),
    { op: 'spawn', id: 'a', body: [{ op: 'await', target: { future: 'f' } }] },
    suspend,
    { op: 'future.fail', id: 'f', error: { class: 'RuntimeException', message: 'boom' } },
    { op: 'cancel', target: 'a', reason: 'late' },
  ],
  bareTimeout: [future('f'), { op: 'await', target: { future: 'f' }, timeoutMs: 5 }],
  eagerSpawn: [{ op: 'spawn', id: 'a', body: [log('a')] }, log('main')],
  cancelAfterCompletion: [
    { op: 'spawn', id: 'a', body: [{ op: 'return', value: 1 }] },
    suspend,
    { op: 'cancel', target: 'a' },
    { op: 'query', target: 'a', what: 'getResult' },
  ],
  cancellationOverridesThrow: [{ op: 'cancel', target: 'self' }, { op: 'throw', error: { class: 'RuntimeException', message: 'r' } }],
  finallyBeforeCompletion: [{ op: 'onFinally', target: 'self', handler: 'h' }],
  cancelledWhileRunning: [{ op: 'cancel', target: 'self' }, { op: 'query', target: 'self', what: 'isCancelled' }],
  finallyReversed: [{ op: 'onFinally', target: 'self', handler: 'h1' }, { op: 'onFinally', target: 'self', handler: 'h2' }],
  finallyOutsideScope: [
    { op: 'scope.new', id: 's' },
    { op: 'spawn', id: 'a', scope: 's', body: [] },
    { op: 'onFinally', target: 'a', handler: 'ha' },
    { op: 'onFinally', target: 's', handler: 'hs' },
    { op: 'scope.cancel', scope: 's' },
    { op: 'suspend' },
  ],
  lifoQueue: [{ op: 'spawn', id: 'a', body: [log('a')] }, { op: 'spawn', id: 'b', body: [log('b')] }],
  priorityIgnored: [{ op: 'spawn', id: 'a', body: [log('a')] }, { op: 'spawn', id: 'b', priority: 'high', body: [log('b')] }],
  slowReturn: [future('f'), { op: 'future.complete', id: 'f', value: 1 }, { op: 'spawn', id: 'a', body: [log('a')] }, { op: 'await', target: { future: 'f' } }],
  suspendAdvancesClock: [{ op: 'spawn', id: 'a', body: [{ op: 'delay', ms: 5 }, log('a')] }, suspend, suspend, log('main')],
  noDeadlockDetection: [trigger('t'), { op: 'await', target: { trigger: 't' } }],
  shutdownSparesUnstarted: [{ op: 'spawn', id: 'a', body: [log('a')] }, { op: 'shutdown' }],
  stopAfterMain: [{ op: 'spawn', id: 'a', body: [log('a')] }],
  ignoreTimers: [{ op: 'spawn', id: 'a', body: [{ op: 'delay', ms: 5 }, log('a')] }],
  loudCancellation: [{ op: 'spawn', id: 'a', body: [log('a')] }, { op: 'cancel', target: 'self' }],
  tokenFailureHandled: [
    { op: 'scope.new', id: 'S' },
    { op: 'spawn', id: 's1', scope: 'S', body: [{ op: 'delay', ms: 30 }, log('end:s1')] },
    { op: 'spawn', id: 'b', scope: 'S', body: [{ op: 'delay', ms: 2 }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] },
    future('f'),
    { op: 'try', body: [{ op: 'await', target: { future: 'f' }, cancellation: { coroutine: 'b' } }], catch: [{ class: 'Throwable', body: [] }] },
    { op: 'delay', ms: 40 },
  ],
  growWithoutUnwrap: Array.from({ length: 9 }, (_, i): Program[number] => ({ op: 'spawn', id: `w${i}`, body: [log(`w${i}`)] })),
  closedTokenLosesError: [
    trigger('t'),
    future('f'),
    { op: 'future.fail', id: 'f', error: { class: 'RuntimeException', message: 'r' } },
    { op: 'await', target: { trigger: 't' }, cancellation: { future: 'f' } },
  ],
};

/** Every witness, by mutant name. */
export const witnesses: Record<string, Program> = { ...coreWitnesses, ...scopeWitnesses, ...cancellationWitnesses, ...poolWitnesses, ...breakerWitnesses };
