// Bundles the commands: loading one file instead of a graph of ES modules saves tens of
// milliseconds of start-up per run. Each command gets its own bundle (dist/tools/NAME.cjs), and
// the dispatcher (dist/ptools.cjs) loads only the one it runs, so no command pays to compile
// another's code. The addon stays an external .node file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';
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

// In the dispatcher, `import('../tools/NAME/index.js')` and `import('./ptools.js')` load the
// separate bundles. They go through a tiny CommonJS stand-in so that the bundle loads them with
// require(): an import() of an external file would start Node's ES module loader, which costs
// tens of milliseconds.
const separateBundles = {
  name: 'separate-bundles',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/tools\/[^/]+\/index\.js$/ }, (args) => ({
      path: `./tools/${args.path.split('/')[2]}.cjs`,
      namespace: 'separate-bundle',
    }));
    pluginBuild.onResolve({ filter: /^\.\/ptools\.js$/ }, () => ({ path: './ptools-command.cjs', namespace: 'separate-bundle' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'separate-bundle' }, (args) => ({
      contents: `const { loadBundle } = require(${JSON.stringify(LOADER)});
module.exports = loadBundle(require('node:path').join(__dirname, ${JSON.stringify(args.path)}));`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

const LOADER = resolve('src/cli/load-bundle.ts');

/**
 * V8's code cache of a bundle, written beside it as FILE.cache for src/cli/load-bundle.ts: the
 * bundle is compiled as Node wraps a CommonJS module and its top level is run, so that the cache
 * also holds the functions that run when the bundle loads.
 */
function writeCodeCache(file) {
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: resolve(file) });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(resolve(file)), module, resolve(file), dirname(resolve(file)));
  writeFileSync(`${file}.cache`, script.createCachedData());
}

// The library's declarations (dist/lib) refer to the binding's types as ../../native/index.js.
mkdirSync('dist/native', { recursive: true });
copyFileSync('native/index.d.ts', 'dist/native/index.d.ts');

const tools = readdirSync('src/tools').filter((tool) => existsSync(`src/tools/${tool}/index.ts`));
await Promise.all([
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/ptools.cjs', plugins: [separateBundles] }),
  build({ ...common, entryPoints: ['src/cli/ptools.ts'], outfile: 'dist/ptools-command.cjs', plugins: [separateBundles] }),
  ...tools.map((tool) => build({ ...common, entryPoints: [`src/tools/${tool}/index.ts`], outfile: `dist/tools/${tool}.cjs` })),
]);
for (const file of ['dist/ptools-command.cjs', ...tools.map((tool) => `dist/tools/${tool}.cjs`)]) writeCodeCache(file);

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
