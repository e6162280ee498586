// Loads the compiled addon (build/Release/ptools.node) once, on first use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Binding } from '../../native/index.js';
import { packageRoot } from './package.js';

/** The addon is missing or does not load: the user has to rebuild it. */
export class AddonUnavailable extends Error {
  /** `'AddonUnavailable'`. */
  override name = 'AddonUnavailable';
}

/**
 * Where the loaded addon is kept: one instance per process, whichever copy of this module loads it
 * first (the dispatcher's bundle, a command's bundle, the ES module library).
 */
const LOADED = Symbol.for('ptools.addon');
type AddonHolder = { [LOADED]?: Binding };

/**
 * build/Release/ptools.node, where node-gyp-build looks first, opened with process.dlopen, as
 * require() opens it in the end: require's resolution (a realpath of each directory, package.json
 * files read for the package's own name) is half of the addon's loading time, 0.3 ms of every
 * command's start. Without that file (a prebuild, a debug build) node-gyp-build searches as usual.
 */
function loadFrom(root: string): Binding {
  const release = join(root, 'build', 'Release', 'ptools.node');
  if (existsSync(release)) {
    const module = { exports: {} };
    process.dlopen(module, release);
    return module.exports as Binding;
  }
  return (requireFrom(root)('node-gyp-build') as (dir: string) => Binding)(root);
}

/** A require() for node-gyp-build: the bundle's own, or one the ES module library makes. */
function requireFrom(root: string): NodeJS.Require {
  if (typeof require === 'function') return require;
  return process.getBuiltinModule('node:module').createRequire(join(root, 'package.json'));
}

export function binding(): Binding {
  const holder = globalThis as AddonHolder;
  const loaded = holder[LOADED];
  if (loaded) return loaded;
  try {
    holder[LOADED] = loadFrom(packageRoot());
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AddonUnavailable(
      `ptools: the native addon does not load (${reason}); rebuild it with \`npm rebuild ptools\` (needs python3, make and g++)`,
    );
  }
  return holder[LOADED];
}
