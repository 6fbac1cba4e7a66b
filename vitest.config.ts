import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The test files share their worker's modules (TF.js and the app's code load once per worker, not
    // once per file): about a minute less of the unit run on 2 cores. A file that changes TF.js's
    // backend sets it back (compare-companion, model).
    isolate: false,
  },
});
