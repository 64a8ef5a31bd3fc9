import { describe, expect, it } from 'vitest';
import { AREAS, EXECUTORS, RESUMES, TARGET_HANDLERS, TIMER_ROLES } from './areas.js';
import { expectedTrace } from './interpret.js';

describe('the areas of the system model', () => {
  it('each op, resumption kind and timer role has exactly one area', () => {
    for (const field of ['execute', 'resume', 'timers'] as const) {
      const keys = AREAS.flatMap((a) => Object.keys((a as unknown as Record<string, object | undefined>)[field] ?? {}));
      expect(new Set(keys).size, field).toBe(keys.length);
    }
    expect(Object.keys(EXECUTORS)).toHaveLength(AREAS.reduce((n, a) => n + Object.keys(a.execute).length, 0));
    expect(Object.keys(RESUMES).sort()).toEqual(['await', 'plain', 'pool']);
    expect(Object.keys(TIMER_ROLES).sort()).toEqual(['dispose', 'healthcheck', 'poolTimeout', 'target', 'timeout']);
  });

  it('targeted instructions ask the owning areas in list order, the executing area last', () => {
    expect(TARGET_HANDLERS.query).toHaveLength(2);
    const trace = expectedTrace({
      version: 1,
      main: [
        { op: 'scope.new', id: 's' },
        { op: 'query', target: 's', what: 'isCancelled' },
        { op: 'query', target: 'self', what: 'isStarted' },
      ],
    });
    expect(trace.filter((e) => e.kind === 'query').map((e) => 'target' in e && e.target)).toEqual(['s', 'main']);
  });

  it('only a pool healthcheck timer leaves the loop free to end', () => {
    expect(Object.entries(TIMER_ROLES).filter(([, r]) => !r.keepsLoopAlive).map(([k]) => k)).toEqual(['healthcheck']);
  });
});
