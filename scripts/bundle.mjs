// Bundles the commands: loading one file instead of a graph of ES modules saves tens of
// milliseconds of start-up per run. Each command gets its own bundle (dist/tools/NAME.cjs), and
// the dispatcher (dist/main.cjs, required through the small dist/ptools.cjs) loads only the one it
// runs, so no command pays to compile another's code. The addon stays an external .node file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // package.ts reads import.meta.url, empty in a CommonJS bundle, and falls back to __filename.
  logOverride: { 'empty-import-meta': 'silent' },
  legalComments: 'none',
};

// In the dispatcher, `import('../tools/NAME/index.js')`, `import('./main.js')` and
// `import('./ptools.js')` load the separate bundles. They go through a tiny CommonJS stand-in so that the bundle loads them with
// require(): an import() of an external file would start Node's ES module loader, which costs
// tens of milliseconds. A command's bundle (dist/tools/NAME.cjs, `inBundle` NAME) holds the table
// of commands too (src/cli/direct.ts): its entry for NAME is the bundle's own code, and the others
// are its neighbours in dist/tools.
const separateBundles = (inBundle) => ({
  name: 'separate-bundles',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/tools\/[^/]+\/index\.js$/ }, (args) => {
      const tool = args.path.split('/')[2];
      if (tool === inBundle) return undefined;
      return { path: inBundle === undefined ? `./tools/${tool}.cjs` : `./${tool}.cjs`, namespace: 'separate-bundle' };
    });
    pluginBuild.onResolve({ filter: /^\.\/ptools\.js$/ }, () => ({ path: './ptools-command.cjs', namespace: 'separate-bundle' }));
    pluginBuild.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: './main.cjs', namespace: 'separate-bundle' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'separate-bundle' }, (args) => ({
      contents: `const { loadBundle } = require(${JSON.stringify(LOADER)});
module.exports = loadBundle(require('node:path').join(__dirname, ${JSON.stringify(args.path)}), require);`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
});

const LOADER = resolve('src/cli/load-bundle.ts');

// The library's declarations (dist/lib) refer to the binding's types as ../../native/index.js.
mkdirSync('dist/native', { recursive: true });
copyFileSync('native/index.d.ts', 'dist/native/index.d.ts');

// The library's entry, dist/lib/index.js, replaced by one ES module holding all of it: Node's
// ES module loader resolves, reads and links each file of a graph on its own, about 60 ms of CPU
// for the library's 30 modules against a few for one. tsc's files stay beside it for their
// declarations, which index.d.ts still refers to. The addon is required through a require()
// made for the bundle's own URL (the code tests `typeof require`, which esbuild's ES module
// output would otherwise answer with a stub that throws).
const library = build({
  ...common,
  format: 'esm',
  entryPoints: ['src/index.ts'],
  outfile: 'dist/lib/index.js',
  allowOverwrite: true,
  external: ['node-gyp-build'],
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
});

const tools = readdirSync('src/tools').filter((tool) => existsSync(`src/tools/${tool}/index.ts`));
await Promise.all([
  library,
  build({ ...common, entryPoints: ['src/cli/entry.ts'], outfile: 'dist/ptools.cjs', plugins: [separateBundles()] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/main.cjs', plugins: [separateBundles()] }),
  build({ ...common, entryPoints: ['src/cli/ptools.ts'], outfile: 'dist/ptools-command.cjs', plugins: [separateBundles()] }),
  ...tools.map((tool) =>
    build({
      ...common,
      // The command and the runner its bin shim calls (src/cli/direct.ts); the table of commands
      // it finds itself in names the others, which stay in their own bundles.
      stdin: { contents: "export * from './index.js';\nexport { runNamed } from '../../cli/direct.js';\n", resolveDir: `src/tools/${tool}`, sourcefile: `src/tools/${tool}/bundle.ts`, loader: 'ts' },
      outfile: `dist/tools/${tool}.cjs`,
      plugins: [separateBundles(tool)],
    }),
  ),
]);

// src/cli/load-bundle.ts reads a bundle as latin1: esbuild's output is ASCII (its default charset
// escapes anything else), and a bundle that were not would be misread.
for (const file of ['dist/ptools.cjs', 'dist/main.cjs', 'dist/ptools-command.cjs', ...tools.map((tool) => `dist/tools/${tool}.cjs`)]) {
  if (readFileSync(file).some((byte) => byte > 0x7f)) throw new Error(`${file} is not ASCII`);
}

/**
 * How the build runs each command once before writing its code cache (scripts/code-cache.cjs):
 * the arguments of its usual runs, so that the cache holds the functions they call. `{pid}` is the
 * pid of the process that runs them. A command not listed runs without arguments; the exporter,
 * a server, only prints its help.
 */
const WARM_RUNS = {
  // The command list, and a command run through the dispatcher (`ptools free`, as a symlink runs).
  ptools: [[], ['free']],
  free: [[], ['-h']],
  netstat: [['-antp'], ['-i']],
  ifconfig: [['-a']],
  ps: [['aux'], ['-ef']],
  iostat: [[], ['-x'], ['-p', 'ALL']],
  procinfo: [['{pid}']],
  exporter: [['--help']],
  pstree: [['-p']],
  pmap: [['-x', '{pid}']],
  pgrep: [['-l', 'node']],
  pidof: [['node']],
  pwdx: [['{pid}']],
  top: [['-b', '-n', '1']],
};
// Each run in a process of its own, as its bin shim runs it (`pt-NAME`, the command's bundle
// alone); the dispatcher's cache comes from ptools' runs. Stale caches go first: a cache that does
// not match its rebuilt bundle would only be rejected.
for (const file of readdirSync('dist/tools')) if (file.endsWith('.cache')) rmSync(`dist/tools/${file}`);
for (const file of ['dist/main.cjs.cache', 'dist/ptools-command.cjs.cache']) rmSync(file, { force: true });
for (const name of [...tools, 'ptools']) {
  const caches = name === 'ptools' ? ['dist/ptools-command.cjs', 'dist/main.cjs'] : [`dist/tools/${name}.cjs`];
  const job = { name, runs: WARM_RUNS[name] ?? [[]], caches: caches.map((file) => resolve(file)) };
  const child = spawnSync(process.execPath, ['scripts/code-cache.cjs', JSON.stringify(job)], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const missing = caches.filter((file) => !existsSync(`${file}.cache`));
  if (missing.length > 0) throw new Error(`no code cache for ${missing.join(', ')} after running ${name}: ${child.stderr}`);
}

/**
 * Every command's options for the shell completions (src/cli/completion.ts), read from what the
 * built command prints for its help (stdout and stderr: iostat prints part of it to stderr), so
 * that a new command in the table gets completions with nothing to list by hand. Only whole
 * options count: `-x` and `--name`, not the clusters of the usage line (netstat's -vWeenNcCF).
 * Every command also takes ptools' --json, which the classic help does not mention.
 */
const { TOOLS } = await import(resolve('dist/lib/cli/tool.js'));
const completions = {};
for (const tool of TOOLS) {
  const help = spawnSync(process.execPath, ['bin/ptools.js', tool.name, ...(tool.helpArgs ?? ['--help'])], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const text = `${help.stdout}${help.stderr}`;
  if (/native addon/.test(text)) throw new Error(`${tool.name} --help needs the native addon: ${text.trim()}`);
  const options = new Set(['--json']);
  for (const [option] of text.matchAll(/(?<![\w-])--?[A-Za-z0-9][\w-]*/g)) if (/^(-[^-]|--[A-Za-z][\w-]+)$/.test(option)) options.add(option);
  completions[tool.name] = [...options].sort();
}
writeFileSync('dist/completions.json', `${JSON.stringify(completions)}\n`);
