import { describe, expect, it } from 'vitest';
import { validateTrace } from './validateTrace.js';

describe('validateTrace', () => {
  it('accepts a well-formed trace', () => {
    const trace = [{ t: 0, actor: 'main', kind: 'started' }, { t: 1, actor: 'scheduler', kind: 'exit' }];
    expect(validateTrace(trace)).toEqual({ ok: true, trace });
  });
  it.each([
    [{}, 'trace is not an array (got object)'],
    [null, 'trace is not an array (got null)'],
    [[], 'trace is empty'],
    [[42], 'trace[0] is not an object (got number)'],
    [[{ t: '0', actor: 'main', kind: 'exit' }], 'trace[0].t is not a finite number (got string)'],
    [[{ t: 0, actor: 1, kind: 'exit' }], 'trace[0].actor is not a string'],
    [[{ t: 0, actor: 'a', kind: 'teleported' }, { t: 0, actor: 'a', kind: 'exit' }], 'trace[0].kind: unknown event kind "teleported"'],
    [[{ t: 0, actor: 'a', kind: 'started' }], 'trace[0].kind: the last event must be "exit"'],
    [[{ t: -1, actor: 'main', kind: 'started' }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].t is negative'],
    [[{ t: 5, actor: 'main', kind: 'started' }, { t: 4, actor: 'scheduler', kind: 'exit' }], 'trace[1].t: time runs backwards (4 after 5'],
    [[{ t: 0, actor: 'scheduler', kind: 'exit' }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].kind: "exit" before the end'],
    [[{ t: 0, actor: 'main', kind: 'log' }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].value: missing'],
    [[{ t: 0, actor: 'main', kind: 'spawned', coroutine: 7 }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].coroutine: must be string (got number)'],
    [[{ t: 0, actor: 'main', kind: 'started', extra: 1 }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].extra: unknown field'],
    [[{ t: 0, actor: 'main', kind: 'failed', error: { class: 'TypeError', message: 'x' } }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].error.class: unknown error class "TypeError"'],
    [[{ t: 0, actor: 'main', kind: 'failed', error: { class: 'Exception', message: 'x', previous: { class: 'ValueError', message: 'y' } } }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].error.previous.class: unknown error class "ValueError"'],
    [[{ t: 0, actor: 'main', kind: 'breaker', pool: 'p', state: 'OPEN' }, { t: 0, actor: 'scheduler', kind: 'exit' }], 'trace[0].state: must be one of'],
  ])('rejects %j', (input, message) => {
    const v = validateTrace(input);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toContain(message);
  });
  it('rejects an actor the scenario does not know, naming it', () => {
    const scenario = { version: 1 as const, main: [{ op: 'spawn' as const, id: 'a', body: [] }] };
    const trace = [{ t: 0, actor: 'main', kind: 'started' }, { t: 0, actor: 'finally:a', kind: 'log', value: 1 }, { t: 0, actor: 'b', kind: 'started' }, { t: 0, actor: 'scheduler', kind: 'exit' }];
    const v = validateTrace(trace, { scenario });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toContain('trace[2].actor: unknown actor "b"');
  });
});
