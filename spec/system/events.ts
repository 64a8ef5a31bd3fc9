/**
 * Events and wakers of the system model: the trace's `emit`, notify passes
 * (EVT-6, EVT-8, EVT-9), subscriptions and resolution (WAK-1, WAK-2, WAK-4)
 * and arming timers. The bottom of the system model: it imports no other
 * of its modules but the state, the errors, the attribution table and the
 * coroutine machine's bridge (`lifecycle.ts`).
 * @module
 */
import type { ErrorValue, TokenTarget, Value } from './scenario.js';
import type { TraceEvent } from './trace.js';
import { claims, type Attribution } from './attribution.js';
import type { CoroutineState, EventState, Outcome, Resumption, SystemState, VectorEntry } from './state.js';
import type { EventAction, EventConfig, EventOutput } from '../event/model.js';
import { initial as eventInitial, status as eventStatus, transitions as eventTransitions } from '../event/machine.js';
import { firingTransition } from '../kernel/machine.js';
import { scopeOf } from './state.js';
import { NESTED_NOTIFY_WARNING, operationCanceled } from './errors.js';
import { stepCoroutine } from './lifecycle.js';

/** The event machine's configuration for the system's events: scenario objects are held (reference events), callbacks are added at run time. */
const EVENT_CONFIG: EventConfig = {
  callbacks: [], hidden: false, periodic: false, replayable: true, reference: true, maxExtraRefs: 0, maxLoopRefs: 0,
};
const EVENT_TABLE = { transitions: eventTransitions, status: eventStatus };

/** Distributes `Omit` over the members of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

declare module './state.js' {
  interface CoroutineState {
    /** The `label` of the instruction it most recently started (control flow aside), echoed by {@link emit}; trace semantics, "Labels". */
    label?: string;
  }
}

/**
 * Append an event to the trace at the current time. An event of a
 * coroutine carries the `label` of the instruction it most recently started
 * (`CoroutineState.label`, trace semantics "Labels").
 *
 * @param by - the requirement IDs of the transition that emits it; absent: what the event {@link claims}.
 */
export function emit(sys: SystemState, actor: string, event: DistributiveOmit<TraceEvent, 't' | 'actor'>, by?: Attribution): void {
  const label = sys.coroutines.get(actor)?.label;
  const e = (label === undefined ? { t: sys.now, actor, ...event } : { t: sys.now, actor, label, ...event }) as TraceEvent;
  sys.trace.push(e);
  sys.attribution.push(by ?? claims(e));
}

/** The coroutine with this id (it must exist). */
export function coroutine(sys: SystemState, id: string): CoroutineState {
  const c = sys.coroutines.get(id);
  if (!c) throw new Error(`spec: unknown coroutine ${id}`);
  return c;
}

/** Step an event through the event machine; the fired transition's outputs (none when no transition is enabled). */
function stepEvent(ev: EventState, action: EventAction): EventOutput[] {
  const t = firingTransition(EVENT_TABLE, EVENT_CONFIG, ev.machine, action);
  if (!t) return [];
  const result = t.update.fn(EVENT_CONFIG, ev.machine, action);
  if (result.kind === 'error') throw new Error(`spec: event ${ev.key}: ${action.type} refused (${result.error.message})`);
  ev.machine = result.state;
  ev.closed = result.state.closed;
  return result.outputs;
}

/** Add a callback to an event's vector (EVT-5): the event machine appends it. */
export function addEntry(ev: EventState, entry: VectorEntry): void {
  const id = String(ev.nextEntry++);
  ev.entries.set(id, entry);
  ev.machine = { ...ev.machine, callbackRefs: { ...ev.machine.callbackRefs, [id]: 0 } };
  stepEvent(ev, { type: 'addCallback', callback: id });
}

/** Remove a callback from a vector: the event machine tombstones it during a pass (EVT-6), splices it otherwise (EVT-5). */
function removeEntry(ev: EventState, id: string): void {
  stepEvent(ev, { type: 'removeCallback', callback: id });
  ev.entries.delete(id);
}

/** The live callback ids of an event, in vector order. */
function live(ev: EventState): string[] {
  return ev.machine.vector.filter((e) => !e.removed).map((e) => e.id);
}

/** Remove every subscription of a coroutine (scope waits included) and disarm its timers (WAK-2). */
export function unsubscribe(sys: SystemState, co: CoroutineState): void {
  for (const key of co.subscriptions) {
    if (key.startsWith('scope:')) {
      const s = scopeOf(sys, key.slice(6));
      s.waiters = s.waiters.filter((w) => w.coroutine !== co.id);
      continue;
    }
    const ev = sys.events.get(key);
    if (!ev) continue;
    for (const id of live(ev)) {
      const entry = ev.entries.get(id);
      if (entry?.type === 'waker' && entry.coroutine === co.id) removeEntry(ev, id);
    }
  }
  co.subscriptions = [];
  sys.timers = sys.timers.filter((t) => !sys.timerRoles[t.role].ofWait || t.coroutine !== co.id);
}

/**
 * Resolve a waiting coroutine: the coroutine machine's `wake` (COR-6) takes
 * only a waiting one, so the first outcome wins (WAK-4); it is queued once
 * (WAK-1) and all its subscriptions go at once (WAK-2).
 */
export function resolve(sys: SystemState, id: string, outcome: Outcome): boolean {
  const co = coroutine(sys, id);
  if (stepCoroutine(sys, co, { type: 'wake', error: outcome.error }) === undefined) return false;
  co.result = outcome.error ? null : outcome.value;
  unsubscribe(sys, co);
  sys.queue.pushTail(id);
  return true;
}

/** Subscribe a waiting coroutine to an event. */
export function subscribe(sys: SystemState, co: CoroutineState, key: string, role: 'target' | 'token'): void {
  const ev = sys.events.get(key);
  if (!ev) throw new Error(`spec: unknown event ${key}`);
  addEntry(ev, { type: 'waker', coroutine: co.id, role });
  co.subscriptions.push(key);
}

/** Arm a one-shot timer for a coroutine. */
export function armTimer(sys: SystemState, co: string, ms: number, role: 'target' | 'timeout'): void {
  sys.timers.push({ due: sys.now + ms, seq: sys.timerSeq++, coroutine: co, role, ms });
}

/** `delay {ms}` and a callable's `delayMs`: arm a timer, emit `suspended {on:"timer"}`, wait with this resumption. */
export function sleep(sys: SystemState, co: CoroutineState, ms: number, resumption: Resumption): void {
  armTimer(sys, co.id, ms, 'target');
  emit(sys, co.id, { kind: 'suspended', on: 'timer' });
  co.status = 'WAITING';
  co.resumption = resumption;
}

/** The trace name of an event key: `trigger:t1` → `t1`. */
function eventName(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

/**
 * One notify pass over an event's vector (§3.4 of the trace semantics),
 * stepped through the event machine: `notify` (or `close`, which closes the
 * event first, EVT-11) starts the pass or, during one, only warns (EVT-8);
 * each `advance` invokes the next live callback (EVT-6) until the vector is
 * exhausted (EVT-10) or a callback raised (EVT-9). The system carries out
 * what each invoked callback is: a waker resolves its coroutine, a user
 * callback emits `callback` and runs its actions.
 *
 * @param actor - who notifies (acts for the user callbacks).
 * @param how - `close` closes the event with the pass.
 * @returns the error a user callback threw (EVT-9), to be thrown by the actor.
 */
export function notify(sys: SystemState, ev: EventState, actor: string, outcome: Outcome, how: 'notify' | 'close' = 'notify'): ErrorValue | undefined {
  const started = stepEvent(ev, { type: how });
  if (started.some((o) => o.type === 'warning')) {
    emit(sys, actor, { kind: 'warning', message: NESTED_NOTIFY_WARNING }, ['EVT-8']);
    return undefined;
  }
  ev.handled = false;
  let thrown: ErrorValue | undefined;
  for (;;) {
    const invoked = stepEvent(ev, { type: 'advance' }).find((o) => o.type === 'invoked');
    if (!invoked || invoked.type !== 'invoked') break;
    const entry = ev.entries.get(invoked.callback)!;
    if (entry.type === 'waker') {
      const wake: Outcome = entry.role === 'target' ? outcome : { error: operationCanceled(outcome.error) };
      if (resolve(sys, entry.coroutine, wake) && entry.role === 'target' && outcome.error) ev.handled = true;
      continue;
    }
    const payload = outcome.error ? { error: outcome.error } : { value: outcome.value as Value };
    emit(sys, actor, { kind: 'callback', event: eventName(ev.key), callback: entry.callback, ...payload }, ['EVT-6', 'EVT-9']);
    for (const action of entry.actions) {
      if (action.do === 'remove') {
        removeUserCallback(sys, ev, action.callback, actor);
      } else if (action.do === 'fire') {
        if (stepEvent(ev, { type: 'notify' }).some((o) => o.type === 'warning')) {
          emit(sys, actor, { kind: 'warning', message: NESTED_NOTIFY_WARNING }, ['EVT-8']);
        }
      } else {
        thrown = action.error;
        stepEvent(ev, { type: 'raise' });
        break;
      }
    }
  }
  return thrown;
}

/** `event.off`: remove the first live user callback with this id; emits `off`. */
export function removeUserCallback(sys: SystemState, ev: EventState, callback: string, actor: string): void {
  const id = live(ev).find((i) => {
    const e = ev.entries.get(i);
    return e?.type === 'user' && e.callback === callback;
  });
  if (id !== undefined) removeEntry(ev, id);
  emit(sys, actor, { kind: 'off', event: eventName(ev.key), callback, found: id !== undefined });
}

/**
 * Whether an armed timer keeps the loop alive: every timer but a hidden one,
 * such as a pool's healthcheck timer (EVT-4, POOL-12; trace semantics §7.1).
 */
export function loopAlive(sys: SystemState): boolean {
  return sys.timers.some((t) => sys.timerRoles[t.role].keepsLoopAlive);
}

/** A fresh event record (trigger, future or coroutine). */
export function newEvent(key: string): EventState {
  return { key, closed: false, machine: eventInitial(EVENT_CONFIG), entries: new Map(), nextEntry: 0 };
}

/** The key of an awaitable/token target: `coroutine:a`, `future:f`, `trigger:t`. */
export function targetKey(target: TokenTarget): string {
  if ('coroutine' in target) return `coroutine:${target.coroutine}`;
  if ('future' in target) return `future:${target.future}`;
  return `trigger:${target.trigger}`;
}

/** The outcome of a finished coroutine / settled future, if any. */
export function settledOutcome(sys: SystemState, key: string): Outcome | undefined {
  if (key.startsWith('coroutine:')) return sys.coroutines.get(key.slice(10))?.outcome;
  return sys.events.get(key)?.outcome;
}
