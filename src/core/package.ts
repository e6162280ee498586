// Where the ptools package is installed, for its addon and its version.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package root: the directory holding binding.gyp. This code runs from src/core (tests),
 * dist/lib/core (the library), dist/ptools.cjs (the bundled commands) or dist/cjs (the library
 * for require()), so it walks up.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  // An ES module knows its own URL; the CommonJS bundles (where esbuild leaves import.meta empty)
  // know __filename. The ES module test comes first: under `node -e` a global __filename exists
  // and names "[eval]", not this file.
  const url: unknown = import.meta.url;
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
