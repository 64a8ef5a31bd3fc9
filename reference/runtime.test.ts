/**
 * Reference runtime: event callbacks, finally handlers, queries, deadlock and shutdown.
 *
 * @remarks Exact expected traces, written from docs/guides/trace-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import type { Program, Trace } from '../conformance/adapter.js';
import { ev, run } from '../test/support/referenceTraces.js';


describe('reference runtime: runtime', () => {
  it("EVT-6: a callback removing a later one during the pass: the removed one is skipped", () => {
    const main: Program = [{"op":"trigger.new","id":"t"},{"op":"event.on","event":"t","callback":"c1","actions":[{"do":"remove","callback":"c2"}]},{"op":"event.on","event":"t","callback":"c2"},{"op":"event.on","event":"t","callback":"c3"},{"op":"trigger.fire","id":"t","value":1},{"op":"trigger.fire","id":"t","value":2}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'on', {"event":"t","callback":"c1"}),
      ev(0, 'main', 'on', {"event":"t","callback":"c2"}),
      ev(0, 'main', 'on', {"event":"t","callback":"c3"}),
      ev(0, 'main', 'fire', {"event":"t","value":1}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c1","value":1}),
      ev(0, 'main', 'off', {"event":"t","callback":"c2","found":true}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c3","value":1}),
      ev(0, 'main', 'fire', {"event":"t","value":2}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c1","value":2}),
      ev(0, 'main', 'off', {"event":"t","callback":"c2","found":false}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c3","value":2}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("EVT-6: a callback removing an already-visited one: every other callback runs exactly once", () => {
    const main: Program = [{"op":"trigger.new","id":"t"},{"op":"event.on","event":"t","callback":"c1"},{"op":"event.on","event":"t","callback":"c2"},{"op":"event.on","event":"t","callback":"c3","actions":[{"do":"remove","callback":"c1"}]},{"op":"event.on","event":"t","callback":"c4"},{"op":"trigger.fire","id":"t"},{"op":"event.off","event":"t","callback":"c1"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'on', {"event":"t","callback":"c1"}),
      ev(0, 'main', 'on', {"event":"t","callback":"c2"}),
      ev(0, 'main', 'on', {"event":"t","callback":"c3"}),
      ev(0, 'main', 'on', {"event":"t","callback":"c4"}),
      ev(0, 'main', 'fire', {"event":"t","value":null}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c1","value":null}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c2","value":null}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c3","value":null}),
      ev(0, 'main', 'off', {"event":"t","callback":"c1","found":true}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c4","value":null}),
      ev(0, 'main', 'off', {"event":"t","callback":"c1","found":false}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("EVT-8: a nested fire of the same event is refused with a warning; the pass continues", () => {
    const main: Program = [{"op":"trigger.new","id":"t"},{"op":"event.on","event":"t","callback":"c1","actions":[{"do":"fire"}]},{"op":"event.on","event":"t","callback":"c2"},{"op":"trigger.fire","id":"t","value":"x"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'on', {"event":"t","callback":"c1"}),
      ev(0, 'main', 'on', {"event":"t","callback":"c2"}),
      ev(0, 'main', 'fire', {"event":"t","value":"x"}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c1","value":"x"}),
      ev(0, 'main', 'warning', {"message":"Concurrent callback iteration detected - nested notify() calls are not allowed"}),
      ev(0, 'main', 'callback', {"event":"t","callback":"c2","value":"x"}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("EVT-9: a throwing callback stops the pass; the error is thrown in the acting coroutine afterwards", () => {
    const main: Program = [{"op":"future.new","id":"f"},{"op":"event.on","event":"f","callback":"c1","actions":[{"do":"throw","error":{"class":"LogicException","message":"cb"}}]},{"op":"event.on","event":"f","callback":"c2"},{"op":"try","body":[{"op":"future.fail","id":"f","error":{"class":"RuntimeException","message":"F"}}],"catch":[{"class":"LogicException","body":[{"op":"log","value":"caught"}]}]}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'on', {"event":"f","callback":"c1"}),
      ev(0, 'main', 'on', {"event":"f","callback":"c2"}),
      ev(0, 'main', 'settle', {"event":"f","error":{"class":"RuntimeException","message":"F"}}),
      ev(0, 'main', 'callback', {"event":"f","callback":"c1","error":{"class":"RuntimeException","message":"F"}}),
      ev(0, 'main', 'caught', {"error":{"class":"LogicException","message":"cb"}}),
      ev(0, 'main', 'log', {"value":"caught"}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("COR-5, COR-7: finally handlers run in registration order by finally:<id>, at the head of the queue, after completion; on a finished target at once", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"log","value":"a"}]},{"op":"spawn","id":"b","body":[{"op":"log","value":"b"}]},{"op":"onFinally","target":"a","handler":"h1"},{"op":"onFinally","target":"a","handler":"h2"},{"op":"suspend"},{"op":"onFinally","target":"a","handler":"late"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'spawned', {"coroutine":"b"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'log', {"value":"a"}),
      ev(0, 'a', 'completed', {"value":null}),
      ev(0, 'finally:a', 'finally', {"target":"a","handler":"h1"}),
      ev(0, 'finally:a', 'finally', {"target":"a","handler":"h2"}),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'log', {"value":"b"}),
      ev(0, 'b', 'completed', {"value":null}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'finally', {"target":"a","handler":"late"}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("COR-6: the coroutine predicates follow the C formulas", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"query","target":"self","what":"isRunning"},{"op":"query","target":"self","what":"isSuspended"},{"op":"delay","ms":1},{"op":"return","value":"res"}]},{"op":"query","target":"a","what":"isStarted"},{"op":"query","target":"a","what":"isQueued"},{"op":"query","target":"a","what":"isSuspended"},{"op":"suspend"},{"op":"query","target":"a","what":"isQueued"},{"op":"query","target":"a","what":"isSuspended"},{"op":"query","target":"a","what":"isRunning"},{"op":"query","target":"a","what":"getResult"},{"op":"await","target":{"coroutine":"a"}},{"op":"query","target":"a","what":"isCompleted"},{"op":"query","target":"a","what":"isRunning"},{"op":"query","target":"a","what":"getResult"},{"op":"query","target":"a","what":"getException"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'query', {"target":"a","what":"isStarted","value":false}),
      ev(0, 'main', 'query', {"target":"a","what":"isQueued","value":true}),
      ev(0, 'main', 'query', {"target":"a","what":"isSuspended","value":true}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'query', {"target":"a","what":"isRunning","value":true}),
      ev(0, 'a', 'query', {"target":"a","what":"isSuspended","value":true}),
      ev(0, 'a', 'suspended', {"on":"timer"}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'query', {"target":"a","what":"isQueued","value":false}),
      ev(0, 'main', 'query', {"target":"a","what":"isSuspended","value":true}),
      ev(0, 'main', 'query', {"target":"a","what":"isRunning","value":true}),
      ev(0, 'main', 'query', {"target":"a","what":"getResult","value":null}),
      ev(0, 'main', 'suspended', {"on":"coroutine:a"}),
      ev(1, 'a', 'resumed'),
      ev(1, 'a', 'completed', {"value":"res"}),
      ev(1, 'main', 'resumed'),
      ev(1, 'main', 'awaited', {"value":"res"}),
      ev(1, 'main', 'query', {"target":"a","what":"isCompleted","value":true}),
      ev(1, 'main', 'query', {"target":"a","what":"isRunning","value":false}),
      ev(1, 'main', 'query', {"target":"a","what":"getResult","value":"res"}),
      ev(1, 'main', 'query', {"target":"a","what":"getException","value":null}),
      ev(1, 'main', 'completed', {"value":null}),
      ev(1, 'scheduler', 'exit'),
    ]);
  });

  it("SCH-8: deadlock cancels every registered coroutine and the run exits with DeadlockError", () => {
    const main: Program = [{"op":"trigger.new","id":"t"},{"op":"spawn","id":"a","body":[{"op":"try","body":[{"op":"await","target":{"trigger":"t"}}],"catch":[{"class":"Async\\AsyncCancellation","body":[{"op":"log","value":"a-cancelled"}]}]}]},{"op":"await","target":{"trigger":"t"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"trigger:t"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"trigger:t"}),
      ev(0, 'scheduler', 'deadlock', {"waiting":2}),
      ev(0, 'main', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"Deadlock detected"}}),
      ev(0, 'main', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"Deadlock detected"}}),
      ev(0, 'a', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"Deadlock detected"}}),
      ev(0, 'a', 'caught', {"error":{"class":"Async\\AsyncCancellation","message":"Deadlock detected"}}),
      ev(0, 'a', 'log', {"value":"a-cancelled"}),
      ev(0, 'a', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit', {"error":{"class":"Async\\DeadlockError","message":"Deadlock detected: no active coroutines, 2 coroutines in waiting"}}),
    ]);
  });

  it("SCH-9: graceful shutdown cancels every registered coroutine; the caller continues; unstarted ones never run", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"delay","ms":50}]},{"op":"spawn","id":"b","body":[{"op":"log","value":"never"}]},{"op":"suspend"},{"op":"spawn","id":"c","body":[]},{"op":"shutdown"},{"op":"shutdown"},{"op":"log","value":"main-continues"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'spawned', {"coroutine":"b"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"timer"}),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'log', {"value":"never"}),
      ev(0, 'b', 'completed', {"value":null}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'spawned', {"coroutine":"c"}),
      ev(0, 'main', 'shutdown'),
      ev(0, 'main', 'log', {"value":"main-continues"}),
      ev(0, 'main', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"Graceful shutdown"}}),
      ev(0, 'c', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"Graceful shutdown"}}),
      ev(0, 'a', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"Graceful shutdown"}}),
      ev(0, 'a', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"Graceful shutdown"}}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("COR-8, SCH-9: an Exception escaping main becomes the exit error and starts shutdown by the scheduler", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"try","body":[{"op":"delay","ms":5}],"finally":[{"op":"log","value":"a-fin"}]}]},{"op":"suspend"},{"op":"throw","error":{"class":"RuntimeException","message":"main broke"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"timer"}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'failed', {"error":{"class":"RuntimeException","message":"main broke"}}),
      ev(0, 'scheduler', 'shutdown'),
      ev(0, 'a', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"Graceful shutdown"}}),
      ev(0, 'a', 'log', {"value":"a-fin"}),
      ev(0, 'a', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"Graceful shutdown"}}),
      ev(0, 'scheduler', 'exit', {"error":{"class":"RuntimeException","message":"main broke"}}),
    ]);
  });

  it("SCH-13: a cancellation escaping main is silent: other coroutines keep running, exit without error", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"delay","ms":5},{"op":"log","value":"a-done"}]},{"op":"cancel","target":"self"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'cancel', {"target":"main","reason":"Coroutine cancelled"}),
      ev(0, 'main', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"Coroutine cancelled"}}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"timer"}),
      ev(5, 'a', 'resumed'),
      ev(5, 'a', 'log', {"value":"a-done"}),
      ev(5, 'a', 'completed', {"value":null}),
      ev(5, 'scheduler', 'exit'),
    ]);
  });

  it("a reference to a coroutine that does not exist throws Error in the acting coroutine", () => {
    const main: Program = [{"op":"cancel","target":"zz"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'failed', {"error":{"class":"Error","message":"Undefined reference 'zz'"}}),
      ev(0, 'scheduler', 'shutdown'),
      ev(0, 'scheduler', 'exit', {"error":{"class":"Error","message":"Undefined reference 'zz'"}}),
    ]);
  });

});
