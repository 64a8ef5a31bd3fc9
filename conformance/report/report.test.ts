import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import type { Trace } from '../adapter.js';
import { colorsFor, useColor } from './colors.js';
import { counterexamplePaths, slugify } from './counterexamples.js';
import { firstDifference, traceWindow } from './diff.js';
import { junitXml, requirementPrefix } from './junit.js';
import { jsonReport } from './json.js';
import type { ConformanceResult } from '../harness/run.js';

const plain = pc.createColors(false);
const ev = (i: number, kind = 'log'): Trace[number] => ({ t: i, actor: 'main', kind, value: i }) as Trace[number];

describe('diff', () => {
  it('finds the first difference, including length differences', () => {
    expect(firstDifference([1, 2], [1, 2])).toBe(-1);
    expect(firstDifference([1, 2], [1, 3])).toBe(1);
    expect(firstDifference([1, 2], [1])).toBe(1);
    expect(firstDifference([{ a: 1, b: 2 }], [{ b: 2, a: 1 }])).toBe(-1);
  });
  it('shows a small window around the difference', () => {
    const expected = Array.from({ length: 20 }, (_, i) => ev(i));
    const actual = expected.map((e, i) => (i === 10 ? ev(99) : e));
    const text = traceWindow(expected, actual, plain, 2).join('\n');
    expect(text).toContain('first difference at event 10');
    expect(text).toContain('>    10 │ {"t":10');
    expect(text).toContain('>    10 │ {"t":99');
    expect(text).not.toContain('│ {"t":7,');
    expect(text).not.toContain('│ {"t":13,');
  });
  it('marks a missing event', () => {
    expect(traceWindow([ev(0), ev(1)], [ev(0)], plain).join('\n')).toContain('(no event)');
  });
});

describe('colour', () => {
  it('honours NO_COLOR, FORCE_COLOR and TTY', () => {
    expect(useColor({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(useColor({ write: () => true, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ write: () => true }, {})).toBe(false);
    expect(useColor({ write: () => true }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorsFor({ write: () => true }, {}).red('x')).toBe('x');
  });
});

describe('files', () => {
  it('slugifies titles uniquely', () => {
    expect(slugify('SCH-1: normal-priority coroutines run in enqueue order')).toBe('sch-1-normal-priority-coroutines-run-in-enqueue-order');
    expect(slugify('!!!')).toBe('property');
    const paths = counterexamplePaths([
      { title: 'A b', requirements: [], status: 'fail', runs: 1, seed: 1 },
      { title: 'a-b', requirements: [], status: 'fail', runs: 1, seed: 1 },
      { title: 'ok', requirements: [], status: 'pass', runs: 1, seed: 1 },
    ]);
    expect([...paths.values()]).toEqual(['counterexamples/a-b.json', 'counterexamples/a-b-2.json']);
  });
});

describe('json and junit', () => {
  const result: ConformanceResult = {
    adapter: 'x', seed: 1, runsPerProperty: 2, properties: [],
    requirements: [
      { id: 'SCH-1', title: 'a & b', source: 's', kind: 'observable', status: 'fail', runs: 0, reason: 'no property checks this requirement', properties: [] },
      { id: 'SCH-2', title: 't', source: 's', kind: 'spec-only', status: 'spec-only', runs: 0, reason: 'internal', properties: [] },
    ],
  };
  it('writes the mandated JSON shape', () => {
    const json = jsonReport(result) as { requirements: Record<string, unknown>[] };
    expect(json).toMatchObject({ adapter: 'x', seed: 1, runsPerProperty: 2 });
    expect(json.requirements[0]).toMatchObject({ id: 'SCH-1', status: 'fail', runs: 0 });
    expect(json.requirements[0]).not.toHaveProperty('counterexample');
  });
  it('writes one testcase per requirement', () => {
    const xml = junitXml(result);
    expect(requirementPrefix('SCH-1')).toBe('SCH');
    expect(xml).toContain('name="SCH-1: a &amp; b"');
    expect(xml).toContain('<failure');
    expect(xml).toContain('<skipped/>');
  });
});
