import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enabled, initial } from './interpret.js';
import { machineView, stepCoroutine } from './lifecycle.js';
import { invariants } from '../coroutine/invariants.js';
import { invariants as eventInvariants } from '../event/invariants.js';
import { status } from '../coroutine/machine.js';
import type { Scenario } from './scenario.js';
import type { CoroutineState, SystemState } from './state.js';
import { coreScenario } from '../../conformance/arbitraries/coreScenario.js';
import { scopeForestScenario } from '../../conformance/arbitraries/scopeForest.js';

/** Invariants over ghost fields the system does not keep (switch handlers, internal context, spawn location, exception fate, outcome at close). */
const GHOSTS = new Set(['COR-3', 'COR-8', 'COR-9', 'COR-10', 'COR-12']);

const CONFIG = { scopeClosed: false, outsideReference: true, maxFinally: Number.POSITIVE_INFINITY, maxErrorChain: 2 };

describe('system coroutines stepped through the coroutine machine', () => {
  it('a cancel before start makes the coroutine IGNORED with the cancellation pending (COR-1)', () => {
    const { sys } = initial({ version: 1, main: [] });
    const co = sys.coroutines.get('main')!;
    const cancellation = { class: 'Async\\AsyncCancellation', message: 'x' } as const;
    expect(stepCoroutine(sys, co, { type: 'cancel', error: cancellation })).toBe('ignoreNotStarted');
    expect([co.status, co.cancelled, co.error]).toEqual(['IGNORED', true, cancellation]);
    expect(stepCoroutine(sys, co, { type: 'wake' })).toBeUndefined();
  });

  it('in every state of generated runs each coroutine satisfies the coroutine machine’s invariants (but those over ghost fields)', () => {
    const samples: Scenario[] = [
      ...fc.sample(coreScenario(), { seed: 11, numRuns: 80 }),
      ...fc.sample(scopeForestScenario(), { seed: 11, numRuns: 40 }),
    ];
    const statuses = new Set<string>();
    const check = (sys: SystemState, co: CoroutineState) => {
      const view = machineView(sys, co);
      statuses.add(status(view));
      for (const inv of invariants.filter((i) => !GHOSTS.has(i.id))) expect(inv.holds(view, CONFIG), `${inv.id} ${co.id}`).toBe(true);
    };
    for (const s of samples) {
      for (let state = initial(s), steps = enabled(state); steps.length > 0; state = steps[0].next, steps = enabled(state)) {
        for (const co of state.sys.coroutines.values()) check(state.sys, co);
      }
    }
    expect([...statuses].sort()).toEqual(['COMPLETED', 'IGNORED', 'QUEUED', 'SUSPENDED']);
  });
});

describe('system events stepped through the event machine', () => {
  it('in every state of generated runs each event satisfies the event machine’s invariants and no pass is left running', () => {
    const config = { callbacks: [], hidden: false, periodic: false, replayable: true, reference: true, maxExtraRefs: 0, maxLoopRefs: 0 };
    let callbacks = 0;
    for (const s of fc.sample(coreScenario(), { seed: 13, numRuns: 150 })) {
      for (let state = initial(s), steps = enabled(state); steps.length > 0; state = steps[0].next, steps = enabled(state)) {
        for (const ev of state.sys.events.values()) {
          callbacks += ev.machine.vector.length;
          expect(ev.machine.pass?.running ?? false, ev.key).toBe(false);
          expect(ev.closed).toBe(ev.machine.closed);
          for (const inv of eventInvariants) expect(inv.holds(ev.machine, config), `${inv.id} ${ev.key}`).toBe(true);
        }
      }
    }
    expect(callbacks).toBeGreaterThan(0);
  });
});
