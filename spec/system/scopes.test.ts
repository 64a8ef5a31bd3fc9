import { describe, expect, it } from 'vitest';
import { expectedTrace, initial } from './interpret.js';
import { cancel, systemCancel } from './scopes.js';
import { RunQueue } from '../scheduler/runQueue.js';
import type { ErrorValue } from './scenario.js';
import type { Instruction, Program, Scenario } from './scenario.js';
import type { Trace } from './trace.js';

const scenario = (main: Instruction[]): Scenario => ({ version: 1, main });
const log = (value: string): Instruction => ({ op: 'log', value });
const suspend: Instruction = { op: 'suspend' };
const GRACEFUL: ErrorValue = { class: 'Async\\AsyncCancellation', message: 'Graceful shutdown' };
/** What PHP would echo: logs and query answers, in order. */
const echoed = (trace: Trace) =>
  trace.flatMap((e) => (e.kind === 'log' ? [e.value] : e.kind === 'query' ? [`${e.target}.${e.what}=${String(e.value)}`] : []));

describe('system model with scopes, anchored to php-async phpt expectations', () => {
  it('tests/scope/024: cancel() of an inherited (safe) scope makes zombies; awaitAfterCancellation waits for the drain (SCP-6, SCP-15)', () => {
    const body = (n: string): Program => [log(`${n} started`), suspend, suspend, log(`${n} finished`), { op: 'return', value: `result${n}` }];
    const trace = expectedTrace(scenario([
      log('start'),
      { op: 'scope.inherit', id: 's' },
      { op: 'spawn', id: 'c1', scope: 's', body: body('1') },
      { op: 'spawn', id: 'c2', scope: 's', body: body('2') },
      log('spawned coroutines'),
      suspend,
      { op: 'scope.cancel', scope: 's' },
      log('scope cancelled'),
      { op: 'spawn', id: 'ext', body: [log('external waiting'), { op: 'scope.awaitAfterCancellation', scope: 's', timeoutMs: 1000 }, log('awaitAfterCancellation completed')] },
      { op: 'await', target: { coroutine: 'ext' } },
      { op: 'query', target: 's', what: 'isFinished' },
      { op: 'query', target: 's', what: 'isClosed' },
      log('end'),
    ]));
    expect(echoed(trace)).toEqual([
      'start', 'spawned coroutines', '1 started', '2 started', 'scope cancelled', 'external waiting',
      '1 finished', '2 finished', 'awaitAfterCancellation completed', 's.isFinished=true', 's.isClosed=true', 'end',
    ]);
    expect(trace.at(-1)).toEqual({ t: 0, actor: 'scheduler', kind: 'exit' });
  });

  it('tests/scope/035: a coroutine cancelling its own scope continues and completes with the cancellation (SCP-20, CAN-3)', () => {
    const trace = expectedTrace(scenario([
      { op: 'scope.new', id: 's' },
      { op: 'scope.asNotSafely', scope: 's' },
      { op: 'spawn', id: 'sc', scope: 's', body: [log('coroutine started'), suspend, log('cancelling own scope'), { op: 'scope.cancel', scope: 's', reason: 'Self-cancellation' }, log('coroutine end')] },
      log('spawned coroutine'),
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'sc' } }], catch: [{ class: 'Async\\AsyncCancellation', body: [log('caught cancellation in main')] }] },
      { op: 'query', target: 's', what: 'isCancelled' },
      { op: 'query', target: 'sc', what: 'isCancelled' },
      log('end'),
    ]));
    expect(echoed(trace)).toEqual([
      'spawned coroutine', 'coroutine started', 'cancelling own scope', 'coroutine end', 'caught cancellation in main',
      's.isCancelled=true', 'sc.isCancelled=true', 'end',
    ]);
  });

  it('tests/scope/028: cancelling a parent scope cascades to inherited children and their coroutines (SCP-1, SCP-4)', () => {
    const body = (n: string): Program => [log(`${n} started`), { op: 'delay', ms: 5 }, log(`${n} should not complete`)];
    const trace = expectedTrace(scenario([
      { op: 'scope.new', id: 'p' },
      { op: 'scope.asNotSafely', scope: 'p' },
      { op: 'scope.inherit', id: 'k1', parent: 'p' },
      { op: 'scope.inherit', id: 'k2', parent: 'p' },
      { op: 'spawn', id: 'pc', scope: 'p', body: body('parent') },
      { op: 'spawn', id: 'c1', scope: 'k1', body: body('child1') },
      { op: 'spawn', id: 'c2', scope: 'k2', body: body('child2') },
      suspend,
      ...(['p', 'k1', 'k2'] as const).map((s): Instruction => ({ op: 'query', target: s, what: 'isCancelled' })),
      { op: 'scope.cancel', scope: 'p', reason: 'Parent cancelled' },
      suspend,
      ...(['p', 'k1', 'k2', 'pc', 'c1', 'c2'] as const).map((s): Instruction => ({ op: 'query', target: s, what: 'isCancelled' })),
    ]));
    expect(echoed(trace)).toEqual([
      'parent started', 'child1 started', 'child2 started', 'p.isCancelled=false', 'k1.isCancelled=false', 'k2.isCancelled=false',
      'p.isCancelled=true', 'k1.isCancelled=true', 'k2.isCancelled=true', 'pc.isCancelled=true', 'c1.isCancelled=true', 'c2.isCancelled=true',
    ]);
    // Waiting coroutines are woken in cascade order: children's before the scope's own (post-order application, SCP-4).
    const resumedWithError = trace.filter((e) => e.kind === 'resumed' && e.error).map((e) => e.actor);
    expect(resumedWithError).toEqual(['c1', 'c2', 'pc']);
  });

  it('tests/protect/004 and 006: cancels during protect are deferred and thrown when the block ends (CAN-5)', () => {
    const trace = expectedTrace(scenario([
      { op: 'spawn', id: 'c', body: [log('coroutine start'), { op: 'protect', body: [log('protected block'), log('work: 1'), suspend, log('work: 2'), suspend] }, log('after protect')] },
      suspend,
      { op: 'cancel', target: 'c' },
      suspend,
      { op: 'cancel', target: 'c', reason: 'second' },
      suspend,
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'c' } }], catch: [{ class: 'Async\\AsyncCancellation', body: [log('main caught')] }] },
    ]));
    expect(echoed(trace)).toEqual(['coroutine start', 'protected block', 'work: 1', 'work: 2', 'main caught']);
    expect(trace.find((e) => e.kind === 'failed')).toMatchObject({ actor: 'c', error: { class: 'Async\\AsyncCancellation', message: 'Coroutine cancelled' } });
  });

  it('fail-together: an unhandled error cancels siblings and child scopes; a swallowing handler absorbs it (SCP-14)', () => {
    const program = (handler: boolean): Instruction[] => [
      { op: 'scope.new', id: 's' },
      ...(handler ? [{ op: 'scope.setExceptionHandler', scope: 's', handler: 'h', action: 'swallow' } as Instruction] : []),
      { op: 'scope.inherit', id: 'k', parent: 's' },
      { op: 'spawn', id: 'sib', scope: 's', body: [{ op: 'delay', ms: 10 }, log('sibling done')] },
      { op: 'spawn', id: 'kid', scope: 'k', body: [{ op: 'delay', ms: 10 }, log('kid done')] },
      { op: 'spawn', id: 'bad', scope: 's', body: [{ op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] },
    ];
    const failed = expectedTrace(scenario(program(false))).filter((e) => e.kind === 'failed').map((e) => [e.actor, e.error.message]);
    expect(failed).toEqual([['bad', 'boom'], ['kid', 'Scope was cancelled'], ['sib', 'Coroutine cancelled']]);
    const absorbed = expectedTrace(scenario(program(true)));
    expect(echoed(absorbed)).toEqual(['sibling done', 'kid done']);
    expect(absorbed.find((e) => e.kind === 'handler')).toMatchObject({ scope: 's', handler: 'h', coroutine: 'bad' });
  });
});

describe('systemCancel: the cancellation machine clears PROTECTED, the coroutine machine cancels (CAN-11)', () => {
  const parkedInProtect = () => {
    const { sys } = initial(scenario([]));
    const main = sys.coroutines.get('main')!;
    Object.assign(main, { started: true, status: 'WAITING', protected: true });
    sys.queue = RunQueue.of([]);
    return { sys, main };
  };

  it('a coroutine parked inside protect() is woken with the shutdown cancellation, not deferred', () => {
    const { sys, main } = parkedInProtect();
    systemCancel(sys, main, GRACEFUL);
    expect(main).toMatchObject({ protected: false, cancelled: true, status: 'QUEUED', error: GRACEFUL });
    expect(main.deferred).toBeUndefined();
    expect(sys.queue.ids()).toEqual(['main']);
  });

  it('a plain cancel of the same coroutine is deferred (the contrast CAN-11 makes)', () => {
    const { sys, main } = parkedInProtect();
    cancel(sys, main, GRACEFUL);
    expect(main).toMatchObject({ protected: true, deferred: GRACEFUL, status: 'WAITING' });
  });
});
