// The working directory of one pid argument: the target of /proc/PID/cwd, or the reason it
// cannot be read as pwdx words it (strerror, with ENOENT reported as ESRCH).
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, strerror } from '../../core/errors.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { byteString, bytesOf } from '../../format/bytes.js';

export type Cwd = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** `argument` is NNN or /proc/NNN as given (a byte string); "/proc/NNN" is read as given. */
export function workingDirectory(ctx: ProcfsContext, argument: string): Cwd {
  const link = argument.startsWith('/') ? `${argument}/cwd` : join(ctx.proc, argument, 'cwd');
  try {
    return { ok: true, path: byteString(readlinkSync(bytesOf(link), { encoding: 'buffer' })) };
  } catch (error) {
    // pwdx turns a missing /proc/PID into ESRCH before its perror.
    return { ok: false, reason: errnoCode(error) === 'ENOENT' ? 'No such process' : strerror(error) };
  }
}
