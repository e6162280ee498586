// Which processes pgrep selects, as procps-ng 4.0.2's select_procs does: every task in /proc's
// listing order (with -w every thread), pgrep itself left out, the criteria tried one after the
// other, then the pattern against the name or the command line, -v, and -n/-o keeping one.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { binding } from '../../core/native.js';
import { COMM_PRINTABLE, CMDLINE_PRINTABLE, idsOf, rowBytes, scanError, ScanField, scanProcesses, STAT, STAT_WIDTH, type ProcessScan } from '../../core/process/scan.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { sysconf, uptime } from '../../core/system.js';
import { TtyNames } from '../../core/tty.js';
import { byteString } from '../../format/bytes.js';
import { escapeProcText, procpsCommand } from '../../format/escape.js';
import { NAMESPACES, type PgrepOptions } from './command.js';

/** A selected process: its pid and the text -l or -a prints after it. */
export interface Match {
  readonly pid: number;
  /** The name (-l) or the command line (-a) as procps' library presents it; null otherwise. */
  readonly text: string | null;
}

interface Task {
  readonly scan: ProcessScan;
  readonly row: number;
  readonly tgid: number;
}

/** What every task is compared with, computed once per run. */
interface RunFacts {
  readonly utf8: boolean;
  readonly self: number;
  readonly ttys: TtyNames;
  readonly hertz: number;
  /** The uptime in whole clock ticks, as the library keeps it (boot_tics). */
  readonly bootTicks: number;
}

const at = (task: Task, column: number) => task.scan.stat[task.row * STAT_WIDTH + column] as number;

/** The name as the library reads it from stat: escaped for the locale. */
function commOf(task: Task, facts: RunFacts): Buffer {
  const comm = rowBytes(task.scan.comm, task.row);
  return (task.scan.flags[task.row] as number) & COMM_PRINTABLE ? comm : escapeProcText(comm, facts.utf8);
}

/**
 * The command line as the library's fill_cmdline_cvt gives it: arguments joined by spaces and
 * escaped; without one, the name in brackets, and " <defunct>" for a zombie.
 */
function cmdlineOf(task: Task, facts: RunFacts): Buffer {
  const column = task.scan.cmdline;
  const joined = column && scanError(task.scan, task.row, 'cmdline') === 0 ? rowBytes(column, task.row) : Buffer.alloc(0);
  const ready = { joined: ((task.scan.flags[task.row] as number) & CMDLINE_PRINTABLE) !== 0, comm: true };
  return procpsCommand(joined, joined.length > 0 ? Buffer.alloc(0) : commOf(task, facts), task.scan.state[task.row] === 0x5a, facts.utf8, ready);
}

/** The inode of each namespace of a process (0 where /proc/PID/ns/NAME cannot be stat'ed). */
function namespaces(ctx: ProcfsContext, pid: number): number[] {
  return NAMESPACES.map((name) => {
    try {
      return statSync(join(ctx.proc, String(pid), 'ns', name)).ino;
    } catch {
      return 0;
    }
  });
}

/**
 * --cgroup as procps 4.0.2 compares it: the lines of /proc/PID/cgroup (file2strvec, up to the
 * first empty one), each "0::PATH" line's PATH against the paths given (cgroup v2 only).
 */
function inCgroups(ctx: ProcfsContext, pid: number, wanted: readonly string[]): boolean {
  let text: string;
  try {
    text = readFileSync(join(ctx.proc, String(pid), 'cgroup'), 'latin1');
  } catch {
    return false;
  }
  const lines = text.split(/[\0\n]/);
  const end = lines.indexOf('');
  const items = end < 0 ? lines : lines.slice(0, end);
  return wanted.some((path) => items.some((item) => item.startsWith('0::') && item.slice(3) === path));
}

function fieldsFor(options: PgrepOptions): number {
  let fields = ScanField.stat;
  if (options.euids || options.ruids || options.rgids) fields |= ScanField.status;
  if (options.listFull || (options.full && options.pattern !== null)) fields |= ScanField.cmdlineJoined;
  return fields;
}

/** Every task of the listing, or with -w every thread of each. */
function* tasks(ctx: ProcfsContext, fields: number, threads: boolean): Generator<Task> {
  const scan = scanProcesses(ctx, fields, binding().listIds(ctx.proc));
  for (let row = 0; row < scan.count; row++) {
    const pid = scan.pids[row] as number;
    if (!threads) {
      yield { scan, row, tgid: pid };
      continue;
    }
    let threadScan: ProcessScan;
    try {
      threadScan = scanProcesses({ ...ctx, proc: join(ctx.proc, String(pid), 'task') }, fields, null);
    } catch {
      continue;
    }
    for (let t = 0; t < threadScan.count; t++) yield { scan: threadScan, row: t, tgid: pid };
  }
}

/** The pids of our parent, its parent and so on (get_our_ancestors), as far as the table goes. */
function ancestors(all: readonly Task[], self: number): Set<number> {
  const parents = new Map<number, number>();
  for (const task of all) if (!parents.has(at(task, STAT.pid))) parents.set(at(task, STAT.pid), at(task, STAT.ppid));
  const found = new Set<number>();
  for (let pid = self; parents.has(pid) && found.size < parents.size; ) {
    const parent = parents.get(pid) as number;
    found.add(parent);
    pid = parent;
  }
  return found;
}

export interface SelectContext {
  readonly ctx: ProcfsContext;
  readonly utf8: boolean;
  /** pgrep's own pid, which it never selects. */
  readonly self: number;
  /** The pattern's test of a name or command line, null without a pattern. */
  readonly matches: ((subject: Buffer) => boolean) | null;
}

export function selectProcesses(options: PgrepOptions, select: SelectContext): Match[] {
  const { ctx } = select;
  const hertz = sysconf().clockTicks;
  const facts: RunFacts = {
    utf8: select.utf8,
    self: select.self,
    ttys: new TtyNames(ctx),
    hertz,
    bootTicks: options.older ? Math.trunc(uptime(ctx).uptime * hertz) : 0,
  };
  const reference = options.nsPid ? namespaces(ctx, options.nsPid) : null;
  const all = [...tasks(ctx, fieldsFor(options), options.threads)];
  const skipped = options.ignoreAncestors ? ancestors(all, select.self) : null;
  const pidfile = options.pidfilePid === null ? null : [options.pidfilePid];
  let matches: Match[] = [];
  let savedStart = options.newest ? 0 : Infinity;
  let savedPid = options.newest ? 0 : options.oldest ? 2 ** 31 - 1 : 0;
  for (const task of all) {
    const pid = at(task, STAT.pid);
    // pgrep leaves itself out; procps' has one thread, this one several, all of them ours (-w).
    if (task.tgid === facts.self || skipped?.has(pid)) continue;
    const start = at(task, STAT.starttime);
    // The criteria are one if/else chain in procps: the first that applies decides, and -t
    // assigns its own result, so -r and --cgroup are never looked at when -t is given.
    let match = true;
    if (options.newest && start < savedStart) match = false;
    else if (options.oldest && start > savedStart) match = false;
    else if (options.ppids && !options.ppids.includes(at(task, STAT.ppid))) match = false;
    else if (pidfile && !pidfile.includes(task.tgid)) match = false;
    else if (options.pgrps && !options.pgrps.includes(at(task, STAT.pgrp))) match = false;
    else if (options.euids && !options.euids.includes(idsOf(task.scan, task.row, 'uid').effective)) match = false;
    else if (options.ruids && !options.ruids.includes(idsOf(task.scan, task.row, 'uid').real)) match = false;
    else if (options.rgids && !options.rgids.includes(idsOf(task.scan, task.row, 'gid').real)) match = false;
    else if (options.sessions && !options.sessions.includes(at(task, STAT.session))) match = false;
    else if (reference && !sameNamespaces(namespaces(ctx, pid), reference, options.nsMask)) match = false;
    // The library's elapsed time: (boot_tics - start) / hertz, 0 for a start in the future.
    else if (options.older && Math.trunc(Math.max(0, facts.bootTicks - start) / facts.hertz) < options.older) match = false;
    else if (options.terminals) match = options.terminals.includes(facts.ttys.name(at(task, STAT.ttyNr), pid));
    else if (options.runstates !== null && !options.runstates.includes(String.fromCharCode(task.scan.state[task.row] as number))) match = false;
    else if (options.cgroups && !inCgroups(ctx, pid, options.cgroups)) match = false;

    if (match && select.matches && !select.matches(options.full ? cmdlineOf(task, facts) : commOf(task, facts))) match = false;
    if (match === options.inverse) continue;
    if (options.newest) {
      if (savedStart === start && savedPid > pid) continue;
      savedStart = start;
      savedPid = pid;
      matches = [];
    }
    if (options.oldest) {
      if (savedStart === start && savedPid < pid) continue;
      savedStart = start;
      savedPid = pid;
      matches = [];
    }
    const text = options.listFull ? cmdlineOf(task, facts) : options.listName ? commOf(task, facts) : null;
    matches.push({ pid, text: text === null ? null : byteString(text) });
  }
  return matches;
}

function sameNamespaces(mine: readonly number[], reference: readonly number[], mask: number): boolean {
  return mine.every((inode, i) => !(mask & (1 << i)) || inode === reference[i]);
}

/** flock's LOCK_SH or fcntl's F_RDLCK would fail: some process holds a write lock on the file (/proc/locks). */
function writeLocked(ctx: ProcfsContext, dev: number, ino: number): boolean {
  let text: string;
  try {
    text = readFileSync(join(ctx.proc, 'locks'), 'latin1');
  } catch {
    return false;
  }
  const major = (dev >>> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF", the device in hex.
  return text.split('\n').some((line) => {
    const m = / WRITE +\d+ ([0-9a-f]+):([0-9a-f]+):(\d+) /.exec(line);
    return m !== null && Number.parseInt(m[1] as string, 16) === major && Number.parseInt(m[2] as string, 16) === minor && Number(m[3]) === ino;
  });
}

/**
 * read_pidfile: a regular, non-empty file whose first 11 bytes start with a pid (strtoul) followed
 * by nothing or a blank; with -L the file must also be locked by the daemon that wrote it.
 */
export function readPidfile(ctx: ProcfsContext, path: string, locked: boolean): number | null {
  let data: Buffer;
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size < 1) return null;
    if (locked && !writeLocked(ctx, stat.dev, stat.ino)) return null;
    data = readFileSync(path).subarray(0, 11);
  } catch {
    return null;
  }
  const text = byteString(data.subarray(0, data.indexOf(0) < 0 ? data.length : data.indexOf(0)));
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (!match) return null;
  let value = BigInt(match[2] as string);
  if (value > 0xffffffffffffffffn) value = 0xffffffffffffffffn;
  if (match[1] === '-') value = BigInt.asUintN(64, -value);
  const pid = Number(BigInt.asIntN(32, value));
  if (pid < 1) return null;
  const rest = text.slice(match[0].length);
  if (rest !== '' && !/^[ \t\n\v\f\r]/.test(rest)) return null;
  return pid;
}
