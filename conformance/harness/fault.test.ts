import { describe, expect, it } from 'vitest';
import { AdapterFault, isAdapterFault, type Adapter } from '../adapter.js';
import { runScenario } from './execute.js';
import { expectedTrace } from '../../spec/system/interpret.js';

const scenario = { version: 1 as const, main: [{ op: 'log' as const, value: 'x' }] };

describe('AdapterFault', () => {
  it('is recognised by shape, also after a structured clone', () => {
    const fault = new AdapterFault('adapter-crashed', 'server exited');
    expect(isAdapterFault(fault)).toBe(true);
    expect(isAdapterFault({ name: 'AdapterFault', classification: 'timeout', message: 'late' })).toBe(true);
    expect(isAdapterFault({ name: 'AdapterFault', classification: 'violation' })).toBe(false);
    expect(isAdapterFault(new Error('x'))).toBe(false);
  });

  it.each(['adapter-crashed', 'timeout', 'malformed-trace'] as const)('a thrown %s fault keeps its classification', async (classification) => {
    const adapter: Adapter = {
      name: 'faulty', capabilities: ['core'],
      execute: () => Promise.reject(new AdapterFault(classification, 'what happened')),
    };
    const outcome = await runScenario(scenario, { adapter, expectedTrace, timeoutMs: 1000, seed: 1 });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.classification).toBe(classification);
      expect(outcome.message).toContain('what happened');
    }
  });

  it('any other throw is adapter-threw', async () => {
    const adapter: Adapter = { name: 'thrower', capabilities: ['core'], execute: () => Promise.reject(new TypeError('boom')) };
    const outcome = await runScenario(scenario, { adapter, expectedTrace, timeoutMs: 1000, seed: 1 });
    expect(!outcome.ok && outcome.classification).toBe('adapter-threw');
  });
});
