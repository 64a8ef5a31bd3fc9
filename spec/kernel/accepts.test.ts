import { describe, expect, it } from 'vitest';
import { acceptTrace, type TraceModel } from './accepts.js';

/**
 * A model that leaves an order open: `a` and `b` in either order, then `c`.
 * States are the sets of letters emitted so far.
 */
const eitherOrder: TraceModel<string, string> = {
  initial: '',
  enabled(state) {
    const steps = [];
    for (const [letter, id] of [['a', 'X-1'], ['b', 'X-2']] as const) {
      if (!state.includes(letter)) steps.push({ event: letter, requirements: [id], next: [...state, letter].sort().join('') });
    }
    if (state === 'ab') steps.push({ event: 'c', requirements: ['X-3'], next: 'abc' });
    return steps;
  },
  isFinal: (s) => s === 'abc',
  key: (s) => s,
  matches: (o, a) => o === a,
  claims: (o) => (o === 'c' ? ['X-3'] : o === 'a' ? ['X-1'] : o === 'b' ? ['X-2'] : ['X-9']),
};

describe('acceptTrace', () => {
  it('accepts every order the model leaves open', () => {
    expect(acceptTrace(eitherOrder, ['a', 'b', 'c'])).toEqual({ accepted: true });
    expect(acceptTrace(eitherOrder, ['b', 'a', 'c'])).toEqual({ accepted: true });
  });

  it('rejects at the first event no state of the frontier allows, listing every allowed event and its IDs', () => {
    expect(acceptTrace(eitherOrder, ['a', 'c'])).toEqual({
      accepted: false, index: 1, prefix: ['a'], offending: 'c',
      allowed: [{ event: 'b', requirements: ['X-2'] }], requirements: ['X-2', 'X-3'],
    });
    expect(acceptTrace(eitherOrder, ['d'])).toMatchObject({
      index: 0, prefix: [], offending: 'd', allowed: [{ event: 'a' }, { event: 'b' }], requirements: ['X-1', 'X-2', 'X-9'],
    });
  });

  it('rejects a trace that ends where the model requires more, and one that goes on after the end', () => {
    expect(acceptTrace(eitherOrder, ['b', 'a'])).toEqual({
      accepted: false, index: 2, prefix: ['b', 'a'], offending: null,
      allowed: [{ event: 'c', requirements: ['X-3'] }], requirements: ['X-3'],
    });
    expect(acceptTrace(eitherOrder, ['a', 'b', 'c', 'c'])).toEqual({
      accepted: false, index: 3, prefix: ['a', 'b', 'c'], offending: 'c', allowed: [], requirements: ['X-3'],
    });
  });
});
