/** Helpers of the PHP tests: the binary, the shim, and running many `php -l` with bounded concurrency. */
import { execFile, execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from '../support/cliEntry.js';

/** The PHP binary (`PHP` env or `php` on the PATH), or `undefined` when none runs. */
export const PHP: string | undefined = (() => {
  const php = process.env.PHP ?? 'php';
  try {
    execFileSync(php, ['-v'], { stdio: 'ignore' });
    return php;
  } catch {
    return undefined;
  }
})();

/** The test shim of the TrueAsync core API. */
export const SHIM = resolve(ROOT, 'test/php-shim/trueasync.php');

/** `php -l FILE` for each file, at most `parallel` at a time; the files that do not lint, with php's message. */
export async function lintAll(php: string, files: string[], parallel = 2): Promise<Array<{ file: string; message: string }>> {
  const bad: Array<{ file: string; message: string }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      await new Promise<void>((done) => {
        execFile(php, ['-n', '-l', file], (err, stdout, stderr) => {
          if (err) bad.push({ file, message: `${stdout}${stderr}`.trim() });
          done();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return bad;
}
