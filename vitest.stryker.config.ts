// The unit-test configuration as `npm run mutate` runs it (see stryker.config.mjs).
import { mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(base, {
  test: { globalSetup: ['./test/stryker-sandbox.ts'] },
});
