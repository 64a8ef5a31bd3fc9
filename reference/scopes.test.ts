/**
 * Reference runtime: scopes, protect and the full cancel algorithm.
 *
 * @remarks Exact expected traces, derived by hand from
 * docs/guides/trace-semantics.md §6 (user cancel §6.3, cancel algorithm and
 * protect §6.4, finishing with scopes §6.5, scope waiters §6.6, finally
 * handlers and disposal §6.7).
 */
import { describe, expect, it } from 'vitest';
import type { ErrorValue, Program } from '../conformance/adapter.js';
import { ev, run } from '../test/support/referenceTraces.js';

const cancellation = (message: string, previous?: ErrorValue): ErrorValue =>
  previous === undefined ? { class: 'Async\\AsyncCancellation', message } : { class: 'Async\\AsyncCancellation', message, previous };
const asyncException = (message: string): ErrorValue => ({ class: 'Async\\AsyncException', message });
const SCOPE_CANCELLED = cancellation('Scope was cancelled');
const COROUTINE_CANCELLED = cancellation('Coroutine cancelled');
const OWN_SCOPE = asyncException('Cannot await completion of scope from a coroutine that belongs to the same scope or its children');

describe('reference runtime: scope cancel', () => {
  it('SCP-6: cancelling a safe scope turns started coroutines into zombies that run on; the scope is disposed when they finish', () => {
    const main: Program = [
      { op: 'scope.inherit', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 10 }, { op: 'log', value: 'a-done' }] },
      { op: 'suspend' },
      { op: 'scope.cancel', scope: 's' },
      { op: 'query', target: 's', what: 'isCancelled' },
      { op: 'query', target: 'a', what: 'isCancellationRequested' },
      { op: 'await', target: { coroutine: 'a' } },
      { op: 'query', target: 'a', what: 'isCancelled' },
      { op: 'query', target: 's', what: 'isClosed' },
      { op: 'query', target: 's', what: 'isFinished' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'query', { target: 's', what: 'isCancelled', value: true }),
      ev(0, 'main', 'query', { target: 'a', what: 'isCancellationRequested', value: true }),
      ev(0, 'main', 'suspended', { on: 'coroutine:a' }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'log', { value: 'a-done' }),
      ev(10, 'a', 'completed', { value: null }),
      ev(10, 'main', 'resumed'),
      ev(10, 'main', 'awaited', { value: null }),
      ev(10, 'main', 'query', { target: 'a', what: 'isCancelled', value: true }),
      ev(10, 'main', 'query', { target: 's', what: 'isClosed', value: true }),
      ev(10, 'main', 'query', { target: 's', what: 'isFinished', value: true }),
      ev(10, 'main', 'completed', { value: null }),
      ev(10, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-4: cancelling a not-safe scope resumes its suspended coroutine with the cancellation; try/finally runs', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'try', body: [{ op: 'delay', ms: 10 }, { op: 'log', value: 'never' }], finally: [{ op: 'log', value: 'fin' }] }] },
      { op: 'suspend' },
      { op: 'scope.cancel', scope: 's', reason: 'stop' },
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'a' } }], catch: [{ class: 'Cancellation', body: [] }] },
      { op: 'query', target: 's', what: 'isClosed' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'stop' }),
      ev(0, 'main', 'suspended', { on: 'coroutine:a' }),
      ev(0, 'a', 'resumed', { error: cancellation('stop') }),
      ev(0, 'a', 'log', { value: 'fin' }),
      ev(0, 'a', 'failed', { error: cancellation('stop') }),
      ev(0, 'main', 'resumed', { error: cancellation('stop') }),
      ev(0, 'main', 'caught', { error: cancellation('stop') }),
      ev(0, 'main', 'query', { target: 's', what: 'isClosed', value: true }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-5: a not-started coroutine of a cancelled scope never runs; its finally handlers and the scope\'s run', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'log', value: 'never' }] },
      { op: 'onFinally', target: 'a', handler: 'h' },
      { op: 'onFinally', target: 's', handler: 'hs' },
      { op: 'scope.cancel', scope: 's' },
      { op: 'query', target: 'a', what: 'isCancellationRequested' },
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'a' } }], catch: [{ class: 'Cancellation', body: [] }] },
      { op: 'query', target: 's', what: 'isFinished' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'query', { target: 'a', what: 'isCancellationRequested', value: true }),
      ev(0, 'main', 'suspended', { on: 'coroutine:a' }),
      ev(0, 'a', 'failed', { error: SCOPE_CANCELLED }),
      // finally:a runs in a child scope of s, so s is disposed (and runs finally:s) only after it (COR-7, SCP-16)
      ev(0, 'finally:a', 'finally', { target: 'a', handler: 'h' }),
      ev(0, 'finally:s', 'finally', { target: 's', handler: 'hs' }),
      ev(0, 'main', 'resumed', { error: SCOPE_CANCELLED }),
      ev(0, 'main', 'caught', { error: SCOPE_CANCELLED }),
      ev(0, 'main', 'query', { target: 's', what: 'isFinished', value: true }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-4: the cascade sets flags pre-order and cancels child scopes before the scope\'s own coroutines; children are disposed first', () => {
    const waitAndLog = (value: string): Program => [{ op: 'try', body: [{ op: 'delay', ms: 100 }], catch: [{ class: 'Cancellation', body: [{ op: 'log', value }] }] }];
    const main: Program = [
      { op: 'scope.new', id: 'p' },
      { op: 'scope.inherit', id: 'c', parent: 'p' },
      { op: 'onFinally', target: 'p', handler: 'hp' },
      { op: 'onFinally', target: 'c', handler: 'hc' },
      { op: 'spawn', id: 'a', scope: 'p', body: waitAndLog('a') },
      { op: 'spawn', id: 'b', scope: 'c', body: waitAndLog('b') },
      { op: 'suspend' },
      { op: 'scope.cancel', scope: 'p' },
      { op: 'query', target: 'c', what: 'isCancelled' },
      { op: 'suspend' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'scopeCancel', { scope: 'p', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'query', { target: 'c', what: 'isCancelled', value: true }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'b', 'resumed', { error: SCOPE_CANCELLED }),
      ev(0, 'b', 'caught', { error: SCOPE_CANCELLED }),
      ev(0, 'b', 'log', { value: 'b' }),
      ev(0, 'b', 'completed', { value: null }),
      ev(0, 'finally:c', 'finally', { target: 'c', handler: 'hc' }),
      ev(0, 'a', 'resumed', { error: SCOPE_CANCELLED }),
      ev(0, 'a', 'caught', { error: SCOPE_CANCELLED }),
      ev(0, 'a', 'log', { value: 'a' }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'finally:p', 'finally', { target: 'p', handler: 'hp' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-7: a second cancel closes a cancelled scope at once and runs its finally handlers; spawn into it then fails (SCP-3)', () => {
    const main: Program = [
      { op: 'scope.inherit', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 10 }, { op: 'log', value: 'a' }] },
      { op: 'onFinally', target: 's', handler: 'hs' },
      { op: 'suspend' },
      { op: 'scope.cancel', scope: 's' },
      { op: 'query', target: 's', what: 'isClosed' },
      { op: 'query', target: 's', what: 'isFinished' },
      { op: 'scope.cancel', scope: 's', reason: 'again' },
      { op: 'query', target: 's', what: 'isClosed' },
      { op: 'try', body: [{ op: 'spawn', id: 'b', scope: 's', body: [] }], catch: [{ class: 'Async\\AsyncException', body: [] }] },
      { op: 'await', target: { coroutine: 'a' } },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'query', { target: 's', what: 'isClosed', value: false }),
      ev(0, 'main', 'query', { target: 's', what: 'isFinished', value: true }),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'again' }),
      ev(0, 'main', 'query', { target: 's', what: 'isClosed', value: true }),
      ev(0, 'main', 'caught', { error: asyncException('Cannot spawn a coroutine in a closed scope') }),
      ev(0, 'main', 'suspended', { on: 'coroutine:a' }),
      ev(0, 'finally:s', 'finally', { target: 's', handler: 'hs' }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'log', { value: 'a' }),
      ev(10, 'a', 'completed', { value: null }),
      ev(10, 'main', 'resumed'),
      ev(10, 'main', 'awaited', { value: null }),
      ev(10, 'main', 'completed', { value: null }),
      ev(10, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-7: cancelling a drained scope closes it without cancelling it; a late scope finally handler runs at once by the caller (SCP-16)', () => {
    const main: Program = [
      { op: 'scope.new', id: 't' },
      { op: 'onFinally', target: 't', handler: 'h1' },
      { op: 'scope.dispose', scope: 't' },
      { op: 'query', target: 't', what: 'isCancelled' },
      { op: 'query', target: 't', what: 'isClosed' },
      { op: 'query', target: 't', what: 'isFinished' },
      { op: 'onFinally', target: 't', handler: 'late' },
      { op: 'try', body: [{ op: 'spawn', id: 'b', scope: 't', body: [] }], catch: [{ class: 'Async\\AsyncException', body: [] }] },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'scopeCancel', { scope: 't', how: 'dispose', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'query', { target: 't', what: 'isCancelled', value: false }),
      ev(0, 'main', 'query', { target: 't', what: 'isClosed', value: true }),
      ev(0, 'main', 'query', { target: 't', what: 'isFinished', value: true }),
      ev(0, 'main', 'finally', { target: 't', handler: 'late' }),
      ev(0, 'main', 'caught', { error: asyncException('Cannot spawn a coroutine in a closed scope') }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'finally:t', 'finally', { target: 't', handler: 'h1' }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-3, SCP-19: spawn into, inherit from and asNotSafely on a disposed scope fail', () => {
    const guarded = (instruction: Program[number]): Program[number] => ({ op: 'try', body: [instruction], catch: [{ class: 'Async\\AsyncException', body: [] }] });
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [] },
      { op: 'scope.cancel', scope: 's' },
      { op: 'suspend' },
      { op: 'query', target: 's', what: 'isClosed' },
      guarded({ op: 'spawn', id: 'b', scope: 's', body: [] }),
      guarded({ op: 'scope.inherit', id: 'c', parent: 's' }),
      guarded({ op: 'scope.asNotSafely', scope: 's' }),
      guarded({ op: 'scope.setExceptionHandler', scope: 's', handler: 'h', action: 'swallow' }),
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'failed', { error: SCOPE_CANCELLED }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'query', { target: 's', what: 'isClosed', value: true }),
      ev(0, 'main', 'caught', { error: asyncException('Scope object has been disposed') }),
      ev(0, 'main', 'caught', { error: asyncException('Cannot inherit a Scope from a parent Scope that has already been disposed.') }),
      ev(0, 'main', 'caught', { error: asyncException('Scope object has been disposed') }),
      ev(0, 'main', 'caught', { error: asyncException('Scope object has been disposed') }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-20: a coroutine cancelling its own scope continues and completes failed with the cancellation; its sibling is cancelled', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'b', scope: 's', body: [{ op: 'delay', ms: 10 }] },
      {
        op: 'spawn',
        id: 'a',
        scope: 's',
        body: [{ op: 'scope.cancel', scope: 's' }, { op: 'log', value: 'continues' }, { op: 'suspend' }, { op: 'log', value: 'still' }, { op: 'return', value: 1 }],
      },
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'a' } }], catch: [{ class: 'Cancellation', body: [{ op: 'query', target: 'a', what: 'isCancelled' }] }] },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'coroutine:a' }),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', { on: 'timer' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'a', 'log', { value: 'continues' }),
      ev(0, 'a', 'suspended', { on: 'queue' }),
      ev(0, 'b', 'resumed', { error: SCOPE_CANCELLED }),
      ev(0, 'b', 'failed', { error: SCOPE_CANCELLED }),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'log', { value: 'still' }),
      ev(0, 'a', 'failed', { error: SCOPE_CANCELLED }),
      ev(0, 'main', 'resumed', { error: SCOPE_CANCELLED }),
      ev(0, 'main', 'caught', { error: SCOPE_CANCELLED }),
      ev(0, 'main', 'query', { target: 'a', what: 'isCancelled', value: true }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-11: disposeAfterTimeout cancels the scope from the scheduler when its timer fires', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'try', body: [{ op: 'delay', ms: 100 }], catch: [{ class: 'Cancellation', body: [{ op: 'log', value: 'timed-out' }] }] }] },
      { op: 'scope.disposeAfterTimeout', scope: 's', ms: 20 },
    ];
    const reason = cancellation('Scope has been disposed due to timeout');
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(20, 'scheduler', 'scopeCancel', { scope: 's', how: 'timeout', reason: 'Scope has been disposed due to timeout' }),
      ev(20, 'a', 'resumed', { error: reason }),
      ev(20, 'a', 'caught', { error: reason }),
      ev(20, 'a', 'log', { value: 'timed-out' }),
      ev(20, 'a', 'completed', { value: null }),
      ev(20, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-11: the disposeAfterTimeout timer keeps the loop alive; on a drained scope it closes it and runs its finally handlers', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 5 }] },
      { op: 'onFinally', target: 's', handler: 'hs' },
      { op: 'scope.disposeAfterTimeout', scope: 's', ms: 20 },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(5, 'a', 'resumed'),
      ev(5, 'a', 'completed', { value: null }),
      ev(20, 'scheduler', 'scopeCancel', { scope: 's', how: 'timeout', reason: 'Scope has been disposed due to timeout' }),
      ev(20, 'finally:s', 'finally', { target: 's', handler: 'hs' }),
      ev(20, 'scheduler', 'exit'),
    ]);
  });
});

describe('reference runtime: exception handling (fail-together)', () => {
  it('SCP-14: an unhandled error cancels its siblings with "Coroutine cancelled" and child-scope coroutines with "Scope was cancelled"', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'scope.inherit', id: 'c', parent: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'suspend' }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] },
      { op: 'spawn', id: 'b', scope: 's', body: [{ op: 'delay', ms: 10 }] },
      { op: 'spawn', id: 'd', scope: 'c', body: [{ op: 'delay', ms: 10 }] },
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'b' } }], catch: [{ class: 'Cancellation', body: [] }] },
      { op: 'query', target: 'd', what: 'getException' },
      { op: 'query', target: 'a', what: 'getException' },
      { op: 'query', target: 's', what: 'isCancelled' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'spawned', { coroutine: 'd' }),
      ev(0, 'main', 'suspended', { on: 'coroutine:b' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'queue' }),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', { on: 'timer' }),
      ev(0, 'd', 'started'),
      ev(0, 'd', 'suspended', { on: 'timer' }),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'failed', { error: { class: 'RuntimeException', message: 'boom' } }),
      ev(0, 'd', 'resumed', { error: SCOPE_CANCELLED }),
      ev(0, 'd', 'failed', { error: SCOPE_CANCELLED }),
      ev(0, 'b', 'resumed', { error: COROUTINE_CANCELLED }),
      ev(0, 'b', 'failed', { error: COROUTINE_CANCELLED }),
      ev(0, 'main', 'resumed', { error: COROUTINE_CANCELLED }),
      ev(0, 'main', 'caught', { error: COROUTINE_CANCELLED }),
      ev(0, 'main', 'query', { target: 'd', what: 'getException', value: SCOPE_CANCELLED }),
      ev(0, 'main', 'query', { target: 'a', what: 'getException', value: { class: 'RuntimeException', message: 'boom' } }),
      ev(0, 'main', 'query', { target: 's', what: 'isCancelled', value: true }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-14: an error reaching the parent scope cancels the parent\'s own coroutines too', () => {
    const main: Program = [
      { op: 'scope.new', id: 'p' },
      { op: 'scope.inherit', id: 'c', parent: 'p' },
      { op: 'spawn', id: 'b', scope: 'p', body: [{ op: 'delay', ms: 10 }] },
      { op: 'spawn', id: 'a', scope: 'c', body: [{ op: 'throw', error: { class: 'RuntimeException', message: 'E' } }] },
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'b' } }], catch: [{ class: 'Cancellation', body: [] }] },
      { op: 'query', target: 'p', what: 'isCancelled' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'coroutine:b' }),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', { on: 'timer' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'failed', { error: { class: 'RuntimeException', message: 'E' } }),
      ev(0, 'b', 'resumed', { error: COROUTINE_CANCELLED }),
      ev(0, 'b', 'failed', { error: COROUTINE_CANCELLED }),
      ev(0, 'main', 'resumed', { error: COROUTINE_CANCELLED }),
      ev(0, 'main', 'caught', { error: COROUTINE_CANCELLED }),
      ev(0, 'main', 'query', { target: 'p', what: 'isCancelled', value: true }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-14: a swallowing exception handler absorbs the error; the scope and the siblings are unaffected', () => {
    const error: ErrorValue = { class: 'LogicException', message: 'x' };
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'scope.setExceptionHandler', scope: 's', handler: 'h1', action: 'swallow' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'throw', error }] },
      { op: 'spawn', id: 'b', scope: 's', body: [{ op: 'suspend' }, { op: 'log', value: 'b-alive' }] },
      { op: 'suspend' },
      { op: 'suspend' },
      { op: 'query', target: 's', what: 'isCancelled' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'failed', { error }),
      ev(0, 'a', 'handler', { scope: 's', handler: 'h1', coroutine: 'a', error }),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', { on: 'queue' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'b', 'resumed'),
      ev(0, 'b', 'log', { value: 'b-alive' }),
      ev(0, 'b', 'completed', { value: null }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'query', { target: 's', what: 'isCancelled', value: false }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-14: at the parent, a rethrowing child-scope handler falls back to the exception handler, which swallows', () => {
    const error: ErrorValue = { class: 'RuntimeException', message: 'r' };
    const main: Program = [
      { op: 'scope.new', id: 'p' },
      { op: 'scope.inherit', id: 'c', parent: 'p' },
      { op: 'scope.setChildScopeExceptionHandler', scope: 'p', handler: 'hc', action: 'rethrow' },
      { op: 'scope.setExceptionHandler', scope: 'p', handler: 'hp', action: 'swallow' },
      { op: 'spawn', id: 'a', scope: 'c', body: [{ op: 'throw', error }] },
      { op: 'spawn', id: 'b', scope: 'c', body: [{ op: 'log', value: 'never' }] },
      { op: 'suspend' },
      { op: 'query', target: 'p', what: 'isCancelled' },
      { op: 'query', target: 'c', what: 'isClosed' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'failed', { error }),
      ev(0, 'a', 'handler', { scope: 'p', handler: 'hc', coroutine: 'a', error }),
      ev(0, 'a', 'handler', { scope: 'p', handler: 'hp', coroutine: 'a', error }),
      ev(0, 'b', 'failed', { error: COROUTINE_CANCELLED }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'query', { target: 'p', what: 'isCancelled', value: false }),
      ev(0, 'main', 'query', { target: 'c', what: 'isClosed', value: true }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-14: a completion waiter receives the original error, which stops propagation to the parent', () => {
    const error: ErrorValue = { class: 'RuntimeException', message: 'E1' };
    const main: Program = [
      { op: 'scope.new', id: 'p' },
      { op: 'scope.inherit', id: 'c', parent: 'p' },
      { op: 'spawn', id: 'a', scope: 'c', body: [{ op: 'suspend' }, { op: 'throw', error }] },
      { op: 'spawn', id: 'b', scope: 'p', body: [{ op: 'delay', ms: 10 }] },
      {
        op: 'spawn',
        id: 'w',
        body: [{ op: 'try', body: [{ op: 'scope.awaitCompletion', scope: 'c', timeoutMs: 100 }], catch: [{ class: 'RuntimeException', body: [{ op: 'log', value: 'w-got' }] }] }],
      },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'spawned', { coroutine: 'w' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'queue' }),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', { on: 'timer' }),
      ev(0, 'w', 'started'),
      ev(0, 'w', 'suspended', { on: 'scope:c' }),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'failed', { error }),
      ev(0, 'w', 'resumed', { error }),
      ev(0, 'w', 'caught', { error }),
      ev(0, 'w', 'log', { value: 'w-got' }),
      ev(0, 'w', 'completed', { value: null }),
      ev(10, 'b', 'resumed'),
      ev(10, 'b', 'completed', { value: null }),
      ev(10, 'scheduler', 'exit'),
    ]);
  });
});

describe('reference runtime: waiting on a scope', () => {
  it('SCP-13: awaitCompletion resumes when the scope settles', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 5 }, { op: 'log', value: 'a' }] },
      { op: 'scope.awaitCompletion', scope: 's', timeoutMs: 100 },
      { op: 'log', value: 'done' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'scope:s' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(5, 'a', 'resumed'),
      ev(5, 'a', 'log', { value: 'a' }),
      ev(5, 'a', 'completed', { value: null }),
      ev(5, 'main', 'resumed'),
      ev(5, 'main', 'awaited', { value: null }),
      ev(5, 'main', 'log', { value: 'done' }),
      ev(5, 'main', 'completed', { value: null }),
      ev(5, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-13: awaitCompletion returns at once when only empty child scopes remain (§12 #24)', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'scope.inherit', id: 'c', parent: 's' },
      { op: 'scope.awaitCompletion', scope: 's', timeoutMs: 5 },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'awaited', { value: null }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-13: awaitCompletion on a cancelled scope throws "The scope has been cancelled"', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'log', value: 'never' }] },
      { op: 'scope.cancel', scope: 's' },
      { op: 'try', body: [{ op: 'scope.awaitCompletion', scope: 's', timeoutMs: 10 }], catch: [{ class: 'Cancellation', body: [] }] },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'caught', { error: cancellation('The scope has been cancelled') }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'failed', { error: SCOPE_CANCELLED }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-13: a scope cancelled while awaited throws the cascade\'s cancellation in the waiter', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 10 }] },
      { op: 'spawn', id: 'x', body: [{ op: 'scope.cancel', scope: 's', reason: 'bye' }] },
      { op: 'try', body: [{ op: 'scope.awaitCompletion', scope: 's', timeoutMs: 100 }], catch: [{ class: 'Cancellation', body: [] }] },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'x' }),
      ev(0, 'main', 'suspended', { on: 'scope:s' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'x', 'started'),
      ev(0, 'x', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'bye' }),
      ev(0, 'x', 'completed', { value: null }),
      ev(0, 'a', 'resumed', { error: cancellation('bye') }),
      ev(0, 'a', 'failed', { error: cancellation('bye') }),
      ev(0, 'main', 'resumed', { error: cancellation('bye') }),
      ev(0, 'main', 'caught', { error: cancellation('bye') }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-13: awaiting the completion of a scope from inside it (a descendant) throws the containment error', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'scope.inherit', id: 'c', parent: 's' },
      { op: 'spawn', id: 'a', scope: 'c', body: [{ op: 'try', body: [{ op: 'scope.awaitCompletion', scope: 's', timeoutMs: 5 }], catch: [{ class: 'Async\\AsyncException', body: [] }] }] },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'caught', { error: OWN_SCOPE }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-13, CAN-9: the awaitCompletion timeout throws OperationCanceledException; the scope keeps running', () => {
    const main: Program = [
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 50 }] },
      { op: 'try', body: [{ op: 'scope.awaitCompletion', scope: 's', timeoutMs: 10 }], catch: [{ class: 'Cancellation', body: [{ op: 'query', target: 's', what: 'isCancelled' }] }] },
    ];
    const timeout: ErrorValue = {
      class: 'Async\\OperationCanceledException',
      message: 'Operation has been cancelled',
      previous: { class: 'Async\\TimeoutException', message: 'Timeout occurred after 10 milliseconds' },
    };
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'scope:s' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(10, 'main', 'resumed', { error: timeout }),
      ev(10, 'main', 'caught', { error: timeout }),
      ev(10, 'main', 'query', { target: 's', what: 'isCancelled', value: false }),
      ev(10, 'main', 'completed', { value: null }),
      ev(50, 'a', 'resumed'),
      ev(50, 'a', 'completed', { value: null }),
      ev(50, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-13, CAN-9: an already closed token throws before waiting', () => {
    const main: Program = [
      { op: 'future.new', id: 'f' },
      { op: 'future.complete', id: 'f' },
      { op: 'scope.new', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [] },
      { op: 'try', body: [{ op: 'scope.awaitCompletion', scope: 's', cancellation: { future: 'f' } }], catch: [{ class: 'Cancellation', body: [] }] },
    ];
    const cancelled: ErrorValue = { class: 'Async\\OperationCanceledException', message: 'Operation has been cancelled' };
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'settle', { event: 'f', value: null }),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'caught', { error: cancelled }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('SCP-15: awaitAfterCancellation on a scope that was not cancelled fails; after cancel it waits for the zombies to drain', () => {
    const main: Program = [
      { op: 'scope.inherit', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'delay', ms: 10 }, { op: 'log', value: 'a' }] },
      { op: 'spawn', id: 'b', scope: 's', body: [{ op: 'delay', ms: 20 }, { op: 'log', value: 'b' }] },
      { op: 'try', body: [{ op: 'scope.awaitAfterCancellation', scope: 's' }], catch: [{ class: 'Async\\AsyncException', body: [] }] },
      { op: 'suspend' },
      { op: 'scope.cancel', scope: 's' },
      { op: 'scope.awaitAfterCancellation', scope: 's' },
      { op: 'log', value: 'done' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'spawned', { coroutine: 'b' }),
      ev(0, 'main', 'caught', { error: asyncException('Attempt to await a Scope that has not been cancelled') }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'suspended', { on: 'scope:s' }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'log', { value: 'a' }),
      ev(10, 'a', 'completed', { value: null }),
      ev(20, 'b', 'resumed'),
      ev(20, 'b', 'log', { value: 'b' }),
      ev(20, 'b', 'completed', { value: null }),
      ev(20, 'main', 'resumed'),
      ev(20, 'main', 'awaited', { value: null }),
      ev(20, 'main', 'log', { value: 'done' }),
      ev(20, 'main', 'completed', { value: null }),
      ev(20, 'scheduler', 'exit'),
    ]);
  });
});

describe('reference runtime: protect', () => {
  it('CAN-5: a cancel during protect is deferred and thrown when the block exits; the rest of the block runs first', () => {
    const main: Program = [
      {
        op: 'spawn',
        id: 'a',
        body: [
          {
            op: 'try',
            body: [{ op: 'protect', body: [{ op: 'delay', ms: 10 }, { op: 'log', value: 'inside' }] }, { op: 'log', value: 'after' }],
            catch: [{ class: 'Cancellation', body: [{ op: 'log', value: 'caught' }] }],
          },
        ],
      },
      { op: 'suspend' },
      { op: 'cancel', target: 'a', reason: 'r' },
      { op: 'cancel', target: 'a', reason: 'later' },
      { op: 'query', target: 'a', what: 'isCancellationRequested' },
      { op: 'query', target: 'a', what: 'isCancelled' },
      { op: 'await', target: { coroutine: 'a' } },
      { op: 'query', target: 'a', what: 'isCancelled' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', { target: 'a', reason: 'r' }),
      ev(0, 'main', 'cancel', { target: 'a', reason: 'later' }),
      ev(0, 'main', 'query', { target: 'a', what: 'isCancellationRequested', value: true }),
      ev(0, 'main', 'query', { target: 'a', what: 'isCancelled', value: false }),
      ev(0, 'main', 'suspended', { on: 'coroutine:a' }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'log', { value: 'inside' }),
      ev(10, 'a', 'caught', { error: cancellation('r') }),
      ev(10, 'a', 'log', { value: 'caught' }),
      ev(10, 'a', 'completed', { value: null }),
      ev(10, 'main', 'resumed'),
      ev(10, 'main', 'awaited', { value: null }),
      ev(10, 'main', 'query', { target: 'a', what: 'isCancelled', value: true }),
      ev(10, 'main', 'completed', { value: null }),
      ev(10, 'scheduler', 'exit'),
    ]);
  });

  it('CAN-5: an error leaving the protect block is appended to the deferred cancellation\'s previous chain', () => {
    const logic: ErrorValue = { class: 'LogicException', message: 'L' };
    const main: Program = [
      { op: 'spawn', id: 'a', body: [{ op: 'protect', body: [{ op: 'delay', ms: 10 }, { op: 'throw', error: logic }] }] },
      { op: 'suspend' },
      { op: 'cancel', target: 'a', reason: 'r' },
      { op: 'try', body: [{ op: 'await', target: { coroutine: 'a' } }], catch: [{ class: 'Cancellation', body: [] }] },
    ];
    const delivered = cancellation('r', logic);
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', { target: 'a', reason: 'r' }),
      ev(0, 'main', 'suspended', { on: 'coroutine:a' }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'failed', { error: delivered }),
      ev(10, 'main', 'resumed', { error: delivered }),
      ev(10, 'main', 'caught', { error: delivered }),
      ev(10, 'main', 'completed', { value: null }),
      ev(10, 'scheduler', 'exit'),
    ]);
  });

  it('CAN-6: leaving an inner protect delivers the deferred cancellation at once (the outer block is not reached)', () => {
    const main: Program = [
      {
        op: 'spawn',
        id: 'a',
        body: [
          {
            op: 'try',
            body: [{ op: 'protect', body: [{ op: 'protect', body: [{ op: 'delay', ms: 10 }] }, { op: 'log', value: 'between' }] }],
            catch: [{ class: 'Cancellation', body: [{ op: 'log', value: 'caught' }] }],
          },
        ],
      },
      { op: 'suspend' },
      { op: 'cancel', target: 'a', reason: 'r' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', { target: 'a', reason: 'r' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'caught', { error: cancellation('r') }),
      ev(10, 'a', 'log', { value: 'caught' }),
      ev(10, 'a', 'completed', { value: null }),
      ev(10, 'scheduler', 'exit'),
    ]);
  });

  it('CAN-6: after an inner protect exits, the outer block is no longer protected (one boolean flag)', () => {
    const main: Program = [
      {
        op: 'spawn',
        id: 'a',
        body: [
          {
            op: 'try',
            body: [{ op: 'protect', body: [{ op: 'protect', body: [{ op: 'log', value: 'in' }] }, { op: 'delay', ms: 10 }, { op: 'log', value: 'never' }] }],
            catch: [{ class: 'Cancellation', body: [{ op: 'log', value: 'caught' }] }],
          },
        ],
      },
      { op: 'suspend' },
      { op: 'cancel', target: 'a', reason: 'r' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'log', { value: 'in' }),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', { target: 'a', reason: 'r' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(0, 'a', 'resumed', { error: cancellation('r') }),
      ev(0, 'a', 'caught', { error: cancellation('r') }),
      ev(0, 'a', 'log', { value: 'caught' }),
      ev(0, 'a', 'completed', { value: null }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('CAN-11: graceful shutdown clears PROTECTED but keeps the deferred cancellation, which wins at block exit', () => {
    const shutdown = cancellation('Graceful shutdown');
    const main: Program = [
      { op: 'spawn', id: 'a', body: [{ op: 'protect', body: [{ op: 'delay', ms: 10 }, { op: 'log', value: 'never' }] }] },
      { op: 'suspend' },
      { op: 'cancel', target: 'a', reason: 'first' },
      { op: 'shutdown' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', { target: 'a', reason: 'first' }),
      ev(0, 'main', 'shutdown'),
      ev(0, 'main', 'failed', { error: shutdown }),
      ev(0, 'a', 'resumed', { error: shutdown }),
      ev(0, 'a', 'failed', { error: cancellation('first', shutdown) }),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it('CAN-5: in a safe scope a protected coroutine gets the cancellation deferred, not zombified', () => {
    const main: Program = [
      { op: 'scope.inherit', id: 's' },
      { op: 'spawn', id: 'a', scope: 's', body: [{ op: 'protect', body: [{ op: 'delay', ms: 10 }] }, { op: 'log', value: 'never' }] },
      { op: 'suspend' },
      { op: 'scope.cancel', scope: 's' },
    ];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', { coroutine: 'a' }),
      ev(0, 'main', 'suspended', { on: 'queue' }),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', { on: 'timer' }),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'scopeCancel', { scope: 's', how: 'cancel', reason: 'Scope was cancelled' }),
      ev(0, 'main', 'completed', { value: null }),
      ev(10, 'a', 'resumed'),
      ev(10, 'a', 'failed', { error: SCOPE_CANCELLED }),
      ev(10, 'scheduler', 'exit'),
    ]);
  });
});
