import { defineConfig } from 'vitest/config';

/** The kill suite of `npm run mutation` (Stryker over reference/): the conformance properties only. */
export default defineConfig({
  test: {
    include: ['test/mutation/*.mutation.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 30_000,
  },
});
