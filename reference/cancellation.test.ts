/**
 * Reference runtime: cancellation and try/catch/finally.
 *
 * @remarks Exact expected traces, written from docs/guides/trace-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import type { Program, Trace } from '../conformance/adapter.js';
import { ev, run } from '../test/support/referenceTraces.js';


describe('reference runtime: cancellation', () => {
  it("CAN-2: a coroutine cancelled before start never runs, fails with the cancellation, runs its finally handlers", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"log","value":"never"}]},{"op":"onFinally","target":"a","handler":"h"},{"op":"cancel","target":"a"},{"op":"query","target":"a","what":"isCancellationRequested"},{"op":"try","body":[{"op":"await","target":{"coroutine":"a"}}],"catch":[{"class":"Cancellation","body":[{"op":"query","target":"a","what":"isCancelled"}]}]}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'cancel', {"target":"a","reason":"Coroutine cancelled"}),
      ev(0, 'main', 'query', {"target":"a","what":"isCancellationRequested","value":true}),
      ev(0, 'main', 'suspended', {"on":"coroutine:a"}),
      ev(0, 'a', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"Coroutine cancelled"}}),
      ev(0, 'finally:a', 'finally', {"target":"a","handler":"h"}),
      ev(0, 'main', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"Coroutine cancelled"}}),
      ev(0, 'main', 'caught', {"error":{"class":"Async\\AsyncCancellation","message":"Coroutine cancelled"}}),
      ev(0, 'main', 'query', {"target":"a","what":"isCancelled","value":true}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("CAN-2: a suspended coroutine is resumed with the cancellation; try/finally runs", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"try","body":[{"op":"delay","ms":100}],"finally":[{"op":"log","value":"fin"}]}]},{"op":"suspend"},{"op":"cancel","target":"a","reason":"stop"},{"op":"await","target":{"coroutine":"a"}}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"timer"}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', {"target":"a","reason":"stop"}),
      ev(0, 'main', 'suspended', {"on":"coroutine:a"}),
      ev(0, 'a', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"stop"}}),
      ev(0, 'a', 'log', {"value":"fin"}),
      ev(0, 'a', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"stop"}}),
      ev(0, 'main', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"stop"}}),
      ev(0, 'main', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"stop"}}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("COR-3: cancelling a finished coroutine changes nothing", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"return","value":1}]},{"op":"suspend"},{"op":"cancel","target":"a"},{"op":"await","target":{"coroutine":"a"}},{"op":"query","target":"a","what":"isCancelled"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'completed', {"value":1}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', {"target":"a","reason":"Coroutine cancelled"}),
      ev(0, 'main', 'awaited', {"value":1}),
      ev(0, 'main', 'query', {"target":"a","what":"isCancelled","value":false}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("CAN-3: self-cancel does not interrupt; the stored cancellation becomes the outcome", () => {
    const main: Program = [{"op":"cancel","target":"self","reason":"me"},{"op":"query","target":"self","what":"isCancellationRequested"},{"op":"suspend"},{"op":"log","value":"still"},{"op":"return","value":3}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'cancel', {"target":"main","reason":"me"}),
      ev(0, 'main', 'query', {"target":"main","what":"isCancellationRequested","value":true}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'log', {"value":"still"}),
      ev(0, 'main', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"me"}}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("WAK-5: the first cancellation wins", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"suspend"}]},{"op":"suspend"},{"op":"cancel","target":"a","reason":"first"},{"op":"cancel","target":"a","reason":"second"},{"op":"try","body":[{"op":"await","target":{"coroutine":"a"}}],"catch":[{"class":"Async\\AsyncCancellation","body":[]}]}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'suspended', {"on":"queue"}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'cancel', {"target":"a","reason":"first"}),
      ev(0, 'main', 'cancel', {"target":"a","reason":"second"}),
      ev(0, 'main', 'suspended', {"on":"coroutine:a"}),
      ev(0, 'a', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"first"}}),
      ev(0, 'a', 'failed', {"error":{"class":"Async\\AsyncCancellation","message":"first"}}),
      ev(0, 'main', 'resumed', {"error":{"class":"Async\\AsyncCancellation","message":"first"}}),
      ev(0, 'main', 'caught', {"error":{"class":"Async\\AsyncCancellation","message":"first"}}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("try/catch/finally with rethrow: inner finally, then the outer catch and finally", () => {
    const main: Program = [{"op":"try","body":[{"op":"try","body":[{"op":"throw","error":{"class":"LogicException","message":"L"}}],"catch":[{"class":"Exception","body":[{"op":"log","value":"inner"},{"op":"rethrow"}]}],"finally":[{"op":"log","value":"f1"}]}],"catch":[{"class":"LogicException","body":[{"op":"log","value":"outer"}]}],"finally":[{"op":"log","value":"f2"}]},{"op":"log","value":"after"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'caught', {"error":{"class":"LogicException","message":"L"}}),
      ev(0, 'main', 'log', {"value":"inner"}),
      ev(0, 'main', 'log', {"value":"f1"}),
      ev(0, 'main', 'caught', {"error":{"class":"LogicException","message":"L"}}),
      ev(0, 'main', 'log', {"value":"outer"}),
      ev(0, 'main', 'log', {"value":"f2"}),
      ev(0, 'main', 'log', {"value":"after"}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("return inside try runs the enclosing finally bodies innermost first", () => {
    const main: Program = [{"op":"try","body":[{"op":"try","body":[{"op":"return","value":"r"}],"finally":[{"op":"log","value":"f1"}]},{"op":"log","value":"never"}],"finally":[{"op":"log","value":"f2"}]},{"op":"log","value":"never"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'log', {"value":"f1"}),
      ev(0, 'main', 'log', {"value":"f2"}),
      ev(0, 'main', 'completed', {"value":"r"}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

  it("COR-8: an uncaught error of a spawned coroutine stays stored (getException), no shutdown", () => {
    const main: Program = [{"op":"spawn","id":"a","body":[{"op":"try","body":[{"op":"throw","error":{"class":"RuntimeException","message":"R"}}],"catch":[{"class":"LogicException","body":[]}],"finally":[{"op":"log","value":"f"}]}]},{"op":"suspend"},{"op":"query","target":"a","what":"getException"}];
    expect(run(main)).toEqual([
      ev(0, 'main', 'started'),
      ev(0, 'main', 'spawned', {"coroutine":"a"}),
      ev(0, 'main', 'suspended', {"on":"queue"}),
      ev(0, 'a', 'started'),
      ev(0, 'a', 'log', {"value":"f"}),
      ev(0, 'a', 'failed', {"error":{"class":"RuntimeException","message":"R"}}),
      ev(0, 'main', 'resumed'),
      ev(0, 'main', 'query', {"target":"a","what":"getException","value":{"class":"RuntimeException","message":"R"}}),
      ev(0, 'main', 'completed', {"value":null}),
      ev(0, 'scheduler', 'exit'),
    ]);
  });

});
