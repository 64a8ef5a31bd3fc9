import { describe, expect, it } from 'vitest';
import { expectedTrace } from './interpret.js';
import type { Instruction, Scenario } from './scenario.js';
import type { Trace } from './trace.js';

const scenario = (main: Instruction[]): Scenario => ({ version: 1, main });
const logs = (trace: Trace) => trace.flatMap((e) => (e.kind === 'log' ? [e.value] : []));
const log = (value: string): Instruction => ({ op: 'log', value });

describe('system model, anchored to php-async phpt expectations', () => {
  it('tests/suspend/002: suspend() yields to the tail of the queue (SCH-1, SCH-10)', () => {
    const trace = expectedTrace(
      scenario([
        log('Start'),
        { op: 'spawn', id: 'a', body: [log('A: Before suspend'), { op: 'suspend' }, log('A: After suspend'), { op: 'suspend' }, log('A: After second suspend')] },
        { op: 'spawn', id: 'b', body: [log('B: Task 1'), { op: 'suspend' }, log('B: Task 2')] },
        { op: 'spawn', id: 'c', body: [log('C: Quick task')] },
        log('End'),
      ]),
    );
    expect(logs(trace)).toEqual([
      'Start', 'End', 'A: Before suspend', 'B: Task 1', 'C: Quick task', 'A: After suspend', 'B: Task 2', 'A: After second suspend',
    ]);
    expect(trace.at(-1)).toEqual({ t: 0, actor: 'scheduler', kind: 'exit' });
  });

  it('tests/spawn/002: spawned coroutines run after main, in spawn order (COR-1)', () => {
    const trace = expectedTrace(
      scenario([log('start'), ...[1, 2, 3].map((i): Instruction => ({ op: 'spawn', id: `c${i}`, body: [log(`coroutine ${i}`)] })), log('end')]),
    );
    expect(logs(trace)).toEqual(['start', 'end', 'coroutine 1', 'coroutine 2', 'coroutine 3']);
  });

  it('tests/coroutine/015: finally() on a finished coroutine runs at once (COR-7)', () => {
    const trace = expectedTrace(
      scenario([
        { op: 'spawn', id: 'c', body: [{ op: 'return', value: 'test' }] },
        { op: 'await', target: { coroutine: 'c' } },
        { op: 'onFinally', target: 'c', handler: 'h' },
      ]),
    );
    expect(trace.filter((e) => e.kind === 'awaited' || e.kind === 'finally')).toEqual([
      { t: 0, actor: 'main', kind: 'awaited', value: 'test' },
      { t: 0, actor: 'main', kind: 'finally', target: 'c', handler: 'h' },
    ]);
  });

  it('tests/coroutine/006: cancel before start — requested, not cancelled, await throws the reason (CAN-2a)', () => {
    const trace = expectedTrace(
      scenario([
        { op: 'spawn', id: 'c', body: [{ op: 'return', value: 'should not complete' }] },
        { op: 'cancel', target: 'c', reason: 'test cancellation' },
        { op: 'query', target: 'c', what: 'isCancellationRequested' },
        { op: 'query', target: 'c', what: 'isCancelled' },
        { op: 'try', body: [{ op: 'await', target: { coroutine: 'c' } }], catch: [{ class: 'Async\\AsyncCancellation', body: [log('caught')] }] },
      ]),
    );
    const cancellation = { class: 'Async\\AsyncCancellation', message: 'test cancellation' };
    expect(trace.filter((e) => e.actor === 'c')).toEqual([{ t: 0, actor: 'c', kind: 'failed', error: cancellation }]);
    expect(trace.filter((e) => e.kind === 'query').map((e) => (e as { value: unknown }).value)).toEqual([true, false]);
    expect(trace).toContainEqual({ t: 0, actor: 'main', kind: 'caught', error: cancellation });
  });
});

describe('system model, trace-semantics cases', () => {
  it('await with a timeout that fires: OperationCanceledException with previous TimeoutException (WAK-8, CAN-9)', () => {
    const trace = expectedTrace(
      scenario([{ op: 'trigger.new', id: 't' }, { op: 'try', body: [{ op: 'await', target: { trigger: 't' }, timeoutMs: 7 }], catch: [{ class: 'Throwable', body: [] }] }]),
    );
    expect(trace).toContainEqual({
      t: 7, actor: 'main', kind: 'resumed',
      error: { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled', previous: { class: 'Async\\TimeoutException', message: 'Timeout occurred after 7 milliseconds' } },
    });
    expect(trace.at(-1)).toEqual({ t: 7, actor: 'scheduler', kind: 'exit' });
  });

  it('deadlock cancels waiters and ends with DeadlockError (SCH-8)', () => {
    const trace = expectedTrace(
      scenario([{ op: 'future.new', id: 'f' }, { op: 'spawn', id: 'a', body: [{ op: 'await', target: { future: 'f' } }] }, { op: 'await', target: { future: 'f' } }]),
    );
    expect(trace.slice(-6, -1)).toEqual([
      { t: 0, actor: 'scheduler', kind: 'deadlock', waiting: 2 },
      { t: 0, actor: 'main', kind: 'resumed', error: { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' } },
      { t: 0, actor: 'main', kind: 'failed', error: { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' } },
      { t: 0, actor: 'a', kind: 'resumed', error: { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' } },
      { t: 0, actor: 'a', kind: 'failed', error: { class: 'Async\\AsyncCancellation', message: 'Deadlock detected' } },
    ]);
    expect(trace.at(-1)).toEqual({
      t: 0, actor: 'scheduler', kind: 'exit',
      error: { class: 'Async\\DeadlockError', message: 'Deadlock detected: no active coroutines, 2 coroutines in waiting' },
    });
  });

  it('self-cancel does not interrupt; the coroutine ends with the cancellation (CAN-3); a later throw wins (COR-4)', () => {
    const trace = expectedTrace(
      scenario([
        { op: 'spawn', id: 'a', body: [{ op: 'cancel', target: 'self' }, { op: 'delay', ms: 1 }, log('still running'), { op: 'return', value: 1 }] },
        { op: 'spawn', id: 'b', body: [{ op: 'cancel', target: 'self', reason: 'r' }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] },
      ]),
    );
    expect(logs(trace)).toEqual(['still running']);
    expect(trace).toContainEqual({ t: 1, actor: 'a', kind: 'failed', error: { class: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' } });
    expect(trace).toContainEqual({
      t: 0, actor: 'b', kind: 'failed',
      error: { class: 'RuntimeException', message: 'boom', previous: { class: 'Async\\AsyncCancellation', message: 'r' } },
    });
  });

  it('main failing with an exception starts shutdown and becomes the exit error (SCH-9)', () => {
    const boom = { class: 'LogicException' as const, message: 'boom' };
    const trace = expectedTrace(scenario([{ op: 'spawn', id: 'a', body: [log('never')] }, { op: 'throw', error: boom }]));
    expect(trace).toEqual([
      { t: 0, actor: 'main', kind: 'started' },
      { t: 0, actor: 'main', kind: 'spawned', coroutine: 'a' },
      { t: 0, actor: 'main', kind: 'failed', error: boom },
      { t: 0, actor: 'scheduler', kind: 'shutdown' },
      { t: 0, actor: 'a', kind: 'failed', error: { class: 'Async\\AsyncCancellation', message: 'Graceful shutdown' } },
      { t: 0, actor: 'scheduler', kind: 'exit', error: boom },
    ]);
  });
});
