// ps's format keywords (procps-ng 4.0.2 src/ps/output.c format_array and macro_array): header,
// width, justification, how the value is printed and how it sorts.
import { ScanField } from '../../core/process/scan.js';
import { userById } from '../../core/users.js';
import { readBytes } from '../../core/procfs.js';
import type { ByteRange } from '../../format/bytes.js';
import { escapeForDisplay, type Cut } from '../../format/escape.js';
import { ctime, localDay, pad2, strftime } from '../../format/time.js';
import type { PsRow } from './row.js';

/** How a column is padded (procps' CF_* justification codes). */
export type Justify = 'user' | 'left' | 'right' | 'unlimited' | 'wchan' | 'signal';

/** Per-run switches that change what a printer prints. */
export interface PrintContext {
  /** Cells the value may take (procps' max_rightward). */
  maxRightward: number;
  /** S / --cumulative: add dead children's times and faults. */
  cumulative: boolean;
  /** -f: comm columns show the whole command line. */
  unixF: boolean;
  /** e: the environment follows the command. */
  bsdE: boolean;
  /** c: command-line columns show the command name instead. */
  bsdC: boolean;
  /** n: users as numbers. */
  userIsNumber: boolean;
  /** Signal masks get 16 digits when the line has room. */
  wideSignals: boolean;
  /** The forest prefix of the current row: one character per level. */
  forestPrefix: string;
  /** 'b' or 'g' for ASCII art, 'u' for -H indentation. */
  forestType: 'b' | 'g' | 'u' | null;
  /** Seconds since the epoch when ps started. */
  now: number;
  utf8: boolean;
}

export type Printer = (row: PsRow, c: PrintContext) => string | Cut;
export type SortKey = (row: PsRow, c: PrintContext) => number | string;

export interface FormatSpec {
  readonly head: string;
  /**
   * procps sorts on a library item that only some columns fetch: sorting by this keyword does
   * nothing unless one of these columns is shown (vsize sorts only beside size, drs...). An
   * empty list means it never sorts.
   */
  readonly sortNeeds?: readonly string[];
  readonly width: number;
  readonly justify: Justify;
  /** The width follows the digits of pid_max. */
  readonly pidMax: boolean;
  /** Part of Unix98 (procps vendor 0), which matters for "-o a=B,c" parsing. */
  readonly unix98: boolean;
  /**
   * With m/-m (a process line, then a line per thread), a process-only column shows "-" on the
   * thread lines and a thread-only one "-" on the process line (procps' PO/TO flags).
   */
  readonly scope: 'process' | 'thread' | 'every';
  readonly print: Printer;
  readonly sort: SortKey;
  /**
   * The files the keyword's value and sort key read besides stat, as ScanField bits, so that the
   * scan reads only those (`-eo pid,comm` reads stat alone). Files outside the scan (wchan,
   * environ, exe, ns/...) are read per row when printed.
   */
  readonly needs: (c: PrintContext) => number;
  /**
   * The value as bytes to copy straight into the line, when the printer would print them
   * unchanged (a command known to be printable ASCII, without forest art or environment);
   * null sends the row through `print`.
   */
  readonly printBytes?: (row: PsRow, c: PrintContext) => ByteRange | null;
}

const dash: Printer = () => '-';

/** The forest art in front of a command (forest_helper). */
function forestArt(c: PrintContext): string {
  let out = '';
  let room = c.maxRightward;
  for (const ch of c.forestPrefix) {
    if (c.forestType === 'u') {
      if (room < 2) break;
      out += '  ';
      room -= 2;
    } else {
      if (room < 4) break;
      out += ch === ' ' ? '    ' : ch === '|' ? ' |  ' : ' \\_ ';
      room -= 4;
    }
  }
  return out;
}

/** A command column: forest art, the escaped text, and with e the environment. */
function command(text: (row: PsRow, c: PrintContext) => 'comm' | 'cmdline'): Printer {
  return (row, c) => {
    const art = forestArt(c);
    let room = c.maxRightward - art.length;
    const main =
      text(row, c) === 'comm'
        ? escapeForDisplay(row.comm, room, c.utf8, row.asciiComm)
        : escapeForDisplay(row.cmdline, room, c.utf8, row.asciiCmdline);
    room -= main.cells;
    let out = art + main.text;
    let cells = art.length + main.cells;
    if (c.bsdE && room > 1) {
      const environ = row.environ;
      if (!(environ.length === 1 && environ[0] === 0x2d)) {
        const env = escapeForDisplay(environ, room - 1, c.utf8);
        out += ` ${env.text}`;
        cells += 1 + env.cells;
      }
    }
    return { text: out, cells };
  };
}

/** command()'s output when it is the bytes themselves: printable ASCII, cut to the room. */
function commandBytes(text: (row: PsRow, c: PrintContext) => 'comm' | 'cmdline'): (row: PsRow, c: PrintContext) => ByteRange | null {
  // One range for every row: renderLine copies it before the next cell is printed.
  const range: ByteRange = { data: Buffer.alloc(0), start: 0, end: 0 };
  return (row, c) => {
    if (c.forestPrefix !== '' || c.bsdE || !row.asciiRange(text(row, c), range)) return null;
    range.end = Math.min(range.end, range.start + Math.max(0, c.maxRightward));
    return range;
  };
}

/**
 * A user or group name, cut with '+' to the column (do_pr_name). An id without a name is its
 * number, cut the same way; with n, the number uncut.
 */
function name(lookup: (row: PsRow) => string | null, id: (row: PsRow) => number): Printer {
  // Thousands of rows share a few names: escape each once.
  const escaped = new Map<string, Cut>();
  return (row, c) => (c.userIsNumber ? String(id(row)) : nameCell(lookup(row), id(row), c, escaped));
}

/** do_pr_name's text for the id `value` whose name is `found` (null: unnamed). */
function nameCell(found: string | null, value: number, c: PrintContext, escaped: Map<string, Cut>): string | Cut {
  const text = found ?? String(value);
  let cut = escaped.get(text);
  if (cut === undefined) {
    cut = escapeForDisplay(Buffer.from(text, 'utf8'), 1 << 17, c.utf8);
    escaped.set(text, cut);
  }
  if (cut.cells <= c.maxRightward) return cut;
  const last = cut.text.charCodeAt(c.maxRightward - 1);
  if (c.maxRightward >= 1 && last < 127) return `${cut.text.slice(0, c.maxRightward - 1)}+`;
  return String(value);
}

const userNames = new Map<string, Cut>();

/** The user column's text for `uid` (what euser prints without n), for lines printed in bulk. */
export function userCell(uid: number, c: PrintContext): string | Cut {
  return nameCell(userById(uid)?.name ?? null, uid, c, userNames);
}

/** 16 hex digits of a signal mask, shortened to 9 as procps does on narrow lines (help_pr_sig). */
function signals(key: string): Printer {
  return (row, c) => {
    const sig = (row.status.get(key) ?? '').slice(0, 16);
    if (c.wideSignals) return sig.length > 8 ? sig : `00000000${sig}`;
    const significant = sig.length - (/^0*/.exec(sig)?.[0].length ?? 0);
    if (significant > 8) return `<${sig.slice(-8)}`;
    if (sig.length < 8) return `${'00000000'.slice(sig.length)}${sig}`;
    return sig.slice(-8);
  };
}

/** Elapsed CPU jiffies per jiffy of life, scaled (pr_pcpu, pr_c, pr_cp share this). */
function cpuShare(row: PsRow, c: PrintContext, scale: number): number {
  const jiffies = Math.trunc(row.elapsed * row.facts.hertz);
  return jiffies > 0 ? Math.floor((row.ticks(c.cumulative) * scale) / jiffies) : 0;
}

const pcpu: Printer = (row, c) => {
  const permille = cpuShare(row, c, 1000);
  return permille > 999 ? String(Math.floor(permille / 10)) : `${Math.floor(permille / 10)}.${permille % 10}`;
};

const pmem: Printer = (row) => {
  const total = row.facts.memTotalKiB;
  const permille = Math.min(999, total > 0 ? Math.floor((row.kib('VmRSS') * 1000) / total) : 0);
  return `${String(Math.floor(permille / 10)).padStart(2)}.${permille % 10}`;
};

function clock(seconds: number, withDays: boolean): string {
  const ss = seconds % 60;
  const mm = Math.floor(seconds / 60) % 60;
  const hh = Math.floor(seconds / 3600) % 24;
  const dd = Math.floor(seconds / 86400);
  if (withDays) return `${dd ? `${dd}-` : ''}${pad2(hh)}:${pad2(mm)}:${pad2(ss)}`;
  return `${dd ? `${dd}-` : ''}${dd || hh ? `${pad2(hh)}:` : ''}${pad2(mm)}:${pad2(ss)}`;
}

const cpuSeconds = (row: PsRow) => Math.trunc((row.stat.utime + row.stat.stime) / row.facts.hertz);

let today: { at: number; day: { year: number; yday: number } } | undefined;
// The column shows at most minutes, and processes tend to start in bursts: format each minute once.
const stimeByMinute = new Map<number, string>();

/** STIME's text for a process started at `start` (seconds since the epoch), ps started at `now`. */
export function stimeText(start: number, now: number): string {
  if (today?.at !== now) {
    today = { at: now, day: localDay(now) };
    stimeByMinute.clear();
  }
  const minute = Math.floor(start / 60);
  let text = stimeByMinute.get(minute);
  if (text === undefined) {
    const then = localDay(start);
    let format = '%H:%M';
    if (today.day.yday !== then.yday) format = '%b%d';
    if (today.day.year !== then.year) format = '%Y';
    text = strftime(format, start);
    stimeByMinute.set(minute, text);
  }
  return text;
}

const stime: Printer = (row, c) => stimeText(row.startTime, c.now);

const start: Printer = (row, c) => {
  const t = row.startTime;
  // ctime's space-padded day becomes a zero ("Nov 05"), as pr_start patches it.
  const when = ctime(t);
  const zeroed = `${when.slice(0, 8)}${when[8] === ' ' ? '0' : when[8]}${when.slice(9)}`;
  return t + 86400 > c.now ? zeroed.slice(11, 19) : `  ${zeroed.slice(4, 10)}`;
};

const bsdstart: Printer = (row, c) => {
  const t = row.startTime;
  const ago = Math.max(0, c.now - t);
  return ago > 86400 ? ctime(t).slice(4, 10) : `${ctime(t).slice(10, 16)}`;
};

const stat: Printer = (row) => {
  const s = row.stat;
  let out = s.state;
  if (s.nice < 0) out += '<';
  if (s.nice > 0) out += 'N';
  if (row.kib('VmLck') > 0) out += 'L';
  if (s.session === row.tgid) out += 's';
  if (s.numThreads > 1) out += 'l';
  if (s.pgrp === s.tpgid) out += '+';
  return out;
};

const SCHED_CLASSES = ['TS', 'FF', 'RR', 'B', 'ISO', 'IDL', 'DLN', '#7', '#8', '#9'];

/** The security label (attr/current), its printable start, or "-". */
function context(row: PsRow): string {
  try {
    const raw = row.process.access('attr/current', readBytes).toString('latin1');
    const printable = /^[\x20-\x7e]*/.exec(raw)?.[0] ?? '';
    return printable || '-';
  } catch {
    return '-';
  }
}

/** "%016lx": an address as 16 hex digits. */
const hex16 = (value: number) => value.toString(16).padStart(16, '0');

const codeSize = (row: PsRow) => (row.stat.vsize ? Math.floor((row.stat.endcode - row.stat.startcode) / 1024) : 0);
const dataSize = (row: PsRow) =>
  row.stat.vsize ? Math.floor((row.stat.vsize - row.stat.endcode + row.stat.startcode) / 1024) : 0;

function namespace(name: string): Printer {
  return (row) => String(row.namespace(name) ?? '-');
}

const supplementary = (row: PsRow) => (row.status.get('Groups') ?? '').trim().split(/\s+/).filter(Boolean);

type Entry = [
  spec: string,
  head: string,
  width: number,
  justify: Justify,
  flags: '' | 'p' | 'u' | 'pu',
  print: Printer,
  sort?: SortKey | undefined,
  sortNeeds?: readonly string[],
];

/** Columns that fetch the stat vsize item (procps' PIDS_VSIZE_BYTES). */
const VSIZE_BYTES_COLUMNS = ['drs', 'trs', 'size', 'm_drs', 'm_trs'];

const numeric = (value: (row: PsRow, c: PrintContext) => number): [Printer, SortKey] => [(row, c) => String(value(row, c)), value];

const pid = numeric((row) => row.tgid);
const tid = numeric((row) => row.tid);
const ppid = numeric((row) => row.stat.ppid);
const pgid = numeric((row) => row.stat.pgrp);
const sess = numeric((row) => row.stat.session);
const tpgid = numeric((row) => row.stat.tpgid);
const euid = numeric((row) => row.uids.effective);
const ruid = numeric((row) => row.uids.real);
const suid = numeric((row) => row.uids.saved);
const fuid = numeric((row) => row.uids.fs);
const egid = numeric((row) => row.gids.effective);
const rgid = numeric((row) => row.gids.real);
const sgid = numeric((row) => row.gids.saved);
const fgid = numeric((row) => row.gids.fs);
const rss = numeric((row) => row.kib('VmRSS'));
const vsz = numeric((row) => row.kib('VmSize'));
const nlwp = numeric((row) => row.stat.numThreads);
const majflt = numeric((row, c) => row.stat.majflt + (c.cumulative ? row.stat.cmajflt : 0));
const minflt = numeric((row, c) => row.stat.minflt + (c.cumulative ? row.stat.cminflt : 0));
const psr = numeric((row) => row.stat.processor);
const etimes = numeric((row) => Math.trunc(row.elapsed));
const times = numeric(cpuSeconds);
const ticksBegan: SortKey = (row) => row.stat.starttime;
// Sort keys are the library's items (output.c's format table), not the printed text:
/** PIDS_TIME_ALL: the process's own CPU seconds, children never counted. */
const timeAll: SortKey = (row) => row.stat.utime + row.stat.stime;
/** PIDS_TIME_ELAPSED: seconds since the start, in ticks' precision. */
const timeElapsed: SortKey = (row) => row.elapsed;
/** PIDS_FLAGS: the whole flags word (F shows three bits of it; FGID sorts on it too). */
const flags: SortKey = (row) => row.stat.flags;
/** PIDS_SCHED_CLASS: the policy's number. */
const schedClass: SortKey = (row) => row.stat.policy;
/** PIDS_STATE: the state letter alone. */
const state: SortKey = (row) => row.stat.state;
/** PIDS_VSIZE_BYTES: what DRS, TRS, SIZE and VSIZE sort on. */
const vsizeBytes: SortKey = (row) => row.stat.vsize;
const ticksAll: SortKey = (row, c) => row.ticks(c.cumulative);
const utilization: SortKey = (row) => {
  const t = row.facts.bootTicks - row.stat.starttime;
  return t > 0 ? ((row.stat.utime + row.stat.stime) * 100) / t : 0;
};
const text = (p: Printer): SortKey => (row, c) => {
  const value = p(row, { ...c, maxRightward: 1 << 17 });
  return typeof value === 'string' ? value : value.text;
};

const euser = name((row) => row.userName(row.uids.effective), (row) => row.uids.effective);
const ruser = name((row) => row.userName(row.uids.real), (row) => row.uids.real);
const suser = name((row) => row.userName(row.uids.saved), (row) => row.uids.saved);
const fuser = name((row) => row.userName(row.uids.fs), (row) => row.uids.fs);
const egroup = name((row) => row.groupName(row.gids.effective), (row) => row.gids.effective);
const rgroup = name((row) => row.groupName(row.gids.real), (row) => row.gids.real);
const sgroup = name((row) => row.groupName(row.gids.saved), (row) => row.gids.saved);
const fgroup = name((row) => row.groupName(row.gids.fs), (row) => row.gids.fs);
const argsText = (_: PsRow, c: PrintContext) => (c.bsdC ? 'comm' : 'cmdline');
const commText = (_: PsRow, c: PrintContext) => (c.unixF ? 'cmdline' : 'comm');
const args = command(argsText);
const comm = command(commText);
/**
 * pr_fname: the forest's art, then the kernel's command name (whatever c and f say) in at most 8
 * cells of what is left. The cells it reports are the room it had less what the cap of 8 left
 * unused, so a column wider than 8 is not padded: "fname:20,pid" prints "kthreadd     2".
 */
const fname: Printer = (row, c) => {
  const art = forestArt(c);
  const room = Math.min(8, c.maxRightward - art.length);
  const name = escapeForDisplay(row.comm, room, c.utf8, row.asciiComm);
  return { text: art + name.text, cells: c.maxRightward - (room - name.cells) };
};
/** PIDS_CMD: the whole name, as the library escapes it when it reads stat. */
const commBytes: SortKey = (row) => row.comm.toString('latin1');
const tty: Printer = (row) => row.ttyName;
const time: Printer = (row) => clock(cpuSeconds(row), true);
const bsdtime: Printer = (row, c) => {
  const u = Math.trunc(row.ticks(c.cumulative) / row.facts.hertz);
  return `${String(Math.floor(u / 60)).padStart(3)}:${pad2(u % 60)}`;
};
const nice: Printer = (row) => ([0, 3].includes(row.stat.policy) ? String(row.stat.nice) : '-');
const cls: Printer = (row) => SCHED_CLASSES[row.stat.policy] ?? '?';
const flag: Printer = (row) => ((row.stat.flags >>> 6) & 7).toString(8);
// pr_wchan prints the name with n too (procps 4 has no addresses to show): only its justification changes.
const wchan: Printer = (row, c) => row.wchan.slice(0, c.maxRightward);
const cUtil: Printer = (row, ctx) => String(Math.min(99, cpuShare(row, ctx, 100))).padStart(2);
const cp: Printer = (row, ctx) => String(Math.min(999, cpuShare(row, ctx, 1000))).padStart(3);

// spec, header, width, justification, flags (p: width from pid_max, u: Unix98), printer, sort key.
const ENTRIES: Entry[] = [
  ['%cpu', '%CPU', 4, 'right', '', pcpu, utilization],
  ['%mem', '%MEM', 4, 'right', '', pmem, rss[1]],
  ['addr', 'ADDR', 4, 'right', '', dash],
  ['alarm', 'ALARM', 5, 'right', '', dash],
  ['addr_1', 'ADDR', 1, 'left', '', dash],
  ['args', 'COMMAND', 27, 'unlimited', 'u', args, text(args)],
  ['atime', 'TIME', 8, 'right', '', time, timeAll],
  ['blocked', 'BLOCKED', 9, 'signal', '', signals('SigBlk')],
  ['bsdstart', 'START', 6, 'right', '', bsdstart, ticksBegan],
  ['bsdtime', 'TIME', 6, 'right', '', bsdtime, ticksAll],
  ['c', 'C', 2, 'right', '', cUtil, utilization],
  ['caught', 'CAUGHT', 9, 'signal', '', signals('SigCgt')],
  ['cgname', 'CGNAME', 27, 'unlimited', '', (row, ctx) => escapeForDisplay(Buffer.from(row.cgroup.replace(/^.*?:name=(?=.)/, ''), 'latin1'), ctx.maxRightward, ctx.utf8)],
  ['cgroup', 'CGROUP', 27, 'unlimited', '', (row, ctx) => escapeForDisplay(Buffer.from(row.cgroup, 'latin1'), ctx.maxRightward, ctx.utf8)],
  ['cgroupns', 'CGROUPNS', 10, 'right', '', namespace('cgroup')],
  ['class', 'CLS', 3, 'left', '', cls, schedClass],
  ['cls', 'CLS', 3, 'right', '', cls, schedClass],
  ['cmd', 'CMD', 27, 'unlimited', '', args, text(args)],
  ['comm', 'COMMAND', 15, 'unlimited', 'u', comm, text(comm)],
  ['command', 'COMMAND', 27, 'unlimited', '', args, text(args)],
  ['context', 'CONTEXT', 31, 'left', '', context, pid[1]],
  ['cp', 'CP', 3, 'right', '', cp, utilization],
  ['cmaj_flt', '-', 1, 'right', '', dash, undefined, []],
  ['cmin_flt', '-', 1, 'right', '', dash, undefined, []],
  ['cpu', 'CPU', 3, 'right', '', dash],
  ['cutime', '-', 1, 'right', '', dash, undefined, []],
  ['cpuid', 'CPUID', 5, 'right', '', ...psr],
  ['cputime', 'TIME', 8, 'right', '', time, timeAll],
  ['cputimes', 'TIME', 8, 'right', '', times[0], timeAll],
  ['drs', 'DRS', 5, 'right', '', (row) => String(dataSize(row)), vsizeBytes],
  ['egid', 'EGID', 5, 'right', '', ...egid],
  ['egroup', 'EGROUP', 8, 'user', '', egroup, text(egroup)],
  ['environ', 'ENVIRONMENT', 11, 'unlimited', '', dash],
  ['eip', 'EIP', 16, 'right', '', (row) => hex16(row.stat.kstkeip)],
  ['esp', 'ESP', 16, 'right', '', (row) => hex16(row.stat.kstkesp)],
  ['etime', 'ELAPSED', 11, 'right', 'u', (row) => clock(Math.trunc(row.elapsed), false), timeElapsed],
  ['etimes', 'ELAPSED', 7, 'right', '', etimes[0], timeElapsed],
  ['euid', 'EUID', 5, 'right', '', ...euid],
  ['euser', 'EUSER', 8, 'user', '', euser, text(euser)],
  ['exe', 'EXE', 27, 'unlimited', '', (row, ctx) => escapeForDisplay(row.exe, ctx.maxRightward, ctx.utf8)],
  ['f', 'F', 1, 'right', '', flag, flags],
  // FGID's item in output.c is PIDS_FLAGS: it sorts on the flags, and only beside a column that fetches them.
  ['fgid', 'FGID', 5, 'right', '', fgid[0], flags, ['f', 'flag', 'flags']],
  ['fgroup', 'FGROUP', 8, 'user', '', fgroup, text(fgroup)],
  ['flag', 'F', 1, 'right', '', flag, flags],
  ['flags', 'F', 1, 'right', '', flag, flags],
  ['fname', 'COMMAND', 8, 'left', '', fname, commBytes],
  ['fsgid', 'FSGID', 5, 'right', '', ...fgid],
  ['fsgroup', 'FSGROUP', 8, 'user', '', fgroup, text(fgroup)],
  ['fsuid', 'FSUID', 5, 'right', '', ...fuid],
  ['fsuser', 'FSUSER', 8, 'user', '', fuser, text(fuser)],
  ['fuid', 'FUID', 5, 'right', '', ...fuid],
  ['fuser', 'FUSER', 8, 'user', '', fuser, text(fuser)],
  ['gid', 'GID', 5, 'right', '', ...egid],
  ['group', 'GROUP', 8, 'user', 'u', egroup, text(egroup)],
  ['ignored', 'IGNORED', 9, 'signal', '', signals('SigIgn')],
  ['intpri', 'PRI', 3, 'right', '', (row) => String(60 + row.stat.priority)],
  ['ipcns', 'IPCNS', 10, 'right', '', namespace('ipc')],
  ['label', 'LABEL', 31, 'left', '', context, pid[1]],
  ['lastcpu', 'C', 3, 'right', '', ...psr],
  ['lstart', 'STARTED', 24, 'right', '', (row) => ctime(row.startTime), ticksBegan],
  ['lwp', 'LWP', 5, 'right', 'p', ...tid],
  ['m_drs', 'DRS', 5, 'right', '', (row) => String(dataSize(row)), vsizeBytes],
  ['m_dt', 'DT', 4, 'right', '', dash, undefined, []],
  ['m_share', 'SHRD', 5, 'right', '', dash, undefined, []],
  ['m_size', 'SIZE', 5, 'right', '', (row) => String(row.stat.vsize), (row) => row.stat.vsize],
  ['m_swap', 'SWAP', 5, 'right', '', dash, undefined, []],
  ['m_trs', 'TRS', 5, 'right', '', (row) => String(codeSize(row)), vsizeBytes],
  ['maj_flt', 'MAJFL', 6, 'right', '', ...majflt],
  ['majflt', 'MAJFLT', 6, 'right', '', ...majflt],
  ['min_flt', 'MINFL', 6, 'right', '', ...minflt],
  ['minflt', 'MINFLT', 6, 'right', '', ...minflt],
  ['mntns', 'MNTNS', 10, 'right', '', namespace('mnt')],
  ['netns', 'NETNS', 10, 'right', '', namespace('net')],
  ['ni', 'NI', 3, 'right', '', nice, (row) => row.stat.nice],
  ['nice', 'NI', 3, 'right', 'u', nice, (row) => row.stat.nice],
  ['nlwp', 'NLWP', 4, 'right', '', ...nlwp],
  ['nwchan', 'WCHAN', 6, 'right', '', dash],
  ['opri', 'PRI', 3, 'right', '', (row) => String(60 + row.stat.priority), (row) => row.stat.priority],
  ['pagein', 'PAGEIN', 6, 'right', '', ...majflt],
  ['pcpu', '%CPU', 4, 'right', 'u', pcpu, utilization],
  ['pending', 'PENDING', 9, 'signal', '', signals('ShdPnd')],
  ['pgid', 'PGID', 5, 'right', 'pu', ...pgid],
  ['pgrp', 'PGRP', 5, 'right', 'p', ...pgid],
  ['pid', 'PID', 5, 'right', 'pu', ...pid],
  ['pidns', 'PIDNS', 10, 'right', '', namespace('pid')],
  ['pmem', '%MEM', 4, 'right', '', pmem, rss[1]],
  ['policy', 'POL', 3, 'left', '', cls, schedClass],
  ['ppid', 'PPID', 5, 'right', 'pu', ...ppid],
  ['pri', 'PRI', 3, 'right', '', (row) => String(39 - row.stat.priority), (row) => row.stat.priority],
  ['priority', 'PRI', 3, 'right', '', (row) => String(row.stat.priority), (row) => row.stat.priority],
  ['psr', 'PSR', 3, 'right', '', ...psr],
  ['resident', 'RES', 5, 'right', '', dash, undefined, []],
  ['rgid', 'RGID', 5, 'right', '', ...rgid],
  ['rgroup', 'RGROUP', 8, 'user', 'u', rgroup, text(rgroup)],
  ['rss', 'RSS', 5, 'right', '', ...rss],
  ['rssize', 'RSS', 5, 'right', '', ...rss],
  ['rsz', 'RSZ', 5, 'right', '', ...rss],
  ['rtprio', 'RTPRIO', 6, 'right', '', (row) => (row.stat.policy === 0 ? '-' : String(row.stat.rtPriority))],
  ['ruid', 'RUID', 5, 'right', '', ...ruid],
  ['ruser', 'RUSER', 8, 'user', 'u', ruser, text(ruser)],
  ['s', 'S', 1, 'left', '', (row) => row.stat.state],
  ['sched', 'SCH', 3, 'right', '', (row) => String(row.stat.policy)],
  ['sess', 'SESS', 5, 'right', 'p', ...sess],
  ['session', 'SESS', 5, 'right', 'p', ...sess],
  ['sgid', 'SGID', 5, 'right', '', ...sgid],
  ['sgroup', 'SGROUP', 8, 'user', '', sgroup, text(sgroup)],
  ['sid', 'SID', 5, 'right', 'p', ...sess],
  ['share', '-', 1, 'right', '', dash, undefined, []],
  ['sig', 'PENDING', 9, 'signal', '', signals('ShdPnd')],
  ['sig_block', 'BLOCKED', 9, 'signal', '', signals('SigBlk')],
  ['sig_catch', 'CATCHED', 9, 'signal', '', signals('SigCgt')],
  ['sig_ignore', 'IGNORED', 9, 'signal', '', signals('SigIgn')],
  ['sig_pend', 'SIGNAL', 9, 'signal', '', signals('ShdPnd')],
  ['sigcatch', 'CAUGHT', 9, 'signal', '', signals('SigCgt')],
  ['sigignore', 'IGNORED', 9, 'signal', '', signals('SigIgn')],
  ['sigmask', 'BLOCKED', 9, 'signal', '', signals('SigBlk')],
  ['size', 'SIZE', 5, 'right', '', (row) => String(row.kib('VmData') + row.kib('VmStk')), vsizeBytes],
  ['spid', 'SPID', 5, 'right', 'p', ...tid],
  ['start', 'STARTED', 8, 'right', '', start, ticksBegan],
  ['start_stack', 'STACKP', 16, 'right', '', (row) => hex16(row.stat.startstack)],
  ['start_time', 'START', 5, 'right', '', stime, ticksBegan],
  ['stat', 'STAT', 4, 'left', '', stat, state],
  ['state', 'S', 1, 'left', '', (row) => row.stat.state],
  ['stime', 'STIME', 5, 'right', '', stime, ticksBegan],
  ['suid', 'SUID', 5, 'right', '', ...suid],
  ['supgid', 'SUPGID', 20, 'unlimited', '', (row) => supplementary(row).join(',') || '-'],
  ['supgrp', 'SUPGRP', 40, 'unlimited', '', (row) => supplementary(row).map((g) => row.groupName(Number(g)) ?? g).join(',') || '-'],
  ['suser', 'SUSER', 8, 'user', '', suser, text(suser)],
  ['svgid', 'SVGID', 5, 'right', '', ...sgid],
  ['svgroup', 'SVGROUP', 8, 'user', '', sgroup, text(sgroup)],
  ['svuid', 'SVUID', 5, 'right', '', ...suid],
  ['svuser', 'SVUSER', 8, 'user', '', suser, text(suser)],
  ['sz', 'SZ', 5, 'right', '', (row) => String(Math.floor(row.kib('VmSize') / (row.facts.pageSize / 1024))), vsz[1]],
  ['tgid', 'TGID', 5, 'right', 'p', ...pid],
  ['thcount', 'THCNT', 5, 'right', '', ...nlwp],
  ['tid', 'TID', 5, 'right', 'p', ...tid],
  ['time', 'TIME', 8, 'right', 'u', time, timeAll],
  ['timens', 'TIMENS', 10, 'right', '', namespace('time')],
  ['timeout', 'TMOUT', 5, 'right', '', dash],
  ['times', 'TIME', 8, 'right', '', times[0], timeAll],
  ['tname', 'TTY', 8, 'left', '', tty],
  ['tpgid', 'TPGID', 5, 'right', 'p', ...tpgid],
  ['trs', 'TRS', 4, 'right', '', (row) => String(codeSize(row)), vsizeBytes],
  ['tt', 'TT', 8, 'left', '', tty],
  ['tty', 'TT', 8, 'left', 'u', tty],
  ['tty8', 'TTY', 8, 'left', '', tty],
  ['ucmd', 'CMD', 15, 'unlimited', '', comm, text(comm)],
  ['ucomm', 'COMMAND', 15, 'unlimited', '', comm, text(comm)],
  ['uid', 'UID', 5, 'right', '', ...euid],
  ['uid_hack', 'UID', 8, 'user', '', euser, text(euser)],
  ['uname', 'USER', 8, 'user', '', euser, text(euser)],
  ['user', 'USER', 8, 'user', 'u', euser, text(euser)],
  ['userns', 'USERNS', 10, 'right', '', namespace('user')],
  ['utime', 'UTIME', 6, 'right', '', dash, undefined, []],
  ['utsns', 'UTSNS', 10, 'right', '', namespace('uts')],
  ['vm_lib', 'LIB', 5, 'right', '', dash, undefined, []],
  ['vsize', 'VSZ', 6, 'right', '', vsz[0], vsizeBytes, VSIZE_BYTES_COLUMNS],
  ['vsz', 'VSZ', 6, 'right', 'u', ...vsz],
  ['wchan', 'WCHAN', 6, 'wchan', '', wchan],
];

// procps' PO (process only) and TO (thread only) keywords; the rest print on every line.
const PROCESS_ONLY = new Set(
  ('%mem args cgname cgroup cmd comm command drs environ exe fname m_drs m_dt m_share m_size m_swap m_trs nlwp pgid ' +
    'pgrp pid pmem ppid resident rss rssize rsz sess session share sid size start_stack supgid supgrp sz tgid thcount ' +
    'tname tpgid trs tt tty tty8 ucmd ucomm vm_lib vsize vsz').split(' '),
);
const THREAD_ONLY = new Set(
  ('blocked caught class cls cpuid eip esp ignored intpri lastcpu lwp ni nice nwchan opri policy pri priority psr ' +
    'rtprio s sched sig_block sig_catch sig_ignore sigcatch sigignore sigmask spid stat state tid wchan').split(' '),
);

// The keywords that read status beyond stat: the ids, the names, and the Vm* figures.
const STATUS_KEYWORDS = new Set(
  ('%mem pmem rss rssize rsz vsz vsize sz size stat euid ruid suid fuid fsuid egid rgid sgid fgid fsgid uid gid ' +
    'svuid svgid user uname uid_hack euser ruser suser fuser fsuser svuser group egroup rgroup sgroup fgroup fsgroup ' +
    'svgroup').split(' '),
);
// The keywords that need status lines the scan does not parse: signal masks and Groups.
const STATUS_TEXT_KEYWORDS = new Set(
  ('blocked caught ignored pending sig sig_block sig_catch sig_ignore sig_pend sigcatch sigignore sigmask supgid ' +
    'supgrp').split(' '),
);
// Command columns: the command line unless c (args) or without f (comm) they show the comm.
const ARGS_KEYWORDS = new Set(['args', 'cmd', 'command']);
const COMM_KEYWORDS = new Set(['comm', 'ucmd', 'ucomm']);

const BYTE_PRINTERS: ReadonlyMap<string, (row: PsRow, c: PrintContext) => ByteRange | null> = new Map([
  ...[...ARGS_KEYWORDS].map((spec) => [spec, commandBytes(argsText)] as const),
  ...[...COMM_KEYWORDS].map((spec) => [spec, commandBytes(commText)] as const),
]);

function needsOf(spec: string): (c: PrintContext) => number {
  const fixed = (STATUS_KEYWORDS.has(spec) ? ScanField.status : 0) | (STATUS_TEXT_KEYWORDS.has(spec) ? ScanField.statusText : 0);
  if (ARGS_KEYWORDS.has(spec)) return (c) => fixed | (c.bsdC ? 0 : ScanField.cmdlineJoined);
  if (COMM_KEYWORDS.has(spec)) return (c) => fixed | (c.unixF ? ScanField.cmdlineJoined : 0);
  return () => fixed;
}

export const FORMATS: ReadonlyMap<string, FormatSpec> = new Map(
  ENTRIES.map(([spec, head, width, justify, flags, print, sort, sortNeeds]) => {
    const printBytes = BYTE_PRINTERS.get(spec);
    return [
    spec,
    {
      head,
      width,
      justify,
      pidMax: flags.includes('p'),
      unix98: flags.includes('u'),
      scope: PROCESS_ONLY.has(spec) ? 'process' : THREAD_ONLY.has(spec) ? 'thread' : 'every',
      print,
      sort: sort ?? text(print),
      needs: needsOf(spec),
      ...(printBytes ? { printBytes } : {}),
      ...(sortNeeds ? { sortNeeds } : {}),
    },
  ];
  }),
);

/** Keyword lists that stand for several columns (macro_array), as procps expands them. */
export const MACROS: ReadonlyMap<string, string> = new Map([
  ['DefBSD', 'pid,tname,stat,bsdtime,args'],
  ['DefSysV', 'pid,tname,time,cmd'],
  ['END_BSD', 'state,tname,cputime,comm'],
  ['END_SYS5', 'state,tname,time,command'],
  ['FLASK_context', 'pid,context,command'],
  ['OL_X', 'pid,start_stack,esp,eip,timeout,alarm,stat,tname,bsdtime,args'],
  ['OL_m', 'pid,tname,majflt,minflt,m_trs,m_drs,m_size,m_swap,rss,m_share,vm_lib,m_dt,args'],
  ['OL_j', 'ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args'],
  ['OL_l', 'flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args'],
  ['OL_s', 'uid,pid,pending,sig_block,sig_ignore,caught,stat,tname,bsdtime,args'],
  ['OL_u', 'user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args'],
  ['OL_v', 'pid,tname,stat,bsdtime,maj_flt,m_trs,m_drs,rss,pmem,args'],
]);

/**
 * The AIX field descriptors (output.c aix_array): "%p" is the pid keyword under the header PID.
 * The header overrides the keyword's own ("%y" is tty headed TTY, not TT).
 */
export const AIX_DESCRIPTORS: ReadonlyMap<string, { readonly keyword: string; readonly head: string }> = new Map(
  (
    [
      ['C', 'pcpu', '%CPU'],
      ['G', 'group', 'GROUP'],
      ['P', 'ppid', 'PPID'],
      ['U', 'user', 'USER'],
      ['a', 'args', 'COMMAND'],
      ['c', 'comm', 'COMMAND'],
      ['g', 'rgroup', 'RGROUP'],
      ['n', 'nice', 'NI'],
      ['p', 'pid', 'PID'],
      ['r', 'pgid', 'PGID'],
      ['t', 'etime', 'ELAPSED'],
      ['u', 'ruser', 'RUSER'],
      ['x', 'time', 'TIME'],
      ['y', 'tty', 'TTY'],
      ['z', 'vsz', 'VSZ'],
    ] as const
  ).map(([letter, keyword, head]) => [letter, { keyword, head }]),
);
