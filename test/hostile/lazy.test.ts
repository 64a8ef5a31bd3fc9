/**
 * Lazy runtimes: a runtime that does nothing, or returns a conforming trace
 * with one thing wrong, fails — per requirement ID, in report.json and
 * junit.xml, with exit code 1.
 */
import { describe, expect, it } from 'vitest';
import { allRequirements } from '../../spec/requirements.js';
import { junitFailures, runFixture } from './hostile.js';

const observable = allRequirements.filter((r) => r.kind === 'observable').map((r) => r.id);

describe('lazy adapters fail every requirement they should', () => {
  it.each([
    ['constantTrace', 'violation'],
    ['emptyTrace', 'malformed-trace'],
  ])('%s fails every applicable requirement ID (%s), strict or not', async (fixture, classification) => {
    // The empty trace is malformed before any check, strict or not: one mode is enough for it.
    for (const strict of fixture === 'emptyTrace' ? [['--no-strict']] : [[], ['--no-strict']]) {
      const r = await runFixture(fixture, ['--runs', '3', ...strict]);
      expect(r.code).toBe(1);
      expect(r.report).not.toBeNull();
      const statuses = new Map(r.report!.requirements.map((x) => [x.id, x.status]));
      const notFailed = observable.filter((id) => statuses.get(id) !== 'fail' && statuses.get(id) !== 'n/a');
      expect(notFailed, `requirements not failed by ${fixture}`).toEqual([]);
      expect(r.failed.length).toBeGreaterThanOrEqual(observable.filter((id) => statuses.get(id) !== 'n/a').length);
      expect(r.failed.every((f) => f.classification === classification)).toBe(true);
      if (fixture === 'constantTrace') expect(r.failed.some((f) => f.message?.includes('the trace does not account for the scenario'))).toBe(true);
      expect(junitFailures(r.junit!)).toBe(r.failed.length);
    }
  });

  it.each([['droppedEvent'], ['swappedEvents'], ['shiftedTimes']])('%s is caught (violation, exit 1, reports valid)', async (fixture) => {
    const r = await runFixture(fixture, ['--runs', '1']);
    expect(r.code).toBe(1);
    expect(r.failed.length).toBeGreaterThan(0);
    expect(r.failed.every((f) => f.classification === 'violation')).toBe(true);
    expect(junitFailures(r.junit!)).toBe(r.failed.length);
  });
});
