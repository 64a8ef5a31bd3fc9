/**
 * Invariants of the cancellation machine, named after what stays true;
 * their ids are CAN requirement IDs.
 *
 * @see https://true-async.github.io/en/docs/components/cancellation.html
 * @module
 */
import { predicates } from '../coroutine/predicates.js';
import type { Invariant } from '../kernel/machine.js';
import type { ErrorValue } from '../../language/values.js';
import { isCancellation } from '../../language/values.js';
import type { CancellationConfig, CancellationState } from './model.js';
import { DEADLOCK_DETECTED, GRACEFUL_SHUTDOWN, SELF_CANCELLATION } from './model.js';

/** An invariant of the cancellation machine. */
export type CancellationInvariant = Invariant<CancellationConfig, CancellationState>;

const same = (a: ErrorValue | undefined, b: ErrorValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
const chain = (e: ErrorValue | undefined): ErrorValue[] => (e ? [e, ...chain(e.previous)] : []);
const sameHead = (a: ErrorValue, b: ErrorValue): boolean => a.class === b.class && a.message === b.message;
const SYSTEM_MESSAGES = [DEADLOCK_DETECTED.message, GRACEFUL_SHUTDOWN.message];
const isSelf = (e: ErrorValue | undefined): boolean => e !== undefined && e.message === SELF_CANCELLATION.message;
const outcomeError = (s: CancellationState): ErrorValue | undefined => (s.outcome && 'error' in s.outcome ? s.outcome.error : undefined);

/**
 * The `Coroutine::isCancelled()` / `isCancellationRequested()` /
 * `isCompleted()` view of a state (the C formulas, CAN-8).
 */
export function cancellationPredicates(s: CancellationState): ReturnType<typeof predicates> {
  return predicates({ started: s.started, cancelled: s.cancelled, finished: s.finished, wakerStatus: s.waker, deferredCancellation: s.deferred !== undefined });
}

/** CAN-2: a coroutine cancelled before it started never runs its body. */
export const notStartedNeverRuns: CancellationInvariant = {
  id: 'CAN-2',
  title: 'cancelled before start (IGNORED) ⇒ never started, the body never ran',
  holds: (s) => !s.ignored || (!s.ranBody && !s.started),
};

/** CAN-3: a self-cancel is only stored: it is never thrown into the body, and it is the outcome unless a non-cancellation overrides it. */
export const selfCancelOnlyStored: CancellationInvariant = {
  id: 'CAN-3',
  title: 'the self-cancellation is never pending, deferred or thrown; finished after a self-cancel ⇒ it is the outcome or in the outcome\'s previous chain',
  holds: (s) => {
    if (isSelf(s.pending) || isSelf(s.deferred) || chain(s.inFlight).some(isSelf)) return false;
    if (!s.finished || !isSelf(s.stored)) return true;
    const e = outcomeError(s);
    return e !== undefined && chain(e).some(isSelf);
  },
};

/**
 * CAN-4: a held cancellation (pending on the waker, deferred, stored) is
 * always the request that filled the empty slot — later requests never
 * replace it — and a non-cancellation thrown over an unwinding cancellation
 * keeps it in its `previous` chain.
 */
export const firstReasonWins: CancellationInvariant = {
  id: 'CAN-4',
  title: 'pending, deferred and stored cancellations equal the request that filled them; an overridden cancellation stays in the previous chain',
  holds: (s) => {
    if (!same(s.pending, s.filledBy.pending) || !same(s.deferred, s.filledBy.deferred) || !same(s.stored, s.filledBy.stored)) return false;
    if (s.overridden === undefined) return true;
    const carrier = s.inFlight ?? outcomeError(s);
    const overridden = s.overridden;
    return chain(carrier).some((e) => sameHead(e, overridden));
  },
};

/** CAN-5: nothing cancels a coroutine while `PROTECTED` is set; deferred cancellations exist only inside `protect()`. */
export const protectDefers: CancellationInvariant = {
  id: 'CAN-5',
  title: 'no cancellation is thrown while PROTECTED; deferred ⇒ inside protect(); a pending cancellation ⇒ not PROTECTED',
  holds: (s) => !s.thrownWhileProtected && (s.deferred === undefined || s.protectDepth > 0) && !(s.protected && s.pending !== undefined && isCancellation(s.pending)),
};

/** CAN-6: `PROTECTED` is one flag: it is set only while no `protect()` has been left since the last one was entered. */
export const protectIsOneFlag: CancellationInvariant = {
  id: 'CAN-6',
  title: 'PROTECTED ⇒ inside protect() ∧ the last protect boundary crossed was an entry',
  holds: (s) => !s.protected || (s.protectDepth > 0 && s.lastProtectOp === 'enter'),
};

/** CAN-7: an uncaught cancellation is never handed to the scope; an uncaught non-cancellation always is. */
export const cancellationIsNotAnError: CancellationInvariant = {
  id: 'CAN-7',
  title: 'propagated error ⇔ finished with a non-cancellation exception; never a cancellation',
  holds: (s) => {
    if (s.propagated !== undefined && isCancellation(s.propagated)) return false;
    if (!s.finished) return s.propagated === undefined;
    const e = outcomeError(s);
    return e !== undefined && !isCancellation(e) ? same(s.propagated, e) : s.propagated === undefined;
  },
};

/** CAN-8: `isCancellationRequested` and `isCancelled` are never both true; cancelled ⇒ completed; a finished coroutine has no deferred cancellation. */
export const predicateLattice: CancellationInvariant = {
  id: 'CAN-8',
  title: '¬(isCancellationRequested ∧ isCancelled); isCancelled ⇒ isCompleted; isCancellationRequested ⇒ ¬isCompleted',
  holds: (s) => {
    const p = cancellationPredicates(s);
    return !(p.isCancellationRequested && p.isCancelled) && (!p.isCancelled || p.isCompleted) && (!p.isCancellationRequested || !p.isCompleted);
  },
};

/** CAN-11: deadlock and shutdown cancellations are never deferred, and after one the coroutine is no longer protected. */
export const systemCancelBypassesProtect: CancellationInvariant = {
  id: 'CAN-11',
  title: 'a deadlock or shutdown cancellation is never deferred; it cleared PROTECTED ⇒ not PROTECTED until the next protect() entry',
  holds: (s) =>
    (s.deferred === undefined || !SYSTEM_MESSAGES.includes(s.deferred.message)) && (!s.systemCleared || !s.protected),
};

/** Every invariant of the cancellation machine. */
export const invariants: readonly CancellationInvariant[] = [
  notStartedNeverRuns,
  selfCancelOnlyStored,
  firstReasonWins,
  protectDefers,
  protectIsOneFlag,
  cancellationIsNotAnError,
  predicateLattice,
  systemCancelBypassesProtect,
];
