import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../docs/generateRequirements.js';
import { allRequirements } from '../spec/requirements.js';

describe('generated docs', () => {
  it('docs/requirements.md and docs/diagrams are up to date (run `npm run docs`)', () => {
    for (const [path, text] of generatedDocs()) {
      expect(readFileSync(new URL(`../docs/${path}`, import.meta.url), 'utf8'), path).toBe(text);
    }
  });

  it('the catalogue lists every requirement ID once', () => {
    const text = generatedDocs().get('requirements.md')!;
    for (const r of allRequirements) expect(text.split(`\n| ${r.id} |`).length - 1, r.id).toBe(1);
  });
});

describe('the landing page docs/index.md', () => {
  it("its scenario is valid and its trace is the spec's trace for it, event for event", async () => {
    const { expectedTrace } = await import('../spec/system/interpret.js');
    const { validateScenario } = await import('../conformance/scenario/validate.js');
    const text = readFileSync(new URL('../docs/index.md', import.meta.url), 'utf8');
    const section = text.slice(text.indexOf('## 2. A scenario and its trace'), text.indexOf('## 3.'));
    const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
    expect(blocks).toHaveLength(2);
    const validation = validateScenario(blocks[0]);
    expect(validation.ok, JSON.stringify(validation)).toBe(true);
    expect(expectedTrace(blocks[0] as never)).toEqual(blocks[1]);
  });
});

describe('the landing page report excerpt', () => {
  it('is what the CLI prints for the lifoQueue mutant with --only SCH-1 --seed 42', async () => {
    const { main } = await import('../conformance/cli.js');
    const { mutant } = await import('./mutants/lifoQueue.js');
    const { createReferenceRuntime } = await import('../reference/runtime.js');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = await mkdtemp(join(tmpdir(), 'ta-docs-'));
    let text = '';
    const sink = { write: (s: string) => ((text += s), true) };
    const adapter = { name: 'lifo-runtime', capabilities: ['core' as const], execute: async (s: never) => createReferenceRuntime({ seams: mutant.seams }).run(s) };
    const code = await main(['run', '--adapter', './lifo-adapter.ts', '--only', 'SCH-1', '--seed', '42', '--reporter', 'human', '--out', out], { stdout: sink, stderr: sink }, {
      loadAdapter: async () => adapter,
    });
    await rm(out, { recursive: true, force: true });
    expect(code).toBe(1);
    const page = readFileSync(new URL('../docs/index.md', import.meta.url), 'utf8');
    const excerpt = page.slice(page.indexOf('```text\n✗ SCH-1') + 8, page.indexOf('```', page.indexOf('```text\n✗ SCH-1') + 8));
    for (const line of excerpt.trimEnd().split('\n')) {
      if (line.includes('replay:')) continue; // the real run writes under a temporary --out
      expect(text, line).toContain(line);
    }
  });
});
