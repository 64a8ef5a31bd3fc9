/**
 * Focused arbitraries for the coroutine rules (COR-1..COR-7): spawn
 * batches, finished coroutines awaited and cancelled again, self-cancel then
 * throw, finally handlers, predicate queries in every state.
 * @module
 */
import * as fc from 'fast-check';
import type { CoroutineQuery, Instruction, Program, Scenario } from '../../spec/system/scenario.js';
import { guarded } from './eventScenarios.js';
import { markedAwait, onFinallyMarker, throwMarker } from './markers.js';
import { msArb, nonNullValueArb, plainErrorArb, reasonArb } from './values.js';

/** `onFinally` preceded by its marker. */
export function markedOnFinally(target: string, self: string, handler: string): Instruction[] {
  return [{ op: 'log', value: onFinallyMarker(target === 'self' ? self : target, handler) }, { op: 'onFinally', target, handler }];
}

/**
 * Main spawns 1–4 coroutines, some with a child of their own, interleaved
 * with logs, suspends and (rarely) high-priority spawns (COR-1, SCH-1, SCH-2).
 */
export function spawnBatchScenario(): fc.Arbitrary<Scenario> {
  const childArb = fc.record({
    suspends: fc.integer({ min: 0, max: 2 }),
    child: fc.boolean(),
    high: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    mainAfter: fc.constantFrom('none', 'none', 'log', 'suspend'),
  });
  return fc.array(childArb, { minLength: 1, maxLength: 4 }).map((children) => {
    const main: Program = [{ op: 'log', value: 'main' }];
    children.forEach((c, i) => {
      const id = ['a', 'b', 'c', 'd'][i];
      const body: Program = [{ op: 'log', value: id }];
      for (let k = 0; k < c.suspends; k++) body.push({ op: 'suspend' }, { op: 'log', value: `${id}${k}` });
      if (c.child) body.splice(1, 0, { op: 'spawn', id: `${id}x`, body: [{ op: 'log', value: `${id}x` }] }, { op: 'spawn', id: `${id}y`, body: [] });
      main.push(c.high ? { op: 'spawn', id, body, priority: 'high' } : { op: 'spawn', id, body });
      if (c.mainAfter === 'log') main.push({ op: 'log', value: `after ${id}` });
      if (c.mainAfter === 'suspend') main.push({ op: 'suspend' });
    });
    return { version: 1 as const, main };
  });
}

const finishedQueries: CoroutineQuery[] = ['isCancelled', 'isCompleted', 'getResult', 'getException'];

/**
 * A coroutine finishes (returns or throws, maybe after a delay); main and
 * another coroutine await it, query it, cancel it, and await and query it
 * again (COR-3, EVT-12).
 */
export function finishedOutcomeScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({ value: nonNullValueArb, error: fc.option(plainErrorArb, { nil: undefined }), ms: fc.option(msArb, { nil: undefined }), reason: reasonArb, other: fc.boolean() })
    .map(({ value, error, ms, reason, other }) => {
      const end: Instruction = error ? { op: 'throw', error } : { op: 'return', value };
      const query = finishedQueries.map((what): Instruction => ({ op: 'query', target: 'c', what }));
      const cancel: Instruction = reason === undefined ? { op: 'cancel', target: 'c' } : { op: 'cancel', target: 'c', reason };
      const main: Program = [{ op: 'spawn', id: 'c', body: ms === undefined ? [end] : [{ op: 'delay', ms }, end] }];
      if (other) main.push({ op: 'spawn', id: 'o', body: [guarded(markedAwait({ op: 'await', target: { coroutine: 'c' } })), { op: 'delay', ms: 30 }, guarded(markedAwait({ op: 'await', target: { coroutine: 'c' } })), { op: 'query', target: 'c', what: 'isCancelled' }] });
      main.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'c' } })), ...query, cancel, ...query);
      main.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'c' } })), cancel, guarded(markedAwait({ op: 'await', target: { coroutine: 'c' } })));
      return { version: 1 as const, main };
    });
}

/**
 * A coroutine cancels itself, goes on (logs, suspends, delays), then throws
 * an ordinary exception at the top of its body, marked by a throw marker
 * (COR-4).
 */
export function selfCancelThrowScenario(): fc.Arbitrary<Scenario> {
  const stepArb = fc.constantFrom<Instruction>({ op: 'log', value: 'going on' }, { op: 'suspend' }, { op: 'delay', ms: 2 });
  return fc
    .record({ reason: reasonArb, steps: fc.array(stepArb, { maxLength: 3 }), error: plainErrorArb, awaited: fc.boolean(), byMain: fc.boolean() })
    .map(({ reason, steps, error, awaited, byMain }) => {
      const body: Program = [
        reason === undefined ? { op: 'cancel', target: 'self' } : { op: 'cancel', target: 'self', reason },
        ...steps,
        { op: 'log', value: throwMarker(error.class) },
        { op: 'throw', error },
      ];
      if (byMain) return { version: 1 as const, main: body };
      const main: Program = [{ op: 'spawn', id: 'a', body }];
      if (awaited) main.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'a' } })));
      return { version: 1 as const, main };
    });
}

/**
 * Finally handlers registered by the coroutine itself and by others, before
 * and after it finishes, with awaiters waiting on it (COR-5, COR-7).
 */
export function finallyScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      own: fc.integer({ min: 0, max: 3 }),
      fromMain: fc.integer({ min: 0, max: 3 }),
      late: fc.integer({ min: 0, max: 2 }),
      awaiters: fc.integer({ min: 0, max: 2 }),
      ms: fc.option(msArb, { nil: undefined }),
      fails: fc.boolean(),
      cancelFirst: fc.boolean(),
    })
    .map(({ own, fromMain, late, awaiters, ms, fails, cancelFirst }) => {
      let h = 0;
      const body: Program = [];
      for (let k = 0; k < own; k++) body.push(...markedOnFinally('self', 'a', `h${++h}`));
      if (ms !== undefined) body.push({ op: 'delay', ms });
      body.push(fails ? { op: 'throw', error: { class: 'RuntimeException', message: 'a failed' } } : { op: 'return', value: 'a' });
      const main: Program = [{ op: 'spawn', id: 'a', body }];
      for (let k = 0; k < fromMain; k++) main.push(...markedOnFinally('a', 'main', `h${++h}`));
      for (let k = 0; k < awaiters; k++) main.push({ op: 'spawn', id: `w${k + 1}`, body: [guarded(markedAwait({ op: 'await', target: { coroutine: 'a' } })), { op: 'log', value: `w${k + 1}` }] });
      if (cancelFirst) main.push({ op: 'cancel', target: 'a' });
      main.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'a' } })));
      for (let k = 0; k < late; k++) main.push(...markedOnFinally('a', 'main', `h${++h}`));
      return { version: 1 as const, main };
    });
}

const allPredicates: CoroutineQuery[] = ['isStarted', 'isQueued', 'isRunning', 'isSuspended', 'isCancelled', 'isCancellationRequested', 'isCompleted'];

/**
 * Groups of all seven predicates asked about coroutines in every state:
 * right after spawn, cancelled before start, suspended, cancelled while
 * suspended, self-cancelled and running, finished (COR-6).
 */
export function predicateScenario(): fc.Arbitrary<Scenario> {
  const q = (target: string): Instruction[] => allPredicates.map((what) => ({ op: 'query', target, what }));
  return fc
    .record({ steps: fc.array(fc.constantFrom('cancel-a', 'cancel-b', 'suspend', 'delay', 'fire', 'query-a', 'query-b'), { maxLength: 5 }), selfCancel: fc.boolean(), wait: fc.constantFrom('delay', 'trigger', 'suspend') })
    .map(({ steps, selfCancel, wait }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      const waitInstr: Instruction = wait === 'delay' ? { op: 'delay', ms: 5 } : wait === 'trigger' ? { op: 'await', target: { trigger: 't1' } } : { op: 'suspend' };
      const aBody: Program = [...q('self'), ...(selfCancel ? [{ op: 'cancel' as const, target: 'self' }, ...q('self')] : []), guarded([waitInstr]), ...q('self')];
      main.push({ op: 'spawn', id: 'a', body: aBody }, ...q('a'));
      main.push({ op: 'spawn', id: 'b', body: [{ op: 'log', value: 'b' }] }, ...q('b'));
      for (const s of steps) {
        if (s === 'cancel-a' || s === 'cancel-b') main.push({ op: 'cancel', target: s.slice(-1) }, ...q(s.slice(-1)));
        else if (s === 'suspend') main.push({ op: 'suspend' });
        else if (s === 'delay') main.push({ op: 'delay', ms: 3 });
        else if (s === 'fire') main.push({ op: 'trigger.fire', id: 't1' });
        else main.push(...q(s.slice(-1)));
      }
      main.push({ op: 'delay', ms: 10 }, ...q('a'), ...q('b'), ...q('self'));
      return { version: 1 as const, main };
    });
}
