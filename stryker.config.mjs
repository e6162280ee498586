// Mutation testing (`npm run mutate`, not part of `npm test`): how much of the formatters' and
// the pure parsers' behaviour the unit tests pin down. Only test/unit runs; the conformance and
// CLI tests need root and namespaces and take minutes per pass.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only test/unit runs (the selection is in that file).
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: [
    'src/format/**/*.ts',
    'src/core/process/parsers.ts',
    'src/core/process/smaps.ts',
    'src/tools/smem/smaps.ts',
    'src/util/**/*.ts',
    'src/core/net/address.ts',
    'src/core/net/parsers.ts',
    'src/core/net/tables.ts',
    'src/core/memory.ts',
    'src/core/cpu.ts',
    'src/core/disk.ts',
    'src/core/system.ts',
    'src/core/tty.ts',
  ],
  // The readers in those core files: see the plugin.
  appendPlugins: ['./scripts/stryker-io-ignorer.mjs'],
  ignorers: ['io'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  clearTextReporter: { reportMutants: false, reportTests: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The sandbox needs the native addon (build/) and dist/ (a unit test imports the built library).
  // Symlinks to directories (sysstat's corpus, the fixtures' proc/self) break the sandbox copy;
  // no unit test reads them.
  ignorePatterns: ['bench', 'test/fixtures/iostat-sysstat', 'test/fixtures/*/proc/self'],
};
