/**
 * Start-up time of `trueasync-conformance --help`: the compiled bin
 * (bin/trueasync-conformance.mjs → dist/) against the TypeScript sources run
 * through tsx (how the command started before it was compiled), in the same
 * run, as a ratio. Builds dist/ first. Run with `npm run bench:startup`.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(cmd: string, args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    execFileSync(cmd, args, { cwd: ROOT, stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
const compiled = time(process.execPath, ['bin/trueasync-conformance.mjs', '--help']);
const tsx = time(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'conformance/cli.ts', '--help']);
const node = time(process.execPath, ['-e', '0']);
console.log(`--help, median of ${ROUNDS}: compiled ${compiled.toFixed(0)} ms, through tsx ${tsx.toFixed(0)} ms (${(tsx / compiled).toFixed(1)}× slower); bare node ${node.toFixed(0)} ms`);
console.log(`compiled --help under 500 ms: ${compiled < 500 ? 'yes' : 'NO'}`);
