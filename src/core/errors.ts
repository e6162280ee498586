// The error model of the core (psutil's): a process that is gone, a zombie that can no longer
// answer, and access refused by the kernel. Commands add their own failures on top.
import { getSystemErrorMap } from 'node:util';

/** Every error of the library is one of these. */
export class PtoolsError extends Error {
  /** The class name, `'PtoolsError'` (each subclass sets its own). */
  override name = 'PtoolsError';
}

/** The process no longer exists (or its pid was reused by another process). */
export class NoSuchProcess extends PtoolsError {
  /** `'NoSuchProcess'`. */
  override name = 'NoSuchProcess';
  constructor(
    /** The pid that names no process. */
    readonly pid: number,
    message = `process no longer exists (pid=${pid})`,
  ) {
    super(message);
  }
}

/** The process exists but is a zombie, so most of /proc/PID answers nothing. */
export class ZombieProcess extends NoSuchProcess {
  /** `'ZombieProcess'`. */
  override name = 'ZombieProcess';
  constructor(pid: number) {
    super(pid, `process is a zombie (pid=${pid})`);
  }
}

/** A pid that is not a pid at all (not an integer, a string, NaN): a caller's mistake. */
export class InvalidPid extends TypeError {
  /** `'InvalidPid'`. */
  override name = 'InvalidPid';
  constructor(
    /** The value given as a pid, as it was given. */
    readonly pid: unknown,
  ) {
    super(`a pid is a non-negative integer, not ${typeof pid === 'string' ? JSON.stringify(pid) : String(pid)}`);
  }
}

/**
 * An argument outside what the call accepts (psutil's ValueError): a resource that is no
 * RLIMIT_*, a signal that is none, a memtype, an attribute name. Raised before any system call,
 * so that the kernel never sees a value JavaScript or the addon would have wrapped or truncated.
 */
export class InvalidArgument extends RangeError {
  /** `'InvalidArgument'`. */
  override name = 'InvalidArgument';
  constructor(
    /** The parameter, as the method names it. */
    readonly argument: string,
    /** The value refused, as it was given. */
    readonly value: unknown,
    /** What it may be, said to the caller. */
    expected: string,
  ) {
    super(`invalid ${argument} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: ${expected}`);
  }
}

/** PID_MAX_LIMIT (include/linux/threads.h): no pid of any kernel is larger (4,194,304 on 64-bit). */
export const PID_MAX_LIMIT = 4194304;

/**
 * A pid checked at the library's edge before any path or system call is made from it: an
 * integer (else InvalidPid), and within the kernel's range (else NoSuchProcess, as for any pid
 * that names no process).
 */
export function checkedPid(pid: unknown): number {
  if (typeof pid !== 'number' || !Number.isInteger(pid)) throw new InvalidPid(pid);
  if (pid < 0 || pid > PID_MAX_LIMIT) throw new NoSuchProcess(pid);
  return pid;
}

/** The kernel refused the read (EACCES/EPERM): another user's process, ptrace rules, hidepid. */
export class AccessDenied extends PtoolsError {
  /** `'AccessDenied'`. */
  override name = 'AccessDenied';
  constructor(
    /** The process asked about; null when the refusal concerns no process. */
    readonly pid: number | null,
    /** The path or system call refused, e.g. `/proc/1/environ` or `ioprio_get`. */
    readonly path: string,
  ) {
    super(pid === null ? `access denied (${path})` : `access denied (pid=${pid}, ${path})`);
  }
}

/** wait(timeout) ran out of time while the process still runs (psutil's TimeoutExpired). */
export class TimeoutExpired extends PtoolsError {
  /** `'TimeoutExpired'`. */
  override name = 'TimeoutExpired';
  constructor(
    /** The process waited for. */
    readonly pid: number,
    /** Seconds waited. */
    readonly seconds: number,
  ) {
    super(`timeout after ${seconds} seconds (pid=${pid})`);
  }
}

/**
 * A question this context cannot answer: signals and syscalls (ionice, cpuAffinity, rlimit)
 * act on this machine's pids, so a Process over another procfs tree cannot ask them.
 */
export class Unsupported extends PtoolsError {
  /** `'Unsupported'`. */
  override name = 'Unsupported';
}

// Commands are bundled separately from the dispatcher, so each bundle has its own copy of these
// classes: the dispatcher recognises a command's failure by this registered symbol, not by
// instanceof.
const COMMAND_FAILED = Symbol.for('ptools.CommandFailed');

/**
 * A command ends with a message of the classic tool and its exit code. `text` is written to stderr
 * exactly as given (usually ending in a newline), so it can hold a whole usage block.
 */
export class CommandFailed extends PtoolsError {
  override name = 'CommandFailed';
  readonly [COMMAND_FAILED] = true;
  constructor(
    readonly text: string,
    readonly exitCode: number,
    options?: { cause: unknown },
  ) {
    super(text.trimEnd(), options);
  }
}

/** True for a CommandFailed from any bundle. */
export function isCommandFailed(error: unknown): error is CommandFailed {
  return typeof error === 'object' && error !== null && COMMAND_FAILED in error;
}

/** A mistake in the command line: the classic tool's message and usage, and its exit code. */
export class UsageError extends CommandFailed {
  override name = 'UsageError';
}

/**
 * The error Node throws for a failed system call, made from the errno (positive, as the kernel
 * gives it) that one of the addon's calls answered: the same code, errno (libuv's, negative),
 * syscall, path when there is one, and message (`ENOENT: no such file or directory, open
 * '/proc/1/stat'`).
 */
export function errnoError(errno: number, syscall: string, path?: string): NodeJS.ErrnoException {
  const [code, description] = getSystemErrorMap().get(-errno) ?? ['UNKNOWN', 'unknown error'];
  const message = `${code}: ${description}, ${syscall}${path === undefined ? '' : ` '${path}'`}`;
  return Object.assign(new Error(message), { errno: -errno, code, syscall }, path === undefined ? {} : { path });
}

/** The errno code of a Node system error, if it is one. */
export function errnoCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

// glibc's strerror(3) texts of the errnos that libuv words differently (its EIO is "i/o error",
// its ELOOP "too many symbolic links encountered"); the others are libuv's with a capital.
const GLIBC_TEXT: Readonly<Record<string, string>> = {
  EIO: 'Input/output error',
  ENOMEM: 'Cannot allocate memory',
  EFAULT: 'Bad address',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  EISDIR: 'Is a directory',
  ENFILE: 'Too many open files in system',
  ETXTBSY: 'Text file busy',
  ESPIPE: 'Illegal seek',
  ERANGE: 'Numerical result out of range',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EILSEQ: 'Invalid or incomplete multibyte or wide character',
  ENOTSUP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EISCONN: 'Transport endpoint is already connected',
  ENOTCONN: 'Transport endpoint is not connected',
  EHOSTUNREACH: 'No route to host',
  EALREADY: 'Operation already in progress',
};

/** strerror(3) of a Node system error, as the C tools and Python print it; EIO's for anything else. */
export function strerror(error: unknown): string {
  const glibc = GLIBC_TEXT[errnoCode(error) ?? ''];
  if (glibc !== undefined) return glibc;
  const errno = error instanceof Error && 'errno' in error && typeof error.errno === 'number' ? error.errno : undefined;
  const text = errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1];
  return text === undefined ? 'Input/output error' : text.charAt(0).toUpperCase() + text.slice(1);
}
