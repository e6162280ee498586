// What the bin shims require (dist/ptools.cjs). `pt-NAME` loads the bundle of the command NAME,
// which carries its own runner (src/cli/direct.ts); `ptools` and the classic-name symlinks load
// the dispatcher (src/cli/main.ts, dist/main.cjs), which finds the command by name. Each bundle
// is loaded with its V8 code cache (src/cli/load-bundle.ts): a file that require() compiles would
// be parsed and compiled on every run.
import { join } from 'node:path';
import { loadBundle } from './load-bundle.js';

export async function main(toolName?: string): Promise<void> {
  if (toolName !== undefined) {
    const bundle = loadBundle(join(__dirname, 'tools', `${toolName}.cjs`), require) as { runNamed: (name: string) => Promise<void> };
    return bundle.runNamed(toolName);
  }
  const dispatcher = await import('./main.js');
  return dispatcher.main();
}
