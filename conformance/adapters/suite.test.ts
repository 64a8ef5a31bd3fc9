/**
 * The pool properties against tarn and generic-pool (few runs): every
 * deviation the run finds is listed in the library's expectations file —
 * nothing shows up as an unlisted failure.
 */
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapter.js';
import { runConformance } from '../harness/run.js';
import { poolProperties } from '../properties/pool.props.js';
import { poolInvariantProperties } from '../properties/poolInvariants.props.js';
import { circuitBreakerProperties } from '../properties/circuitBreaker.props.js';
import { requirements as poolRequirements } from '../../spec/pool/requirements.js';
import { requirements as breakerRequirements } from '../../spec/circuitBreaker/requirements.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { genericPoolAdapter } from './generic-pool/adapter.js';
import { tarnAdapter } from './tarn/adapter.js';

describe.each([['tarn', tarnAdapter], ['generic-pool', genericPoolAdapter]] as Array<[string, Adapter]>)('%s on the pool properties', (_name, adapter) => {
  it('fails only where its expectations say so, and is n/a for the breaker', async () => {
    const result = await runConformance({
      adapter, properties: [...poolProperties, ...circuitBreakerProperties, ...poolInvariantProperties], requirements: [...poolRequirements, ...breakerRequirements],
      expectedTrace, runs: 10, seed: 3,
    });
    const unlisted = result.requirements.filter((r) => r.status === 'fail');
    expect(unlisted.map((r) => `${r.id}: ${r.failure?.message}`)).toEqual([]);
    expect(result.requirements.filter((r) => r.status === 'expected-fail').length).toBeGreaterThan(3);
    for (const id of ['CB-1', 'CB-2', 'CB-3', 'CB-6', 'CB-7', 'CB-8', 'POOL-12']) expect(result.requirements.find((r) => r.id === id)?.status).toBe('n/a');
    expect(result.properties.every((p) => p.status !== 'fail' || p.failure?.classification === 'violation')).toBe(true);
  });
});
