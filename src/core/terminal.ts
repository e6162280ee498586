// Whether stdout (or stderr) is a terminal, and its size, as isatty and TIOCGWINSZ tell the C
// tools, asked of the kernel through the addon: Node knows only through process.stdout and
// process.stderr, whose creation loads its stream modules (and for a terminal its tty and net
// modules), a good part of a short command's start-up.
import { binding } from './native.js';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** isatty(fd). */
export function isTerminal(fd: number): boolean {
  return binding().terminalSize(fd) !== null;
}

/** The window size of stdout (1) or stderr (2) when it is a terminal, else null. */
export function terminalOn(fd: 1 | 2): TerminalSize | null {
  const size = binding().terminalSize(fd);
  return size === null ? null : { columns: size[0], rows: size[1] };
}
