// What the bin shims require (dist/ptools.cjs). `pt-NAME` loads the bundle of the command NAME,
// which carries its own runner (src/cli/direct.ts); `ptools` and the classic-name symlinks load
// the dispatcher (src/cli/main.ts, dist/main.cjs), which finds the command by name. Each bundle
// is loaded with its V8 code cache (src/cli/load-bundle.ts): a file that require() compiles would
// be parsed and compiled on every run.
import { join } from 'node:path';
import { loadBundle } from './load-bundle.js';

/**
 * Runs a command (main) and ends the process when it is done, as a bin shim wants. Its output is
 * written by then (the writes are synchronous, src/format/writer.ts) and nothing is left to do,
 * while Node's own ending would first run what V8 has queued (a scavenge that the run's garbage
 * scheduled as a task) and free the heap: 0.6-0.7 ms of procinfo's and `ps aux`'s run (60
 * interleaved rounds). The build's code-cache runs call main(), which returns.
 */
export async function run(toolName?: string): Promise<void> {
  await main(toolName);
  process.exit();
}

export async function main(toolName?: string): Promise<void> {
  if (toolName !== undefined) {
    const bundle = loadBundle(join(__dirname, 'tools', `${toolName}.cjs`), require) as { runNamed: (name: string) => Promise<void> };
    return bundle.runNamed(toolName);
  }
  const dispatcher = await import('./main.js');
  return dispatcher.main();
}
