// Whether stdout is a terminal, and its size, as isatty(1) and TIOCGWINSZ tell the C tools. Node
// knows only through process.stdout, whose creation loads its stream modules (and for a terminal
// its tty and net modules): a good part of a short command's start-up. Most outputs (a pipe, a
// file, /dev/null) cannot be a terminal, which one fstat tells; only a character device of
// another driver is asked through process.stdout.
import { fstatSync } from 'node:fs';

/** The mem driver (/dev/null, /dev/zero, /dev/full...): its devices answer no terminal ioctl. */
const MEM_MAJOR = 1;

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** stdout's window size when stdout is a terminal, else null. */
export function stdoutTerminal(): TerminalSize | null {
  try {
    const stat = fstatSync(1);
    // Linux's dev_t keeps majors below 4096 in bits 8-19.
    if (!stat.isCharacterDevice() || ((stat.rdev >> 8) & 0xfff) === MEM_MAJOR) return null;
  } catch {
    // No stdout: nothing to ask (Node puts /dev/null there before any JavaScript runs anyway).
    return null;
  }
  const { stdout } = process;
  return stdout.isTTY ? { columns: stdout.columns, rows: stdout.rows } : null;
}
