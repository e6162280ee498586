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

let loaded: Binding | undefined;

/**
 * build/Release/ptools.node, where node-gyp-build looks first, required directly: loading
 * node-gyp-build and its search costs every command a few milliseconds of start-up. Without that
 * file (a prebuild, a debug build) node-gyp-build searches as usual.
 */
function loadFrom(root: string, require: NodeJS.Require): Binding {
  const release = join(root, 'build', 'Release', 'ptools.node');
  if (existsSync(release)) return require(release) as Binding;
  return (require('node-gyp-build') as (dir: string) => Binding)(root);
}

/**
 * A require() for the addon. The CommonJS bundles of the commands have their own (the dispatcher's,
 * src/cli/load-bundle.ts), which spares them loading node:module, and shares its cache: the
 * dispatcher and the command load the addon once. The ES module library makes one.
 */
function requireFrom(root: string): NodeJS.Require {
  if (typeof require === 'function') return require;
  return process.getBuiltinModule('node:module').createRequire(join(root, 'package.json'));
}

export function binding(): Binding {
  if (loaded) return loaded;
  try {
    const root = packageRoot();
    loaded = loadFrom(root, requireFrom(root));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AddonUnavailable(
      `ptools: the native addon does not load (${reason}); rebuild it with \`npm rebuild ptools\` (needs python3, make and g++)`,
    );
  }
  return loaded;
}
