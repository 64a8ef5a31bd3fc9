import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../spec/system/scenario.js';
import { validateScenario } from '../scenario/validate.js';
import { allProperties } from '../properties/index.js';
import { coreScenario } from './coreScenario.js';
import { parseAwaitMarker, parseOnFinallyMarker, parseThrowMarker, awaitMarker } from './markers.js';

function invalid(xs: Scenario[]): string[] {
  return xs.flatMap((s) => {
    const r = validateScenario(s);
    return r.ok ? [] : [`${JSON.stringify(s)}: ${r.errors.join('; ')}`];
  });
}

describe('arbitraries', () => {
  it('coreScenario: 500 generated scenarios are valid', () => {
    expect(invalid(fc.sample(coreScenario(), { numRuns: 500, seed: 7 }))).toEqual([]);
  });

  it('coreScenario: shrinking keeps scenarios valid', () => {
    const seen: Scenario[] = [];
    fc.check(
      fc.property(coreScenario(), (s) => {
        seen.push(s);
        return JSON.stringify(s).length < 400;
      }),
      { seed: 3, numRuns: 200 },
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(invalid(seen)).toEqual([]);
  });

  for (const p of allProperties) {
    it(`${p.title.split(':')[0]}: 100 generated scenarios are valid`, () => {
      expect(invalid(fc.sample(p.arbitrary, { numRuns: 100, seed: 11 }))).toEqual([]);
    });
  }

  it('markers round-trip', () => {
    const m = awaitMarker({ op: 'await', target: { future: 'f1' }, cancellation: { trigger: 't2' } });
    expect(parseAwaitMarker(m)).toEqual({ kind: 'future', id: 'f1', token: { kind: 'trigger', id: 't2' } });
    expect(parseAwaitMarker(awaitMarker({ op: 'await', target: { timer: 4 }, timeoutMs: 3 }))).toEqual({ kind: 'timer', id: '4', timeoutMs: 3 });
    expect(parseAwaitMarker('hello')).toBeUndefined();
    expect(parseOnFinallyMarker('onFinally:a:h1')).toEqual({ target: 'a', handler: 'h1' });
    expect(parseThrowMarker('throw:RuntimeException')).toBe('RuntimeException');
  });
});
