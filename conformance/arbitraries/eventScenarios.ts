/**
 * Focused arbitraries for the event rules (EVT-6..EVT-13): callback vectors
 * with removals, nested fires and throws; closed triggers; awaits of
 * settled events.
 * @module
 */
import * as fc from 'fast-check';
import type { CallbackAction, ErrorValue, Instruction, Program, Scenario, Value } from '../../spec/system/scenario.js';
import { markedAwait } from './markers.js';
import { errorArb, msArb, nonNullValueArb, plainErrorArb, valueArb } from './values.js';

/** `try { body } catch (Throwable) {}`: keeps a coroutine going after a thrown error. */
export function guarded(body: Program): Instruction {
  return { op: 'try', body, catch: [{ class: 'Throwable', body: [] }] };
}

/** Options of {@link callbackVectorScenario}. */
export interface CallbackVectorOptions {
  /** Chance weight of a `remove` action per callback. @defaultValue 3 */
  remove?: number;
  /** Chance weight of a `fire` (nested) action per callback. @defaultValue 0 */
  fire?: number;
  /** Chance weight of a `throw` action per callback. @defaultValue 0 */
  throw?: number;
}

const actionPlan = (o: Required<CallbackVectorOptions>) =>
  fc.array(
    fc.oneof(
      { weight: o.remove, arbitrary: fc.nat({ max: 4 }).map((k) => ({ do: 'remove' as const, k })) },
      { weight: o.fire, arbitrary: fc.constant({ do: 'fire' as const, k: 0 }) },
      { weight: o.throw, arbitrary: fc.constant({ do: 'throw' as const, k: 0 }) },
      { weight: 2, arbitrary: fc.constant({ do: 'none' as const, k: 0 }) },
    ),
    { maxLength: 2 },
  );

/**
 * One trigger (or future) with 2–5 user callbacks whose actions remove other
 * callbacks (earlier or later ones), fire the event again, or throw; the
 * event is fired 1–2 times (a future settles once), sometimes with an
 * `event.off` between, sometimes with a coroutine waiting on it.
 *
 * @param options - how often each kind of action appears.
 */
export function callbackVectorScenario(options: CallbackVectorOptions = {}): fc.Arbitrary<Scenario> {
  const o: Required<CallbackVectorOptions> = { remove: 3, fire: 0, throw: 0, ...options };
  return fc
    .record({
      future: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      callbacks: fc.array(actionPlan(o), { minLength: 2, maxLength: 5 }),
      fires: fc.array(fc.record({ value: valueArb, off: fc.option(fc.nat({ max: 4 }), { nil: undefined }) }), { minLength: 1, maxLength: 2 }),
      waiter: fc.boolean(),
      error: plainErrorArb,
    })
    .map(({ future, callbacks, fires, waiter, error }) => {
      const ev = future ? 'f1' : 't1';
      const ids = callbacks.map((_, i) => `cb${i + 1}`);
      const main: Program = [future ? { op: 'future.new', id: ev } : { op: 'trigger.new', id: ev }];
      if (waiter) {
        main.push({ op: 'spawn', id: 'a', body: [guarded(markedAwait({ op: 'await', target: future ? { future: ev } : { trigger: ev } }))] });
        main.push({ op: 'suspend' });
      }
      callbacks.forEach((plan, i) => {
        const actions: CallbackAction[] = plan.flatMap((a): CallbackAction[] => {
          if (a.do === 'remove') return [{ do: 'remove', callback: ids[a.k % ids.length] }];
          if (a.do === 'fire') return [{ do: 'fire' }];
          if (a.do === 'throw') return [{ do: 'throw', error }];
          return [];
        });
        main.push({ op: 'event.on', event: ev, callback: ids[i], actions });
      });
      const notifyOnce = (value: Value): Instruction =>
        future ? { op: 'future.complete', id: ev, value } : { op: 'trigger.fire', id: ev, value };
      fires.forEach((f, n) => {
        if (n > 0 && f.off !== undefined) main.push({ op: 'event.off', event: ev, callback: ids[f.off % ids.length] });
        main.push(guarded([notifyOnce(f.value)]));
      });
      return { version: 1 as const, main };
    });
}

/**
 * A trigger that is fired, closed and fired again, from main and from a
 * coroutine, with user callbacks and coroutines awaiting it before and after
 * the close (EVT-11, EVT-13).
 */
export function closedTriggerScenario(): fc.Arbitrary<Scenario> {
  const opArb = fc.oneof(
    nonNullValueArb.map((value): Instruction => ({ op: 'trigger.fire', id: 't1', value })),
    fc.constant<Instruction>({ op: 'trigger.close', id: 't1' }),
    fc.constant<Instruction>({ op: 'suspend' }),
    msArb.map((ms): Instruction => ({ op: 'delay', ms })),
    fc.constant<Instruction>({ op: 'event.on', event: 't1', callback: 'late' }),
  );
  return fc
    .record({
      callbacks: fc.integer({ min: 0, max: 2 }),
      before: fc.array(opArb, { maxLength: 2 }),
      after: fc.array(opArb, { minLength: 1, maxLength: 3 }),
      waiterDelays: fc.array(fc.option(msArb, { nil: undefined }), { minLength: 1, maxLength: 3 }),
      other: fc.array(opArb, { maxLength: 3 }),
    })
    .map(({ callbacks, before, after, waiterDelays, other }) => {
      let late = 0;
      const renameLate = (p: Instruction[]): Instruction[] =>
        p.map((i) => (i.op === 'event.on' ? { ...i, callback: `late${++late}` } : i));
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      for (let k = 1; k <= callbacks; k++) main.push({ op: 'event.on', event: 't1', callback: `cb${k}` });
      waiterDelays.forEach((d, k) => {
        const wait = markedAwait({ op: 'await', target: { trigger: 't1' } });
        main.push({ op: 'spawn', id: `w${k + 1}`, body: [...(d === undefined ? [] : [{ op: 'delay' as const, ms: d }]), ...wait, ...markedAwait({ op: 'await', target: { trigger: 't1' } }, 2)] });
      });
      main.push({ op: 'spawn', id: 'o', body: renameLate([...other, { op: 'trigger.close', id: 't1' }, ...other]) });
      main.push(...renameLate(before), { op: 'trigger.close', id: 't1' }, ...renameLate(after));
      main.push(...markedAwait({ op: 'await', target: { trigger: 't1' } }));
      return { version: 1 as const, main };
    });
}

/** What a settled-target scenario awaits. */
type Settle = { kind: 'future' | 'coroutine'; value: Value; error?: ErrorValue } | { kind: 'trigger' };

/**
 * The value of the `log` that {@link settledAwaitScenario} puts immediately
 * before each of its awaits: the await's start is visible in the trace, so a
 * check can see another actor run between the start and the return (SCH-5).
 */
export const AWAIT_START = 'await:start';

/**
 * Futures, coroutines and triggers that settle (complete, fail, close), then
 * marked awaits of them — some already settled, some not yet — by main and
 * by other coroutines, often while other coroutines are queued (EVT-12,
 * EVT-13, SCH-5, COR-3).
 */
export function settledAwaitScenario(): fc.Arbitrary<Scenario> {
  const settleArb: fc.Arbitrary<Settle> = fc.oneof(
    fc.record({ kind: fc.constant('future' as const), value: nonNullValueArb, error: fc.option(errorArb, { nil: undefined }) }),
    fc.record({ kind: fc.constant('coroutine' as const), value: nonNullValueArb, error: fc.option(errorArb, { nil: undefined }) }),
    fc.constant({ kind: 'trigger' as const }),
  );
  return fc
    .record({
      targets: fc.array(settleArb, { minLength: 1, maxLength: 3 }),
      awaits: fc.array(fc.record({ target: fc.nat({ max: 5 }), by: fc.constantFrom('main', 'x', 'y'), yieldFirst: fc.boolean() }), { minLength: 1, maxLength: 5 }),
      busy: fc.integer({ min: 0, max: 2 }),
      settleLate: fc.boolean(),
    })
    .map(({ targets, awaits, busy, settleLate }) => {
      const main: Program = [];
      const settle: Program = [];
      const keys = targets.map((t, i) => {
        if (t.kind === 'trigger') {
          main.push({ op: 'trigger.new', id: `t${i + 1}` });
          settle.push({ op: 'trigger.close', id: `t${i + 1}` });
          return { trigger: `t${i + 1}` };
        }
        if (t.kind === 'future') {
          main.push({ op: 'future.new', id: `f${i + 1}` });
          settle.push(t.error ? { op: 'future.fail', id: `f${i + 1}`, error: t.error } : { op: 'future.complete', id: `f${i + 1}`, value: t.value });
          return { future: `f${i + 1}` };
        }
        main.push({ op: 'spawn', id: `c${i + 1}`, body: [t.error ? { op: 'throw', error: t.error } : { op: 'return', value: t.value }] });
        return { coroutine: `c${i + 1}` };
      });
      const byCoroutine: Record<string, Program> = { x: [], y: [] };
      const mainAwaits: Program = [];
      for (const a of awaits) {
        const instrs: Program = [
          ...(a.yieldFirst ? [{ op: 'suspend' as const }] : []),
          { op: 'log', value: AWAIT_START },
          guarded(markedAwait({ op: 'await', target: keys[a.target % keys.length] })),
        ];
        (a.by === 'main' ? mainAwaits : byCoroutine[a.by]).push(...instrs);
      }
      if (!settleLate) main.push(...settle, { op: 'suspend' });
      for (let b = 1; b <= busy; b++) main.push({ op: 'spawn', id: `q${b}`, body: [{ op: 'log', value: `q${b}` }, { op: 'suspend' }, { op: 'log', value: `q${b}` }] });
      for (const id of ['x', 'y']) if (byCoroutine[id].length > 0) main.push({ op: 'spawn', id, body: byCoroutine[id] });
      if (settleLate) main.push({ op: 'suspend' }, ...settle);
      main.push(...mainAwaits);
      return { version: 1 as const, main };
    });
}
