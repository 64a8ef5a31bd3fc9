import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { machine as event } from '../event/machine.js';
import { machine as waker } from '../waker/machine.js';
import { machine as coroutine } from '../coroutine/machine.js';
import { machine as scheduler } from '../scheduler/machine.js';
import { machine as scope } from '../scope/machine.js';
import { machine as cancellation } from '../cancellation/machine.js';
import { machine as pool } from '../pool/machine.js';
import { machine as circuitBreaker } from '../circuitBreaker/machine.js';

/**
 * Observable requirements the system model attributes events to although no
 * primitive machine has a transition or an invariant for them yet: their
 * rules live only in the system model (exception classes, catch/finally
 * unwinding, await tokens, breaker stability, scope waits, timeouts).
 */
const SYSTEM_ONLY = ['CAN-1', 'CAN-9', 'CAN-10', 'CB-5', 'SCP-13', 'SCP-15', 'WAK-8'];

describe('attribution of emitted events', () => {
  it('names only IDs that label a transition or an invariant of a primitive machine, or the listed system-only ones', () => {
    const labelled = new Set<string>();
    for (const m of [event, waker, coroutine, scheduler, scope, cancellation, pool, circuitBreaker] as { transitions: readonly { requirement: string }[]; invariants: readonly { id: string }[] }[]) {
      for (const t of m.transitions) labelled.add(t.requirement);
      for (const i of m.invariants) labelled.add(i.id);
    }
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const source = files.map((f) => readFileSync(new URL(`./${f}`, import.meta.url), 'utf8')).join('\n');
    const used = new Set([...source.matchAll(/'((?:EVT|WAK|COR|SCH|SCP|CAN|POOL|CB)-\d+)'/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((id) => !labelled.has(id)).sort()).toEqual([...SYSTEM_ONLY].sort());
  });
});
