import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakerScenario } from '../../conformance/arbitraries/breakerScenarios.js';
import * as pools from '../../conformance/arbitraries/poolScenarios.js';
import { firingTransition } from '../kernel/machine.js';
import { invariants } from '../pool/invariants.js';
import { machine } from '../pool/machine.js';
import { expectedRun } from './interpret.js';
import type { PoolStep } from './pools.js';
import { observePoolSteps } from './pools.js';
import type { Scenario } from './scenario.js';

/** Generated pool and breaker scenarios, fixed seed. */
function scenarios(): Scenario[] {
  const arbitraries: fc.Arbitrary<Scenario>[] = [
    pools.workloadScenario({ factoryDelay: true, factoryFails: 'often', beforeAcquire: 'delays', beforeRelease: 'delays', destructorThrows: true, close: 'sometimes', timeouts: 'often', nested: true }),
    pools.workloadScenario({ factoryFails: true, beforeAcquire: 'plain', beforeRelease: 'plain', destructorThrows: true, close: 'always' }),
    pools.prewarmScenario(),
    pools.handOnScenario(),
    pools.closeScenario(),
    pools.healthcheckScenario(),
    breakerScenario(),
  ];
  return arbitraries.flatMap((a) => fc.sample(a, { seed: 11, numRuns: 60 }));
}

/** Run every scenario and collect the steps its pool machines took. */
function steps(): PoolStep[] {
  const seen: PoolStep[] = [];
  const stop = observePoolSteps((s) => seen.push(s));
  try {
    for (const s of scenarios()) expectedRun(s);
  } finally {
    stop();
  }
  return seen;
}

/**
 * POOL-4's "every reservation is backed by a free place" fails in C too after
 * a healthcheck tick's wake-up (see `pool.test.ts`): tolerated only in a pool
 * with a healthcheck, and only as that clause (`active + reserved > max`).
 */
const staleWake = (s: PoolStep): boolean => s.config.healthcheck && s.after.activeCount + s.after.reservedCount > s.config.max;

describe('the system model drives the pool machine', () => {
  const all = steps();

  it('every system pool step is a transition of the machine, and its states keep the invariants', () => {
    expect(all.length).toBeGreaterThan(5000);
    const broken: string[] = [];
    for (const s of all) {
      expect(firingTransition(machine, s.config, s.before, s.action), JSON.stringify(s.action)).toBeDefined();
      for (const inv of invariants) {
        if (inv.holds(s.after, s.config) || (inv.id === 'POOL-4' && staleWake(s))) continue;
        broken.push(`${inv.id} after ${JSON.stringify(s.action)}`);
      }
    }
    expect(broken.slice(0, 5)).toEqual([]);
  });

  it('system runs fire the transitions of acquire, release and the lifecycle that scenarios can reach', () => {
    const fired = new Set(all.map((s) => firingTransition(machine, s.config, s.before, s.action)));
    const unfired = machine.transitions.filter((t) => !fired.has(t)).map((t) => `${t.requirement}:${t.update.name}:${t.from.join('|')}→${t.to}:${t.guard?.name ?? ''}`);
    // Explore-only: invalid constructor arguments (rejected by scenario validation), the uninitialised
    // object and a foreign release (not expressible in the scenario language), the machine's own
    // cancel of a waiter already resumed (the system's waker resumes a waiter once).
    const explorative = /^POOL-1:throwValueError|^POOL-14:|^POOL-15:|^POOL-5:resumeWithCancellation:RESUMED/;
    // A `beforeAcquire` rejection whose retry meets a closed pool, an INACTIVE breaker or no free place:
    // reachable (the machine's explore() fires them), too rare for this sample of generated scenarios.
    const rare = /^POOL-7:destroyAndRetry:IN_BEFORE_ACQUIRE→(FREE:rejected:(closed|refused|none)|WAITING:rejected:none)/;
    expect(unfired.filter((u) => !explorative.test(u) && !rare.test(u))).toEqual([]);
  });
});
