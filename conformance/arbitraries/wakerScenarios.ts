/**
 * Focused arbitraries for the waker rules (WAK-1..WAK-8): coroutines woken
 * twice, woken then cancelled, cancelled twice, waiting on several events,
 * waiting with a timeout.
 * @module
 */
import * as fc from 'fast-check';
import type { AwaitInstruction, Instruction, Program, Scenario, TokenTarget } from '../../spec/system/scenario.js';
import { guarded } from './eventScenarios.js';
import { markedAwait } from './markers.js';
import { msArb } from './values.js';

/** What a coroutine first suspends on. */
const firstWaitArb = fc.constantFrom('suspend', 'trigger', 'future', 'delay') as fc.Arbitrary<'suspend' | 'trigger' | 'future' | 'delay'>;

function firstWait(kind: 'suspend' | 'trigger' | 'future' | 'delay', ms: number): Instruction[] {
  if (kind === 'suspend') return [{ op: 'suspend' }];
  if (kind === 'delay') return [{ op: 'delay', ms }];
  return markedAwait({ op: 'await', target: kind === 'trigger' ? { trigger: 't1' } : { future: 'f1' } });
}

/**
 * 1–3 coroutines suspend (queue, trigger, future or delay); while they are
 * suspended or already queued, main fires, settles (or fails, then cancels) and cancels them —
 * sometimes twice — and each then suspends again on a delay, so a stale
 * queue entry or subscription would wake it early (WAK-1, WAK-2, WAK-3, WAK-5).
 */
export function wakeThenCancelScenario(): fc.Arbitrary<Scenario> {
  const mainOp = fc.oneof(
    fc.constant({ k: 'fire' as const, n: 0 }),
    fc.constant({ k: 'complete' as const, n: 0 }),
    // Fail-then-cancel (WAK-5) twice as often as each other step.
    fc.nat({ max: 2 }).map((n) => ({ k: 'fail' as const, n })),
    fc.nat({ max: 2 }).map((n) => ({ k: 'fail' as const, n })),
    fc.nat({ max: 2 }).map((n) => ({ k: 'cancel' as const, n })),
    fc.constant({ k: 'suspend' as const, n: 0 }),
  );
  return fc
    .record({
      // Awaiting the future twice as often: its failure is the error a later cancellation must chain (WAK-5).
      coroutines: fc.array(fc.record({ wait: fc.oneof(firstWaitArb, fc.constant('future' as const)), ms: msArb, then: msArb }), { minLength: 1, maxLength: 3 }),
      ops: fc.array(mainOp, { minLength: 1, maxLength: 5 }),
      reasons: fc.boolean(),
    })
    .map(({ coroutines, ops, reasons }) => {
      const ids = coroutines.map((_, i) => ['a', 'b', 'c'][i]);
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'future.new', id: 'f1' }];
      coroutines.forEach((c, i) => {
        main.push({
          op: 'spawn', id: ids[i],
          body: [guarded(firstWait(c.wait, c.ms)), guarded([{ op: 'delay', ms: c.then }]), { op: 'log', value: `${ids[i]} done` }],
        });
      });
      main.push({ op: 'suspend' });
      let fire = 0;
      let reason = 0;
      for (const op of ops) {
        if (op.k === 'fire') main.push({ op: 'trigger.fire', id: 't1', value: `v${++fire}` });
        else if (op.k === 'complete') main.push({ op: 'future.complete', id: 'f1', value: `v${++fire}` });
        else if (op.k === 'fail') {
          // The failure wakes a waiter with an error; the cancel right after, before it runs, must chain it as `previous`.
          main.push({ op: 'future.fail', id: 'f1', error: { class: 'RuntimeException', message: `e${++fire}` } });
          // Aimed at a coroutine awaiting f1 when there is one: the only kind the failure wakes.
          const onFuture = ids.filter((_, i) => coroutines[i]!.wait === 'future');
          const targets = onFuture.length > 0 ? onFuture : ids;
          main.push({ op: 'cancel', target: targets[op.n % targets.length]!, reason: `r${++reason}` });
        }
        else if (op.k === 'suspend') main.push({ op: 'suspend' });
        else main.push(reasons ? { op: 'cancel', target: ids[op.n % ids.length], reason: `r${++reason}` } : { op: 'cancel', target: ids[op.n % ids.length] });
      }
      return { version: 1 as const, main };
    });
}

/**
 * A coroutine waits on an event with a timeout or a token, is woken by one
 * of them, then waits on a second event; main keeps firing every event with
 * distinct values at distinct times, so a subscription left behind would
 * wake the second wait with a wrong value (WAK-2, WAK-4, WAK-8).
 */
export function staleWakeScenario(): fc.Arbitrary<Scenario> {
  const targetArb = fc.constantFrom('t1', 't2', 'f1', 'timer') as fc.Arbitrary<'t1' | 't2' | 'f1' | 'timer'>;
  return fc
    .record({
      first: fc.constantFrom('t1', 'f1') as fc.Arbitrary<'t1' | 'f1'>,
      guard: fc.oneof(msArb.map((ms) => ({ timeoutMs: ms })), fc.constantFrom('t2', 'f2').map((id) => ({ token: id }))),
      second: targetArb,
      secondMs: msArb,
      schedule: fc.array(fc.record({ wait: fc.integer({ min: 0, max: 8 }), what: fc.constantFrom('t1', 't2', 'f1', 'f2') }), { minLength: 1, maxLength: 6 }),
    })
    .map(({ first, guard, second, secondMs, schedule }) => {
      const tgt = (id: string): TokenTarget => (id.startsWith('t') ? { trigger: id } : { future: id });
      const w1: AwaitInstruction = { op: 'await', target: tgt(first) };
      if ('timeoutMs' in guard) w1.timeoutMs = guard.timeoutMs;
      else w1.cancellation = tgt(guard.token);
      const w2: AwaitInstruction = { op: 'await', target: second === 'timer' ? { timer: secondMs } : tgt(second) };
      const main: Program = ['t1', 't2'].map((id): Instruction => ({ op: 'trigger.new', id }));
      main.push(...['f1', 'f2'].map((id): Instruction => ({ op: 'future.new', id })));
      main.push({ op: 'spawn', id: 'a', body: [guarded(markedAwait(w1)), guarded(markedAwait(w2, 2)), { op: 'log', value: 'a done' }] });
      let n = 0;
      for (const s of schedule) {
        main.push(s.wait === 0 ? { op: 'suspend' } : { op: 'delay', ms: s.wait });
        main.push(s.what.startsWith('t') ? { op: 'trigger.fire', id: s.what, value: `v${++n}` } : { op: 'future.complete', id: s.what, value: `v${++n}` });
      }
      return { version: 1 as const, main };
    });
}

/**
 * A coroutine waits with a token (another trigger, future or coroutine);
 * main notifies the target and the token back to back or apart, in either
 * order (WAK-4).
 */
export function multiEventScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      target: fc.constantFrom('t1', 'f1'),
      token: fc.constantFrom('t2', 'f2', 'c'),
      order: fc.constantFrom('target-first', 'token-first'),
      // Back to back (both before the waiter runs) is where a later result could overwrite the first: three times in five.
      gap: fc.constantFrom('none', 'none', 'none', 'suspend', 'delay'),
      fail: fc.boolean(),
      repeat: fc.boolean(),
    })
    .map(({ target, token, order, gap, fail, repeat }) => {
      const tt = (id: string): TokenTarget => (id === 'c' ? { coroutine: 'c' } : id.startsWith('t') ? { trigger: id } : { future: id });
      const notify = (id: string, value: string): Instruction[] => {
        if (id === 'c') return [];
        if (id.startsWith('t')) return [{ op: 'trigger.fire', id, value }];
        return fail && id === target ? [{ op: 'future.fail', id, error: { class: 'RuntimeException', message: 'target failed' } }] : [{ op: 'future.complete', id, value }];
      };
      const main: Program = [
        { op: 'trigger.new', id: 't1' }, { op: 'trigger.new', id: 't2' }, { op: 'future.new', id: 'f1' }, { op: 'future.new', id: 'f2' },
      ];
      if (token === 'c') main.push({ op: 'spawn', id: 'c', body: [{ op: 'delay', ms: order === 'token-first' ? 1 : 3 }, { op: 'return', value: 'token' }] });
      main.push({ op: 'spawn', id: 'a', body: [guarded(markedAwait({ op: 'await', target: tt(target), cancellation: tt(token) })), { op: 'log', value: 'a done' }] });
      main.push({ op: 'suspend' });
      const between: Instruction[] = gap === 'suspend' ? [{ op: 'suspend' }] : gap === 'delay' ? [{ op: 'delay', ms: 1 }] : [];
      if (token === 'c') main.push({ op: 'delay', ms: 2 }, ...notify(target, 'target'));
      else if (repeat && target === 't1') main.push(...notify(target, 'target'), ...between, ...notify(target, 'target again'), ...notify(token, 'token'));
      else if (order === 'target-first') main.push(...notify(target, 'target'), ...between, ...notify(token, 'token'));
      else main.push(...notify(token, 'token'), ...between, ...notify(target, 'target'));
      return { version: 1 as const, main };
    });
}

/**
 * A coroutine awaits a trigger, future, coroutine or timer with `timeoutMs`;
 * main sometimes notifies the target before or after the timeout (WAK-8).
 */
export function timeoutScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      target: fc.constantFrom('t1', 'f1', 'b', 'timer'),
      timeoutMs: msArb,
      targetMs: msArb,
      notifyAt: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
      twice: fc.boolean(),
    })
    .map(({ target, timeoutMs, targetMs, notifyAt, twice }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'future.new', id: 'f1' }];
      main.push({ op: 'spawn', id: 'b', body: [{ op: 'delay', ms: targetMs }, { op: 'return', value: 'b' }] });
      const t = target === 'timer' ? { timer: targetMs } : target === 'b' ? { coroutine: 'b' } : target === 't1' ? { trigger: 't1' } : { future: 'f1' };
      const wait = guarded(markedAwait({ op: 'await', target: t, timeoutMs }));
      main.push({ op: 'spawn', id: 'a', body: twice ? [wait, wait] : [wait] });
      if (notifyAt !== undefined) {
        main.push({ op: 'delay', ms: notifyAt });
        main.push(target === 'f1' ? { op: 'future.complete', id: 'f1', value: 'done' } : { op: 'trigger.fire', id: 't1', value: 'done' });
      }
      return { version: 1 as const, main };
    });
}

/**
 * A coroutine suspends (queue, trigger, future or delay) or is not started
 * yet; main may first wake it with a value, then cancels it 1–3 times with
 * distinct reasons before it runs (WAK-3, WAK-5).
 */
export function cancelWhileWaitingScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({ wait: firstWaitArb, started: fc.boolean(), wake: fc.boolean(), cancels: fc.integer({ min: 1, max: 3 }), second: fc.boolean() })
    .map(({ wait, started, wake, cancels, second }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'future.new', id: 'f1' }];
      main.push({ op: 'spawn', id: 'a', body: [guarded(firstWait(wait, 5)), { op: 'log', value: 'a done' }] });
      if (second) main.push({ op: 'spawn', id: 'b', body: [guarded(firstWait(wait, 5))] });
      if (started) main.push({ op: 'suspend' });
      if (wake) main.push({ op: 'trigger.fire', id: 't1', value: 'woken' }, { op: 'future.complete', id: 'f1', value: 'woken' });
      for (let k = 1; k <= cancels; k++) main.push({ op: 'cancel', target: 'a', reason: `r${k}` });
      if (second) main.push({ op: 'cancel', target: 'b', reason: 'rb' });
      return { version: 1 as const, main };
    });
}
