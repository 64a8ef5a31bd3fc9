import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../conformance/adapter.js';
import { createStdioAdapter } from '../../conformance/adapters/stdio/client.js';
import { ReferenceRuntime } from '../../reference/runtime.js';
import { ROOT } from '../support/cliEntry.js';

const python = ((): string | undefined => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return 'python3';
  } catch {
    return undefined;
  }
})();

describe.skipIf(python === undefined)('the server of "Writing an adapter in another language" works as printed', () => {
  it('handshakes, declares the ops it lacks, and returns the reference trace of a log-only scenario', async () => {
    const guide = readFileSync(resolve(ROOT, 'docs/guides/writing-an-adapter.md'), 'utf8');
    const code = /```python\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(code).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'guide-')), 'log_only.py');
    writeFileSync(file, code!);
    const adapter = await createStdioAdapter({ command: python!, args: [file] });
    try {
      expect(adapter.name).toBe('log-only');
      const scenario: Scenario = { version: 1, main: [{ op: 'log', value: 'x' }, { op: 'log', value: 1 }] };
      expect(adapter.unsupported?.(scenario)).toBeUndefined();
      expect(adapter.unsupported?.({ version: 1, main: [{ op: 'suspend' }] })).toBe('suspend: not implemented yet');
      expect(await adapter.execute(scenario, { timeoutMs: 5_000, seed: 1 })).toEqual(new ReferenceRuntime().run(scenario));
    } finally {
      await adapter.close?.();
    }
  });
});
