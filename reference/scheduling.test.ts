/**
 * Reference runtime: scheduling order, virtual time and await.
 *
 * @remarks Exact expected traces, written from docs/guides/trace-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import type { Program, Trace } from '../conformance/adapter.js';
import { ev, run } from '../test/support/referenceTraces.js';


describe('reference runtime: scheduling', () => {
  it("SCH-1, COR-1: spawned coroutines run in spawn order after the spawner suspends or finishes; suspend goes to the tail", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"log","value":"a1"},{"op":"suspend"},{"op":"log","value":"a2"}]},{"op":"spawn","id":"b","body":[{"op":"log","value":"b1"},{"op":"suspend"},{"op":"log","value":"b2"}]},{"op":"log","value":"m"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'spawned', {"coroutine":"b"}),
      ev(0, 'main', 'log', {"value":"m"}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'log', {"value":"a1"}),
      ev(0, 'a', 'suspended', {"on":"queue"}),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'log', {"value":"b1"}),
      ev(0, 'b', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'log', {"value":"a2"}),
      ev(0, 'a', 'completed', {"value":null}),
      ev(0, 'b', 'resumed'),
      ev(0, 'b', 'log', {"value":"b2"}),
      ev(0, 'b', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("SCH-2: a high-priority spawn runs before earlier queued coroutines", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"log","value":"a"}]},{"op":"spawn","id":"b","priority":"high","body":[{"op":"log","value":"b"}]},{"op":"suspend"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'spawned', {"coroutine":"b"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'log', {"value":"b"}),
      ev(0, 'b', 'completed', {"value":null}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'log', {"value":"a"}),
      ev(0, 'a', 'completed', {"value":null}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("delays wake in virtual-time order and the clock jumps to each due time", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"delay","ms":30},{"op":"log","value":"a"}]},{"op":"spawn","id":"b","body":[{"op":"delay","ms":10},{"op":"log","value":"b"}]},{"op":"delay","ms":20},{"op":"log","value":"m"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'spawned', {"coroutine":"b"}),
      ev(0, 'main', 'suspended', {"on":"timer"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"timer"}),
      ev(0, 'b', 'started'),
      ev(0, 'b', 'suspended', {"on":"timer"}),
      ev(10, 'b', 'resumed'),
      ev(10, 'b', 'log', {"value":"b"}),
      ev(10, 'b', 'completed', {"value":null}),
      ev(20, 'main', 'resumed'),
      ev(20, 'main', 'log', {"value":"m"}),
      ev(20, 'main', 'completed', {"value":null}),
      ev(30, 'a', 'resumed'),
      ev(30, 'a', 'log', {"value":"a"}),
      ev(30, 'a', 'completed', {"value":null}),
      ev(30, 'scheduler', 'exit'),
    ]);
  });

  it("await a coroutine: suspends while it runs, then the fast path returns the stored value", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"suspend"},{"op":"return","value":7}]},{"op":"await","target":{"coroutine":"a"}},{"op":"await","target":{"coroutine":"a"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"coroutine:a"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'resumed'),
      ev(0, 'a', 'completed', {"value":7}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'awaited', {"value":7}),
      ev(0, 'main', 'awaited', {"value":7}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("EVT-12, SCH-5: awaiting a settled future returns its value without suspending; a second settle is ignored", () => {
    const main: Program = [{"op":"future.new","id":"f"},{"op":"future.complete","id":"f","value":"v"},{"op":"future.complete","id":"f","value":"w"},{"op":"await","target":{"future":"f"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'settle', {"event":"f","value":"v"}),
      ev(0, 'main', 'awaited', {"value":"v"}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("EVT-12: awaiting a failed future throws its error at once", () => {
    const main: Program = [{"op":"future.new","id":"f"},{"op":"future.fail","id":"f","error":{"class":"RuntimeException","message":"boom"}},{"op":"try","body":[{"op":"await","target":{"future":"f"}}],"catch":[{"class":"Exception","body":[{"op":"log","value":"c"}]}]}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'settle', {"event":"f","error":{"class":"RuntimeException","message":"boom"}}),
      ev(0, 'main', 'caught', {"error":{"class":"RuntimeException","message":"boom"}}),
      ev(0, 'main', 'log', {"value":"c"}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("EVT-11, EVT-13: closing twice and firing a closed trigger do nothing; awaiting it warns and returns null", () => {
    const main: Program = [{"op":"trigger.new","id":"t"},{"op":"trigger.close","id":"t"},{"op":"trigger.close","id":"t"},{"op":"trigger.fire","id":"t","value":1},{"op":"await","target":{"trigger":"t"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'close', {"event":"t"}),
      ev(0, 'main', 'warning', {"message":"Cannot await a closed event which cannot be replayed"}),
      ev(0, 'main', 'awaited', {"value":null}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("WAK-8, CAN-9: a firing timeout throws OperationCanceledException with previous TimeoutException", () => {
    const main: Program = [{"op":"future.new","id":"f"},{"op":"try","body":[{"op":"await","target":{"future":"f"},"timeoutMs":5}],"catch":[{"class":"Async\\OperationCanceledException","body":[{"op":"log","value":"timeout"}]}]}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'suspended', {"on":"future:f"}),
      ev(5, 'main', 'resumed', {"error":{"class":"Async\\OperationCanceledException","message":"Operation has been cancelled","previous":{"class":"Async\\TimeoutException","message":"Timeout occurred after 5 milliseconds"}}}),
      ev(5, 'main', 'caught', {"error":{"class":"Async\\OperationCanceledException","message":"Operation has been cancelled","previous":{"class":"Async\\TimeoutException","message":"Timeout occurred after 5 milliseconds"}}}),
      ev(5, 'main', 'log', {"value":"timeout"}),
      ev(5, 'main', 'completed', {"value":null}),
      ev(5, 'scheduler', 'exit'),
    ]);
  });

  it("a timeout that does not fire is disarmed when the target completes first", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"delay","ms":3},{"op":"return","value":1}]},{"op":"await","target":{"coroutine":"a"},"timeoutMs":5},{"op":"delay","ms":10}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"coroutine:a"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"timer"}),
      ev(3, 'a', 'resumed'),
      ev(3, 'a', 'completed', {"value":1}),
      ev(3, 'main', 'resumed'),
      ev(3, 'main', 'awaited', {"value":1}),
      ev(3, 'main', 'suspended', {"on":"timer"}),
      ev(13, 'main', 'resumed'),
      ev(13, 'main', 'completed', {"value":null}),
      ev(13, 'scheduler', 'exit'),
    ]);
  });

  it("await {timer} resolves with null at its due time", () => {
    const main: Program = [{"op":"await","target":{"timer":4}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'suspended', {"on":"timer"}),
      ev(4, 'main', 'resumed'),
      ev(4, 'main', 'awaited', {"value":null}),
      ev(4, 'main', 'completed', {"value":null}),
      ev(4, 'scheduler', 'exit'),
    ]);
  });

  it("CAN-9: an already-closed token throws at once, previous = its error", () => {
    const main: Program = [{"op":"future.new","id":"f"},{"op":"future.new","id":"tok"},{"op":"future.fail","id":"tok","error":{"class":"LogicException","message":"x"}},{"op":"await","target":{"future":"f"},"cancellation":{"future":"tok"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'settle', {"event":"tok","error":{"class":"LogicException","message":"x"}}),
      ev(0, 'main', 'failed', {"error":{"class":"Async\\OperationCanceledException","message":"Operation has been cancelled","previous":{"class":"LogicException","message":"x"}}}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("CAN-9: a firing token throws OperationCanceledException without previous", () => {
    const main: Program = [{"op":"trigger.new","id":"t"},{"op":"trigger.new","id":"k"},{"op":"spawn","id":"a","body":[{"op":"trigger.fire","id":"k","value":2}]},{"op":"await","target":{"trigger":"t"},"cancellation":{"trigger":"k"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"trigger:t"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'fire', {"event":"k","value":2}),
      ev(0, 'a', 'completed', {"value":null}),
      ev(0, 'main', 'resumed', {"error":{"class":"Async\\OperationCanceledException","message":"Operation has been cancelled"}}),
      ev(0, 'main', 'failed', {"error":{"class":"Async\\OperationCanceledException","message":"Operation has been cancelled"}}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

});
