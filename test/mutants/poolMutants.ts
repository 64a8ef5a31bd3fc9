/**
 * The mutants of the pool rules (POOL-1..POOL-12; POOL-13..15 are
 * spec-only): at least one deliberately broken reference runtime per
 * observable requirement, each caught by the pool property covering it
 * (`conformance/properties/pool.props.ts`), and a witness scenario on which
 * each one's trace differs from the reference runtime's.
 * @module
 */
import type { Program } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';
import { mutant as prewarmLeak } from './prewarmLeak.js';
import { mutant as uncountedFactory } from './uncountedFactory.js';
import { mutant as lifoIdle } from './lifoIdle.js';
import { mutant as createBeforeReuse } from './createBeforeReuse.js';
import { mutant as lifoWaiters } from './lifoWaiters.js';
import { mutant as barging } from './barging.js';
import { mutant as noHandOn } from './noHandOn.js';
import { mutant as factoryLeaksSlot } from './factoryLeaksSlot.js';
import { mutant as factoryFailureWaits } from './factoryFailureWaits.js';
import { mutant as hookOnFresh } from './hookOnFresh.js';
import { mutant as releaseIgnoresRejection } from './releaseIgnoresRejection.js';
import { mutant as releaseUncountedInHook } from './releaseUncountedInHook.js';
import { mutant as timeoutAsPoolException } from './timeoutAsPoolException.js';
import { mutant as closeWakesNobody } from './closeWakesNobody.js';
import { mutant as destroyedTwice } from './destroyedTwice.js';
import { mutant as closeStopsOnThrow } from './closeStopsOnThrow.js';
import { mutant as healthcheckTouchesActive } from './healthcheckTouchesActive.js';
import { mutant as replacesBeyondMin } from './replacesBeyondMin.js';

/** The pool mutants, in requirement order. */
export const poolMutants: Mutant[] = [
  prewarmLeak,
  uncountedFactory,
  lifoIdle,
  createBeforeReuse,
  lifoWaiters,
  barging,
  noHandOn,
  factoryLeaksSlot,
  factoryFailureWaits,
  hookOnFresh,
  releaseIgnoresRejection,
  releaseUncountedInHook,
  timeoutAsPoolException,
  closeWakesNobody,
  destroyedTwice,
  closeStopsOnThrow,
  healthcheckTouchesActive,
  replacesBeyondMin,
];

type I = Program[number];
const guard = (body: Program): I => ({ op: 'try', body, catch: [{ class: 'Throwable', body: [] }] });
const acquire = (timeoutMs?: number): I => (timeoutMs === undefined ? { op: 'pool.acquire', pool: 'P' } : { op: 'pool.acquire', pool: 'P', timeoutMs });
const release: I = { op: 'pool.release', pool: 'P' };
const delay = (ms: number): I => ({ op: 'delay', ms });
const spawn = (id: string, body: Program): I => ({ op: 'spawn', id, body });
/** A coroutine that waits `start` ms, acquires, holds `hold` ms and releases. */
const user = (id: string, start: number, hold: number, timeoutMs?: number): I =>
  spawn(id, [delay(start), guard([acquire(timeoutMs), { op: 'try', body: hold > 0 ? [delay(hold)] : [], finally: [release] }])]);
const query = (what: 'count' | 'idleCount' | 'activeCount'): I => ({ op: 'query', target: 'P', what });

/**
 * A scenario (the `main` program) on which each pool mutant's trace differs
 * from the reference runtime's (for `test/mutants/mutants.test.ts`).
 */
export const poolWitnesses: Record<string, Program> = {
  prewarmLeak: [guard([{ op: 'pool.new', id: 'P', min: 2, factory: { failOn: [2] } }])],
  uncountedFactory: [{ op: 'pool.new', id: 'P', max: 1, factory: { delayMs: 2 } }, user('a', 0, 1), user('b', 0, 1)],
  lifoIdle: [{ op: 'pool.new', id: 'P', min: 2, max: 2 }, guard([acquire()]), { op: 'pool.release', pool: 'P' }, guard([acquire()])],
  createBeforeReuse: [{ op: 'pool.new', id: 'P', min: 1, max: 2 }, guard([acquire()])],
  lifoWaiters: [{ op: 'pool.new', id: 'P', max: 1 }, user('h', 0, 5), user('w1', 1, 1), user('w2', 2, 1)],
  barging: [{ op: 'pool.new', id: 'P', max: 1 }, spawn('h', [guard([acquire(), delay(5), release, acquire(), release])]), user('w1', 1, 1)],
  noHandOn: [{ op: 'pool.new', id: 'P', max: 1 }, spawn('h', [guard([acquire(), delay(5), release]), { op: 'cancel', target: 'w1' }]), user('w1', 1, 1), user('w2', 2, 1)],
  factoryLeaksSlot: [{ op: 'pool.new', id: 'P', max: 1, factory: { failOn: [1] } }, guard([acquire()]), guard([{ op: 'pool.tryAcquire', pool: 'P' }])],
  factoryFailureWaits: [{ op: 'pool.new', id: 'P', max: 1, factory: { failOn: [1] } }, guard([acquire()])],
  hookOnFresh: [{ op: 'pool.new', id: 'P', beforeAcquire: {} }, guard([acquire()])],
  releaseIgnoresRejection: [{ op: 'pool.new', id: 'P', beforeRelease: { falseOn: [1] } }, guard([acquire()]), release],
  releaseUncountedInHook: [{ op: 'pool.new', id: 'P', beforeRelease: { delayMs: 2 } }, spawn('a', [guard([acquire()]), release]), delay(1), query('activeCount')],
  timeoutAsPoolException: [{ op: 'pool.new', id: 'P', max: 1 }, user('h', 0, 5), user('w', 1, 1, 2)],
  closeWakesNobody: [{ op: 'pool.new', id: 'P', max: 1 }, user('h', 0, 5), user('w', 1, 1), delay(2), { op: 'pool.close', pool: 'P' }],
  destroyedTwice: [{ op: 'pool.new', id: 'P', max: 1 }, user('h', 0, 5), delay(2), { op: 'pool.close', pool: 'P' }],
  closeStopsOnThrow: [{ op: 'pool.new', id: 'P', min: 2, destructor: { throwFor: ['r1'] } }, guard([{ op: 'pool.close', pool: 'P' }])],
  healthcheckTouchesActive: [
    { op: 'pool.new', id: 'P', min: 1, max: 2, healthcheckIntervalMs: 2, healthcheck: {} },
    user('a', 0, 5),
    delay(8),
  ],
  replacesBeyondMin: [
    { op: 'pool.new', id: 'P', max: 2, healthcheckIntervalMs: 2, healthcheck: { falseOn: [1] } },
    guard([acquire()]),
    release,
    delay(5),
  ],
};
