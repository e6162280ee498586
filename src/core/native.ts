// Loads the compiled addon (build/Release/ptools.node) once, on first use.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Binding } from '../../native/index.js';
import { packageRoot } from './package.js';

/** The addon is missing or does not load: the user has to rebuild it. */
export class AddonUnavailable extends Error {
  override name = 'AddonUnavailable';
}

let loaded: Binding | undefined;

export function binding(): Binding {
  if (loaded) return loaded;
  try {
    const root = packageRoot();
    const require = createRequire(join(root, 'package.json'));
    const load = require('node-gyp-build') as (dir: string) => Binding;
    loaded = load(root);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AddonUnavailable(
      `ptools: the native addon does not load (${reason}); rebuild it with \`npm rebuild ptools\` (needs python3, make and g++)`,
    );
  }
  return loaded;
}
