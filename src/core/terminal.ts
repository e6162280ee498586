// Whether stdout (or stderr) is a terminal, and its size, as isatty and TIOCGWINSZ tell the C
// tools. Node knows only through process.stdout and process.stderr, whose creation loads its stream modules (and for a terminal
// its tty and net modules): a good part of a short command's start-up. Most outputs (a pipe, a
// file, /dev/null) cannot be a terminal, which one fstat tells; only a character device of
// another driver is asked through the stream.
import { fstatSync } from 'node:fs';

/** The mem driver (/dev/null, /dev/zero, /dev/full...): its devices answer no terminal ioctl. */
const MEM_MAJOR = 1;

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** False when fd is surely no terminal (closed, not a character device, or a mem device). */
function mayBeTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    // Linux's dev_t keeps majors below 4096 in bits 8-19.
    return stat.isCharacterDevice() && ((stat.rdev >> 8) & 0xfff) !== MEM_MAJOR;
  } catch {
    // Not open: nothing to ask (Node puts /dev/null on a closed 0-2 before any JavaScript runs anyway).
    return false;
  }
}

/** isatty(fd); node:tty, which loads Node's net and stream modules, only for a character device. */
export function isTerminal(fd: number): boolean {
  return mayBeTerminal(fd) && process.getBuiltinModule('node:tty').isatty(fd);
}

/** The window size of stdout (1) or stderr (2) when it is a terminal, else null. */
export function terminalOn(fd: 1 | 2): TerminalSize | null {
  if (!mayBeTerminal(fd)) return null;
  const stream = fd === 1 ? process.stdout : process.stderr;
  return stream.isTTY ? { columns: stream.columns, rows: stream.rows } : null;
}
