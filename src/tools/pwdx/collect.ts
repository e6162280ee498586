// The working directory of one pid argument: the target of /proc/PID/cwd, or the reason it
// cannot be read as pwdx words it (strerror, with ENOENT reported as ESRCH).
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode } from '../../core/errors.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { byteString, bytesOf } from '../../format/bytes.js';

// strerror(3) of the errors readlink meets on /proc/PID/cwd.
const STRERROR: Readonly<Record<string, string>> = {
  ESRCH: 'No such process',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  EINVAL: 'Invalid argument',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
};

export type Cwd = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** `argument` is NNN or /proc/NNN as given (a byte string); "/proc/NNN" is read as given. */
export function workingDirectory(ctx: ProcfsContext, argument: string): Cwd {
  const link = argument.startsWith('/') ? `${argument}/cwd` : join(ctx.proc, argument, 'cwd');
  try {
    return { ok: true, path: byteString(readlinkSync(bytesOf(link), { encoding: 'buffer' })) };
  } catch (error) {
    const code = errnoCode(error) ?? 'EIO';
    return { ok: false, reason: STRERROR[code === 'ENOENT' ? 'ESRCH' : code] ?? code };
  }
}
