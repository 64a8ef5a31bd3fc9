/**
 * The mutants of the scope rules (SCP-1..SCP-20; SCP-17 is spec-only): one
 * deliberately broken reference runtime per observable requirement, each
 * caught by the scope property covering it (`conformance/properties/scope.props.ts`).
 * @module
 */
import type { Program } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';
import { mutant as inheritDetached } from './inheritDetached.js';
import { mutant as inheritNotSafe } from './inheritNotSafe.js';
import { mutant as spawnIntoClosedScope } from './spawnIntoClosedScope.js';
import { mutant as ownCoroutinesFirst } from './ownCoroutinesFirst.js';
import { mutant as safeRunsUnstarted } from './safeRunsUnstarted.js';
import { mutant as secondCancelIgnored } from './secondCancelIgnored.js';
import { mutant as cancelledRefusesSpawn } from './cancelledRefusesSpawn.js';
import { mutant as finishedIgnoresChildren } from './finishedIgnoresChildren.js';
import { mutant as defaultCoroutineReason } from './defaultCoroutineReason.js';
import { mutant as lateScopeTimeout } from './lateScopeTimeout.js';
import { mutant as completionCheckNotUpward } from './completionCheckNotUpward.js';
import { mutant as awaitOwnScopeAllowed } from './awaitOwnScopeAllowed.js';
import { mutant as noFailTogether } from './noFailTogether.js';
import { mutant as drainIgnoresZombies } from './drainIgnoresZombies.js';
import { mutant as scopeFinallyOnCancel } from './scopeFinallyOnCancel.js';
import { mutant as zombiesCountAsActive } from './zombiesCountAsActive.js';
import { mutant as inheritFromDisposed } from './inheritFromDisposed.js';
import { mutant as selfScopeCancelInterrupts } from './selfScopeCancelInterrupts.js';

/** The scope mutants, in requirement order. */
export const scopeMutants: Mutant[] = [
  inheritDetached,
  inheritNotSafe,
  spawnIntoClosedScope,
  ownCoroutinesFirst,
  safeRunsUnstarted,
  secondCancelIgnored,
  cancelledRefusesSpawn,
  finishedIgnoresChildren,
  defaultCoroutineReason,
  lateScopeTimeout,
  completionCheckNotUpward,
  awaitOwnScopeAllowed,
  noFailTogether,
  drainIgnoresZombies,
  scopeFinallyOnCancel,
  zombiesCountAsActive,
  inheritFromDisposed,
  selfScopeCancelInterrupts,
];

const log = (value: string): Program[number] => ({ op: 'log', value });
const suspend: Program[number] = { op: 'suspend' };
const guard = (body: Program): Program[number] => ({ op: 'try', body, catch: [{ class: 'Throwable', body: [] }] });
const newS: Program[number] = { op: 'scope.new', id: 'S' };
const safeS: Program[number] = { op: 'scope.inherit', id: 'S' };
const childC: Program[number] = { op: 'scope.inherit', id: 'C', parent: 'S' };
const cancelS: Program[number] = { op: 'scope.cancel', scope: 'S' };
const sleep = (id: string, scope: string, ms: number): Program[number] => ({ op: 'spawn', id, scope, body: [{ op: 'delay', ms }] });

/**
 * A scenario (the `main` program) on which each scope mutant's trace differs
 * from the reference runtime's (for `test/mutants/mutants.test.ts`).
 */
export const scopeWitnesses: Record<string, Program> = {
  inheritDetached: [newS, { op: 'scope.inherit', id: 'T', parent: 'S' }, sleep('t1', 'T', 5), suspend, cancelS, { op: 'query', target: 'T', what: 'isCancelled' }],
  inheritNotSafe: [safeS, sleep('s1', 'S', 5), suspend, cancelS],
  spawnIntoClosedScope: [newS, cancelS, guard([{ op: 'spawn', id: 'n1', scope: 'S', body: [log('n1')] }])],
  ownCoroutinesFirst: [newS, childC, sleep('s1', 'S', 5), sleep('c1', 'C', 5), suspend, cancelS],
  safeRunsUnstarted: [safeS, { op: 'spawn', id: 'n1', scope: 'S', body: [log('ran')] }, cancelS],
  safeScopeCancels: [newS, sleep('s1', 'S', 5), suspend, { op: 'scope.disposeSafely', scope: 'S' }],
  secondCancelIgnored: [
    newS, { op: 'spawn', id: 's1', scope: 'S', body: [{ op: 'try', body: [{ op: 'delay', ms: 5 }], catch: [{ class: 'Cancellation', body: [{ op: 'delay', ms: 3 }] }] }] },
    suspend, cancelS, cancelS, { op: 'query', target: 'S', what: 'isClosed' },
  ],
  cancelledRefusesSpawn: [newS, sleep('s1', 'S', 5), suspend, cancelS, guard([{ op: 'spawn', id: 'n1', scope: 'S', body: [] }])],
  finishedIgnoresChildren: [newS, childC, sleep('c1', 'C', 5), { op: 'query', target: 'S', what: 'isFinished' }],
  defaultCoroutineReason: [newS, sleep('s1', 'S', 5), suspend, { op: 'scope.dispose', scope: 'S' }],
  lateScopeTimeout: [newS, sleep('s1', 'S', 30), { op: 'scope.disposeAfterTimeout', scope: 'S', ms: 5 }],
  completionCheckNotUpward: [newS, childC, sleep('c1', 'C', 3), guard([{ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: 20 }])],
  awaitOwnScopeAllowed: [newS, { op: 'spawn', id: 'a', scope: 'S', body: [guard([{ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: 5 }])] }],
  noFailTogether: [newS, sleep('s1', 'S', 30), { op: 'spawn', id: 'f', scope: 'S', body: [{ op: 'delay', ms: 1 }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] }],
  drainIgnoresZombies: [safeS, sleep('s1', 'S', 5), suspend, cancelS, { op: 'scope.awaitAfterCancellation', scope: 'S' }, log('drained')],
  scopeFinallyOnCancel: [newS, { op: 'onFinally', target: 'S', handler: 'h1' }, sleep('s1', 'S', 2), suspend, cancelS, { op: 'delay', ms: 5 }],
  zombiesCountAsActive: [safeS, childC, sleep('c1', 'C', 10), suspend, { op: 'scope.disposeSafely', scope: 'C' }, guard([{ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: 20 }])],
  inheritFromDisposed: [newS, sleep('s1', 'S', 1), suspend, cancelS, { op: 'delay', ms: 5 }, guard([{ op: 'scope.inherit', id: 'I1', parent: 'S' }])],
  selfScopeCancelInterrupts: [newS, { op: 'spawn', id: 'a', scope: 'S', body: [cancelS, suspend, log('after')] }],
};
