import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choices, enabled, expectedRun, exploreRuns, initial, type SystemNode } from './interpret.js';
import { accepts } from './accepts.js';
import type { Scenario } from './scenario.js';
import { coreScenario } from '../../conformance/arbitraries/coreScenario.js';
import { scopeForestScenario } from '../../conformance/arbitraries/scopeForest.js';
import { workloadScenario } from '../../conformance/arbitraries/poolScenarios.js';

const samples: Scenario[] = [
  ...fc.sample(coreScenario(), { seed: 7, numRuns: 60 }),
  ...fc.sample(scopeForestScenario(), { seed: 7, numRuns: 40 }),
  ...fc.sample(workloadScenario(), { seed: 7, numRuns: 40 }),
];

describe('the system model as a state machine', () => {
  it('enables exactly one step in every state before exit and none after it; the walk ends with exit', () => {
    for (const s of samples) {
      let state: SystemNode = initial(s);
      let steps = enabled(state);
      let n = 0;
      while (steps.length > 0) {
        expect(steps).toHaveLength(1);
        expect(enabled(state)).toBe(steps);
        state = steps[0].next;
        steps = enabled(state);
        n++;
      }
      expect(n).toBeGreaterThan(0);
      expect(state.final).toBe(true);
      expect(state.sys.trace.at(-1)?.kind).toBe('exit');
      expect(choices(state.sys)).toEqual([]);
    }
  });

  it('the steps’ events, concatenated, are the expected run with its attribution', () => {
    for (const s of samples) {
      const events = [];
      const ids = [];
      for (let state = initial(s), steps = enabled(state); steps.length > 0; state = steps[0].next, steps = enabled(state)) {
        events.push(...steps[0].events);
        ids.push(...steps[0].attribution);
      }
      const run = expectedRun(s);
      expect(events).toEqual(run.trace);
      expect(ids).toEqual(run.attribution);
    }
  });

  it('explore walks every run: under language v1 the one expected run', () => {
    for (const s of samples.slice(0, 20)) expect(exploreRuns(s)).toEqual([expectedRun(s)]);
  });

  it('acceptance walks the model: the expected trace is accepted, a dropped event is rejected at its index', () => {
    for (const s of samples.slice(0, 40)) {
      const { trace, attribution } = expectedRun(s);
      expect(accepts(s, trace)).toEqual({ accepted: true });
      const i = Math.floor(trace.length / 2);
      const broken = [...trace.slice(0, i), ...trace.slice(i + 1)];
      const verdict = accepts(s, broken);
      expect(verdict.accepted).toBe(false);
      if (verdict.accepted) continue;
      expect(verdict.index).toBeLessThanOrEqual(i + 1);
      if (verdict.index === i) expect(verdict.allowed[0].requirements).toEqual(attribution[i]);
    }
  });
});
