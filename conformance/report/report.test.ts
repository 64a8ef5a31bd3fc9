import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import type { Trace } from '../adapter.js';
import { colorsFor, useColor } from './colors.js';
import { counterexamplePaths, slugify } from './counterexamples.js';
import { firstDifference, traceWindow } from './diff.js';
import { junitXml, requirementPrefix } from './junit.js';
import { jsonReport } from './json.js';
import { formatProgress, formatSummary } from './human.js';
import { compatMarkdown, compatReport, compatText } from './compat.js';
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

describe('expected failures in the reports', () => {
  const failure = {
    classification: 'violation' as const, message: 'logs differ', scenario: null, expected: null,
    actual: { error: 'x', classification: 'violation' as const }, seed: 3, property: 'P',
  };
  const result: ConformanceResult = {
    adapter: 'lib', seed: 5, runsPerProperty: 10,
    properties: [{ title: 'P', requirements: ['POOL-3'], status: 'fail', runs: 2, seed: 3, expected: true, skipped: 4, unsupported: ['no tryAcquire'], failure }],
    requirements: [
      { id: 'POOL-3', title: 'fifo', source: 's', kind: 'observable', status: 'expected-fail', runs: 2, properties: ['P'], failure, expectation: { observed: 'LIFO reuse', reason: 'a stack' } },
      { id: 'POOL-4', title: 'order', source: 's', kind: 'observable', status: 'unexpected-pass', runs: 10, properties: ['Q'], expectation: { observed: 'barging', reason: 'old bug' } },
      { id: 'POOL-9', title: 'timeout', source: 's', kind: 'observable', status: 'pass', runs: 10, properties: ['R'] },
    ],
    unknownExpectations: ['POOL-99'],
  };

  it('human: expected failures and unexpected passes get their own sections and the closing note lists the deviations', () => {
    const text = formatSummary(result, { adapterSpec: 'lib' }, plain);
    expect(text).toContain('Expected failures (1): known deviations of lib');
    expect(text).toContain('observed: LIFO reuse');
    expect(text).toContain('this run: violation: logs differ');
    expect(text).toContain('UNEXPECTED PASSES (1)');
    expect(text).toContain('listed as: barging');
    expect(text).toContain('POOL-99');
    expect(text).toContain('1 pass, 0 fail, 1 expected-fail, 1 unexpected-pass');
    expect(text).not.toContain('✗ POOL-3'); // no failure section for an expected failure
    const closing = text.slice(text.indexOf('Deviations found'));
    expect(closing).toContain('POOL-3');
    expect(closing).toContain('LIFO reuse (a stack)');
    expect(closing).not.toContain('POOL-9');
    expect(formatProgress(result.properties[0], 0, 1, plain)).toContain('expected failure (violation) after 2 runs, 4 unsupported scenarios skipped');
  });

  it('json: statuses and expectations', () => {
    const json = jsonReport(result) as { requirements: Record<string, unknown>[]; properties: Record<string, unknown>[]; unknownExpectations: string[] };
    expect(json.requirements[0]).toMatchObject({ id: 'POOL-3', status: 'expected-fail', expectation: { observed: 'LIFO reuse', reason: 'a stack' } });
    expect(json.requirements[1]).toMatchObject({ id: 'POOL-4', status: 'unexpected-pass' });
    expect(json.properties[0]).toMatchObject({ expected: true, skipped: 4, unsupported: ['no tryAcquire'] });
    expect(json.unknownExpectations).toEqual(['POOL-99']);
  });

  it('junit: expected-fail is skipped with its reason, unexpected-pass is a failure', () => {
    const xml = junitXml(result);
    expect(xml.match(/<skipped\/>/g)).toHaveLength(1);
    expect(xml).toContain('observed: LIFO reuse');
    expect(xml).toContain('type="unexpected-pass"');
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });

  it('compat: the matrix, its Markdown and the deviations per implementation', () => {
    const other: ConformanceResult = { ...result, adapter: 'ref', requirements: result.requirements.map((r) => ({ ...r, status: 'pass' as const, expectation: undefined, failure: undefined })) };
    const report = compatReport([{ name: 'lib', spec: './lib.ts', result }, { name: 'ref', spec: 'reference', result: other }]);
    expect(report.requirements.map((r) => [r.id, r.results.lib, r.results.ref])).toEqual([
      ['POOL-3', 'expected-fail', 'pass'], ['POOL-4', 'unexpected-pass', 'pass'], ['POOL-9', 'pass', 'pass'],
    ]);
    expect(report.deviations.lib).toEqual([{ id: 'POOL-3', status: 'expected-fail', observed: 'LIFO reuse', reason: 'a stack', classification: 'violation', message: 'logs differ' }]);
    expect(report.deviations.ref).toEqual([]);
    const md = compatMarkdown(report);
    expect(md).toContain('| requirement | lib | ref |');
    expect(md).toContain('| POOL-3 | expected-fail | pass |');
    expect(md).toContain('- **POOL-3** (expected-fail): LIFO reuse — a stack');
    const text = compatText(report, plain);
    expect(text).toMatch(/POOL-4\s+unexpected-pass\s+pass/);
    expect(text).toContain('Deviations found in ref: none');
  });
});
