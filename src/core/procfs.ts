// Where the kernel's files are read from. Every core function takes a context so that tests and
// containers can point it at another tree (PTOOLS_PROC / PTOOLS_SYS, as gopsutil's HOST_PROC).
import { promises } from 'node:fs';
import { errnoCode, errnoError } from './errors.js';
import { binding } from './native.js';
import type { ProcFiles } from '../../native/index.js';

/** Where the kernel's files are read from: a container may point it at the host's. */
export interface ProcfsContext {
  /** The procfs root, normally /proc. */
  readonly proc: string;
  /** The sysfs root, normally /sys. */
  readonly sys: string;
}

/** The option every library function takes: where to read the kernel's files from. */
export interface ContextOption {
  /** The procfs and sysfs roots (defaultContext() when absent). */
  ctx?: ProcfsContext;
}

/** /proc and /sys, or the roots PTOOLS_PROC and PTOOLS_SYS name. */
export function defaultContext(env: NodeJS.ProcessEnv = process.env): ProcfsContext {
  return {
    proc: env.PTOOLS_PROC || '/proc',
    sys: env.PTOOLS_SYS || '/sys',
  };
}

/** Reads a whole kernel file as text. Kernel text files are ASCII except for names, which callers read as bytes. */
export function readText(path: string): string {
  return readBytes(path).toString('latin1');
}

/**
 * Reads a whole kernel file as bytes (comm, cmdline and environ hold arbitrary bytes), in one call
 * of the addon; a failure throws what node:fs would (errnoError).
 */
export function readBytes(path: string): Buffer {
  const data = binding().readFile(path);
  if (typeof data === 'number') throw errnoError(data, 'open', path);
  return data;
}

/**
 * readBytes, or null when the file is missing or refused: a table this kernel or namespace does
 * not have (a protocol not built in, IPv6 disabled), which netstat and psutil treat as empty.
 */
export function readOptionalBytes(path: string): Buffer | null {
  try {
    return readBytes(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'EACCES') return null;
    throw error;
  }
}

/** Parses the decimal integer of a one-value file such as /proc/sys/kernel/pid_max. */
export function readInteger(path: string): number {
  const value = Number.parseInt(readText(path).trim(), 10);
  if (!Number.isFinite(value)) throw new Error(`${path}: not an integer`);
  return value;
}

/**
 * readText without holding the event loop: the read runs on libuv's threads (a server answering
 * scrapes keeps serving while /proc is read). fs/promises reads a size-0 procfs file to its end.
 * It is reached through node:fs's lazy `promises` getter, here and everywhere: importing
 * node:fs/promises loads it (and readline with it) at start-up, about 1 ms for every command.
 */
export async function readTextAsync(path: string): Promise<string> {
  return (await promises.readFile(path)).toString('latin1');
}

/**
 * Many small kernel files read whole in one trip to the addon's worker thread, in order: each
 * one's bytes, or its errno (a number) when it could not be read. Paths are byte strings.
 */
export async function readFilesAsync(paths: readonly string[]): Promise<Array<Buffer | number>> {
  return eachFile(paths.length, await binding().readFilesAsync(paths));
}

/** Each file of a reading of COUNT files: its bytes, or its errno. */
function eachFile(count: number, { data, offsets }: ProcFiles): Array<Buffer | number> {
  return Array.from({ length: count }, (_, i) => {
    const start = offsets[2 * i] as number;
    const length = offsets[2 * i + 1] as number;
    return length < 0 ? -length : data.subarray(start, start + length);
  });
}

/** readlink(2) of every path at once (the addon's readLinks): each link's bytes, or its errno. */
export function readLinks(paths: readonly string[]): Array<Buffer | number> {
  return eachFile(paths.length, binding().readLinks(paths));
}

/** ROOT/ID/NAME for every id, read in one call of the addon: each file's bytes, or its errno. */
export function readEachFile(root: string, ids: Int32Array, name: string): Array<Buffer | number> {
  return eachFile(ids.length, binding().readProcFiles(root, ids, [name]));
}

/**
 * readFilesAsync's reading begun now on a thread of the addon, for a caller with other work
 * meanwhile: the function returned waits for it (at its first call) and gives each file.
 */
export function readFilesAhead(paths: readonly string[]): () => Array<Buffer | number> {
  const reading = binding().readFilesAhead(paths);
  let files: Array<Buffer | number> | undefined;
  return () => (files ??= eachFile(paths.length, binding().readFilesTake(reading)));
}
