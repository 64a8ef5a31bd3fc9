/**
 * Reference runtime: the building blocks (run queue, clock, callback vector,
 * waker, errors), the runaway guard and the adapter.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorValue, Value } from '../conformance/adapter.js';
import { createReferenceAdapter, referenceAdapter } from './adapter.js';
import { VirtualClock } from './clock.js';
import { appendPrevious, isCancellation, isInstanceOf, makeError } from './errors.js';
import { AsyncEvent, type EventCallback } from './event.js';
import { ReferenceRuntime } from './runtime.js';
import { RunQueue } from './scheduler.js';
import { Waker } from './waker.js';

/** A callback that records its calls and runs `body`. */
function recorder(name: string, log: string[], body: () => ErrorValue | undefined = () => undefined): EventCallback {
  return {
    refCount: 0,
    invoke(_event: AsyncEvent, value: Value) {
      log.push(`${name}:${String(value)}`);
      return body();
    },
  };
}

describe('RunQueue', () => {
  it('is FIFO with pushFront at the head, across growth and wrap-around', () => {
    const q = new RunQueue<number>();
    for (let i = 0; i < 6; i++) q.push(i);
    expect([q.pop(), q.pop(), q.pop()]).toEqual([0, 1, 2]);
    for (let i = 6; i < 20; i++) q.push(i);
    q.pushFront(-1);
    expect(q.length).toBe(18);
    const out: number[] = [];
    while (!q.isEmpty()) out.push(q.pop()!);
    expect(out).toEqual([-1, 3, 4, 5, ...Array.from({ length: 14 }, (_, i) => i + 6)]);
    expect(q.pop()).toBeUndefined();
  });

  it('popBack takes the tail', () => {
    const q = new RunQueue<string>();
    q.push('a');
    q.push('b');
    q.pushFront('z');
    expect([q.popBack(), q.pop(), q.popBack(), q.pop()]).toEqual(['b', 'z', 'a', undefined]);
  });
});

describe('VirtualClock', () => {
  it('fires timers by (due, seq) and skips disarmed ones', () => {
    const clock = new VirtualClock();
    const t10a = clock.arm(10);
    const t5 = clock.arm(5);
    const t10b = clock.arm(10);
    const t7 = clock.arm(7);
    clock.disarm(t7);
    expect(clock.advance()).toEqual([t5]);
    expect(clock.now).toBe(5);
    expect(clock.advance()).toEqual([t10a, t10b]);
    expect(clock.now).toBe(10);
    expect(clock.hasArmedTimers).toBe(false);
    expect(clock.advance()).toEqual([]);
  });
});

describe('AsyncEvent notify pass', () => {
  it('EVT-6: removing an earlier, the current and a later callback: tombstones, no double visit, compaction', () => {
    const ev = new AsyncEvent('trigger', 't');
    const log: string[] = [];
    const a = recorder('a', log);
    const d = recorder('d', log);
    const b = recorder('b', log, () => {
      ev.removeCallback(a);
      ev.removeCallback(b);
      ev.removeCallback(d);
      return undefined;
    });
    const c = recorder('c', log);
    [a, b, c, d].forEach((cb) => ev.addCallback(cb));
    expect(ev.notify(1, undefined)).toEqual({ kind: 'notified' });
    expect(log).toEqual(['a:1', 'b:1', 'c:1']);
    expect(ev.callbacks()).toEqual([c]);
    expect(ev.removeCallback(a)).toBe(false);
  });

  it('EVT-7: a callback appended during the pass is visited in it', () => {
    const ev = new AsyncEvent('trigger', 't');
    const log: string[] = [];
    ev.addCallback(recorder('a', log, () => (ev.addCallback(recorder('late', log)), undefined)));
    ev.notify('x', undefined);
    expect(log).toEqual(['a:x', 'late:x']);
  });

  it('EVT-8, EVT-9: a nested pass is refused; a pending exception stops the pass and is returned', () => {
    const ev = new AsyncEvent('trigger', 't');
    const log: string[] = [];
    const boom = makeError('LogicException', 'boom');
    let nested: unknown;
    ev.addCallback(recorder('a', log, () => ((nested = ev.notify(2, undefined)), undefined)));
    ev.addCallback(recorder('b', log, () => boom));
    ev.addCallback(recorder('c', log));
    expect(ev.notify(1, undefined)).toEqual({ kind: 'notified', error: boom });
    expect(nested).toEqual({ kind: 'refused' });
    expect(log).toEqual(['a:1', 'b:1']);
    expect(ev.isNotifying).toBe(false);
    expect(ev.refCount).toBe(1);
  });
});

describe('Waker error merging (WAK-5)', () => {
  const cancel1 = makeError('Async\\AsyncCancellation', 'first');
  const cancel2 = makeError('Async\\AsyncCancellation', 'second');
  const runtimeError = makeError('RuntimeException', 'r');

  it('apply_cancellation: first cancellation wins; an error becomes its previous', () => {
    const w = new Waker();
    w.applyCancellation(cancel1);
    w.applyCancellation(cancel2);
    expect(w.error).toBe(cancel1);
    const v = new Waker();
    v.resumeWithError(runtimeError);
    v.applyCancellation(cancel1);
    expect(v.error).toEqual({ ...cancel1, previous: runtimeError });
    expect(cancel1.previous).toBeUndefined();
  });

  it('resume_with_error: a cancellation is dropped, an error replaces and chains', () => {
    const w = new Waker();
    w.resumeWithError(cancel1);
    w.resumeWithError(cancel2);
    expect(w.error).toBe(cancel1);
    w.resumeWithError(runtimeError);
    expect(w.error).toEqual({ ...runtimeError, previous: cancel1 });
  });

  it('WAK-3, WAK-4: first result wins and the error wins over the result', () => {
    const w = new Waker();
    w.setResult(1);
    w.setResult(2);
    expect(w.take()).toEqual({ value: 1 });
    w.setResult(3);
    w.resumeWithError(runtimeError);
    expect(w.take()).toEqual({ error: runtimeError });
  });
});

describe('errors', () => {
  it('CAN-1: the hierarchy and chaining', () => {
    expect(isInstanceOf('Async\\OperationCanceledException', 'Cancellation')).toBe(true);
    expect(isInstanceOf('Async\\AsyncCancellation', 'Exception')).toBe(false);
    expect(isInstanceOf('Async\\DeadlockError', 'Error')).toBe(true);
    expect(isInstanceOf('Async\\TimeoutException', 'Exception')).toBe(true);
    expect(isCancellation(makeError('RuntimeException', 'x'))).toBe(false);
    const chain = makeError('LogicException', 'a', makeError('RuntimeException', 'b'));
    const tail = makeError('Async\\AsyncCancellation', 'c');
    expect(appendPrevious(chain, tail)).toEqual({ class: 'LogicException', message: 'a', previous: { class: 'RuntimeException', message: 'b', previous: tail } });
    expect(chain.previous!.previous).toBeUndefined();
    expect(makeError('Error', 'x')).not.toHaveProperty('previous');
  });
});

describe('runtime guards and adapter', () => {
  it('throws on a runaway scenario', () => {
    const tiny = new ReferenceRuntime();
    tiny.kernel.maxSteps = 50;
    const main = Array.from({ length: 100 }, () => ({ op: 'suspend' as const }));
    expect(() => tiny.run({ version: 1, main })).toThrow(/runaway scenario/);
  });

  it('SCH-8: a second deadlock chains the previous exit exception as previous', () => {
    const body = { op: 'await' as const, target: { trigger: 't' } };
    let program = [body] as never[];
    for (let i = 0; i < 5; i++) program = [{ op: 'try', body: [body], catch: [{ class: 'Cancellation', body: program }] }] as never[];
    const trace = new ReferenceRuntime().run({ version: 1, main: [{ op: 'trigger.new', id: 't' }, ...program] });
    expect(trace.filter((e) => e.kind === 'deadlock')).toHaveLength(6);
    expect(trace.at(-1)).toMatchObject({ kind: 'exit', error: { class: 'Async\\DeadlockError', previous: { class: 'Async\\DeadlockError' } } });
  });

  it('an instance runs one scenario', () => {
    const rt = new ReferenceRuntime();
    rt.run({ version: 1, main: [] });
    expect(() => rt.run({ version: 1, main: [] })).toThrow(/one scenario/);
  });

  it('the adapter runs each scenario on a fresh runtime', async () => {
    expect(referenceAdapter.name).toBe('reference');
    expect(referenceAdapter.capabilities).toEqual(['core', 'scope', 'pool', 'breaker']);
    const scenario = { version: 1 as const, main: [{ op: 'log' as const, value: 1 }] };
    const options = { timeoutMs: 1000, seed: 1 };
    const first = await referenceAdapter.execute(scenario, options);
    expect(await referenceAdapter.execute(scenario, options)).toEqual(first);
    expect(first).toEqual([
      { t: 0, actor: 'main', kind: 'started' },
      { t: 0, actor: 'main', kind: 'log', value: 1 },
      { t: 0, actor: 'main', kind: 'completed', value: null },
      { t: 0, actor: 'scheduler', kind: 'exit' },
    ]);
    const named = createReferenceAdapter({ name: 'x', seams: { core: { canFire: () => true } } });
    expect(named.name).toBe('x');
    const closed = { version: 1 as const, main: [{ op: 'trigger.new' as const, id: 't' }, { op: 'trigger.close' as const, id: 't' }, { op: 'trigger.fire' as const, id: 't' }] };
    expect(await named.execute(closed, options)).not.toEqual(await referenceAdapter.execute(closed, options));
  });
});
