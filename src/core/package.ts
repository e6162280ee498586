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
  let dir = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
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
