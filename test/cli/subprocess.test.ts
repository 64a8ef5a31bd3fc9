import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function exec(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
      done({ code, stdout, stderr });
    });
  });
}

// The compiled bin (bin/trueasync-conformance.mjs → dist/) runs in test/package/package.test.ts,
// from the packed tarball installed in a consumer project.
describe('CLI as a process', () => {
  it('tsx conformance/cli.ts: a usage error exits 2 with one line on stderr', async () => {
    const r = await exec(resolve(ROOT, 'node_modules/.bin/tsx'), ['conformance/cli.ts', 'run', '--runs', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['error: --runs must be a positive integer (got "abc")']);
  });

  it('tsx conformance/cli.ts: requirements --json exits 0', async () => {
    const r = await exec(resolve(ROOT, 'node_modules/.bin/tsx'), ['conformance/cli.ts', 'requirements', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });
});
