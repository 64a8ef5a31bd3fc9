/**
 * Focused arbitraries for the scheduler rules (SCH-1..SCH-13): lonely
 * suspends, deadlocks, graceful shutdown, uncaught cancellations.
 * @module
 */
import * as fc from 'fast-check';
import type { Instruction, Program, Scenario } from '../../spec/system/scenario.js';
import { guarded } from './eventScenarios.js';
import { markedAwait } from './markers.js';
import { msArb } from './values.js';

/**
 * `suspend()` when nothing else is runnable: main alone, or a coroutine
 * left alone after the others finished or went to sleep (SCH-6).
 */
export function lonelySuspendScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({ mainSuspends: fc.integer({ min: 0, max: 3 }), sleeper: fc.option(msArb, { nil: undefined }), loner: fc.integer({ min: 0, max: 3 }) })
    .map(({ mainSuspends, sleeper, loner }) => {
      const main: Program = [];
      for (let k = 0; k < mainSuspends; k++) main.push({ op: 'suspend' }, { op: 'log', value: `main ${k}` });
      if (sleeper !== undefined) main.push({ op: 'spawn', id: 's', body: [{ op: 'delay', ms: sleeper }, { op: 'suspend' }, { op: 'log', value: 's' }] });
      const body: Program = [{ op: 'delay', ms: 1 }];
      for (let k = 0; k < loner; k++) body.push({ op: 'suspend' }, { op: 'log', value: `l ${k}` });
      main.push({ op: 'spawn', id: 'l', body });
      return { version: 1 as const, main };
    });
}

/**
 * Coroutines awaiting triggers, futures or each other that nobody
 * notifies; some catch the deadlock cancellation and wait again (a second
 * deadlock); some sleep first, so the deadlock comes after timers (SCH-8,
 * SCH-12).
 */
export function deadlockScenario(): fc.Arbitrary<Scenario> {
  const waiterArb = fc.record({
    on: fc.constantFrom('trigger', 'future', 'main', 'peer'),
    sleep: fc.option(msArb, { nil: undefined }),
    again: fc.boolean(),
  });
  return fc
    .record({ waiters: fc.array(waiterArb, { minLength: 1, maxLength: 3 }), mainWaits: fc.constantFrom('none', 'trigger', 'first', 'delay') })
    .map(({ waiters, mainWaits }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'future.new', id: 'f1' }];
      waiters.forEach((w, i) => {
        const id = ['a', 'b', 'c'][i];
        const target =
          w.on === 'trigger' ? { trigger: 't1' } : w.on === 'future' ? { future: 'f1' } : w.on === 'main' || i === 0 ? { coroutine: 'main' } : { coroutine: 'a' };
        const wait = markedAwait({ op: 'await', target });
        const body: Program = [...(w.sleep === undefined ? [] : [{ op: 'delay' as const, ms: w.sleep }])];
        body.push(...(w.again ? [guarded(wait), ...markedAwait({ op: 'await', target }, 2)] : wait), { op: 'log', value: `${id} done` });
        main.push({ op: 'spawn', id, body });
      });
      if (mainWaits === 'trigger') main.push(...markedAwait({ op: 'await', target: { trigger: 't1' } }));
      if (mainWaits === 'first') main.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'a' } })));
      if (mainWaits === 'delay') main.push({ op: 'delay', ms: 5 });
      return { version: 1 as const, main };
    });
}

/**
 * Several coroutines, some started and suspended (with try/finally), some
 * not yet started, then `shutdown` from main or from a coroutine (SCH-9).
 */
export function shutdownScenario(): fc.Arbitrary<Scenario> {
  const coArb = fc.record({ wait: fc.constantFrom('delay', 'trigger', 'suspend', 'none'), fin: fc.boolean() });
  return fc
    .record({ early: fc.array(coArb, { maxLength: 3 }), late: fc.array(coArb, { minLength: 1, maxLength: 3 }), from: fc.constantFrom('main', 'coroutine'), twice: fc.boolean() })
    .map(({ early, late, from, twice }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      let n = 0;
      const spawn = (c: { wait: string; fin: boolean }): Instruction => {
        const id = `c${++n}`;
        const wait: Instruction = c.wait === 'delay' ? { op: 'delay', ms: 5 } : c.wait === 'trigger' ? { op: 'await', target: { trigger: 't1' } } : c.wait === 'suspend' ? { op: 'suspend' } : { op: 'log', value: id };
        const body: Program = c.fin ? [{ op: 'try', body: [wait, { op: 'log', value: `${id} after` }], finally: [{ op: 'log', value: `${id} finally` }] }] : [wait, { op: 'log', value: `${id} after` }];
        return { op: 'spawn', id, body };
      };
      main.push(...early.map(spawn));
      if (early.length > 0) main.push({ op: 'suspend' });
      main.push(...late.map(spawn));
      const stop: Program = twice ? [{ op: 'shutdown' }, { op: 'shutdown' }] : [{ op: 'shutdown' }];
      if (from === 'main') main.push(...stop, { op: 'log', value: 'main after shutdown' });
      else main.push({ op: 'spawn', id: 'killer', body: stop, priority: 'high' }, { op: 'suspend' }, { op: 'log', value: 'main after shutdown' });
      return { version: 1 as const, main };
    });
}

/**
 * Cancellations that escape coroutines, main included: self-cancel then
 * return, a thrown `AsyncCancellation`, main cancelled by a child while it
 * waits, children cancelled and never awaited (SCH-13).
 */
export function uncaughtCancellationScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({ main: fc.constantFrom('self-cancel', 'throw', 'cancelled-by-child', 'plain'), children: fc.array(fc.constantFrom('self-cancel', 'throw', 'cancelled'), { maxLength: 3 }) })
    .map(({ main: how, children }) => {
      const main: Program = [];
      children.forEach((c, i) => {
        const id = `k${i + 1}`;
        const body: Program =
          c === 'self-cancel' ? [{ op: 'cancel', target: 'self', reason: 'mine' }, { op: 'return', value: 1 }]
            : c === 'throw' ? [{ op: 'throw', error: { class: 'Async\\AsyncCancellation', message: 'thrown' } }]
              : [{ op: 'delay', ms: 5 }];
        main.push({ op: 'spawn', id, body });
        if (c === 'cancelled') main.push({ op: 'cancel', target: id });
      });
      if (how === 'self-cancel') main.push({ op: 'cancel', target: 'self' }, { op: 'log', value: 'still running' });
      if (how === 'throw') main.push({ op: 'throw', error: { class: 'Async\\AsyncCancellation', message: 'main thrown' } });
      if (how === 'cancelled-by-child') main.push({ op: 'spawn', id: 'killer', body: [{ op: 'cancel', target: 'main', reason: 'by child' }] }, { op: 'delay', ms: 10 });
      return { version: 1 as const, main };
    });
}

/**
 * Main spawns 9–12 coroutines before it first suspends, so more runnables
 * are queued at once than the reference runtime's run queue starts with
 * (8 slots): a queue that does not grow loses or reorders entries (SCH-1).
 * Each coroutine logs, and some suspend once and log again; main logs
 * between some spawns and may suspend at the end.
 */
export function wideSpawnScenario(): fc.Arbitrary<Scenario> {
  const childArb = fc.record({ suspends: fc.boolean(), mainLogs: fc.boolean() });
  return fc
    .record({ children: fc.array(childArb, { minLength: 9, maxLength: 12 }), mainSuspends: fc.boolean() })
    .map(({ children, mainSuspends }) => {
      const main: Program = [{ op: 'log', value: 'main' }];
      children.forEach((c, i) => {
        const id = `w${i}`;
        const body: Program = [{ op: 'log', value: id }];
        if (c.suspends) body.push({ op: 'suspend' }, { op: 'log', value: `${id} again` });
        main.push({ op: 'spawn', id, body });
        if (c.mainLogs) main.push({ op: 'log', value: `after ${id}` });
      });
      if (mainSuspends) main.push({ op: 'suspend' }, { op: 'log', value: 'main again' });
      return { version: 1 as const, main };
    });
}
