import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The package's own entry points resolve to the TypeScript sources here (as tsconfig.json's
  // `paths` do for tsc and tsx); consumers get the compiled dist/ through package.json `exports`.
  resolve: {
    alias: [
      { find: /^trueasync-conformance$/, replacement: source('./conformance/index.ts') },
      { find: /^trueasync-conformance\/(adapter|vitest)$/, replacement: source('./conformance/$1.ts') },
      { find: /^trueasync-conformance\/(spec|reference)$/, replacement: source('./$1/index.ts') },
    ],
  },
  test: {
    include: ['language/**/*.test.ts', 'spec/**/*.test.ts', 'reference/**/*.test.ts', 'conformance/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
