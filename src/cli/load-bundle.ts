// Loads a command's bundle (dist/tools/NAME.cjs) as require() would, but compiled with the V8 code
// cache that scripts/bundle.mjs writes beside it (NAME.cjs.cache): V8 then skips parsing and
// compiling the functions the cache holds, which is most of what loading a bundle costs. A cache
// that is missing, or that V8 rejects (another Node or V8 version, other flags), is ignored.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

type Wrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
}

export function loadBundle(file: string): unknown {
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readCache(file) });
  const module = { exports: {} };
  (script.runInThisContext() as Wrapper).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}
