/**
 * Hostile runtimes: whatever an adapter throws, returns or does to the
 * process, the runner stays alive, writes valid reports, classifies the
 * failure on the right side and exits 1.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_EVENTS } from '../../conformance/harness/execute.js';
import { junitFailures, runFixture } from './hostile.js';

const ONE = ['--only', 'SCH-1', '--runs', '2'];

describe.concurrent('hostile adapters: the runner survives and blames the right side', () => {
  it.each([
    ['throwingProxy', ONE, 'adapter-threw', 'adapter threw'],
    ['throwingGetters', ONE, 'adapter-threw', 'getter exploded'],
    ['throwingUnsupported', ONE, 'adapter-threw', 'unsupported() threw: Error: cannot decide'],
    ['circular', ONE, 'malformed-trace', 'circular reference'],
    ['bigint', ONE, 'malformed-trace', 'BigInt in field "t"'],
    ['unknownErrorClass', ['--only', 'SCH-12', '--runs', '2'], 'malformed-trace', 'unknown error class "TypeError"'],
    ['mutatedAfterReturn', ONE, 'violation', 'does not account for the scenario'],
    ['busyLoop', [...ONE, '--timeout-ms', '300'], 'timeout', 'did not answer within 300 ms'],
    ['processExit', ONE, 'adapter-crashed', 'process.exit(7)'],
    ['outOfMemory', [...ONE, '--memory-limit-mb', '96'], 'adapter-crashed', 'out of memory'],
    ['leakedInterval', ONE, 'violation', 'does not account for the scenario'],
    ['hangingClose', [...ONE, '--timeout-ms', '500'], 'violation', 'does not account for the scenario'],
  ])('%s → %s', async (fixture, args, classification, message) => {
    const r = await runFixture(fixture, args as string[]);
    expect(r.code, r.err).toBe(1);
    expect(r.report).not.toBeNull();
    expect(r.failed.map((f) => f.id)).toEqual([args[1]]);
    expect(r.failed[0].classification).toBe(classification);
    expect(r.failed[0].message).toContain(message);
    expect(junitFailures(r.junit!)).toBe(1);
    if (fixture === 'hangingClose') expect(r.err).toContain('close() did not finish within 3000 ms');
  });

  it('a synchronous busy loop is cut at --timeout-ms per scenario and the run goes on', async () => {
    const r = await runFixture('busyLoop', ['--only', 'SCH-1,SCH-2', '--runs', '3', '--timeout-ms', '400']);
    expect(r.code).toBe(1);
    expect(r.failed.map((f) => [f.id, f.classification])).toEqual([['SCH-1', 'timeout'], ['SCH-2', 'timeout']]);
  });

  it('a 10⁶-event trace is judged whole and recorded truncated, with a note', async () => {
    const r = await runFixture('hugeTrace', ['--only', 'SCH-10', '--runs', '1', '--timeout-ms', '30000']);
    expect(r.code).toBe(1);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0].classification).toBe('violation');
    expect(r.failed[0].message).toContain(`truncated to the first ${MAX_RECORDED_EVENTS} events: actual (1000`);
  });

  it('a factory that never resolves is a load error (exit 2, one line), not a hang', async () => {
    const r = await runFixture('hangingFactory', ['--runs', '1', '--timeout-ms', '100']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: adapter .*hangingFactory\.ts: loading it \(its module or factory\) did not finish within 3000 ms\n$/);
  });
});
