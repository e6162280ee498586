// Loads a bundle (dist/main.cjs, dist/tools/NAME.cjs) as require() would, but compiled with the V8
// code cache that scripts/bundle.mjs writes beside it (NAME.cjs.cache): V8 then skips parsing and
// compiling the functions the cache holds. The build makes the cache after running the command
// once (scripts/code-cache.cjs), so it holds the functions a run calls, not only the bundle's top
// level. A cache that is missing, or that V8 rejects (another Node or V8 version, other flags), is
// ignored.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

type Wrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/**
 * The source V8 compiles for a bundle: Node's CommonJS wrapper (Module.wrap), written out so that
 * loading a bundle does not load node:module. The cache is made from the same text.
 */
export function wrapBundle(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
}

/**
 * Runs the bundle FILE and returns its exports. `load` is the require() it is given: the bundles
 * require only Node's own modules and the addon by its absolute path, so the loading bundle's own
 * require serves (and keeps one require cache, one addon instance).
 */
export function loadBundle(file: string, load: NodeJS.Require): unknown {
  // The bundles are ASCII (esbuild escapes the rest; scripts/bundle.mjs checks): read whole and
  // taken as latin1, without the UTF-8 decoder's 8 KiB reads.
  const script = new Script(wrapBundle(readFileSync(file).toString('latin1')), { filename: file, cachedData: readCache(file) });
  const module = { exports: {} };
  (script.runInThisContext() as Wrapper).call(module.exports, module.exports, load, module, file, dirname(file));
  return module.exports;
}
