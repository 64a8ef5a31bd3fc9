/**
 * The order of finally handlers across coroutines and scopes (SCP-16 with
 * COR-7): a coroutine's `finally()` handlers run in an iterator coroutine in
 * a child scope of the coroutine's scope (php-async's
 * `async_call_finally_handlers`), and a scope is not disposed while that
 * child scope is active (`scope_can_be_disposed`) — so a scope's own finally
 * handlers, and the return of `awaitCompletion` on it, come after the
 * handlers of the coroutines that finished in it.
 *
 * @remarks The spec judges: the check compares the actual trace with the
 * expected one projected onto the events this order is about — every
 * `finally` event and every log of `main` that marks where an
 * `awaitCompletion` returned — so it also requires every handler the
 * scenario obliges.
 * @module
 */
import { defineProperty, type ConformanceProperty } from '../harness/property.js';
import type { Trace } from '../../spec/system/trace.js';
import { finallyOrderScenario } from '../arbitraries/finallyScenarios.js';

/** One event of the projection, as text (`finally:c1 h3@c1`, `main awaited:s1`). */
function projection(trace: Trace): string[] {
  const out: string[] = [];
  for (const e of trace) {
    if (e.kind === 'finally') out.push(`${e.actor} ran ${e.handler} of ${e.target}`);
    else if (e.kind === 'log' && e.actor === 'main' && typeof e.value === 'string' && e.value.startsWith('awaited:')) out.push(`main logged ${e.value}`);
  }
  return out;
}

/**
 * SCP-16 / COR-7, aspect `order`: a scope's own finally handlers and the
 * return of `awaitCompletion` on it wait for the finally handlers of its
 * coroutines.
 *
 * @remarks The full rule: a coroutine's finally handlers run in an iterator coroutine of a child scope of its scope; the scope is neither complete nor disposed, and runs no finally handler of its own, until they have run
 */
export const finallyOrder = defineProperty({
  id: 'SCP-16',
  also: ['COR-7'],
  aspect: 'order',
  rule: "a scope's own finally handlers and awaitCompletion on it come after its coroutines' finally handlers",
  needs: ['core', 'scope'],
  arbitrary: finallyOrderScenario(),
  check({ actual, expected }) {
    const got = projection(actual);
    const want = projection(expected);
    const n = Math.max(got.length, want.length);
    for (let i = 0; i < n; i++) {
      if (got[i] === want[i]) continue;
      return `finally order: event ${i + 1} of [${want.join('; ')}] should be ${want[i] ?? 'none'}, the runtime had ${got[i] ?? 'none'} (it ran [${got.join('; ')}])`;
    }
    return undefined;
  },
});

/** The finally-order properties. */
export const finallyOrderProperties: ConformanceProperty[] = [finallyOrder];
