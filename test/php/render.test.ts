import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAdapterFault, type Scenario } from '../../conformance/adapter.js';
import { createPhpAdapter, parsePhpRun } from '../../conformance/adapters/php/adapter.js';
import { runScenario } from '../../conformance/harness/execute.js';
import { renderPhpt } from '../../conformance/adapters/php/phpt.js';
import { CORE_PRELUDE, POOL_PRELUDE, SCOPE_PRELUDE } from '../../conformance/adapters/php/prelude.js';
import { renderScript, unsupportedByPhp } from '../../conformance/adapters/php/render.js';
import { formatTraceLine, scriptPrintedEvents } from '../../conformance/adapters/php/trace.js';
import { runConformance } from '../../conformance/harness/run.js';
import { allProperties } from '../../conformance/properties/index.js';
import { allRequirements } from '../../spec/requirements.js';
import { expectedTrace } from '../../spec/system/interpret.js';
import { ROOT } from '../support/cliEntry.js';
import { lintAll, PHP, SHIM } from './php.js';
import { phptSections } from './phptFormat.js';
import { GOLDEN_SCENARIOS } from './scenarios.js';

const GOLDEN = resolve(ROOT, 'test/php/golden');
/** Scenarios linted by the php -l property: PHP_LINT_SCENARIOS=1000 (or more) for the full check. */
const LINT_SCENARIOS = Number(process.env.PHP_LINT_SCENARIOS ?? 120);

describe.skipIf(PHP === undefined)('every rendered script parses with php -l', () => {
  it(`${LINT_SCENARIOS} random scenarios drawn from every property's arbitrary`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-lint-'));
    const perProperty = Math.ceil(LINT_SCENARIOS / allProperties.length);
    const files: string[] = [];
    const areas = new Set<string>();
    let skipped = 0;
    // Rounds over every property until enough scripts exist (some properties are all triggers: no PHP spelling).
    for (let round = 0; files.length < LINT_SCENARIOS && round < 50; round++) {
      for (const [k, p] of allProperties.entries()) {
        for (const s of fc.sample(p.arbitrary, { numRuns: perProperty, seed: 1000 * round + k })) {
          if (unsupportedByPhp(s) !== undefined) {
            skipped++;
            continue;
          }
          const script = renderScript(s);
          for (const [area, marker] of [['scope', 'new Async\\Scope('], ['protect', 'Async\\protect('], ['pool', 'new Async\\Pool('], ['breaker', 'setCircuitBreakerStrategy('], ['future', 'new Async\\FutureState('], ['cancel', '->cancel(']] as const) {
            if (script.includes(marker)) areas.add(area);
          }
          const file = join(dir, `s${files.length}.php`);
          writeFileSync(file, script);
          files.push(file);
        }
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(LINT_SCENARIOS);
    expect([...areas].sort()).toEqual(['breaker', 'cancel', 'future', 'pool', 'protect', 'scope']);
    const bad = await lintAll(PHP!, files);
    expect(bad.slice(0, 3)).toEqual([]);
    console.log(`php -l: ${files.length} scripts parse (${skipped} generated scenarios had no PHP spelling)`);
  });

  it('the lint check fails on a script that does not parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-lint-'));
    writeFileSync(join(dir, 'bad.php'), renderScript(GOLDEN_SCENARIOS.spawnAwait!).replace('run_main(function ()', 'run_main(function ('));
    const bad = await lintAll(PHP!, [join(dir, 'bad.php')]);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.message).toMatch(/Parse error|syntax error/);
  });
});

/**
 * A rendered text with each helper prelude folded to one marker line: the
 * golden files keep what the scenario renders, not the same preludes again
 * (the preludes themselves are linted and run by the tests above).
 */
function foldPreludes(text: string): string {
  let folded = text;
  for (const [name, prelude] of Object.entries({ CORE_PRELUDE, SCOPE_PRELUDE, POOL_PRELUDE })) {
    expect(prelude.trim().length).toBeGreaterThan(0);
    folded = folded.split(prelude).join(`// ${name} of conformance/adapters/php/prelude.ts\n`);
  }
  return folded;
}

describe('golden files of rendered scripts and .phpt', () => {
  for (const [name, scenario] of Object.entries(GOLDEN_SCENARIOS)) {
    it(name, () => {
      const script = foldPreludes(renderScript(scenario));
      const phpt = foldPreludes(renderPhpt({ scenario, expected: expectedTrace(scenario), title: scenario.name ?? name }));
      expect(script).toContain('// CORE_PRELUDE of conformance/adapters/php/prelude.ts');
      for (const [file, text] of [[`${name}.php`, script], [`${name}.phpt`, phpt]] as const) {
        const path = join(GOLDEN, file);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(path, text);
        }
        expect(text, `${file} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, 'utf8'));
      }
    });
  }

  it('instructions with no PHP spelling make the scenario unsupported', () => {
    expect(unsupportedByPhp({ version: 1, main: [{ op: 'trigger.new', id: 't' }, { op: 'spawn', id: 'a', priority: 'high', body: [] }] }))
      .toBe('trigger.new: triggers are internal events of the C runtime, with no PHP API; spawn priority "high": the scheduler\'s high-priority insertion is internal (SCH-2)');
    expect(() => renderScript({ version: 1, main: [{ op: 'await', target: { timer: 3 } }] })).toThrow(/bare timer/);
  });
});

describe('.phpt export follows run-tests.php', () => {
  it('sections, their order, the extension, and EXPECT vs EXPECTF', () => {
    for (const [name, scenario] of Object.entries(GOLDEN_SCENARIOS)) {
      const phpt = renderPhpt({ scenario, expected: expectedTrace(scenario), title: `${name}: a title\nwith a newline` });
      const sections = phptSections(phpt);
      const exit = expectedTrace(scenario).at(-1)!;
      expect(sections.map(([n]) => n)).toEqual(['TEST', 'DESCRIPTION', 'EXTENSIONS', 'FILE', exit.kind === 'exit' && exit.error ? 'EXPECTF' : 'EXPECT']);
      expect(sections[0]![1]).toBe(`${name}: a title with a newline`);
      expect(sections[2]![1]).toBe('true_async');
      expect(sections[3]![1].startsWith('<?php\n')).toBe(true);
    }
    expect(() => phptSections('--FILE--\n<?php\n--EXPECT--\n')).toThrow('The first section must be --TEST--');
    expect(() => phptSections('--TEST--\nx\n--FILE--\n<?php\n')).toThrow('Missing section --EXPECT--');
    expect(() => phptSections('--TEST--\nx\n--FILE--\n<?php\n--EXPECT--\n--EXPECT--\n')).toThrow('duplicated EXPECT section');
  });

  it.skipIf(PHP === undefined)('a .phpt\'s FILE, run on the shim, prints its EXPECT (runtime-only events aside)', () => {
    for (const name of ['spawnAwait', 'cancelCatch']) {
      const scenario = GOLDEN_SCENARIOS[name]!;
      const sections = Object.fromEntries(phptSections(renderPhpt({ scenario, expected: expectedTrace(scenario), title: name })));
      const out = execFileSync(PHP!, ['-d', `auto_prepend_file=${SHIM}`], { input: sections.FILE, encoding: 'utf8' });
      const printed = out.trim().split('\n').filter((l) => !/"actor":"scheduler"/.test(l));
      expect(printed.join('\n')).toBe(sections.EXPECT);
    }
  });

  it.skipIf(PHP === undefined)('labels: the script prints each event with the label of the instruction its coroutine last started, as the spec does', () => {
    const scenario: Scenario = {
      version: 1,
      main: [
        { op: 'future.new', id: 'f' },
        { op: 'spawn', id: 'w', label: 'spawn-w', body: [{ op: 'try', label: 'not echoed', body: [{ op: 'await', target: { future: 'f' }, label: 'wait' }], catch: [{ class: 'Throwable', body: [{ op: 'log', value: 'caught' }] }] }] },
        { op: 'suspend', label: 'yield' },
        { op: 'log', value: 'unlabelled' },
        { op: 'future.complete', id: 'f', value: 1, label: 'settle' },
      ],
    };
    const expected = expectedTrace(scenario);
    expect(expected.filter((e) => e.label !== undefined).map((e) => `${e.actor}:${e.kind}:${e.label}`)).toEqual(
      ['main:spawned:spawn-w', 'main:suspended:yield', 'w:suspended:wait', 'main:resumed:yield', 'main:settle:settle', 'main:completed:settle', 'w:resumed:wait', 'w:awaited:wait', 'w:completed:wait'],
    );
    const sections = Object.fromEntries(phptSections(renderPhpt({ scenario, expected, title: 'labels' })));
    const out = execFileSync(PHP!, ['-d', `auto_prepend_file=${SHIM}`], { input: sections.FILE, encoding: 'utf8' });
    const printed = out.trim().split('\n').filter((l) => !/"actor":"scheduler"/.test(l));
    expect(printed.join('\n')).toBe(sections.EXPECT);
    expect(sections.EXPECT).toContain('"label":"wait"');
  });

  it('EXPECT lists what the script prints: runtime-only events are left out', () => {
    const trace = expectedTrace(GOLDEN_SCENARIOS.deadlockExit!);
    const kept = scriptPrintedEvents(trace).map(formatTraceLine);
    expect(kept.some((l) => l.includes('"kind":"exit"') || l.includes('"actor":"scheduler"'))).toBe(false);
    expect(kept[0]).toBe('{"t":0,"actor":"main","kind":"started"}');
  });
});

describe('parsing a PHP run', () => {
  const ok = { stderr: '', code: 0, signal: null, timedOut: false };
  const fault = (f: () => unknown): string => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return isAdapterFault(e) ? e.classification : 'threw';
    }
  };
  it('classifies what is not a trace', () => {
    expect(fault(() => parsePhpRun({ ...ok, stdout: '{"t":0,"actor":"main","kind":"started"}\nhello\n' }, 10))).toBe('malformed-trace');
    expect(fault(() => parsePhpRun({ ...ok, stdout: '', stderr: 'PHP Warning:  Undefined variable $x in - on line 3' }, 10))).toBe('malformed-trace');
    expect(fault(() => parsePhpRun({ ...ok, stdout: '', signal: 'SIGSEGV' }, 10))).toBe('adapter-crashed');
    expect(fault(() => parsePhpRun({ ...ok, stdout: '', timedOut: true }, 10))).toBe('timeout');
    expect(fault(() => parsePhpRun({ ...ok, stdout: '', code: 255, stderr: 'PHP Fatal error:  Allowed memory size exhausted' }, 10))).toBe('malformed-trace');
  });
  it('appends the exit event from the process outcome when the runtime printed none', () => {
    expect(parsePhpRun({ ...ok, stdout: '{"t":3,"actor":"main","kind":"started"}\n' }, 10).at(-1)).toEqual({ t: 3, actor: 'scheduler', kind: 'exit' });
    const failed = parsePhpRun({ ...ok, code: 255, stdout: '', stderr: 'PHP Fatal error:  Uncaught RuntimeException: boom in /x.php:12\nStack trace:' }, 10);
    expect(failed.at(-1)).toEqual({ t: 0, actor: 'scheduler', kind: 'exit', error: { class: 'RuntimeException', message: 'boom' } });
  });
});

describe.skipIf(PHP === undefined)('generate → render → run on PHP with the shim → parse → judge', () => {
  const IDS = ['SCH-1', 'SCH-5', 'SCH-8', 'COR-4', 'COR-7', 'CAN-3', 'SCH-6', 'SCP-1'];
  it('core properties pass on the shim; scope is n/a (the shim declares core only)', async () => {
    const adapter = await createPhpAdapter({ php: PHP!, prepend: SHIM, cwd: ROOT });
    expect(adapter.name).toMatch(/^php 8\.\d+\.\d+ trueasync-shim/);
    expect(adapter.capabilities).toEqual(['core']);
    const result = await runConformance({
      adapter, properties: allProperties, requirements: allRequirements, expectedTrace, runs: 8, seed: 42, timeoutMs: 10_000, only: IDS, strict: false,
    });
    const status = Object.fromEntries(result.requirements.filter((r) => IDS.includes(r.id)).map((r) => [r.id, r.status]));
    expect(status).toEqual({ 'SCH-1': 'pass', 'SCH-5': 'pass', 'SCH-8': 'pass', 'COR-4': 'pass', 'COR-7': 'pass', 'CAN-3': 'pass', 'SCH-6': 'pass', 'SCP-1': 'n/a' });
  });

  it('the judge sees real PHP output: acceptance finds the shim\'s catch (Error) deviation (Cancellation extends Error)', async () => {
    const adapter = await createPhpAdapter({ php: PHP!, prepend: SHIM, cwd: ROOT });
    const strict = allProperties.find((p) => p.key === 'STRICT.core')!;
    // A cancellation is not an Error: catch (Error) must not catch it, so `w` fails with it.
    const scenario: Scenario = {
      version: 1,
      main: [
        { op: 'future.new', id: 'f' },
        { op: 'spawn', id: 'w', body: [{ op: 'try', body: [{ op: 'await', target: { future: 'f' } }], catch: [{ class: 'Error', body: [{ op: 'log', value: 'caught' }] }] }] },
        { op: 'suspend' },
        { op: 'cancel', target: 'w' },
        { op: 'future.complete', id: 'f', value: 1 },
      ],
    };
    expect(adapter.unsupported?.(scenario)).toBeUndefined();
    const outcome = await runScenario(scenario, { adapter, expectedTrace, property: strict, timeoutMs: 10_000, seed: 1 });
    await adapter.close?.();
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.classification).toBe('violation');
    expect(outcome.message).toMatch(/^the spec rejects the trace at #\d+/);
    expect(outcome.message).toContain('"kind":"caught"');
    expect(outcome.message).toContain('Async\\\\AsyncCancellation');
  });
});
