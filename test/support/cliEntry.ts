/**
 * How tests start the command line as a subprocess: from the TypeScript
 * sources through tsx (what vitest tests), or the compiled entry when the
 * sources are not there.
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** `[command, ...args]` that runs `trueasync-conformance` followed by `args`. */
export function cliCommand(...args: string[]): string[] {
  if (existsSync(resolve(ROOT, 'conformance/cli.ts'))) return [process.execPath, '--import', 'tsx', resolve(ROOT, 'conformance/cli.ts'), ...args];
  return [process.execPath, resolve(ROOT, 'dist/conformance/cli.js'), ...args];
}

/** `cliCommand(...)` as one command line for `--adapter stdio:…` (paths quoted). */
export function cliCommandLine(...args: string[]): string {
  return cliCommand(...args).map((w) => (/[\s'"\\]/.test(w) ? `'${w.replace(/'/g, "'\\''")}'` : w)).join(' ');
}
