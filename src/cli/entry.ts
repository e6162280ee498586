// What the bin shims require (dist/ptools.cjs). The dispatcher itself (src/cli/main.ts) is a
// bundle of its own, dist/main.cjs, loaded with its V8 code cache (src/cli/load-bundle.ts) as the
// commands' bundles are: a file that require() compiles would be parsed and compiled on every run.
export async function main(toolName?: string): Promise<void> {
  const dispatcher = await import('./main.js');
  return dispatcher.main(toolName);
}
