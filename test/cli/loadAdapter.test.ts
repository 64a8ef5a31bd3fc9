/**
 * Loading a user's TypeScript adapter through tsx's `tsImport`, whatever the
 * module type of the package it lives in.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTypeScriptPath, loadAdapter } from '../../conformance/loadAdapter.js';

let dir: string;
const HELPER = "export const NAME: string = 'from-helper';\n";
const ADAPTER = (helper: string, suffix: string): string =>
  `import { NAME } from '${helper}';\nconst adapter = { name: NAME + '${suffix}', capabilities: ['core'], async execute(): Promise<never[]> { return []; } };\nexport default adapter;\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ta-load-'));
  for (const type of ['commonjs', 'module']) {
    const pkg = join(dir, type);
    await mkdir(pkg);
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: `p-${type}`, type }));
    await writeFile(join(pkg, 'helper.ts'), HELPER);
    await writeFile(join(pkg, 'adapter.ts'), ADAPTER(type === 'module' ? './helper.js' : './helper', '-ts'));
    await writeFile(join(pkg, 'adapter.mts'), ADAPTER('./helper.ts', '-mts'));
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadAdapter with a TypeScript module', () => {
  it.each([
    ['commonjs', 'adapter.ts', 'from-helper-ts'],
    ['commonjs', 'adapter.mts', 'from-helper-mts'],
    ['module', 'adapter.ts', 'from-helper-ts'],
    ['module', 'adapter.mts', 'from-helper-mts'],
  ])('a "%s" package: %s loads with its relative imports', async (type, file, name) => {
    const adapter = await loadAdapter(file, join(dir, type));
    expect(adapter.name).toBe(name);
    expect(await adapter.execute({ version: 1, main: [] }, { timeoutMs: 1000, seed: 1 })).toEqual([]);
  });

  it('only TypeScript extensions go through tsx', () => {
    expect(['a.ts', 'a.mts', 'a.cts', 'a.tsx'].every(isTypeScriptPath)).toBe(true);
    expect(['a.js', 'a.mjs', 'a.cjs', 'a.d.ts.json'].some(isTypeScriptPath)).toBe(false);
  });
});
