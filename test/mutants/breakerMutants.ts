/**
 * The mutants of the circuit-breaker properties (CB-1..CB-8,
 * `conformance/properties/circuitBreaker.props.ts`) and of the pool-invariant
 * family (`conformance/properties/poolInvariants.props.ts`), each naming the
 * property that must catch it (`caughtBy`).
 *
 * @remarks The CB mutants have a witness scenario ({@link breakerWitnesses})
 * on which their trace differs from the reference runtime's; the pool-invariant ones
 * (listed in {@link poolInvariantMutants}) are caught by a named cross-cutting
 * property, which is stronger, and need none. The three mutants of issue 4
 * are `inactiveAdmitsAcquire`, `recoveringLimitsAdmission` and
 * `successOnBrokenRelease`.
 * @module
 */
import type { Program } from '../../conformance/adapter.js';
import type { Mutant } from './mutant.js';
import { mutant as initialRecovering } from './initialRecovering.js';
import { mutant as diagramTransitions } from './diagramTransitions.js';
import { mutant as inactiveAdmitsAcquire } from './inactiveAdmitsAcquire.js';
import { mutant as recoveringLimitsAdmission } from './recoveringLimitsAdmission.js';
import { mutant as autoActivate } from './autoActivate.js';
import { mutant as successOnBrokenRelease } from './successOnBrokenRelease.js';
import { mutant as strategyErrorEscapes } from './strategyErrorEscapes.js';
import { mutant as recoveryPoller } from './recoveryPoller.js';
import { mutant as waiterSkipsGate } from './waiterSkipsGate.js';
import { mutant as strategyAbortsRelease } from './strategyAbortsRelease.js';
import { mutant as brokenReleaseStaysCounted } from './brokenReleaseStaysCounted.js';
import { mutant as wakeWithoutReservation } from './wakeWithoutReservation.js';
import { mutant as brokenReleaseWakesNobody } from './brokenReleaseWakesNobody.js';
import { mutant as releaseAfterCloseToIdle } from './releaseAfterCloseToIdle.js';

/** One mutant per CB property (CB-1..CB-8), in order. */
export const cbMutants: Mutant[] = [
  initialRecovering,
  diagramTransitions,
  inactiveAdmitsAcquire,
  recoveringLimitsAdmission,
  autoActivate,
  successOnBrokenRelease,
  strategyErrorEscapes,
  recoveryPoller,
];

/** The mutants of the pool-invariant properties, in property order (gate, strategy-faults, conservation, fifo, no-lost-wakeup, close). */
export const poolInvariantMutants: Mutant[] = [
  waiterSkipsGate,
  strategyAbortsRelease,
  brokenReleaseStaysCounted,
  wakeWithoutReservation,
  brokenReleaseWakesNobody,
  releaseAfterCloseToIdle,
];

/** Every breaker and pool-invariant mutant. */
export const breakerMutants: Mutant[] = [...cbMutants, ...poolInvariantMutants];

const newPool = (extra: Partial<Extract<Program[number], { op: 'pool.new' }>> = {}): Program[number] => ({ op: 'pool.new', id: 'p', ...extra });
const guard = (body: Program): Program[number] => ({ op: 'try', body, catch: [{ class: 'Throwable', body: [] }] });
const acquire: Program[number] = { op: 'pool.acquire', pool: 'p' };
const tryAcquire: Program[number] = { op: 'pool.tryAcquire', pool: 'p' };
const release: Program[number] = { op: 'pool.release', pool: 'p' };

/** A scenario (the `main` program) on which each CB mutant's trace differs from the reference runtime's. */
export const breakerWitnesses: Record<string, Program> = {
  initialRecovering: [newPool(), { op: 'query', target: 'p', what: 'getState' }],
  diagramTransitions: [newPool(), { op: 'pool.activate', pool: 'p' }, { op: 'query', target: 'p', what: 'getState' }],
  inactiveAdmitsAcquire: [newPool(), { op: 'pool.deactivate', pool: 'p' }, guard([acquire])],
  recoveringLimitsAdmission: [newPool({ max: 2 }), { op: 'pool.recover', pool: 'p' }, guard([acquire]), guard([tryAcquire])],
  autoActivate: [newPool(), acquire, { op: 'pool.deactivate', pool: 'p' }, release, { op: 'query', target: 'p', what: 'getState' }],
  successOnBrokenRelease: [newPool({ beforeRelease: { falseOn: [1] } }), { op: 'pool.setStrategy', pool: 'p', strategy: {} }, acquire, release],
  strategyErrorEscapes: [newPool(), { op: 'pool.setStrategy', pool: 'p', strategy: { throwOn: ['success'] } }, acquire, guard([release]), { op: 'log', value: 'after' }],
  recoveryPoller: [newPool(), { op: 'pool.deactivate', pool: 'p' }, { op: 'delay', ms: 5 }, { op: 'query', target: 'p', what: 'getState' }],
};
