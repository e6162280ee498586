import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // No time limits in tests: speed is measured by `npm run bench`, not asserted here.
    testTimeout: 0,
    hookTimeout: 0,
  },
});
