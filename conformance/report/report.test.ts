import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import type { Trace } from '../adapter.js';
import { colorsFor, useColor } from './colors.js';
import { counterexamplePaths, propertyIdentity, slugify } from './counterexamples.js';
import { firstDifference, traceDiff } from './diff.js';
import { formatDot } from './dot.js';
import { githubAnnotations } from './githubActions.js';
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
  it('shows insertions and deletions with context, not every later event as different', () => {
    const expected = Array.from({ length: 20 }, (_, i) => ev(i));
    const actual = expected.filter((_, i) => i !== 10); // one event missing
    const lines = traceDiff(expected, actual, plain, 2);
    const text = lines.join('\n');
    expect(lines.filter((l) => l.startsWith('-'))).toEqual(['-   10 │ {"t":10,"actor":"main","kind":"log","value":10}']);
    expect(lines.filter((l) => l.startsWith('+'))).toEqual([]);
    expect(text).toContain('@@ expected 8–12, actual 8–11 @@');
    expect(text).not.toContain('"t":7,');
    expect(text).not.toContain('"t":13,');
  });
  it('marks a changed event as one deletion and one insertion, and an extra event as an insertion', () => {
    const changed = traceDiff([ev(0), ev(1), ev(2)], [ev(0), ev(9), ev(2)], plain);
    expect(changed.filter((l) => /^[-+]/.test(l))).toEqual([
      '-    1 │ {"t":1,"actor":"main","kind":"log","value":1}',
      '+    1 │ {"t":9,"actor":"main","kind":"log","value":9}',
    ]);
    const extra = traceDiff([ev(0)], [ev(0), ev(5)], plain);
    expect(extra.filter((l) => /^[-+]/.test(l))).toEqual(['+    1 │ {"t":5,"actor":"main","kind":"log","value":5}']);
    expect(traceDiff([ev(0)], [ev(0)], plain)[0]).toContain('identical');
  });
});

describe('colour', () => {
  it('honours NO_COLOR, FORCE_COLOR and TTY', () => {
    expect(useColor({ write: () => true, isTTY: true })).toBe(false); // not the process's own stream
    expect(useColor({ write: () => true, isTTY: true }, true)).toBe(true); // --color
    expect(useColor(process.stdout, false)).toBe(false); // --no-color
    expect(useColor(process.stdout)).toBe(pc.isColorSupported); // picocolors' detection
    expect(colorsFor({ write: () => true }).red('x')).toBe('x');
    expect(colorsFor({ write: () => true }, true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('files', () => {
  it('names counterexample files by requirement ID (and aspect), unique', () => {
    expect(slugify('!!!')).toBe('property');
    const paths = counterexamplePaths([
      { title: 'SCH-1: order', requirements: ['SCH-1', 'SCH-2'], status: 'fail', runs: 1, seed: 1 },
      { title: 'SCH-1: again', requirements: ['SCH-1'], status: 'fail', runs: 1, seed: 1 },
      { title: 'STRICT: actual ≡ expected', requirements: [], status: 'fail', runs: 1, seed: 1 },
      { title: 'ok', requirements: ['SCH-3'], status: 'pass', runs: 1, seed: 1 },
      { title: 'typed', requirements: ['POOL-3'], status: 'fail', runs: 1, seed: 1, id: 'POOL-3', aspect: 'idle-order' } as never,
    ]);
    expect([...paths.values()]).toEqual([
      'counterexamples/SCH-1.json', 'counterexamples/SCH-1.2.json', 'counterexamples/STRICT.json', 'counterexamples/POOL-3.idle-order.json',
    ]);
    expect(propertyIdentity({ title: 'x', requirements: ['A-1'] })).toEqual({ id: 'A-1' });
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
    expect(xml).toContain('<skipped message="spec-only: internal"/>');
    expect(xml).toMatch(/<testcase [^>]*time="0.000"/);
  });
  it('an adapter that could not be judged is an <error>, a violation a <failure>; time comes from the durations', () => {
    const failure = (classification: 'violation' | 'adapter-threw' | 'timeout') => ({
      classification, message: 'm', scenario: null, expected: null, actual: { error: 'x', classification }, seed: 3, property: classification,
    });
    const r: ConformanceResult = {
      adapter: 'x', seed: 1, runsPerProperty: 2, properties: [],
      requirements: (['violation', 'adapter-threw', 'timeout'] as const).map((c, i) => ({
        id: `A-${i}`, title: c, source: 's', kind: 'observable' as const, status: 'fail' as const, runs: 1, properties: [c], failure: failure(c),
      })),
    };
    const xml = junitXml(r, { durationsMs: new Map([['violation', 1500], ['adapter-threw', 250]]) });
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/<error /g)).toHaveLength(2);
    expect(xml).toContain('type="adapter-threw"');
    expect(xml).toMatch(/name="A-0: violation" time="1.500"/);
    expect(xml).toMatch(/<testsuite [^>]*failures="1" errors="2"/);
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
    expect(text.split('fifo').length - 1).toBe(1); // each title once
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
    expect(xml.match(/<skipped /g)).toHaveLength(1);
    expect(xml).toContain('<skipped message="expected failure (known deviation): LIFO reuse — a stack"/>');
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

describe('dot and github-actions', () => {
  const base = { title: 'T', requirements: ['A-1'], runs: 1, seed: 1 };
  it('dot: one character per property, a newline at the end', () => {
    expect(formatDot({ ...base, status: 'pass' }, 0, 3, plain)).toBe('.');
    expect(formatDot({ ...base, status: 'fail' }, 1, 3, plain)).toBe('F');
    expect(formatDot({ ...base, status: 'fail', expected: true }, 2, 3, plain)).toBe('x\n');
    expect(formatDot({ ...base, status: 'n/a' }, 49, 100, plain)).toBe('-\n');
  });
  it('github-actions: an error annotation per failing requirement, escaped, naming the counterexample file', () => {
    const failure = { classification: 'violation' as const, message: '50% lost\nwake-up', scenario: null, expected: null, actual: [], seed: 3, property: 'P' };
    const r: ConformanceResult = {
      adapter: 'rt', seed: 1, runsPerProperty: 2, properties: [],
      requirements: [
        { id: 'WAK-5', title: 'no lost wake-up', source: 'https://x', kind: 'observable', status: 'fail', runs: 1, properties: ['P'], failure },
        { id: 'SCH-1', title: 'order', source: 's', kind: 'observable', status: 'pass', runs: 1, properties: [] },
        { id: 'POOL-3', title: 'fifo', source: 's', kind: 'observable', status: 'expected-fail', runs: 1, properties: [], expectation: { observed: 'LIFO', reason: 'stack' } },
      ],
    };
    const lines = githubAnnotations(r, { outDir: 'reports', files: new Map([['P', 'counterexamples/WAK-5.json']]) });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '::error file=reports/counterexamples/WAK-5.json,title=WAK-5 violation (rt)::WAK-5: no lost wake-up%0Aviolation: 50%25 lost%0Awake-up%0Asource: https://x%0Areplay: npx trueasync-conformance replay reports/counterexamples/WAK-5.json',
    );
    expect(lines[1]).toMatch(/^::notice title=POOL-3 expected failure \(rt\)::POOL-3: known deviation: LIFO/);
  });
});

describe('an adapter that fails every property the same way', () => {
  it('prints one full failure section, lists the repeats by ID, and shares one deviation line', () => {
    const failure = { classification: 'adapter-threw' as const, message: 'adapter threw: boom', scenario: { version: 1 as const, main: [] }, expected: null, actual: { error: 'adapter threw: boom', classification: 'adapter-threw' as const }, seed: 3 };
    const ids = ['A-1', 'A-2', 'A-3', 'A-4'];
    const result: ConformanceResult = {
      adapter: 'broken', seed: 1, runsPerProperty: 5,
      properties: ids.map((id) => ({ title: `${id}: rule ${id}`, requirements: [id], status: 'fail' as const, runs: 1, seed: 3, failure })),
      requirements: ids.map((id) => ({
        id, title: `title of ${id}`, source: 's', kind: 'observable' as const, status: 'fail' as const, runs: 1, properties: [`${id}: rule ${id}`],
        failure: { ...failure, property: `${id}: rule ${id}` },
      })),
    };
    const text = formatSummary(result, { adapterSpec: './broken.mjs' }, plain);
    expect(text.match(/^✗ A-\d: rule/gm)).toEqual(['✗ A-1: rule']);
    expect(text).toContain('✗ the same adapter-threw ("adapter threw: boom") in 3 more properties: A-2; A-3; A-4');
    expect(text).toContain('  A-1, A-2, A-3, A-4 (4) fail  adapter-threw: adapter threw: boom');
    for (const id of ids) expect(text.split(`title of ${id}`).length - 1, id).toBe(0); // the requirement line points to the section
  });
});
