// The multicall entry, busybox style: `ptools free -h` or a symlink named `free` (made by
// `ptools --install DIR`) run the same command as `pt-free -h` (which loads the command's bundle
// without this dispatcher: src/cli/direct.ts). Dispatch is on the name the program was started
// under; only plain `ptools` loads the code of the ptools command itself.
import { basename } from 'node:path';
import { Output, writeStderr } from '../format/writer.js';
import { rawArguments } from './argv.js';
import { runTool, settle } from './run.js';
import { findTool } from './tool.js';

/** `pt-free.js` -> `free`, `/usr/local/bin/free` -> `free`, `ptools` -> `ptools`. */
export function invokedName(argv1: string | undefined): string {
  return basename(argv1 ?? 'ptools')
    .replace(/\.(c|m)?js$/, '')
    .replace(/^pt-/, '');
}

export async function main(): Promise<void> {
  const name = invokedName(process.argv[1]);
  const args = rawArguments(process.argv.slice(2));
  const direct = findTool(name);
  if (direct) return runTool(direct, args);
  const [first, ...rest] = args;
  const named = first === undefined ? undefined : findTool(first);
  if (named) return runTool(named, rest);
  const output = new Output();
  try {
    const { runPtools } = await import('./ptools.js');
    await runPtools(args, output);
  } catch (error) {
    writeStderr(`ptools: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
  await output.finish();
  // ptools itself ends as the procps commands do: a message for a failed write, SIGPIPE for a
  // reader that went away.
  settle(output, { name: 'ptools', writeError: 'procps' });
}
