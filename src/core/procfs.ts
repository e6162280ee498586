// Where the kernel's files are read from. Every core function takes a context so that tests and
// containers can point it at another tree (PTOOLS_PROC / PTOOLS_SYS, as gopsutil's HOST_PROC).
import { readFileSync } from 'node:fs';

export interface ProcfsContext {
  /** The procfs root, normally /proc. */
  readonly proc: string;
  /** The sysfs root, normally /sys. */
  readonly sys: string;
}

export function defaultContext(env: NodeJS.ProcessEnv = process.env): ProcfsContext {
  return {
    proc: env.PTOOLS_PROC || '/proc',
    sys: env.PTOOLS_SYS || '/sys',
  };
}

/** Reads a whole kernel file as text. Kernel text files are ASCII except for names, which callers read as bytes. */
export function readText(path: string): string {
  return readFileSync(path, 'latin1');
}

/** Reads a whole kernel file as bytes (comm, cmdline and environ hold arbitrary bytes). */
export function readBytes(path: string): Buffer {
  return readFileSync(path);
}

/** Parses the decimal integer of a one-value file such as /proc/sys/kernel/pid_max. */
export function readInteger(path: string): number {
  const value = Number.parseInt(readText(path).trim(), 10);
  if (!Number.isFinite(value)) throw new Error(`${path}: not an integer`);
  return value;
}
