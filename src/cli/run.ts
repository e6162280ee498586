// The one wrapper every command runs in: it turns failures into the classic tool's message and
// exit code, keeps stack traces for PTOOLS_DEBUG=1, and ends a broken pipe as a C tool would.
import { accessSync, constants, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { CommandFailed, isCommandFailed, strerror } from '../core/errors.js';
import { binding } from '../core/native.js';
import { packageVersion } from '../core/package.js';
import { defaultContext } from '../core/procfs.js';
import { encodeText } from '../format/python.js';
import { Output, writeStderr } from '../format/writer.js';
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

/** The buffer stdio and Python give stdout: its st_blksize (4096 for a pipe or /dev/full), else 8192. */
function stdoutBufferSize(): number {
  try {
    const { blksize } = fstatSync(1);
    return blksize > 1 ? blksize : 8192;
  } catch {
    return 8192;
  }
}

/** How a run ends when its stdout failed or its reader went away. */
export type OutputPolicy = Pick<ToolEntry, 'name' | 'writeError' | 'brokenPipe'>;

/** The last line of Python's traceback for a failed write: `OSError: [Errno 28] No space left on device`. */
function pythonError(error: NodeJS.ErrnoException): string {
  const name = error.code === 'EPIPE' ? 'BrokenPipeError' : 'OSError';
  return `${name}: [Errno ${Math.abs(error.errno ?? 0)}] ${strerror(error)}\n`;
}

/** What the classic tool writes to stderr when its stdout failed, and its exit status. */
function writeErrorEnding(entry: OutputPolicy, error: NodeJS.ErrnoException, written: number): [message: string, status: number] {
  switch (entry.writeError) {
    case 'procps': {
      // procps' close_stdout (gnulib's close_stream) names the error only when fclose itself
      // failed, that is when the buffer still held bytes: an output that filled its last buffer
      // exactly failed earlier and says just "write error".
      const pending = written % stdoutBufferSize() !== 0;
      return [pending ? `${entry.name}: write error: ${strerror(error)}\n` : `${entry.name}: write error\n`, 1];
    }
    case 'procps-bare':
      // free flushes after each report, so its fclose never has bytes left to fail on.
      return [`${entry.name}: write error\n`, 1];
    case 'sysstat':
      return [`stdout: ${strerror(error)}\n`, 6];
    case 'quiet':
      return ['', 0];
    case 'python':
      return [pythonError(error), 1];
    case 'python-exit': {
      // Only what Python still buffered at exit fails there; a failure while printing was taken quietly.
      const atExit = error.code !== 'EBADF' && written <= stdoutBufferSize();
      return atExit ? [`Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n${pythonError(error)}`, 120] : ['', 0];
    }
  }
}

/** Reports a failed stdout as the classic tool does, with its exit status. */
function reportWriteError(entry: OutputPolicy, error: NodeJS.ErrnoException, written: number): void {
  const [message, status] = writeErrorEnding(entry, error, written);
  writeStderr(message);
  process.exitCode = status;
}

function requireProcSelf(proc: string): void {
  try {
    accessSync(join(proc, 'self/stat'), constants.R_OK);
  } catch (error) {
    throw new CommandFailed('Error, do this: mount -t proc proc /proc\n', 47, { cause: error });
  }
}

export async function runTool(entry: ToolEntry, argv: readonly string[]): Promise<void> {
  const output = new Output(undefined, entry.gather === 'stdio' ? stdoutBufferSize() : undefined);
  try {
    binding(); // a missing addon is reported here, once, for every command
    const procfs = defaultContext();
    if (entry.needsProcSelf) requireProcSelf(procfs.proc);
    const main = await entry.load();
    // The version is read (package.json) only by the commands' --version.
    const tool = { output, procfs, env: process.env, get version() { return packageVersion(); } };
    await main(argv, tool);
    await output.finish();
  } catch (error) {
    if (process.env.PTOOLS_DEBUG === '1') writeStderr(`${inspect(error)}\n`);
    await output.finish();
    if (isCommandFailed(error)) {
      // Written with the bytes of any argument it quotes that was not valid UTF-8 (src/cli/argv.ts).
      writeStderr(encodeText(error.text));
      process.exitCode = error.exitCode;
    } else if (!output.closed) {
      const message = describe(error);
      writeStderr(message.startsWith('ptools:') ? `${message}\n` : `ptools ${entry.name}: ${message}\n`);
      process.exitCode = 1;
    }
  }
  settle(output, entry);
}

/** Ends a run whose output failed, or whose reader went away, as the policy says. */
export function settle(output: Output, entry: OutputPolicy): void {
  const brokenPipe = output.brokenPipe;
  if (output.failure) reportWriteError(entry, output.failure, output.written);
  // Python ignores SIGPIPE: smem meets EPIPE as any other write error.
  else if (brokenPipe && entry.writeError === 'python-exit') reportWriteError(entry, brokenPipe, output.written);
  else if (brokenPipe) {
    if (entry.brokenPipe === 'exit0') process.exitCode = 0;
    else dieOfSigpipe();
  }
}
