// Where the ptools package is installed, for its addon and its version.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package root: the directory holding binding.gyp. This code runs from src/core (tests),
 * dist/lib/core (the library) or dist/ptools.cjs (the bundled commands), so it walks up.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  // import.meta.url first: `node -e` defines a global __filename ("[eval]") that an ES module
  // sees too. In the CommonJS bundles import.meta is empty and __filename is the bundle's.
  const url = import.meta.url as string | undefined;
  let dir = dirname(typeof url === 'string' ? fileURLToPath(url) : __filename);
  while (!existsSync(join(dir, 'binding.gyp'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ptools package root (binding.gyp)');
    dir = parent;
  }
  root = dir;
  return dir;
}

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
