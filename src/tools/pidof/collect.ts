// The process table as sysvinit's pidof reads it (killall5.c readproc) and its matching rules
// (pidof()): the name from stat, argv[0] and the first later argument that is not an option
// from cmdline, the exe link; zombies left out unless -z; the list in reverse listing order.
import { readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { binding } from '../../core/native.js';
import { rowBytes, scanError, ScanField, scanProcesses } from '../../core/process/scan.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { byteString, bytesOf } from '../../format/bytes.js';

export interface PidofEntry {
  readonly pid: number;
  /** The name between the parentheses of stat. */
  readonly statname: string;
  readonly argv0: string | null;
  readonly argv1: string | null;
  /** The target of /proc/PID/exe, or null when it cannot be read. */
  readonly pathname: string | null;
}

// readarg's buffer: PATH_MAX + 1 bytes, so an argument is read 4096 bytes at a time.
const ARG_MAX_READ = 4096;
// Names in stat are at most 15 bytes (TASK_COMM_LEN - 1).
const STATNAMELEN = 15;

/** The arguments as readarg returns them one after the other. */
function readArgs(cmdline: Buffer): string[] {
  const args: string[] = [];
  let start = 0;
  while (start < cmdline.length) {
    let end = cmdline.indexOf(0, start);
    const terminated = end >= 0;
    if (!terminated) end = cmdline.length;
    for (let at = start; at < end; at += ARG_MAX_READ) args.push(byteString(cmdline.subarray(at, Math.min(end, at + ARG_MAX_READ))));
    if (end === start) args.push('');
    start = end + 1;
  }
  return args;
}

/** The target of /proc/PID/exe, or null (a kernel thread, a zombie, or not ours to read). */
function exeOf(ctx: ProcfsContext, pid: number): string | null {
  try {
    return byteString(readlinkSync(join(ctx.proc, String(pid), 'exe'), { encoding: 'buffer' }));
  } catch {
    return null;
  }
}

/**
 * The table, newest listed first. The exe links are read only when `withExe` (a program was
 * given with its path): no other rule looks at them.
 */
export function readTable(ctx: ProcfsContext, zombies: boolean, withExe: boolean): PidofEntry[] {
  const scan = scanProcesses(ctx, ScanField.stat | ScanField.cmdline, binding().listIds(ctx.proc));
  const table: PidofEntry[] = [];
  for (let row = 0; row < scan.count; row++) {
    if (!zombies && scan.state[row] === 0x5a) continue;
    if (scanError(scan, row, 'cmdline') !== 0 || !scan.cmdline) continue;
    const pid = scan.pids[row] as number;
    const args = readArgs(rowBytes(scan.cmdline, row));
    const argv0 = args[0] ? args[0] : null;
    // The first argument after argv[0] that does not start with '-'; an empty one ends the search.
    const next = args.slice(1).find((arg) => arg[0] !== '-');
    const argv1 = next ? next : null;
    const pathname = withExe ? exeOf(ctx, pid) : null;
    table.push({ pid, statname: byteString(rowBytes(scan.comm, row)), argv0, argv1, pathname });
  }
  return table.reverse();
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

/**
 * The program's path with every link resolved (realpath(3)), or null when it does not resolve.
 * pidof compares it with the exe links first.
 */
export function resolvedProgram(prog: string): string | null {
  if (!prog.startsWith('/')) return null;
  try {
    return byteString(realpathSync(bytesOf(prog), { encoding: 'buffer' }));
  } catch {
    return null;
  }
}

/**
 * The entries that match one program name, in table order (pidof()). `resolved` is
 * resolvedProgram(prog): the processes whose exe link is that path, when there are any, are the
 * answer, and the names are not looked at. So /bin/sleep finds the processes running
 * /usr/bin/sleep, and a user who may read only their own processes' exe links is not given
 * others' processes of the same name.
 */
export function matchProgram(table: readonly PidofEntry[], prog: string, resolved: string | null, scripts: boolean, root: boolean): PidofEntry[] {
  const s = basename(prog);
  if (s === '') return [];
  if (resolved !== null) {
    const byExe = table.filter((p) => p.pathname === resolved);
    if (byExe.length > 0) return byExe;
  }
  const found: PidofEntry[] = [];
  for (const p of table) {
    if (prog.startsWith('/')) {
      let fallback = false;
      if (p.pathname === null) {
        if (root) continue;
        fallback = true;
      } else if (prog !== p.pathname && (!p.pathname.startsWith(prog) || p.pathname.slice(prog.length) !== ' (deleted)')) {
        if (!scripts) continue;
        fallback = true;
      }
      if (!fallback) {
        found.push(p);
        continue;
      }
    }
    const argv0base = p.argv0 === null ? null : basename(p.argv0);
    let ok = p.argv0 === prog || (s !== prog && p.argv0 === s) || argv0base === prog;
    if (scripts && p.argv1 !== null) {
      const argv1base = basename(p.argv1);
      if (p.statname.slice(0, STATNAMELEN) === argv1base.slice(0, STATNAMELEN)) {
        ok ||= p.argv1 === prog || (s !== prog && p.argv1 === s) || argv1base === prog;
      }
    }
    // setproctitle(): a space in argv[0], or no argv[0], and the name is compared instead.
    if (s.length <= STATNAMELEN && (p.argv0 === null || p.argv0.includes(' '))) ok ||= p.statname === s;
    // A login shell ("-bash").
    if (s.length <= STATNAMELEN && p.argv1 === null && p.argv0 !== null && p.argv0.startsWith('-')) ok ||= p.statname === s;
    if (ok) found.push(p);
  }
  return found;
}
