// One process (or thread) as ps sees it: the values procps' library computes from stat, status,
// cmdline and friends, each read only when a column, the selection or the sort asks for it.
import { join } from 'node:path';
import { AccessDenied, NoSuchProcess } from '../../core/errors.js';
import { parseIds, parseStatus, statusBytes, type Ids, type ProcStat, type ProcStatus } from '../../core/process/parsers.js';
import { loginFacts, NO_LOGIN_FACTS, type LoginFacts, type SystemdCgroups } from '../../core/process/login.js';
import { Process } from '../../core/process/process.js';
import {
  rowBytes,
  CMDLINE_PRINTABLE,
  COMM_PRINTABLE,
  idsOf,
  scanError,
  STATUS,
  STATUS_WIDTH,
  type ProcessScan,
} from '../../core/process/scan.js';
import { readBytes, type ProcfsContext } from '../../core/procfs.js';
import type { ByteColumn } from '../../../native/index.js';
import type { TtyNames } from '../../core/tty.js';
import { groupById, userById } from '../../core/users.js';
import type { ByteRange } from '../../format/bytes.js';
import { escapeProcText, procpsCommand } from '../../format/escape.js';

/** What every row of one run shares. */
export interface RunFacts {
  readonly hertz: number;
  /** Seconds since the epoch at boot (/proc/stat btime). */
  readonly bootTime: number;
  /** Ticks since boot when ps started (uptime * hertz, truncated, as procps computes it). */
  readonly bootTicks: number;
  readonly memTotalKiB: number;
  readonly pageSize: number;
  readonly utf8: boolean;
  readonly ttys: TtyNames;
  /** The sysfs root, where NUMA shows which node holds a CPU. */
  readonly sys: string;
  /** Where the systemd columns find each process's cgroup path; null when libsystemd would answer nothing. */
  readonly systemdCgroups: SystemdCgroups | null;
}

const EMPTY_STATUS: ProcStatus = { get: () => undefined };
const NO_IDS: Ids = { real: 0, effective: 0, saved: 0, fs: 0 };

/**
 * A failed system call (a Node system error carries its errno and syscall): procps' library
 * leaves a field empty whatever the errno of a failed open or read (file2str returns -1), e.g.
 * ENOENT/ESRCH for a kernel thread's exe or environ, EACCES/EPERM for another user's files.
 */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && 'errno' in error && typeof error.errno === 'number' && 'syscall' in error;
}

/**
 * Reads a file that may be refused, missing, or gone with its process without failing the row:
 * procps prints what it could read, and a process that exits after it was listed still gets
 * its line. Anything else (a TypeError, a parser's RangeError) is a bug and propagates.
 */
function tolerant<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof NoSuchProcess || error instanceof AccessDenied || isSystemError(error)) return fallback;
    throw error;
  }
}

/** EXE of a process whose executable link cannot be read. */
const NO_EXE = Buffer.from('-');

/** Where a row read from the process scan finds its columns. */
export interface ScanRow {
  readonly ctx: ProcfsContext;
  /** Scanned with ScanField.cmdlineJoined when the command line was asked for. */
  readonly scan: ProcessScan;
  readonly index: number;
}

const STATUS_KIB: Readonly<Record<string, number>> = STATUS;

export class PsRow {
  private statusCache: ProcStatus | undefined;
  private uidsCache: Ids | undefined;
  private gidsCache: Ids | undefined;
  private elapsedCache: number | undefined;
  private cmdlineCache: Buffer | undefined;
  private commCache: Buffer | undefined;
  private ioCache: string | undefined;
  private rollupCache: string | undefined;
  private processCache: Process | undefined;
  private loginCache: LoginFacts | undefined;
  /** The scan the row comes from (undefined for a row read through its Process), and where. */
  private readonly scan: ProcessScan | undefined;
  private readonly index: number;
  private readonly ctx: ProcfsContext;

  constructor(
    /**
     * The process itself, or its row of a scan (whose Process is made only when needed); the
     * ScanRow is taken apart here, so one object can serve every row.
     */
    origin: Process | ScanRow,
    readonly stat: ProcStat,
    readonly facts: RunFacts,
    /** With m/-m: the process's own line, or one of its threads' lines after it. */
    readonly line: 'process' | 'thread' | 'single' = 'single',
  ) {
    if (origin instanceof Process) {
      this.processCache = origin;
      this.scan = undefined;
      this.index = 0;
      this.ctx = origin.ctx;
    } else {
      this.scan = origin.scan;
      this.index = origin.index;
      this.ctx = origin.ctx;
    }
  }

  /** The process, for files the scan did not read. */
  get process(): Process {
    if (!this.processCache) {
      // A row is one reading of each file, however many columns use it.
      this.processCache = new Process(this.tgid, { ctx: this.ctx });
      this.processCache.oneshotEnter();
    }
    return this.processCache;
  }

  /** The process id (the thread group id on thread rows). */
  get tgid(): number {
    return this.scan === undefined ? this.process.pid : (this.scan.pids[this.index] as number);
  }

  /** The thread id on thread rows, the pid otherwise. */
  get tid(): number {
    return this.scan === undefined ? (this.process.tid ?? this.process.pid) : this.tgid;
  }

  /**
   * Where this row's parsed status figures start in the scan's status column; -1 when the scan
   * did not read status (read it from the file) and -2 when status could not be read (procps
   * then leaves every status field empty).
   */
  private statusOffset(): number {
    const scan = this.scan;
    if (scan === undefined || scan.status === undefined) return -1;
    return scanError(scan, this.index, 'status') !== 0 ? -2 : this.index * STATUS_WIDTH;
  }

  /** The scan's status column (when statusOffset() >= 0). */
  private statusColumn(): Float64Array {
    return (this.scan as ProcessScan).status as Float64Array;
  }

  get status(): ProcStatus {
    if (this.statusCache === undefined) {
      const scan = this.scan;
      if (scan?.statusText !== undefined) {
        const failed = scanError(scan, this.index, 'statusText') !== 0;
        this.statusCache = failed ? EMPTY_STATUS : parseStatus(rowBytes(scan.statusText, this.index));
      } else {
        this.statusCache = tolerant(() => this.process.statusFields(), EMPTY_STATUS);
      }
    }
    return this.statusCache;
  }

  private ids(key: 'Uid' | 'Gid'): Ids {
    const offset = this.statusOffset();
    if (offset === -2) return NO_IDS;
    if (offset >= 0) {
      return idsOf(this.scan as ProcessScan, this.index, key === 'Uid' ? 'uid' : 'gid');
    }
    const value = this.status.get(key);
    return value === undefined ? NO_IDS : parseIds(value);
  }

  get uids(): Ids {
    this.uidsCache ??= this.ids('Uid');
    return this.uidsCache;
  }

  get gids(): Ids {
    this.gidsCache ??= this.ids('Gid');
    return this.gidsCache;
  }

  /** A status line in KiB (VmRSS, VmSize, VmLck...), 0 when absent as for kernel threads. */
  kib(key: string): number {
    const figure = STATUS_KIB[key];
    const offset = figure !== undefined && figure >= STATUS.VmSize ? this.statusOffset() : -1;
    if (offset === -2) return 0;
    if (offset >= 0) {
      const value = this.statusColumn()[offset + (figure as number)] as number;
      return Number.isNaN(value) ? 0 : value;
    }
    return (statusBytes(this.status, key) ?? 0) / 1024;
  }

  /** The scan's flag for this row: the text needs no escaping at all. */
  private printable(flag: number): boolean {
    return this.scan !== undefined && ((this.scan.flags[this.index] as number) & flag) !== 0;
  }

  /** comm is printable ASCII (no escaping, one cell per byte). */
  get asciiComm(): boolean {
    return this.printable(COMM_PRINTABLE);
  }

  /** The command line (as `cmdline` shows it) is printable ASCII. */
  get asciiCmdline(): boolean {
    return this.cmdlineCache !== undefined && this.printable(CMDLINE_PRINTABLE) && this.printable(COMM_PRINTABLE);
  }

  /**
   * Points `range` at the scan's bytes of the comm or the command line and answers true when
   * they print as they are (printable ASCII, and a command line that is not empty): the line
   * then copies them without a Buffer or string of their own.
   */
  asciiRange(which: 'comm' | 'cmdline', range: ByteRange): boolean {
    const { scan, index } = this;
    if (scan === undefined) return false;
    const flags = scan.flags[index] as number;
    let column: ByteColumn | undefined = scan.comm;
    if (which === 'cmdline') {
      column = scan.cmdline;
      if (column === undefined || (flags & CMDLINE_PRINTABLE) === 0 || scanError(scan, index, 'cmdline') !== 0) return false;
    } else if ((flags & COMM_PRINTABLE) === 0) {
      return false;
    }
    range.data = column.data;
    range.start = column.offsets[index] as number;
    range.end = column.offsets[index + 1] as number;
    return range.end > range.start || which === 'comm';
  }

  /** The comm, escaped as the library escapes it when reading stat. */
  get comm(): Buffer {
    this.commCache ??= this.asciiComm ? this.stat.comm : escapeProcText(this.stat.comm, this.facts.utf8);
    return this.commCache;
  }

  /** The command line on one line (joinArguments), empty when unreadable. */
  private joinedCmdline(): Buffer {
    const scan = this.scan;
    if (scan?.cmdline === undefined) {
      return joinArguments(tolerant(() => this.process.read('cmdline'), Buffer.alloc(0)));
    }
    // ps scans with ScanField.cmdlineJoined: the addon joined it.
    return scanError(scan, this.index, 'cmdline') !== 0 ? Buffer.alloc(0) : rowBytes(scan.cmdline, this.index);
  }

  /**
   * The command line as procps' library presents it: NULs and newlines turned into spaces, a
   * trailing space dropped, escaped; without one, "[comm]", plus " <defunct>" for a zombie.
   */
  get cmdline(): Buffer {
    if (this.cmdlineCache === undefined) {
      const joined = this.joinedCmdline();
      // this.comm is escaped already.
      const ready = { joined: this.printable(CMDLINE_PRINTABLE), comm: true };
      this.cmdlineCache = procpsCommand(joined, joined.length > 0 ? Buffer.alloc(0) : this.comm, this.stat.state === 'Z', this.facts.utf8, ready);
    }
    return this.cmdlineCache;
  }

  /** The environment on one line, or "-" when it cannot be read (e's behaviour). */
  get environ(): Buffer {
    const raw = tolerant(() => this.process.read('environ'), Buffer.alloc(0));
    const joined = joinArguments(raw);
    return joined.length > 0 ? escapeProcText(joined, this.facts.utf8) : Buffer.from('-');
  }

  /** A file of one decimal (oom_score, oom_score_adj, loginuid) as the library's int; `absent` when unreadable. */
  procInt(name: 'oom_score' | 'oom_score_adj' | 'loginuid', absent = 0): number {
    const value = Number.parseInt(tolerant(() => this.process.read(name).toString('latin1'), ''), 10);
    return Number.isNaN(value) ? absent : value | 0;
  }

  /** /proc/PID/autogroup's "/autogroup-ID nice N": the library's -1 and 0 without one. */
  get autogroup(): { id: number; nice: number } {
    const m = /^\/autogroup-(\d+) nice (-?\d+)/.exec(tolerant(() => this.process.read('autogroup').toString('latin1'), ''));
    return m ? { id: Number(m[1]), nice: Number(m[2]) } : { id: -1, nice: 0 };
  }

  /** RLIMIT_RSS's soft limit in bytes (stat's rsslim, as limits shows it), null when unlimited. */
  get rssLimit(): bigint | null {
    const m = /^Max resident set +(\S+)/m.exec(tolerant(() => this.process.read('limits').toString('latin1'), ''));
    return !m || m[1] === 'unlimited' ? null : BigInt(m[1] as string);
  }

  /** A counter of /proc/PID/io ("rchar", "read_bytes"...) as its digits; 0 when unreadable. */
  io(key: string): string {
    this.ioCache ??= tolerant(() => this.process.read('io').toString('latin1'), '');
    return new RegExp(`^${key}: (\\d+)$`, 'm').exec(this.ioCache)?.[1] ?? '0';
  }

  /** The sum of smaps_rollup's lines KEYS, in kB; 0 when unreadable (another's, a kernel thread). */
  rollupKib(keys: readonly string[]): number {
    this.rollupCache ??= tolerant(() => this.process.read('smaps_rollup').toString('latin1'), '');
    let sum = 0;
    for (const key of keys) sum += Number(new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(this.rollupCache)?.[1] ?? 0);
    return sum;
  }

  /** The kernel function the task sleeps in: "-" when running, "?" when unreadable. */
  get wchan(): string {
    const raw = tolerant(() => this.process.read('wchan').toString('latin1'), null);
    if (raw === null || raw.length === 0) return '?';
    if (raw === '0') return '-';
    return raw.replace(/^\./, '').replace(/^_+/, '');
  }

  get ttyName(): string {
    return this.facts.ttys.name(this.stat.ttyNr, this.tgid);
  }

  /** Total CPU ticks, with the dead children's when `cumulative` (S). */
  ticks(cumulative: boolean): number {
    const own = this.stat.utime + this.stat.stime;
    return cumulative ? own + this.stat.cutime + this.stat.cstime : own;
  }

  /** Seconds since the process started, as a double (procps' TIME_ELAPSED). */
  get elapsed(): number {
    if (this.elapsedCache === undefined) {
      const t = this.facts.bootTicks - this.stat.starttime;
      this.elapsedCache = t > 0 ? t / this.facts.hertz : 0;
    }
    return this.elapsedCache;
  }

  /** Start time in seconds since the epoch, truncated as procps computes it. */
  get startTime(): number {
    return this.facts.bootTime + Math.trunc(this.stat.starttime / this.facts.hertz);
  }

  userName(uid: number): string | null {
    return userById(uid)?.name ?? null;
  }

  groupName(gid: number): string | null {
    return groupById(gid)?.name ?? null;
  }

  /** readlink of the executable as its bytes, or "-" (procps' EXE). */
  get exe(): Buffer {
    return tolerant(() => this.process.readLinkBytes('exe'), NO_EXE);
  }

  /** The namespace inode of ns/NAME, or null when unreadable. */
  namespace(name: string): number | null {
    const link = tolerant(() => this.process.readLink(`ns/${name}`), '');
    const match = /\[(\d+)\]$/.exec(link);
    return match ? Number(match[1]) : null;
  }

  /**
   * What libsystemd's sd-login says of the process (procps' sd2proc), from its cgroup path: of
   * /proc/TID/cgroup on a thread's line, as procps asks about p->tid.
   */
  get login(): LoginFacts {
    if (this.loginCache === undefined) {
      const cgroups = this.facts.systemdCgroups;
      const text = cgroups === null ? null : tolerant(() => readBytes(join(this.ctx.proc, String(this.tid), 'cgroup')).toString('latin1'), null);
      this.loginCache = cgroups === null || text === null ? NO_LOGIN_FACTS : loginFacts(text, cgroups);
    }
    return this.loginCache;
  }

  /** The name of the LXC container the process runs in (lxcNameOf its cgroup file), or null. */
  get lxcName(): Buffer | null {
    const cgroup = tolerant(() => this.process.read('cgroup'), null);
    return cgroup && lxcNameOf(cgroup);
  }

  /** /proc/PID/cgroup as procps shows it: non-root lines joined by commas, or "-". */
  get cgroup(): string {
    const raw = tolerant(() => this.process.read('cgroup').toString('latin1'), '');
    const groups = raw.split('\n').filter((line) => line !== '' && !line.endsWith('/'));
    return groups.length > 0 ? groups.join(',') : '-';
  }
}

// The delimiters LXC's default cgroup pattern puts before a container's name, newest first.
const LXC_DELIMITERS = ['lxc.payload.', 'lxc.payload/', 'lxc/'].map((text) => Buffer.from(text));

/**
 * procps' lxc_containers(): in a cgroup file (up to its first NUL, as a C string), the first
 * delimiter found, newest kind first; on that line its last occurrence (a nested container);
 * the name up to the next slash. Null when there is none.
 */
export function lxcNameOf(cgroup: Buffer): Buffer | null {
  const nul = cgroup.indexOf(0);
  const text = nul < 0 ? cgroup : cgroup.subarray(0, nul);
  for (const delimiter of LXC_DELIMITERS) {
    const first = text.indexOf(delimiter);
    if (first < 0) continue;
    const newline = text.indexOf(0x0a, first);
    const line = text.subarray(0, newline < 0 ? text.length : newline);
    let name = first + delimiter.length;
    for (let next = line.indexOf(delimiter, name); next >= 0; next = line.indexOf(delimiter, name)) name = next + delimiter.length;
    const slash = line.indexOf(0x2f, name);
    return line.subarray(name, slash < 0 ? line.length : slash);
  }
  return null;
}

/** cmdline/environ bytes on one line: trailing NULs dropped, inner NULs and newlines as spaces. */
export function joinArguments(raw: Buffer): Buffer {
  let end = raw.length;
  while (end > 0 && raw[end - 1] === 0) end--;
  const out = Buffer.from(raw.subarray(0, raw.length));
  for (let i = 0; i < end; i++) if (out[i] === 0 || out[i] === 0x0a) out[i] = 0x20;
  let length = end;
  // read_unvectored drops one trailing space of the original text (not one made from a NUL).
  if (raw.length > 0 && raw[raw.length - 1] === 0x20) length = Math.min(length, raw.length - 1);
  return out.subarray(0, length);
}
