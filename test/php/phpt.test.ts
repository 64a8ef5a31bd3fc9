import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../conformance/cli.js';
import { ROOT } from '../support/cliEntry.js';
import { PHP, SHIM } from './php.js';
import { phptSections } from './phptFormat.js';

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: { write: (s: string) => { out.push(s); return true; } }, stderr: { write: (s: string) => { err.push(s); return true; } } } as never;
}

describe('.phpt export of counterexamples (run --phpt-dir, replay --phpt)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phpt-'));
  const fixture = 'test/php/fixtures/lifoQueueAdapter.ts';

  it('run --phpt-dir writes one .phpt per failing requirement, in run-tests format; replay --phpt writes one', async () => {
    const a = io();
    const code = await main(['run', '--adapter', fixture, '--only', 'SCH-1', '--runs', '100', '--seed', '42', '--out', join(dir, 'reports'), '--reporter', 'json', '--phpt-dir', join(dir, 'phpt')], a, { cwd: ROOT });
    expect(code).toBe(1);
    expect(readdirSync(join(dir, 'phpt'))).toEqual(['SCH-1.phpt']);
    const sections = phptSections(readFileSync(join(dir, 'phpt', 'SCH-1.phpt'), 'utf8'));
    expect(sections.map(([n]) => n)).toEqual(['TEST', 'DESCRIPTION', 'EXTENSIONS', 'FILE', 'EXPECT']);
    expect(sections[0]![1]).toMatch(/^SCH-1: /);
    expect(a.out.join('')).toContain('phpt: 1 written to');

    const cx = readdirSync(join(dir, 'reports', 'counterexamples'))[0]!;
    const b = io();
    const replayCode = await main(['replay', join(dir, 'reports', 'counterexamples', cx), '--adapter', fixture, '--phpt', join(dir, 'replayed.phpt')], b, { cwd: ROOT });
    expect(replayCode).toBe(1);
    const replayed = phptSections(readFileSync(join(dir, 'replayed.phpt'), 'utf8'));
    expect(Object.fromEntries(replayed).EXPECT).toBe(Object.fromEntries(sections).EXPECT);
  });

  it.skipIf(PHP === undefined)('the exported test passes on a runtime that follows the spec (the shim) — the broken one is what it catches', () => {
    const sections = Object.fromEntries(phptSections(readFileSync(join(dir, 'phpt', 'SCH-1.phpt'), 'utf8')));
    const out = execFileSync(PHP!, ['-d', `auto_prepend_file=${SHIM}`], { input: sections.FILE, encoding: 'utf8' });
    expect(out.trim().split('\n').filter((l) => !l.includes('"actor":"scheduler"')).join('\n')).toBe(sections.EXPECT);
  });

  it('a scenario with no PHP spelling is refused by replay --phpt with a one-line error', async () => {
    const file = join(dir, 'trigger.json');
    writeFileSync(file, JSON.stringify({ version: 1, main: [{ op: 'trigger.new', id: 't' }] }));
    const c = io();
    expect(await main(['replay', file, '--phpt', join(dir, 'x.phpt')], c, { cwd: ROOT })).toBe(2);
    expect(c.err.join('')).toMatch(/^error: --phpt: the scenario has no PHP spelling: trigger.new/);
  });
});
