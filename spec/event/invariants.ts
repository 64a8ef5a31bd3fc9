/**
 * Invariants of the event machine, named after what stays true; their ids
 * are EVT requirement IDs.
 *
 * @see https://true-async.github.io/en/architecture/events.html
 * @module
 */
import type { Invariant } from '../kernel/machine.js';
import type { EventConfig, EventState } from './model.js';

/** An invariant of the event machine. */
export type EventInvariant = Invariant<EventConfig, EventState>;

const notifying = (s: EventState): boolean => s.pass !== null && s.pass.running;
const hasDuplicates = (ids: string[]): boolean => new Set(ids).size !== ids.length;

/** EVT-1: `dispose()` runs at most once, exactly when `ref_count` reached 0; `loop_ref_count` never keeps a disposed event armed. */
export const disposedExactlyOnce: EventInvariant = {
  id: 'EVT-1',
  title: 'an event is disposed exactly once, when ref_count drops to 0; loop_ref_count never influences disposal',
  holds: (s) =>
    s.disposeCount <= 1 &&
    (s.disposeCount === 1) === (s.refCount === 0) &&
    (s.disposeCount === 0 || (s.loopRefCount === 0 && !s.armed)),
};

/** EVT-2: the handle is armed iff `loop_ref_count > 0` and the event is not closed; a closed event wants no activity. */
export const armedIffWanted: EventInvariant = {
  id: 'EVT-2',
  title: 'armed ⇔ loop_ref_count > 0 ∧ ¬CLOSED',
  holds: (s) => s.loopRefCount >= 0 && s.armed === (s.loopRefCount > 0 && !s.closed) && (!s.closed || s.loopRefCount === 0),
};

/** EVT-3: `active_event_count` equals the number of armed non-hidden events and is never negative. */
export const activeCountMatchesArmed: EventInvariant = {
  id: 'EVT-3',
  title: 'active_event_count = number of armed, non-hidden reactor events, never negative',
  holds: (s, c) => s.activeEventCount >= 0 && s.activeEventCount === (s.armed && !c.hidden ? 1 : 0),
};

/** EVT-4: an `F_HIDDEN` event never contributes to `active_event_count`, armed or not. */
export const hiddenNeverCounted: EventInvariant = {
  id: 'EVT-4',
  title: 'an F_HIDDEN event never contributes to active_event_count',
  holds: (s, c) => !c.hidden || s.activeEventCount === 0,
};

/** EVT-5: a callback's `ref_count` equals the number of live vector slots holding it (never negative). */
export const callbackRefsMatchHolders: EventInvariant = {
  id: 'EVT-5',
  title: 'callback.ref_count = number of containers holding the callback',
  holds: (s, c) =>
    c.callbacks.every((id) => {
      const holders = s.vector.filter((e) => e.id === id && !e.removed).length;
      return s.callbackRefs[id] === holders;
    }),
};

/**
 * EVT-6: in a pass nothing is invoked twice, nothing removed before its turn
 * is invoked, and every callback present at the start that is still live when
 * the pass completes was invoked.
 */
export const notifyVisitsEachOnce: EventInvariant = {
  id: 'EVT-6',
  title: 'a notify pass invokes each live callback exactly once and never one removed before its turn',
  holds: (s) => {
    const p = s.pass;
    if (!p) return true;
    if (hasDuplicates(p.invoked)) return false;
    if (p.skipped.some((id) => p.invoked.includes(id))) return false;
    if (!p.liveAtEnd) return true;
    return p.liveAtEnd.filter((id) => !p.appended.includes(id)).every((id) => p.invoked.includes(id));
  },
};

/** EVT-7: a callback appended during a pass that completes is invoked in that same pass (the spec's choice). */
export const appendedInvokedInSamePass: EventInvariant = {
  id: 'EVT-7',
  title: 'callbacks appended during a pass are invoked in the same pass',
  holds: (s) => {
    const p = s.pass;
    if (!p || !p.liveAtEnd) return true;
    return p.appended.filter((id) => p.liveAtEnd?.includes(id)).every((id) => p.invoked.includes(id));
  },
};

/** EVT-8: at most one iterator is ever registered on the vector: a nested notify never starts a second pass. */
export const singleIterator: EventInvariant = {
  id: 'EVT-8',
  title: 'at most one notify pass is registered on an event at a time',
  holds: (s) => s.iterators === (notifying(s) ? 1 : 0),
};

/** EVT-9: once a callback left an exception pending, no further callback of that pass is invoked. */
export const exceptionStopsPass: EventInvariant = {
  id: 'EVT-9',
  title: 'no callback is invoked after one left an exception pending',
  holds: (s) => !s.pass || s.pass.exceptionAfter === null || s.pass.invoked.length === s.pass.exceptionAfter,
};

/** EVT-10: while a pass runs the event is not disposed: the pass holds a reference. */
export const notFreedWhileNotifying: EventInvariant = {
  id: 'EVT-10',
  title: 'an event is not freed while its notify pass runs',
  holds: (s) => !notifying(s) || (s.disposeCount === 0 && s.refCount >= 1),
};

/** EVT-11: `F_CLOSED` is never cleared once set. */
export const closedIsTerminal: EventInvariant = {
  id: 'EVT-11',
  title: 'F_CLOSED is never cleared',
  holds: (s) => !s.wasClosed || s.closed,
};

/** EVT-12: a closed event carries its outcome for `replay`, an open one none. */
export const closedCarriesOutcome: EventInvariant = {
  id: 'EVT-12',
  title: 'a closed event stores its outcome for replay',
  holds: (s) => s.stored === s.closed,
};

/** EVT-15: a pass started by a reactor fire sees a one-shot event already closed and a periodic one still open. */
export const oneShotClosesBeforeNotify: EventInvariant = {
  id: 'EVT-15',
  title: 'one-shot events close before notifying; periodic ones stay active',
  holds: (s, c) => !s.pass || s.pass.origin !== 'fire' || s.pass.closedAtStart === !c.periodic,
};

/**
 * EVT-16: `ref_count` is exactly the object's reference (while alive) plus
 * extra references plus the running pass's one — so with `F_REFERENCE` the
 * object may go while the event lives on.
 */
export const ownershipAccounted: EventInvariant = {
  id: 'EVT-16',
  title: 'ref_count = object reference + extra references + notify-pass reference',
  holds: (s) => s.disposeCount > 0 || s.refCount === (s.objectAlive ? 1 : 0) + s.extraRefs + (notifying(s) ? 1 : 0),
};

/** Every invariant of the event machine. */
export const invariants: readonly EventInvariant[] = [
  disposedExactlyOnce,
  armedIffWanted,
  activeCountMatchesArmed,
  hiddenNeverCounted,
  callbackRefsMatchHolders,
  notifyVisitsEachOnce,
  appendedInvokedInSamePass,
  singleIterator,
  exceptionStopsPass,
  notFreedWhileNotifying,
  closedIsTerminal,
  closedCarriesOutcome,
  oneShotClosesBeforeNotify,
  ownershipAccounted,
];
