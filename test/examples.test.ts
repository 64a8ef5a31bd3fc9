import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../conformance/cli.js';
import adapter from '../examples/myAdapter.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

function sink() {
  let text = '';
  return { write: (s: string) => { text += s; return true; }, isTTY: false, text: () => text };
}

describe('README adapter example', () => {
  it('the README shows examples/myAdapter.ts verbatim', () => {
    const example = read('examples/myAdapter.ts');
    expect(read('README.md')).toContain(example.slice(example.indexOf('import type')).trim());
  });

  it('runs through the CLI gate and passes', async () => {
    const out = sink();
    const err = sink();
    const code = await main(
      ['run', '--adapter', 'examples/myAdapter.ts', '--only', 'SCH-1', '--runs', '10', '--seed', '7', '--reporter', 'json', '--out', 'reports/example-test'],
      { stdout: out, stderr: err },
    );
    expect(err.text()).toBe('');
    expect(code).toBe(0);
  });

  it('executes a scenario into a trace ending with exit', async () => {
    const trace = await adapter.execute({ version: 1, main: [{ op: 'log', value: 'hi' }] }, { timeoutMs: 1000, seed: 1 });
    expect(trace.at(-1)?.kind).toBe('exit');
    expect(trace).toContainEqual({ t: 0, actor: 'main', kind: 'log', value: 'hi' });
  });
});
