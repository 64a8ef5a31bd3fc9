/**
 * Loading the adapters that run outside the suite's process: `stdio:CMD`
 * (any runtime speaking the stdio protocol) and `php` (TrueAsync scripts run
 * by a PHP binary).
 *
 * @remarks `conformance/loadAdapter.ts` delegates these specs here; the CLI
 * calls {@link loadExternalAdapter} directly to pass its options (`--arg`,
 * `--php`, `--php-prepend`, `--stdio-stderr`).
 * @module
 */
import { resolve } from 'node:path';
import type { Adapter } from '../../adapter.js';
import { createStdioAdapter, splitCommandLine, type StderrPolicy } from './client.js';

/** Options of an external adapter (from the command line). */
export interface ExternalAdapterOptions {
  /** Extra arguments appended to the `stdio:` command (`--arg`, repeatable). */
  args?: string[];
  /** What to do with the server's stderr (`--stdio-stderr`). @defaultValue `'fail'` */
  stderr?: StderrPolicy;
  /** The PHP binary (`--php`). @defaultValue `php` on the PATH */
  php?: string;
  /** A PHP file prepended to every script with `auto_prepend_file` (`--php-prepend`), e.g. the test shim. */
  phpPrepend?: string;
}

export { isExternalAdapterSpec } from '../externalSpec.js';

/** A failure to load an external adapter; its message is one line. */
export class ExternalAdapterError extends Error {
  /** Always `ExternalAdapterError`. */
  override name = 'ExternalAdapterError';
}

/**
 * Load `stdio:CMD` or `php`.
 *
 * @param spec - `stdio:` followed by a command line (split like a shell's simple words), or `php`.
 * @param options - extra arguments, stderr policy, PHP binary and prepend file.
 * @param cwd - working directory (relative paths resolve against it).
 * @throws ExternalAdapterError when the command is empty, cannot start or handshake, or PHP lacks TrueAsync.
 */
export async function loadExternalAdapter(spec: string, options: ExternalAdapterOptions = {}, cwd: string = process.cwd()): Promise<Adapter> {
  if (spec === 'php') {
    const { createPhpAdapter } = await import('../php/adapter.js');
    try {
      return await createPhpAdapter({
        php: options.php ?? 'php', cwd,
        ...(options.phpPrepend !== undefined ? { prepend: resolve(cwd, options.phpPrepend) } : {}),
      });
    } catch (e) {
      throw new ExternalAdapterError(`adapter php: ${(e as Error).message}`);
    }
  }
  let words: string[];
  try {
    words = splitCommandLine(spec.slice('stdio:'.length));
  } catch (e) {
    throw new ExternalAdapterError(`adapter ${spec}: ${(e as Error).message}`);
  }
  if (words.length === 0) throw new ExternalAdapterError('adapter stdio: needs a command (stdio:./my-runtime)');
  const [command, ...args] = words as [string, ...string[]];
  try {
    return await createStdioAdapter({ command, args: [...args, ...(options.args ?? [])], cwd, stderr: options.stderr ?? 'fail' });
  } catch (e) {
    throw new ExternalAdapterError(`adapter ${spec}: ${(e as Error).message}`);
  }
}
