// ps's format keywords (procps-ng 4.0.2 src/ps/output.c format_array and macro_array): header,
// width, justification, how the value is printed and how it sorts.
import { ScanField } from '../../core/process/scan.js';
import { userById } from '../../core/users.js';
import { readBytes } from '../../core/procfs.js';
import type { ByteRange } from '../../format/bytes.js';
import { escapeForDisplay, type Cut } from '../../format/escape.js';
import { ctime, localDay, pad2, strftime } from '../../format/time.js';
import { doubleToUint, doubleToUlong, printfFixed } from '../../util/number.js';
import { numaNodeOfCpu } from '../../core/cpu.js';
import type { PsRow } from './row.js';
import type { LoginFacts } from '../../core/process/login.js';
import { decodeText } from '../../core/text.js';

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
  /** procps' lines_to_next_header as the row is printed (the test columns cycle with it). */
  linesToNextHeader: number;
}

export type Printer = (row: PsRow, c: PrintContext) => string | Cut;
export type SortKey = (row: PsRow, c: PrintContext) => number | string;

export interface FormatSpec {
  /** The keyword of procps' table this column is (an alias has its own). */
  readonly keyword: string;
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

/** pr_nop: a keyword procps accepts and has nothing to print for. */
const dash: Printer = () => '-';

/** The keyword prints something (ps L lists only those, print_format_specifiers skipping pr_nop). */
export const printsSomething = (format: FormatSpec): boolean => format.print !== dash;

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

/** pr_pmem's integer division by a MemTotal of 0 (a damaged /proc/meminfo): SIGFPE in procps. */
export class DivisionByZero extends Error {
  override name = 'DivisionByZero';
}

const pmem: Printer = (row) => {
  const total = row.facts.memTotalKiB;
  if (total === 0) throw new DivisionByZero('%MEM over a MemTotal of 0');
  const permille = Math.min(999, Math.floor((row.kib('VmRSS') * 1000) / total));
  return `${String(Math.floor(permille / 10)).padStart(2)}.${permille % 10}`;
};

/** pr_time: [DD-]hh:mm:ss of CPU seconds. */
function clock(seconds: number): string {
  const ss = seconds % 60;
  const mm = Math.floor(seconds / 60) % 60;
  const hh = Math.floor(seconds / 3600) % 24;
  const dd = Math.floor(seconds / 86400);
  return `${dd ? `${dd}-` : ''}${pad2(hh)}:${pad2(mm)}:${pad2(ss)}`;
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
// procps keeps TIME_ELAPSED as a double and prints it through C integers: pr_etimes as an
// unsigned int, pr_etime as an unsigned long whose days go to an unsigned int. Only a damaged
// /proc/uptime takes them out of range, where x86-64's conversions decide.
const etimes = numeric((row) => doubleToUint(row.elapsed));

/** pr_etime: [[DD-]hh:]mm:ss of the elapsed seconds as C's integers hold them. */
function etimeText(elapsed: number): string {
  let t = doubleToUlong(elapsed);
  const ss = Number(t % 60n);
  t /= 60n;
  const mm = Number(t % 60n);
  t /= 60n;
  const hh = Number(t % 24n);
  const dd = Number(BigInt.asUintN(32, t / 24n));
  return `${dd ? `${dd}-` : ''}${dd || hh ? `${pad2(hh)}:` : ''}${pad2(mm)}:${pad2(ss)}`;
}
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
/** PIDS_UTILIZATION(_C): CPU ticks (with dead children's) per 100 ticks of the process's life. */
function lifeShare(row: PsRow, children: boolean): number {
  const t = row.facts.bootTicks - row.stat.starttime;
  const ticks = row.stat.utime + row.stat.stime + (children ? row.stat.cutime + row.stat.cstime : 0);
  return t > 0 ? (ticks * 100) / t : 0;
}
const utilization: SortKey = (row) => lifeShare(row, false);
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
const time: Printer = (row) => clock(cpuSeconds(row));
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

/** pr_utilization(_c): %CPU over the whole life, "%#.3f", 99.999 past 99. */
const lifeUtilization = (children: boolean): Printer => (row) => {
  const cu = lifeShare(row, children);
  return printfFixed(cu > 99 ? 99.999 : cu, 3);
};
const codeKib: Printer = (row) => String(codeSize(row));
const dataKib: Printer = (row) => String(dataSize(row));
const ioCounter = (key: string): Printer => (row) => row.io(key);
const priority = (offset: (priority: number) => number): Printer => (row) => String(offset(row.stat.priority));

// The columns from the cgroup file: the systemd ones (pr_sd_*, sd-login's answer) and lxc
// (pr_lxcname), or "-" where there is none; printed as they come, without escaping (a unit name is
// ASCII by its rules; a machine's, seat's or container's name is the bytes of its link or file).
const DASH = Buffer.from('-');
/** Bytes printed as they are, or "-". */
const bytesOrDash = (bytes: Buffer | null): ByteRange => {
  const data = bytes ?? DASH;
  return { data, start: 0, end: data.length };
};
const login = (pick: (facts: LoginFacts) => string | null): Printer => (row) => pick(row.login) ?? '-';
const loginBytes = (pick: (facts: LoginFacts) => Buffer | null) => (row: PsRow): ByteRange => bytesOrDash(pick(row.login));
const lxc = (row: PsRow): ByteRange => bytesOrDash(row.lxcName);
const machine = loginBytes((facts) => facts.machine);
const seat = loginBytes((facts) => facts.seat);
// "%d" of the uid as an int.
const ownerUid = (facts: LoginFacts) => (facts.ownerUid === null ? null : String(facts.ownerUid | 0));

/**
 * procps' test columns (pr_t_*): one of a few values by lines_to_next_header, taken as unsigned,
 * modulo their count; the unlimited ones cut to the room left (snprintf to max_rightward + 1).
 */
const testValues = (values: readonly string[], cut: boolean): Printer => (_row, c) => {
  const value = values[(c.linesToNextHeader >>> 0) % values.length] as string;
  return cut ? value.slice(0, c.maxRightward) : value;
};
// Their item is PIDS_noop: every row sorts equal.
const unsorted: SortKey = () => 0;

// spec, header, width, justification, flags (p: width from pid_max, u: Unix98), printer, sort key.
const ENTRIES: Entry[] = [
  ['%cpu', '%CPU', 4, 'right', '', pcpu, utilization],
  ['%mem', '%MEM', 4, 'right', '', pmem, rss[1]],
  ['_left', 'LLLLLLLL', 8, 'left', '', testValues(['tty7', 'pts/9999', 'iseries/vtty42', 'ttySMX0', '3270/tty4'], false), unsorted],
  ['_left2', 'L2L2L2L2', 8, 'left', '', testValues(['tty7', 'pts/9999', 'ttySMX0', '3270/tty4'], false), unsorted],
  ['_right', 'RRRRRRRRRRR', 11, 'right', '', testValues(['999-23:59:59', '99-23:59:59', '9-23:59:59', '59:59'], false), unsorted],
  ['_right2', 'R2R2R2R2R2R', 11, 'right', '', testValues(['999-23:59:59', '99-23:59:59', '9-23:59:59'], false), unsorted],
  ['_unlimited', 'U', 16, 'unlimited', '', testValues(['[123456789-12345] <defunct>', 'ps', '123456789-123456'], true), unsorted],
  ['_unlimited2', 'U2', 16, 'unlimited', '', testValues(['unlimited', '[123456789-12345] <defunct>', 'ps', '123456789-123456'], true), unsorted],
  ['acflag', 'ACFLG', 5, 'right', '', dash],
  ['acflg', 'ACFLG', 5, 'right', '', dash],
  ['addr', 'ADDR', 4, 'right', '', dash],
  ['addr_1', 'ADDR', 1, 'left', '', dash],
  ['ag_id', 'AGID', 5, 'right', '', ...numeric((row) => row.autogroup.id)],
  ['ag_nice', 'AGNI', 4, 'right', '', ...numeric((row) => row.autogroup.nice)],
  ['alarm', 'ALARM', 5, 'right', '', dash],
  ['argc', 'ARGC', 4, 'right', '', dash],
  ['args', 'COMMAND', 27, 'unlimited', 'u', args, text(args)],
  ['atime', 'TIME', 8, 'right', '', time, timeAll],
  ['blocked', 'BLOCKED', 9, 'signal', '', signals('SigBlk')],
  ['bnd', 'BND', 1, 'right', '', dash],
  ['bsdstart', 'START', 6, 'right', '', bsdstart, ticksBegan],
  ['bsdtime', 'TIME', 6, 'right', '', bsdtime, ticksAll],
  ['c', 'C', 2, 'right', '', cUtil, utilization],
  ['caught', 'CAUGHT', 9, 'signal', '', signals('SigCgt')],
  ['cgname', 'CGNAME', 27, 'unlimited', '', (row, ctx) => escapeForDisplay(Buffer.from(row.cgroup.replace(/^.*?:name=(?=.)/, ''), 'latin1'), ctx.maxRightward, ctx.utf8)],
  ['cgroup', 'CGROUP', 27, 'unlimited', '', (row, ctx) => escapeForDisplay(Buffer.from(row.cgroup, 'latin1'), ctx.maxRightward, ctx.utf8)],
  ['cgroupns', 'CGROUPNS', 10, 'right', '', namespace('cgroup')],
  ['class', 'CLS', 3, 'left', '', cls, schedClass],
  ['cls', 'CLS', 3, 'right', '', cls, schedClass],
  ['cmaj_flt', '-', 1, 'right', '', dash, undefined, []],
  ['cmd', 'CMD', 27, 'unlimited', '', args, text(args)],
  ['cmin_flt', '-', 1, 'right', '', dash, undefined, []],
  ['cnswap', '-', 1, 'right', '', dash],
  ['comm', 'COMMAND', 15, 'unlimited', 'u', comm, text(comm)],
  ['command', 'COMMAND', 27, 'unlimited', '', args, text(args)],
  ['context', 'CONTEXT', 31, 'left', '', context, pid[1]],
  ['cp', 'CP', 3, 'right', '', cp, utilization],
  ['cpu', 'CPU', 3, 'right', '', dash],
  ['cpuid', 'CPUID', 5, 'right', '', ...psr],
  ['cputime', 'TIME', 8, 'right', '', time, timeAll],
  ['cputimes', 'TIME', 8, 'right', '', times[0], timeAll],
  ['ctid', 'CTID', 5, 'right', '', dash],
  ['cuc', '%CUC', 7, 'right', '', lifeUtilization(true)],
  ['cursig', 'CURSIG', 6, 'right', '', dash],
  ['cutime', '-', 1, 'right', '', dash, undefined, []],
  ['cuu', '%CUU', 6, 'right', '', lifeUtilization(false), utilization],
  ['cwd', 'CWD', 3, 'left', '', dash],
  ['drs', 'DRS', 5, 'right', '', dataKib, vsizeBytes],
  ['dsiz', 'DSIZ', 4, 'right', '', dataKib, vsizeBytes],
  ['egid', 'EGID', 5, 'right', '', ...egid],
  ['egroup', 'EGROUP', 8, 'user', '', egroup, text(egroup)],
  ['eip', 'EIP', 16, 'right', '', (row) => hex16(row.stat.kstkeip)],
  ['emul', 'EMUL', 13, 'left', '', dash],
  ['end_code', 'E_CODE', 16, 'right', '', dash],
  ['environ', 'ENVIRONMENT', 11, 'unlimited', '', dash],
  ['esp', 'ESP', 16, 'right', '', (row) => hex16(row.stat.kstkesp)],
  ['etime', 'ELAPSED', 11, 'right', 'u', (row) => etimeText(row.elapsed), timeElapsed],
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
  ['inblk', 'INBLK', 5, 'right', '', dash],
  ['inblock', 'INBLK', 5, 'right', '', dash],
  ['intpri', 'PRI', 3, 'right', '', (row) => String(60 + row.stat.priority)],
  ['ipcns', 'IPCNS', 10, 'right', '', namespace('ipc')],
  ['jid', 'JID', 1, 'right', '', dash],
  ['jobc', 'JOBC', 4, 'right', '', dash],
  ['ktrace', 'KTRACE', 8, 'right', '', dash],
  ['ktracep', 'KTRACEP', 8, 'right', '', dash],
  ['label', 'LABEL', 31, 'left', '', context, pid[1]],
  ['lastcpu', 'C', 3, 'right', '', ...psr],
  ['lim', 'LIM', 5, 'right', '', (row) => { const limit = row.rssLimit; return limit === null ? 'xx' : String(limit >> 10n).padStart(5); }],
  ['login', 'LOGNAME', 8, 'left', '', dash],
  ['logname', 'LOGNAME', 8, 'left', '', dash],
  ['longtname', 'TTY', 8, 'left', '', tty],
  ['lsession', 'SESSION', 11, 'left', '', login((facts) => facts.session)],
  ['lstart', 'STARTED', 24, 'right', '', (row) => ctime(row.startTime), ticksBegan],
  ['luid', 'LUID', 5, 'right', '', (row) => { const id = row.procInt('loginuid', -1); return id === -1 ? '-' : String(id); }],
  ['luser', 'LUSER', 8, 'user', '', dash],
  ['lwp', 'LWP', 5, 'right', 'p', ...tid],
  ['lxc', 'LXC', 8, 'left', '', (row) => decodeText(lxc(row).data)],
  ['m_drs', 'DRS', 5, 'right', '', dataKib, vsizeBytes],
  ['m_dt', 'DT', 4, 'right', '', dash, undefined, []],
  ['m_lrs', 'LRS', 5, 'right', '', dash],
  ['m_resident', 'RES', 5, 'right', '', dash],
  ['m_share', 'SHRD', 5, 'right', '', dash, undefined, []],
  ['m_size', 'SIZE', 5, 'right', '', (row) => String(row.stat.vsize), (row) => row.stat.vsize],
  ['m_swap', 'SWAP', 5, 'right', '', dash, undefined, []],
  ['m_trs', 'TRS', 5, 'right', '', codeKib, vsizeBytes],
  ['machine', 'MACHINE', 31, 'left', '', (row) => decodeText(machine(row).data)],
  ['maj_flt', 'MAJFL', 6, 'right', '', ...majflt],
  ['majflt', 'MAJFLT', 6, 'right', '', ...majflt],
  ['min_flt', 'MINFL', 6, 'right', '', ...minflt],
  ['minflt', 'MINFLT', 6, 'right', '', ...minflt],
  ['mntns', 'MNTNS', 10, 'right', '', namespace('mnt')],
  ['msgrcv', 'MSGRCV', 6, 'right', '', dash],
  ['msgsnd', 'MSGSND', 6, 'right', '', dash],
  ['mwchan', 'MWCHAN', 6, 'wchan', '', dash],
  ['netns', 'NETNS', 10, 'right', '', namespace('net')],
  ['ni', 'NI', 3, 'right', '', nice, (row) => row.stat.nice],
  ['nice', 'NI', 3, 'right', 'u', nice, (row) => row.stat.nice],
  ['nivcsw', 'IVCSW', 5, 'right', '', dash],
  ['nlwp', 'NLWP', 4, 'right', '', ...nlwp],
  ['nsignals', 'NSIGS', 5, 'right', '', dash],
  ['nsigs', 'NSIGS', 5, 'right', '', dash],
  ['nswap', 'NSWAP', 5, 'right', '', dash],
  ['numa', 'NUMA', 4, 'right', '', (row) => String(numaNodeOfCpu(row.facts.sys, row.stat.processor))],
  ['nvcsw', 'VCSW', 5, 'right', '', dash],
  ['nwchan', 'WCHAN', 6, 'right', '', dash],
  ['oom', 'OOM', 4, 'right', '', (row) => String(row.procInt('oom_score'))],
  ['oomadj', 'OOMADJ', 5, 'right', '', (row) => String(row.procInt('oom_score_adj'))],
  ['opri', 'PRI', 3, 'right', '', (row) => String(60 + row.stat.priority), (row) => row.stat.priority],
  ['osz', 'SZ', 2, 'right', '', dash],
  ['oublk', 'OUBLK', 5, 'right', '', dash],
  ['oublock', 'OUBLK', 5, 'right', '', dash],
  ['ouid', 'OWNER', 5, 'left', '', login(ownerUid)],
  ['p_ru', 'P_RU', 6, 'right', '', dash],
  ['paddr', 'PADDR', 6, 'right', '', dash],
  ['pagein', 'PAGEIN', 6, 'right', '', ...majflt],
  ['pcpu', '%CPU', 4, 'right', 'u', pcpu, utilization],
  ['pending', 'PENDING', 9, 'signal', '', signals('ShdPnd')],
  ['pgid', 'PGID', 5, 'right', 'pu', ...pgid],
  ['pgrp', 'PGRP', 5, 'right', 'p', ...pgid],
  ['pid', 'PID', 5, 'right', 'pu', ...pid],
  ['pidns', 'PIDNS', 10, 'right', '', namespace('pid')],
  ['pmem', '%MEM', 4, 'right', '', pmem, rss[1]],
  ['poip', '-', 1, 'right', '', dash],
  ['policy', 'POL', 3, 'left', '', cls, schedClass],
  ['ppid', 'PPID', 5, 'right', 'pu', ...ppid],
  ['pri', 'PRI', 3, 'right', '', (row) => String(39 - row.stat.priority), (row) => row.stat.priority],
  ['pri_api', 'API', 3, 'right', '', priority((pri) => -1 - pri), (row) => row.stat.priority],
  ['pri_bar', 'BAR', 3, 'right', '', priority((pri) => pri + 1), (row) => row.stat.priority],
  ['pri_baz', 'BAZ', 3, 'right', '', priority((pri) => pri + 100), (row) => row.stat.priority],
  ['pri_foo', 'FOO', 3, 'right', '', priority((pri) => pri - 20), (row) => row.stat.priority],
  ['priority', 'PRI', 3, 'right', '', (row) => String(row.stat.priority), (row) => row.stat.priority],
  ['prmgrp', 'PRMGRP', 12, 'right', '', dash],
  ['prmid', 'PRMID', 12, 'right', '', dash],
  ['project', 'PROJECT', 12, 'left', '', dash],
  ['projid', 'PROJID', 5, 'right', '', dash],
  ['pset', 'PSET', 4, 'right', '', dash],
  ['psr', 'PSR', 3, 'right', '', ...psr],
  ['pss', 'PSS', 5, 'right', '', ...numeric((row) => row.rollupKib(['Pss']))],
  ['psxpri', 'PPR', 3, 'right', '', dash],
  ['rbytes', 'RBYTES', 5, 'right', '', ioCounter('read_bytes')],
  ['rchars', 'RCHARS', 5, 'right', '', ioCounter('rchar')],
  ['re', 'RE', 3, 'right', '', dash],
  ['resident', 'RES', 5, 'right', '', dash, undefined, []],
  ['rgid', 'RGID', 5, 'right', '', ...rgid],
  ['rgroup', 'RGROUP', 8, 'user', 'u', rgroup, text(rgroup)],
  ['rlink', 'RLINK', 8, 'right', '', dash],
  ['rops', 'ROPS', 5, 'right', '', ioCounter('syscr')],
  ['rss', 'RSS', 5, 'right', '', ...rss],
  ['rssize', 'RSS', 5, 'right', '', ...rss],
  ['rsz', 'RSZ', 5, 'right', '', ...rss],
  ['rtprio', 'RTPRIO', 6, 'right', '', (row) => (row.stat.policy === 0 ? '-' : String(row.stat.rtPriority))],
  ['ruid', 'RUID', 5, 'right', '', ...ruid],
  ['ruser', 'RUSER', 8, 'user', 'u', ruser, text(ruser)],
  ['s', 'S', 1, 'left', '', (row) => row.stat.state],
  ['sched', 'SCH', 3, 'right', '', (row) => String(row.stat.policy)],
  ['scnt', 'SCNT', 4, 'right', '', dash],
  ['scount', 'SC', 4, 'right', '', dash],
  ['seat', 'SEAT', 11, 'left', '', (row) => decodeText(seat(row).data)],
  ['sess', 'SESS', 5, 'right', 'p', ...sess],
  ['session', 'SESS', 5, 'right', 'p', ...sess],
  ['sgi_p', 'P', 1, 'right', '', (row) => (row.stat.state === 'R' ? String(row.stat.processor) : '*'), state],
  ['sgi_rss', 'RSS', 4, 'left', '', ...rss],
  ['sgid', 'SGID', 5, 'right', '', ...sgid],
  ['sgroup', 'SGROUP', 8, 'user', '', sgroup, text(sgroup)],
  ['share', '-', 1, 'right', '', dash, undefined, []],
  ['sid', 'SID', 5, 'right', 'p', ...sess],
  ['sig', 'PENDING', 9, 'signal', '', signals('ShdPnd')],
  ['sig_block', 'BLOCKED', 9, 'signal', '', signals('SigBlk')],
  ['sig_catch', 'CATCHED', 9, 'signal', '', signals('SigCgt')],
  ['sig_ignore', 'IGNORED', 9, 'signal', '', signals('SigIgn')],
  ['sig_pend', 'SIGNAL', 9, 'signal', '', signals('ShdPnd')],
  ['sigcatch', 'CAUGHT', 9, 'signal', '', signals('SigCgt')],
  ['sigignore', 'IGNORED', 9, 'signal', '', signals('SigIgn')],
  ['sigmask', 'BLOCKED', 9, 'signal', '', signals('SigBlk')],
  ['size', 'SIZE', 5, 'right', '', (row) => String(row.kib('VmData') + row.kib('VmStk')), vsizeBytes],
  ['sl', 'SL', 3, 'right', '', dash],
  ['slice', 'SLICE', 31, 'left', '', login((facts) => facts.slice)],
  ['spid', 'SPID', 5, 'right', 'p', ...tid],
  ['stackp', 'STACKP', 16, 'right', '', (row) => hex16(row.stat.startstack)],
  ['start', 'STARTED', 8, 'right', '', start, ticksBegan],
  ['start_code', 'S_CODE', 16, 'right', '', dash],
  ['start_stack', 'STACKP', 16, 'right', '', (row) => hex16(row.stat.startstack)],
  ['start_time', 'START', 5, 'right', '', stime, ticksBegan],
  ['stat', 'STAT', 4, 'left', '', stat, state],
  ['state', 'S', 1, 'left', '', (row) => row.stat.state],
  ['status', 'STATUS', 6, 'right', '', dash],
  ['stime', 'STIME', 5, 'right', '', stime, ticksBegan],
  ['suid', 'SUID', 5, 'right', '', ...suid],
  ['supgid', 'SUPGID', 20, 'unlimited', '', (row) => supplementary(row).join(',') || '-'],
  ['supgrp', 'SUPGRP', 40, 'unlimited', '', (row) => supplementary(row).map((g) => row.groupName(Number(g)) ?? g).join(',') || '-'],
  ['suser', 'SUSER', 8, 'user', '', suser, text(suser)],
  ['svgid', 'SVGID', 5, 'right', '', ...sgid],
  ['svgroup', 'SVGROUP', 8, 'user', '', sgroup, text(sgroup)],
  ['svuid', 'SVUID', 5, 'right', '', ...suid],
  ['svuser', 'SVUSER', 8, 'user', '', suser, text(suser)],
  ['systime', 'SYSTEM', 6, 'right', '', dash],
  ['sz', 'SZ', 5, 'right', '', (row) => String(Math.floor(row.kib('VmSize') / (row.facts.pageSize / 1024))), vsz[1]],
  ['taskid', 'TASKID', 5, 'right', 'p', dash],
  ['tdev', 'TDEV', 4, 'right', '', dash],
  ['tgid', 'TGID', 5, 'right', 'p', ...pid],
  ['thcount', 'THCNT', 5, 'right', '', ...nlwp],
  ['tid', 'TID', 5, 'right', 'p', ...tid],
  ['time', 'TIME', 8, 'right', 'u', time, timeAll],
  ['timens', 'TIMENS', 10, 'right', '', namespace('time')],
  ['timeout', 'TMOUT', 5, 'right', '', dash],
  ['times', 'TIME', 8, 'right', '', times[0], timeAll],
  ['tmout', 'TMOUT', 5, 'right', '', dash],
  ['tname', 'TTY', 8, 'left', '', tty],
  ['tpgid', 'TPGID', 5, 'right', 'p', ...tpgid],
  ['trs', 'TRS', 4, 'right', '', codeKib, vsizeBytes],
  ['trss', 'TRSS', 4, 'right', '', codeKib, vsizeBytes],
  ['tsess', 'TSESS', 5, 'right', 'p', dash],
  ['tsession', 'TSESS', 5, 'right', 'p', dash],
  ['tsid', 'TSID', 5, 'right', 'p', dash],
  ['tsig', 'PENDING', 9, 'signal', '', signals('SigPnd')],
  ['tsiz', 'TSIZ', 4, 'right', '', codeKib, vsizeBytes],
  ['tt', 'TT', 8, 'left', '', tty],
  ['tty', 'TT', 8, 'left', 'u', tty],
  ['tty4', 'TTY', 4, 'left', '', (row) => row.ttyName.replace(/^(?:pts\/|tty)/, '')],
  ['tty8', 'TTY', 8, 'left', '', tty],
  ['u_procp', 'UPROCP', 6, 'right', '', dash],
  ['ucmd', 'CMD', 15, 'unlimited', '', comm, text(comm)],
  ['ucomm', 'COMMAND', 15, 'unlimited', '', comm, text(comm)],
  ['uid', 'UID', 5, 'right', '', ...euid],
  ['uid_hack', 'UID', 8, 'user', '', euser, text(euser)],
  ['umask', 'UMASK', 5, 'right', '', dash],
  ['uname', 'USER', 8, 'user', '', euser, text(euser)],
  ['unit', 'UNIT', 31, 'left', '', login((facts) => facts.unit)],
  ['upr', 'UPR', 3, 'right', '', dash],
  ['uprocp', 'UPROCP', 8, 'right', '', dash],
  ['user', 'USER', 8, 'user', 'u', euser, text(euser)],
  ['userns', 'USERNS', 10, 'right', '', namespace('user')],
  ['usertime', 'USER', 4, 'right', '', dash],
  ['usrpri', 'UPR', 3, 'right', '', dash],
  ['uss', 'USS', 5, 'right', '', ...numeric((row) => row.rollupKib(['Private_Clean', 'Private_Dirty']))],
  ['util', 'C', 2, 'right', '', cUtil, utilization],
  ['utime', 'UTIME', 6, 'right', '', dash, undefined, []],
  ['utsns', 'UTSNS', 10, 'right', '', namespace('uts')],
  ['uunit', 'UUNIT', 31, 'left', '', login((facts) => facts.userUnit)],
  ['vm_data', 'DATA', 5, 'right', '', dash],
  ['vm_exe', 'EXE', 5, 'right', '', dash],
  ['vm_lib', 'LIB', 5, 'right', '', dash, undefined, []],
  ['vm_lock', 'LCK', 3, 'right', '', dash],
  ['vm_stack', 'STACK', 5, 'right', '', dash],
  ['vsize', 'VSZ', 6, 'right', '', vsz[0], vsizeBytes, VSIZE_BYTES_COLUMNS],
  ['vsz', 'VSZ', 6, 'right', 'u', ...vsz],
  ['wbytes', 'WBYTES', 5, 'right', '', ioCounter('write_bytes')],
  ['wcbytes', 'WCBYTES', 5, 'right', '', ioCounter('cancelled_write_bytes')],
  ['wchan', 'WCHAN', 6, 'wchan', '', wchan],
  ['wchars', 'WCHARS', 5, 'right', '', ioCounter('wchar')],
  ['wname', 'WCHAN', 6, 'wchan', '', wchan],
  ['wops', 'WOPS', 5, 'right', '', ioCounter('syscw')],
  ['xstat', 'XSTAT', 5, 'right', '', dash],
  ['zone', 'ZONE', 31, 'left', '', context, pid[1]],
  ['zoneid', 'ZONEID', 31, 'right', '', dash],
];

// procps' PO (process only) and TO (thread only) keywords; the rest print on every line.
const PROCESS_ONLY = new Set(
  ('%mem args argc cgname cgroup cmd comm command drs dsiz emul end_code environ exe fname jid longtname m_drs m_dt ' +
    'm_lrs m_resident m_share m_size m_swap m_trs nlwp osz pgid pgrp pid pmem ppid prmgrp prmid project projid pss ' +
    'resident rss rssize rsz sess session sgi_rss share sid size stackp start_code start_stack supgid supgrp sz tgid ' +
    'thcount tname tpgid trs trss tsess tsession tsid tsiz tt tty tty4 tty8 ucmd ucomm uss vm_data vm_exe vm_lib vm_lock ' +
    'vm_stack vsize vsz').split(' '),
);
const THREAD_ONLY = new Set(
  ('blocked bnd caught class cls cpuid eip esp ignored intpri lastcpu lwp mwchan ni nice nwchan oom oomadj opri ' +
    'policy pri pri_api pri_bar pri_baz pri_foo priority pset psr psxpri rbytes rchars rops rtprio s sched sgi_p ' +
    'sig_block sig_catch sig_ignore sigcatch sigignore sigmask spid stat state taskid tid upr usrpri wbytes wcbytes ' +
    'wchan wchars wname wops').split(' '),
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
  ['lxc', lxc],
  ['machine', machine],
  ['seat', seat],
  ...[...ARGS_KEYWORDS].map((spec) => [spec, commandBytes(argsText)] as const),
  ...[...COMM_KEYWORDS].map((spec) => [spec, commandBytes(commText)] as const),
]);

function needsOf(spec: string): (c: PrintContext) => number {
  const fixed = (STATUS_KEYWORDS.has(spec) ? ScanField.status : 0) | (STATUS_TEXT_KEYWORDS.has(spec) ? ScanField.statusText : 0);
  if (ARGS_KEYWORDS.has(spec)) return (c) => fixed | (c.bsdC ? 0 : ScanField.cmdlineJoined);
  if (COMM_KEYWORDS.has(spec)) return (c) => fixed | (c.unixF ? ScanField.cmdlineJoined : 0);
  return () => fixed;
}

function makeFormat([spec, head, width, justify, flags, print, sort, sortNeeds]: Entry): FormatSpec {
  const format: { -readonly [K in keyof FormatSpec]: FormatSpec[K] } = {
    keyword: spec,
    head,
    width,
    justify,
    pidMax: flags.includes('p'),
    unix98: flags.includes('u'),
    scope: PROCESS_ONLY.has(spec) ? 'process' : THREAD_ONLY.has(spec) ? 'thread' : 'every',
    print,
    sort: sort ?? text(print),
    needs: needsOf(spec),
  };
  const printBytes = BYTE_PRINTERS.get(spec);
  if (printBytes) format.printBytes = printBytes;
  if (sortNeeds) format.sortNeeds = sortNeeds;
  return format;
}

// A run looks up a handful of the table's keywords: each format is made on first use and kept, so
// that a keyword always gives the same object (columns and sort keys are compared by identity).
const made = new Map<string, FormatSpec>();

/** The format of a keyword (procps' format_array entry); undefined for an unknown one. */
export function formatOf(spec: string): FormatSpec | undefined {
  const known = made.get(spec);
  if (known) return known;
  const entry = ENTRIES.find((candidate) => candidate[0] === spec);
  if (!entry) return undefined;
  const format = makeFormat(entry);
  made.set(spec, format);
  return format;
}

/** Every keyword's format, in the table's order. */
export function allFormats(): FormatSpec[] {
  return ENTRIES.map(([spec]) => formatOf(spec) as FormatSpec);
}

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
  // The other vendors' formats, reachable as keywords.
  ['DFMT', 'pid,tname,state,cputime,cmd'],
  ['F5FMT', 'uname,pid,ppid,c,start,tname,time,cmd'],
  ['FB_', 'pid,tt,stat,time,command'],
  ['FB_j', 'user,pid,ppid,pgid,sess,jobc,stat,tt,time,command'],
  ['FB_l', 'uid,pid,ppid,cpu,pri,nice,vsz,rss,wchan,stat,tt,time,command'],
  ['FB_u', 'user,pid,pcpu,pmem,vsz,rss,tt,stat,start,time,command'],
  ['FB_v', 'pid,stat,time,sl,re,pagein,vsz,rss,lim,tsiz,pcpu,pmem,command'],
  ['FD_', 'pid,tty,time,comm'],
  ['FD_f', 'user,pid,ppid,start_time,tty,time,comm'],
  ['FD_fj', 'user,pid,ppid,start_time,tty,time,pgid,sid,comm'],
  ['FD_j', 'pid,tty,time,pgid,sid,comm'],
  ['FD_l', 'flags,state,uid,pid,ppid,priority,nice,vsz,wchan,tty,time,comm'],
  ['FD_lj', 'flags,state,uid,pid,ppid,priority,nice,vsz,wchan,tty,time,pgid,sid,comm'],
  ['FL5FMT', 'f,state,uid,pid,ppid,pcpu,pri,nice,rss,wchan,start,time,command'],
  ['HP_', 'pid,tty,time,comm'],
  ['HP_f', 'user,pid,ppid,cpu,stime,tty,time,args'],
  ['HP_fl', 'flags,state,user,pid,ppid,cpu,intpri,nice,addr,sz,wchan,stime,tty,time,args'],
  ['HP_l', 'flags,state,uid,pid,ppid,cpu,intpri,nice,addr,sz,wchan,tty,time,comm'],
  ['J390', 'pid,sid,pgrp,tname,atime,args'],
  ['JFMT', 'user,pid,ppid,pgid,sess,jobc,state,tname,cputime,command'],
  ['L5FMT', 'f,state,uid,pid,ppid,c,pri,nice,addr,sz,wchan,tt,time,ucmd'],
  ['LFMT', 'uid,pid,ppid,cp,pri,nice,vsz,rss,wchan,state,tname,cputime,command'],
  ['RD_', 'pid,tname,state,bsdtime,comm'],
  ['RD_f', 'uid,pid,ppid,start_time,tname,bsdtime,args'],
  ['RD_fj', 'uid,pid,ppid,start_time,tname,bsdtime,pgid,sid,args'],
  ['RD_j', 'pid,tname,state,bsdtime,pgid,sid,comm'],
  ['RD_l', 'flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,comm'],
  ['RD_lj', 'flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,pgid,sid,comm'],
  ['RUSAGE', 'minflt,majflt,nswap,inblock,oublock,msgsnd,msgrcv,nsigs,nvcsw,nivcsw'],
  ['SCHED', 'user,pcpu,pri,usrpri,nice,psxpri,psr,policy,pset'],
  ['SFMT', 'uid,pid,cursig,sig,sigmask,sigignore,sigcatch,stat,tname,command'],
  ['Std_f', 'uid_hack,pid,ppid,c,stime,tname,time,cmd'],
  ['Std_fl', 'f,s,uid_hack,pid,ppid,c,opri,ni,addr,sz,wchan,stime,tname,time,cmd'],
  ['Std_l', 'f,s,uid,pid,ppid,c,opri,ni,addr,sz,wchan,tname,time,ucmd'],
  ['THREAD', 'user,pcpu,pri,scnt,wchan,usertime,systime'],
  ['UFMT', 'uname,pid,pcpu,pmem,vsz,rss,tt,state,start,time,command'],
  ['VFMT', 'pid,tt,state,time,sl,pagein,vsz,rss,pcpu,pmem,command'],
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
