// w's rows (procps-ng 4.0.2 w.c): one per USER_PROCESS record of utmp whose login process is
// still there, with the CPU time of everything on its terminal (JCPU) and the "best" process,
// the newest foreground one of the user on that terminal, as WHAT with its CPU time (PCPU).
import { statSync } from 'node:fs';
import { binding } from '../../core/native.js';
import { CMDLINE_PRINTABLE, COMM_PRINTABLE, idsOf, rowBytes, scanError, ScanField, scanProcesses, STAT, STAT_WIDTH, type ProcessScan } from '../../core/process/scan.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { userByName } from '../../core/users.js';
import { USER_PROCESS, type UtmpRecord } from '../../core/utmp.js';
import { byteString, bytesOf } from '../../format/bytes.js';
import { procpsCommand } from '../../format/escape.js';
import type { WOptions } from './command.js';

export interface WRow {
  readonly record: UtmpRecord;
  /** "/dev/" and ut_line up to its first byte that is not a letter, a digit or '/'. */
  readonly ttyPath: string;
  /** Seconds since the terminal was last read (its atime), 0 when it cannot be stat'ed. */
  readonly idle: number;
  /** Clock ticks of every process on the terminal, and of the WHAT process. */
  readonly jcpu: number;
  readonly pcpu: number;
  /** The WHAT command line as procps' library presents it (a byte string). */
  readonly what: string;
}

/** The processes w looks at, read once: stat, the ids of status, and the command line. */
interface Table {
  readonly scan: ProcessScan;
  readonly utf8: boolean;
}

function readTable(ctx: ProcfsContext, utf8: boolean): Table {
  return { scan: scanProcesses(ctx, ScanField.stat | ScanField.status | ScanField.cmdlineJoined, binding().listIds(ctx.proc)), utf8 };
}

const stat = (scan: ProcessScan, row: number, column: number) => scan.stat[row * STAT_WIDTH + column] as number;

/** fill_cmdline_cvt: the arguments joined and escaped, else "[comm]" (and " <defunct>"). */
function cmdlineOf(table: Table, row: number): string {
  const { scan } = table;
  const joined = scan.cmdline && scanError(scan, row, 'cmdline') === 0 ? rowBytes(scan.cmdline, row) : Buffer.alloc(0);
  const flags = scan.flags[row] as number;
  const ready = { joined: (flags & CMDLINE_PRINTABLE) !== 0, comm: (flags & COMM_PRINTABLE) !== 0 };
  return byteString(procpsCommand(joined, rowBytes(scan.comm, row), scan.state[row] === 0x5a, table.utf8, ready));
}

/** get_tty_device: the device number of the terminal named in utmp, or -1. */
function ttyDevice(name: string): number {
  const candidates = name.startsWith('/') ? [name] : [];
  candidates.push(`/dev/${name}`, `/dev/tty${name}`, `/dev/pts/${name}`);
  for (const path of candidates) {
    try {
      return statSync(path).rdev;
    } catch {
      // the next form
    }
  }
  return -1;
}

function idleSeconds(path: string, now: number): number {
  try {
    return Math.trunc(now / 1000) - Math.trunc(statSync(path).atimeMs / 1000);
  } catch {
    return 0;
  }
}

/** find_best_proc and the rest of showinfo's facts; null for a stale record (no login process) or an unknown user. */
function rowOf(record: UtmpRecord, table: Table, options: WOptions, now: number): WRow | null {
  let uid = -1;
  if (!options.ignoreUser) {
    // NSS takes the name as text: the record's bytes, decoded as UTF-8.
    const entry = userByName(bytesOf(record.user.slice(0, 32)).toString('utf8'));
    if (entry === null) return null;
    uid = entry.uid;
  }
  const ttyName = /^[A-Za-z0-9/]*/.exec(record.line)?.[0] ?? '';
  const line = ttyDevice(ttyName);
  const { scan } = table;
  let found = false;
  let best = 0;
  let secondBest = 0;
  let jcpu = 0;
  let pcpu = 0;
  let what = '-';
  for (let row = 0; row < scan.count; row++) {
    const start = stat(scan, row, STAT.starttime);
    const tics = stat(scan, row, STAT.utime) + stat(scan, row, STAT.stime);
    if (scan.pids[row] === record.pid) {
      found = true;
      if (!best) {
        best = start;
        what = cmdlineOf(table, row);
        pcpu = tics;
      }
    }
    if (stat(scan, row, STAT.ttyNr) !== line) continue;
    jcpu += tics;
    if (!(secondBest && start <= secondBest)) {
      secondBest = start;
      if (what === '-') {
        what = cmdlineOf(table, row);
        pcpu = tics;
      }
    }
    const uids = idsOf(scan, row, 'uid');
    if ((!options.ignoreUser && uid !== uids.effective && uid !== uids.real) || stat(scan, row, STAT.pgrp) !== stat(scan, row, STAT.tpgid) || start <= best) continue;
    best = start;
    what = cmdlineOf(table, row);
    pcpu = tics;
  }
  if (!found) return null;
  const ttyPath = `/dev/${ttyName}`;
  return { record, ttyPath, idle: idleSeconds(ttyPath, now), jcpu, pcpu, what };
}

/** The rows of the records w shows: every user's, or those of the user given. */
export function collectW(ctx: ProcfsContext, records: readonly UtmpRecord[], options: WOptions, utf8: boolean, now: number): WRow[] {
  const shown = records.filter((r) => r.type === USER_PROCESS && (options.user === null ? r.user !== '' : r.user.slice(0, 32) === options.user.slice(0, 32)));
  if (shown.length === 0) return [];
  const table = readTable(ctx, utf8);
  const rows: WRow[] = [];
  for (const record of shown) {
    const row = rowOf(record, table, options, now);
    if (row) rows.push(row);
  }
  return rows;
}
