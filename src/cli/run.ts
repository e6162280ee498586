// The one wrapper every command runs in: it turns failures into the classic tool's message and
// exit code, keeps stack traces for PTOOLS_DEBUG=1, and ends a broken pipe as a C tool would.
import { inspect } from 'node:util';
import { isCommandFailed } from '../core/errors.js';
import { binding } from '../core/native.js';
import { packageVersion } from '../core/package.js';
import { defaultContext } from '../core/procfs.js';
import { Output } from '../format/writer.js';
import type { ToolEntry } from './tool.js';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The classic tools die of SIGPIPE when the reader goes away; the shell then reports 141. */
function dieOfSigpipe(): void {
  // Node ignores SIGPIPE; adding and removing a listener puts back the default action.
  const ignore = () => {};
  process.on('SIGPIPE', ignore);
  process.off('SIGPIPE', ignore);
  process.exitCode = 141;
  process.kill(process.pid, 'SIGPIPE');
}

export async function runTool(entry: ToolEntry, argv: readonly string[]): Promise<void> {
  const output = new Output();
  try {
    binding(); // a missing addon is reported here, once, for every command
    const main = await entry.load();
    // The version is read (package.json) only by the commands' --version.
    const tool = { output, procfs: defaultContext(), env: process.env, get version() { return packageVersion(); } };
    await main(argv, tool);
    await output.flush();
  } catch (error) {
    if (process.env.PTOOLS_DEBUG === '1') process.stderr.write(`${inspect(error)}\n`);
    await output.flush();
    if (isCommandFailed(error)) {
      process.stderr.write(error.text);
      process.exitCode = error.exitCode;
    } else if (!output.closed) {
      const message = describe(error);
      process.stderr.write(message.startsWith('ptools:') ? `${message}\n` : `ptools ${entry.name}: ${message}\n`);
      process.exitCode = 1;
    }
  }
  if (output.closed) {
    if (entry.brokenPipe === 'exit0') process.exitCode = 0;
    else dieOfSigpipe();
  }
}
