// The unit tests as `npm run mutate` runs them (see stryker.config.mjs). The selection lives here
// rather than in Stryker's testFiles option: with testFiles, Stryker 9.6 activates static mutants
// (module-level values) only after their module has loaded, and reports them as survivors
// (stryker-js issue 6144).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the base include (mergeConfig would append to it).
    include: ['test/unit/**/*.test.ts'],
    globalSetup: ['./test/stryker-sandbox.ts'],
  },
});
