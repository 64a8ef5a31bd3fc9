import { describe, expect, it } from 'vitest';
import { expectedTrace } from './interpret.js';
import type { Instruction, Scenario } from './scenario.js';
import type { Trace } from './trace.js';

const scenario = (main: Instruction[]): Scenario => ({ version: 1, main });
/** The `finally` events and main's logs, in order. */
const order = (trace: Trace) =>
  trace.flatMap((e) => (e.kind === 'finally' ? [`${e.actor}:${e.handler}`] : e.kind === 'log' && e.actor === 'main' ? [`log:${String(e.value)}`] : e.kind === 'resumed' && e.actor === 'main' ? ['main:resumed'] : []));

describe("the finally iterator runs in a child scope of the coroutine's scope (COR-7, SCP-16; coroutine.c async_call_finally_handlers)", () => {
  it('tests/scope/033: cancelling a scope runs its coroutines\' handlers, then its child scope\'s coroutine\'s, then its own', () => {
    const trace = expectedTrace(scenario([
      { op: 'log', value: 'start' },
      { op: 'scope.new', id: 's' },
      { op: 'scope.asNotSafely', scope: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'suspend' }, { op: 'log', value: 'not reached' }] },
      { op: 'onFinally', target: 'a', handler: 'h1' },
      { op: 'onFinally', target: 'a', handler: 'h2' },
      { op: 'onFinally', target: 'a', handler: 'h3' },
      { op: 'scope.inherit', id: 't', parent: 's' },
      { op: 'spawn', id: 'b', scope: 't', body: [{ op: 'suspend' }, { op: 'log', value: 'not reached' }] },
      { op: 'onFinally', target: 'b', handler: 'hb' },
      { op: 'suspend' },
      { op: 'onFinally', target: 's', handler: 'hs' },
      { op: 'scope.cancel', scope: 's', reason: 'Scope cancelled with finally' },
      { op: 'suspend' },
      { op: 'log', value: 'end' },
    ]));
    expect(order(trace).filter((x) => x !== 'main:resumed')).toEqual([
      'log:start', 'finally:a:h1', 'finally:a:h2', 'finally:a:h3', 'finally:b:hb', 'finally:s:hs', 'log:end',
    ]);
  });

  it("a scope disposed by fail-together runs its own handlers after its failed coroutine's", () => {
    const trace = expectedTrace(scenario([
      { op: 'scope.new', id: 's' },
      { op: 'onFinally', target: 's', handler: 'hs' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'throw', error: { class: 'LogicException', message: 'boom' } }] },
      { op: 'onFinally', target: 'a', handler: 'ha' },
      { op: 'suspend' },
      { op: 'log', value: 'back' },
    ]));
    expect(order(trace)).toEqual(['finally:a:ha', 'finally:s:hs', 'main:resumed', 'log:back']);
  });

  it('a cancelled scope whose not-started coroutine finishes is disposed only after that coroutine\'s handlers', () => {
    const trace = expectedTrace(scenario([
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'log', value: 'never' }] },
      { op: 'onFinally', target: 'a', handler: 'h1' },
      { op: 'onFinally', target: 'a', handler: 'h2' },
      { op: 'onFinally', target: 's', handler: 'hs' },
      { op: 'scope.cancel', scope: 's' },
      { op: 'suspend' },
    ]));
    expect(order(trace)).toEqual(['finally:a:h1', 'finally:a:h2', 'finally:s:hs', 'main:resumed']);
  });

  it('awaitCompletion on the scope returns after the handlers of its last coroutine (woken when the iterator leaves the child scope)', () => {
    const trace = expectedTrace(scenario([
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 1 }] },
      { op: 'onFinally', target: 'a', handler: 'ha' },
      { op: 'scope.awaitCompletion', scope: 's', timeoutMs: 50 },
      { op: 'log', value: 'completed' },
    ]));
    expect(order(trace)).toEqual(['finally:a:ha', 'main:resumed', 'log:completed']);
    expect(trace.find((e) => e.kind === 'finally')?.t).toBe(1);
  });

  it('a coroutine without handlers leaves its scope at once: awaitCompletion returns in the same pick', () => {
    const trace = expectedTrace(scenario([
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 1 }] },
      { op: 'scope.awaitCompletion', scope: 's', timeoutMs: 50 },
      { op: 'log', value: 'completed' },
    ]));
    expect(order(trace)).toEqual(['main:resumed', 'log:completed']);
  });
});
