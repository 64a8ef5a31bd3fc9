/**
 * Conformance properties of events: notify passes over callback vectors
 * (EVT-6, EVT-8, EVT-9), closed triggers (EVT-11) and late subscribers
 * (EVT-12, EVT-13).
 *
 * @see https://true-async.github.io/en/architecture/events.html
 * @module
 */
import * as fc from 'fast-check';
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import type { Scenario } from '../../spec/system/scenario.js';
import { CLOSED_EVENT_WARNING, NESTED_NOTIFY_WARNING } from '../../spec/system/errors.js';
import { coreScenario } from '../arbitraries/coreScenario.js';
import { callbackVectorScenario, closedTriggerScenario, settledAwaitScenario } from '../arbitraries/eventScenarios.js';
import {
  at, callbackActions, closedBefore, finallyMayReplaceErrors, isKind, markedAwaits, nextOf, passes, same, selfCancelIndex, settledBefore, showError, suspendedOn,
} from './traceQueries.js';

/** Mostly the focused arbitrary, sometimes a general scenario. */
export function focused(arb: fc.Arbitrary<Scenario>, weight = 4): fc.Arbitrary<Scenario> {
  return fc.oneof({ weight, arbitrary: arb }, { weight: 1, arbitrary: coreScenario() });
}

/**
 * EVT-6: safe iteration of a callback vector during a notify pass.
 *
 * @remarks The full rule: during a notify pass every callback present at its start and not removed before its turn is invoked exactly once, in order; a removed one is not invoked
 */
export const evt6 = defineProperty({
  id: 'EVT-6',
  rule: 'in a notify pass every callback present and not removed before its turn runs exactly once, in order',
  needs: ['core'],
  arbitrary: focused(callbackVectorScenario({ remove: 3 })),
  check({ scenario, actual }) {
    const actions = callbackActions(scenario);
    for (const pass of passes(actual, scenario)) {
      const invoked = new Map<string, number>();
      const removed = new Map<string, number>();
      let last: string | undefined;
      for (const k of pass.events) {
        const e = actual[k];
        if (e.kind === 'off' && e.found) removed.set(e.callback, k);
        if (e.kind !== 'callback') continue;
        const cb = e.callback;
        const where = `in the pass of "${pass.event}" started at ${at(actual, pass.start)}`;
        if (invoked.has(cb)) return `callback ${cb} invoked twice ${where}: ${at(actual, invoked.get(cb)!)} and ${at(actual, k)}`;
        if (!pass.present.includes(cb)) return `callback ${cb} invoked at ${at(actual, k)} ${where} but it was not registered when the pass started`;
        if (removed.has(cb)) return `callback ${cb} invoked at ${at(actual, k)} ${where} after it was removed at ${at(actual, removed.get(cb)!)}`;
        for (const earlier of pass.present.slice(0, pass.present.indexOf(cb))) {
          if (!invoked.has(earlier) && !removed.has(earlier)) {
            return `callback ${earlier} skipped ${where}: ${cb} was invoked at ${at(actual, k)} though ${earlier} precedes it and was not removed`;
          }
        }
        invoked.set(cb, k);
        last = cb;
      }
      const stopped = last !== undefined && (actions.get(`${pass.event}\u0000${last}`) ?? []).some((a) => a.do === 'throw');
      if (stopped) continue;
      for (const cb of pass.present) {
        if (!invoked.has(cb) && !removed.has(cb)) {
          return `callback ${cb} of "${pass.event}" was registered and never removed but not invoked in the pass started at ${at(actual, pass.start)}`;
        }
      }
    }
    return undefined;
  },
});

/**
 * The events a callback's actions emit right after its `callback` event,
 * up to its first `throw`: `off` for `remove`, the nested-notify warning for `fire`.
 */
function actionEvents(scenario: Scenario, event: string, callback: string): Array<'off' | 'warning'> {
  const out: Array<'off' | 'warning'> = [];
  for (const a of callbackActions(scenario).get(`${event}\u0000${callback}`) ?? []) {
    if (a.do === 'throw') break;
    out.push(a.do === 'remove' ? 'off' : 'warning');
  }
  return out;
}

/**
 * EVT-8: a nested notify of the same event is refused.
 *
 * @remarks The full rule: a nested fire of an event during its own notify pass is refused with the warning, and no callback is invoked twice in the pass
 */
export const evt8 = defineProperty({
  id: 'EVT-8',
  rule: 'a nested fire during a notify pass is refused with the warning; no callback runs twice in the pass',
  needs: ['core'],
  arbitrary: focused(callbackVectorScenario({ remove: 1, fire: 3 })),
  check({ scenario, actual }) {
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind !== 'callback') continue;
      const expected = actionEvents(scenario, e.event, e.callback);
      for (let p = 0; p < expected.length; p++) {
        if (expected[p] !== 'warning') continue;
        const x = actual[i + 1 + p];
        if (!isKind(x, 'warning') || x.actor !== e.actor || x.message !== NESTED_NOTIFY_WARNING) {
          return `callback ${e.callback} at ${at(actual, i)} fires "${e.event}" again: expected the nested-notify warning at ${at(actual, i + 1 + p)}`;
        }
      }
    }
    for (const pass of passes(actual, scenario)) {
      const seen = new Set<string>();
      for (const k of pass.events) {
        const e = actual[k];
        if (e.kind !== 'callback') continue;
        if (seen.has(e.callback)) return `callback ${e.callback} invoked twice in the pass of "${pass.event}" started at ${at(actual, pass.start)} (again at ${at(actual, k)})`;
        seen.add(e.callback);
      }
    }
    return undefined;
  },
});

/** EVT-9: an exception stops the pass. */
export const evt9 = defineProperty({
  id: 'EVT-9',
  rule: 'after a callback throws, no later callback of that notify pass is invoked',
  needs: ['core'],
  arbitrary: focused(callbackVectorScenario({ remove: 1, fire: 1, throw: 3 })),
  check({ scenario, actual }) {
    const actions = callbackActions(scenario);
    for (let i = 0; i < actual.length; i++) {
      const e = actual[i];
      if (e.kind !== 'callback') continue;
      if (!(actions.get(`${e.event}\u0000${e.callback}`) ?? []).some((a) => a.do === 'throw')) continue;
      const k = i + 1 + actionEvents(scenario, e.event, e.callback).length;
      const x = actual[k];
      if (isKind(x, 'callback') && x.event === e.event && x.actor === e.actor) {
        return `callback ${x.callback} invoked at ${at(actual, k)} after callback ${e.callback} threw at ${at(actual, i)} in the same pass of "${e.event}"`;
      }
    }
    return undefined;
  },
});

/** EVT-11: closed is terminal. */
export const evt11 = defineProperty({
  id: 'EVT-11',
  rule: 'once a trigger is closed it never notifies again (no fire, close or callback after its closing pass)',
  needs: ['core'],
  arbitrary: focused(closedTriggerScenario()),
  check({ scenario, actual }) {
    for (const pass of passes(actual, scenario)) {
      if (actual[pass.start].kind !== 'close') continue;
      for (let k = pass.end; k < actual.length; k++) {
        const e = actual[k];
        if ((e.kind === 'fire' || e.kind === 'close' || e.kind === 'callback') && e.event === pass.event) {
          return `trigger "${pass.event}" closed at ${at(actual, pass.start)} notifies again at ${at(actual, k)}`;
        }
      }
    }
    return undefined;
  },
});


/** EVT-12: replay of a settled future / finished coroutine. */
export const evt12 = defineProperty({
  id: 'EVT-12',
  rule: 'awaiting a settled future or a finished coroutine yields its stored value or throws its stored error',
  needs: ['core'],
  arbitrary: focused(settledAwaitScenario()),
  check({ scenario, actual }) {
    const errorsReadable = !finallyMayReplaceErrors(scenario);
    for (const { index, first, actor, marker } of markedAwaits(actual)) {
      if (marker.kind !== 'future' && marker.kind !== 'coroutine') continue;
      const stored = settledBefore(actual, marker.kind, marker.id, first);
      if (!stored) continue;
      const j = nextOf(actual, actor, index);
      const x = actual[j];
      const what = `${actor} awaiting settled ${marker.kind} ${marker.id} (stored at ${at(actual, stored.index)})`;
      if ('value' in stored) {
        if (!isKind(x, 'awaited') || !same(x.value, stored.value)) {
          return `${what}: expected awaited ${JSON.stringify(stored.value)} at ${at(actual, j)}, got ${x ? JSON.stringify(x) : 'nothing'}`;
        }
      } else if (errorsReadable && (isKind(x, 'caught') || isKind(x, 'failed'))) {
        // A self-cancelled coroutine fails with its stored cancellation instead (COR-4, CAN-3).
        if (isKind(x, 'failed') && selfCancelIndex(actual, actor, j) !== -1) continue;
        if (x.error.class !== stored.error.class || x.error.message !== stored.error.message) {
          return `${what}: expected ${showError(stored.error)} thrown, got ${showError(x.error)} at ${at(actual, j)}`;
        }
      } else if (isKind(x, 'awaited') || suspendedOn(x, marker.kind, marker.id)) {
        return `${what}: expected ${showError(stored.error)} thrown, got ${x.kind} at ${at(actual, j)}`;
      }
    }
    return undefined;
  },
});

/**
 * EVT-13: late subscribers never suspend.
 *
 * @remarks The full rule: awaiting a closed trigger or a finished coroutine/future never suspends; a closed trigger gives the warning and null
 */
export const evt13 = defineProperty({
  id: 'EVT-13',
  rule: 'awaiting a closed trigger or a finished coroutine/future never suspends; a closed trigger warns and gives null',
  needs: ['core'],
  arbitrary: fc.oneof(settledAwaitScenario(), closedTriggerScenario(), coreScenario()),
  check({ actual }) {
    for (const { index, first, actor, marker } of markedAwaits(actual)) {
      if (marker.kind === 'timer') continue;
      const closed =
        marker.kind === 'trigger' ? closedBefore(actual, marker.id, first) : settledBefore(actual, marker.kind, marker.id, first)?.index ?? -1;
      if (closed === -1) continue;
      const j = nextOf(actual, actor, index);
      const what = `${actor} awaiting ${marker.kind} ${marker.id} closed at ${at(actual, closed)}`;
      if (suspendedOn(actual[j], marker.kind, marker.id)) return `${what} suspended at ${at(actual, j)}`;
      if (marker.kind !== 'trigger') continue;
      const w = actual[j];
      if (!isKind(w, 'warning') || w.message !== CLOSED_EVENT_WARNING) return `${what}: expected the closed-event warning at ${at(actual, j)}`;
      const k = nextOf(actual, actor, j);
      const a = actual[k];
      if (!isKind(a, 'awaited') || a.value !== null) return `${what}: expected awaited null after the warning, at ${at(actual, k)}`;
    }
    return undefined;
  },
});

/** The event properties in catalogue order. */
export const eventProperties: ConformanceProperty[] = [evt6, evt8, evt9, evt11, evt12, evt13];
