/**
 * CLI hygiene against hostile conditions: bad --out and --timeout-ms are
 * refused before anything runs, an overall deadline or Ctrl-C leaves a
 * partial report, a closed stdout pipe and a leaked handle neither crash nor
 * hang the process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runFixture } from './hostile.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Proc { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Run the CLI as a process; `onStdout` sees each chunk and may act on the child. */
function cliProcess(args: string[], onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void): Promise<Proc> {
  return new Promise((done) => {
    // node --import tsx, not the tsx wrapper: signals go straight to the CLI.
    const child = spawn(process.execPath, ['--import', 'tsx', 'conformance/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      onStdout?.(b.toString(), child);
    });
    child.stdout.on('error', () => undefined);
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ta-hostile-cli-'));
}

describe('CLI hygiene', () => {
  it('--out that is a file is refused before the adapter is loaded or anything runs', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    const r = await runFixture('constantTrace', ['--out', join(dir, 'file', 'sub')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --out .*file\/sub: is not a directory\n$/);
    expect(r.out).toBe('');
  });

  it('--timeout-ms above 2^31-1 is a usage error, not a 1 ms timer', async () => {
    const r = await runFixture('constantTrace', ['--timeout-ms', String(2 ** 31)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--timeout-ms must be at most 2147483647 ms');
    const ok = await runFixture('constantTrace', ['--timeout-ms', String(2 ** 31 - 1), '--only', 'SCH-1', '--runs', '1']);
    expect(ok.code).toBe(1);
  });

  it('--max-duration stops the run and writes a partial report that fails', async () => {
    const r = await runFixture('constantTrace', ['--max-duration', '50', '--runs', '3']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/stopped: the run reached --max-duration 50 ms; \d+ of \d+ properties checked/);
    const notChecked = r.report!.requirements.filter((x) => x.status === 'n/a' && (x as { reason?: string }).reason?.startsWith('not checked'));
    expect(notChecked.length).toBeGreaterThan(0);
  });

  it('SIGINT writes a partial report and exits 130', async () => {
    const dir = await tempDir();
    let sent = false;
    const r = await cliProcess(['run', '--adapter', join(FIXTURES, 'slowConstant.ts'), '--seed', '1', '--runs', '5', '--out', dir, '--in-process'], (chunk, child) => {
      // The first progress line: the run is under way.
      if (!sent && /[✓✗]/.test(chunk)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(r.stderr).toContain('interrupted');
    expect(r.code).toBe(130);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { requirements: { status: string; reason?: string }[] };
    expect(report.requirements.some((x) => x.reason?.includes('interrupted (SIGINT)'))).toBe(true);
  });

  it('a stdout closed early (| head) neither crashes the run nor loses the reports; a leaked setInterval does not keep the process alive', async () => {
    const dir = await tempDir();
    const r = await cliProcess(['run', '--adapter', join(FIXTURES, 'leakedInterval.ts'), '--seed', '1', '--runs', '2', '--only', 'SCH', '--out', dir, '--in-process'], (_chunk, child) => {
      child.stdout?.destroy();
    });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
    expect(existsSync(join(dir, 'junit.xml'))).toBe(true);
  });
});
