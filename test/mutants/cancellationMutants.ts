/**
 * The mutants of the CAN properties (`cancellation.props.ts`), one per
 * requirement CAN-1..CAN-12, each naming the property that must catch it.
 * @module
 */
import type { Program } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';
import { mutant as cancellationIsException } from './cancellationIsException.js';
import { mutant as ignoredCompletesNormally } from './ignoredCompletesNormally.js';
import { mutant as selfCancelForgotten } from './selfCancelForgotten.js';
import { mutant as lastDeferredWins } from './lastDeferredWins.js';
import { mutant as protectDropsInFlight } from './protectDropsInFlight.js';
import { mutant as nestedProtectCounts } from './nestedProtectCounts.js';
import { mutant as swallowedNotCancelled } from './swallowedNotCancelled.js';
import { mutant as requestedAfterFinish } from './requestedAfterFinish.js';
import { mutant as tokenBeforeCompleted } from './tokenBeforeCompleted.js';
import { mutant as cancelledSkipsFinally } from './cancelledSkipsFinally.js';
import { mutant as shutdownRespectsProtect } from './shutdownRespectsProtect.js';
import { mutant as timeoutSaysScopeCancelled } from './timeoutSaysScopeCancelled.js';

/** The CAN mutants, in requirement order. */
export const cancellationMutants: Mutant[] = [
  cancellationIsException,
  ignoredCompletesNormally,
  selfCancelForgotten,
  lastDeferredWins,
  protectDropsInFlight,
  nestedProtectCounts,
  swallowedNotCancelled,
  requestedAfterFinish,
  tokenBeforeCompleted,
  cancelledSkipsFinally,
  shutdownRespectsProtect,
  timeoutSaysScopeCancelled,
];

const suspend: Program[number] = { op: 'suspend' };
const delay = (ms: number): Program[number] => ({ op: 'delay', ms });
const cancel = (target: string, reason?: string): Program[number] => (reason === undefined ? { op: 'cancel', target } : { op: 'cancel', target, reason });

/** For each CAN mutant, the `main` program of a small scenario on which its trace differs from the reference runtime's. */
export const cancellationWitnesses: Record<string, Program> = {
  cancellationIsException: [
    { op: 'spawn', id: 'a', body: [{ op: 'try', body: [delay(5)], catch: [{ class: 'Exception', body: [{ op: 'log', value: 'caught' }] }] }] },
    suspend, cancel('a'),
  ],
  ignoredCompletesNormally: [{ op: 'spawn', id: 'a', body: [{ op: 'log', value: 'a' }] }, cancel('a')],
  selfCancelForgotten: [{ op: 'spawn', id: 'a', body: [cancel('self'), { op: 'return', value: 1 }] }],
  lastDeferredWins: [{ op: 'spawn', id: 'a', body: [{ op: 'protect', body: [delay(5)] }] }, suspend, cancel('a', 'r1'), cancel('a', 'r2')],
  protectDropsInFlight: [
    { op: 'spawn', id: 'a', body: [{ op: 'protect', body: [delay(5), { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] }] },
    suspend, cancel('a'),
  ],
  nestedProtectCounts: [{ op: 'spawn', id: 'a', body: [{ op: 'protect', body: [{ op: 'protect', body: [delay(5)] }, { op: 'log', value: 'outer' }] }] }, suspend, cancel('a')],
  swallowedNotCancelled: [
    { op: 'spawn', id: 'a', body: [{ op: 'try', body: [delay(5)], catch: [{ class: 'Async\\AsyncCancellation', body: [] }] }, { op: 'return', value: 1 }] },
    suspend, cancel('a'), delay(10), { op: 'query', target: 'a', what: 'isCancelled' },
  ],
  requestedAfterFinish: [{ op: 'spawn', id: 'a', body: [delay(5)] }, suspend, cancel('a'), delay(10), { op: 'query', target: 'a', what: 'isCancellationRequested' }],
  tokenBeforeCompleted: [
    { op: 'future.new', id: 'f' }, { op: 'spawn', id: 'x', body: [{ op: 'return', value: 1 }] }, suspend,
    { op: 'future.complete', id: 'f' }, { op: 'await', target: { coroutine: 'x' }, cancellation: { future: 'f' } },
  ],
  cancelledSkipsFinally: [{ op: 'spawn', id: 'a', body: [delay(5)] }, { op: 'onFinally', target: 'a', handler: 'h1' }, suspend, cancel('a')],
  shutdownRespectsProtect: [{ op: 'spawn', id: 'a', body: [{ op: 'protect', body: [delay(10)] }] }, suspend, { op: 'shutdown' }],
  timeoutSaysScopeCancelled: [
    { op: 'scope.new', id: 's' }, { op: 'spawn', id: 'a', scope: 's', body: [delay(20)] }, { op: 'scope.disposeAfterTimeout', scope: 's', ms: 5 },
  ],
};
