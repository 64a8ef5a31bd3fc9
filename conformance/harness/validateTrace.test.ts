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
    [[{ t: 0, actor: 'a', kind: 'exit' }, { t: 0, actor: 'a', kind: 'teleported' }], 'trace[1].kind: unknown event kind "teleported"'],
    [[{ t: 0, actor: 'a', kind: 'started' }], 'trace[0].kind: the last event must be "exit"'],
  ])('rejects %j', (input, message) => {
    const v = validateTrace(input);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toContain(message);
  });
});
