// A process as psutil models it: identified by (pid, start time), every getter reading the kernel's
// files afresh unless inside oneshot(), and errno turned into NoSuchProcess, ZombieProcess or
// AccessDenied in one place (psutil's wrap_exceptions).
import { decodeText } from '../text.js';
import { isAscii } from 'node:buffer';
import type { ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { sleep } from '../../util/sleep.js';
import { AccessDenied, checkedPid, errnoCode, errnoError, InvalidArgument, NoSuchProcess, TimeoutExpired, Unsupported, ZombieProcess } from '../errors.js';
import { binding } from '../native.js';
import { defaultContext, readBytes, readEachFile, readFilesAhead, readLinks, type ProcfsContext } from '../procfs.js';
import { bootTime, sysconf } from '../system.js';
import { TtyNames } from '../tty.js';
import { userName } from '../users.js';
import { virtualMemory } from '../memory.js';
import {
  cpuAffinityOf,
  ioCountersOf,
  ioniceOf,
  numCtxSwitchesOf,
  openFilesOf,
  connectionsOf,
  rlimitOf,
  RLIMITS,
  threadsOf,
  type CtxSwitches,
  type Ionice,
  type IoCounters,
  type OpenFile,
  type ProcessConnection,
  type ProcessConnectionKind,
  type Rlimit,
  type ThreadTimes,
} from './details.js';
import { parseCmdline, parseCmdlineAscii, parseEnviron, parseIds, parseStat, parseStatm, parseStatus, type Ids, type ProcStat, type ProcStatm, type ProcStatus } from './parsers.js';
import { ascendingPidsAsync, numericEntries, type ListingOrder } from './pids.js';
import { rowBytes, ScanField, scanInBatches, scanProcesses, ScanStat, type ProcessScan } from './scan.js';
import type { ByteColumn } from '../../../native/index.js';
import { readMemoryFullInfo, readMemoryMaps, type MemoryFullInfo, type MemoryMap, type MemoryMapExt } from './smaps.js';

/** The per-process files the Process layer knows how to read. */
export type ProcFile =
  | 'stat'
  | 'status'
  | 'statm'
  | 'cmdline'
  | 'environ'
  | 'io'
  | 'smaps'
  | 'smaps_rollup'
  | 'wchan'
  | 'cgroup'
  | 'oom_score'
  | 'oom_score_adj'
  | 'loginuid'
  | 'autogroup'
  | 'limits';

/** psutil's memory_info(), from /proc/PID/statm. Every figure is in bytes. */
export interface MemoryInfo {
  /** Resident set size, bytes. */
  rss: number;
  /** Virtual size, bytes. */
  vms: number;
  /** Resident shared (file-backed and shmem) pages, bytes. */
  shared: number;
  /** Program text, bytes. */
  text: number;
  /** Data + stack, bytes. */
  data: number;
}

/** The process states of proc(5), named as psutil names them. */
const STATUS_NAMES: Readonly<Record<string, string>> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'tracing-stop',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  K: 'wake-kill',
  W: 'waking',
  I: 'idle',
  P: 'parked',
};

/** psutil's cpu_times(). Every figure is in seconds. */
export interface CpuTimes {
  /** Seconds in user mode. */
  user: number;
  /** Seconds in kernel mode. */
  system: number;
  /** Seconds in user mode of the waited-for children. */
  childrenUser: number;
  /** Seconds in kernel mode of the waited-for children. */
  childrenSystem: number;
  /** Seconds waiting for block I/O (delayacct_blkio_ticks). */
  iowait: number;
}

/** The options of the Process constructor. */
export interface ProcessOptions {
  /** Where /proc and /sys are read from (defaultContext() when absent). */
  ctx?: ProcfsContext;
  /** A thread of the process, for per-thread files (ps -L); the process itself when absent. */
  tid?: number;
}

/**
 * The values asDict() and processes() can ask for, by attribute name (psutil's as_dict names,
 * camelCased): each is what the Process method of that name answers, in its units.
 */
export interface ProcessAttributes {
  /** The process name (comm, or argv[0]'s base name when comm is cut at 15 bytes). */
  name: string;
  /** The executable's absolute path; "" for kernel threads. */
  exe: string;
  /** The command-line arguments; [] for kernel threads. */
  cmdline: string[];
  /** The state's name: running, sleeping, disk-sleep, stopped, zombie, idle... */
  status: string;
  /** The parent's pid (0 for pid 1 and kthreadd). */
  ppid: number;
  /** The name of the real uid, or the uid in decimal when NSS knows none. */
  username: string;
  /** Real, effective, saved and filesystem user ids. */
  uids: Ids;
  /** Real, effective, saved and filesystem group ids. */
  gids: Ids;
  /** The controlling terminal as a /dev path, or null without one. */
  terminal: string | null;
  /** The nice value, -20 (highest priority) to 19 (lowest). */
  nice: number;
  /** The I/O scheduling class and priority (ioprio_get(2)). */
  ionice: Ionice;
  /** The numbers of the CPUs the process may run on (sched_getaffinity(2)), ascending. */
  cpuAffinity: number[];
  /** The number of the CPU the process last ran on (stat field 39). */
  cpuNum: number;
  /** User, system, children's and I/O wait CPU times, seconds. */
  cpuTimes: CpuTimes;
  /** CPU use since the previous call, percent of one CPU (up to 100 × CPUs); 0 on the first call. */
  cpuPercent: number;
  /** RSS, VMS, shared, text and data (statm), bytes. */
  memoryInfo: MemoryInfo;
  /** memoryInfo plus USS, PSS and swap (smaps_rollup), bytes. */
  memoryFullInfo: MemoryFullInfo;
  /** RSS in percent (0–100) of the total physical memory. */
  memoryPercent: number;
  /** The mappings of smaps summed by path, figures in bytes. */
  memoryMaps: MemoryMap[];
  /** Read and write system calls (count) and bytes, from /proc/PID/io. */
  ioCounters: IoCounters;
  /** Voluntary and involuntary context switches since the process started, count. */
  numCtxSwitches: CtxSwitches;
  /** The number of open file descriptors. */
  numFds: number;
  /** The number of threads. */
  numThreads: number;
  /** Each thread's id and user and system CPU times (seconds), by ascending id. */
  threads: ThreadTimes[];
  /** The regular files held open, with their offset (bytes) and mode. */
  openFiles: OpenFile[];
  /** The TCP and UDP sockets (the 'inet' kind) of the process. */
  connections: ProcessConnection[];
  /** The working directory's absolute path. */
  cwd: string;
  /** The environment the process started with, by variable name; {} for kernel threads. */
  environ: Record<string, string>;
  /** When the process started, seconds since the epoch (Unix time, fractional). */
  createTime: number;
}

/** The name of one attribute of asDict() and processes(). */
export type ProcessAttribute = keyof ProcessAttributes;

/** How each attribute is read from a Process (asDict, and processes() where its scan has no answer). */
export const ATTRIBUTES: { readonly [K in ProcessAttribute]: (p: Process, ttys?: TtyNames) => ProcessAttributes[K] } = {
  name: (p) => p.name(),
  exe: (p) => p.exe(),
  cmdline: (p) => p.cmdline(),
  status: (p) => p.status(),
  ppid: (p) => p.ppid(),
  username: (p) => p.username(),
  uids: (p) => p.uids(),
  gids: (p) => p.gids(),
  terminal: (p, ttys) => (ttys ? p.terminalWith(ttys) : p.terminal()),
  nice: (p) => p.nice(),
  ionice: (p) => p.ionice(),
  cpuAffinity: (p) => p.cpuAffinity(),
  cpuNum: (p) => p.cpuNum(),
  cpuTimes: (p) => p.cpuTimes(),
  cpuPercent: (p) => p.cpuPercent(),
  memoryInfo: (p) => p.memoryInfo(),
  memoryFullInfo: (p) => p.memoryFullInfo(),
  memoryPercent: (p) => p.memoryPercent(),
  memoryMaps: (p) => p.memoryMaps(),
  ioCounters: (p) => p.ioCounters(),
  numCtxSwitches: (p) => p.numCtxSwitches(),
  numFds: (p) => p.numFds(),
  numThreads: (p) => p.numThreads(),
  threads: (p) => p.threads(),
  openFiles: (p) => p.openFiles(),
  connections: (p) => p.connections(),
  cwd: (p) => p.cwd(),
  environ: (p) => p.environ(),
  createTime: (p) => p.createTime(),
};

/**
 * One process's attributes, as asDict() and processes() give them. An attribute the kernel
 * refused (AccessDenied) or that a zombie can no longer give is null (psutil's ad_value).
 */
export type ProcessInfo<A extends ProcessAttribute> = {
  /** The process id. */
  pid: number;
} & { [K in A]: ProcessAttributes[K] | null };

/** The figures memoryPercent() can take the percentage of (memoryFullInfo()'s). */
const MEMTYPES: ReadonlyArray<keyof MemoryFullInfo> = ['rss', 'vms', 'shared', 'text', 'data', 'uss', 'pss', 'swap'];

/** The highest signal number of Linux (SIGRTMAX, _NSIG - 1). */
const SIGRTMAX = 64;

/** One link of Process.readLinksBytes: its bytes, or the error reading it met. */
export type LinkRead = { readonly link: Buffer } | { readonly error: unknown };

/** A process of a scan as children() needs it: its pid and start ticks. */
interface Kin {
  pid: number;
  start: number;
}

/** The processes of a scan by parent pid. */
type ChildrenByParent = Map<number, Kin[]>;

/** Adds every row of a scan to the lists of its parent. */
function addChildren(byParent: ChildrenByParent, scan: ProcessScan): void {
  for (let index = 0; index < scan.count; index++) {
    const stat = new ScanStat(scan, index);
    const entry = { pid: scan.pids[index] as number, start: stat.starttime };
    const siblings = byParent.get(stat.ppid);
    if (siblings) siblings.push(entry);
    else byParent.set(stat.ppid, [entry]);
  }
}

/** Beyond this many threads, reading each one's list of children costs more than the scan it saves. */
const LISTS_UP_TO = 64;

/**
 * The pids the kernel lists as PID's children, ascending: each thread's /proc/PID/task/TID/children
 * (CONFIG_PROC_CHILDREN) names the processes it forked or that were reparented to it, together
 * the processes whose ppid (their real parent's thread group) is PID. Null when a list cannot be
 * read (a kernel without them, a frozen tree, a thread that ended meanwhile) or there are more
 * than LISTS_UP_TO threads: the caller then looks at every process's ppid.
 */
function listedChildren(ctx: ProcfsContext, pid: number): Int32Array | null {
  const task = join(ctx.proc, String(pid), 'task');
  const out: number[] = [];
  try {
    const tids = binding().listIds(task);
    if (tids.length > LISTS_UP_TO) return null;
    // Every thread's list in one call of the addon.
    for (const list of readEachFile(task, tids, 'children')) {
      if (typeof list === 'number') return null;
      for (const word of list.toString('latin1').split(' ')) if (/^\d+$/.test(word)) out.push(Number(word));
    }
  } catch {
    return null;
  }
  return Int32Array.from(out).sort();
}

/** True when ctx reads this machine's own /proc, where pids are the ones syscalls and signals act on. */
function isLive(ctx: ProcfsContext): boolean {
  return ctx.proc.replace(/\/+$/, '') === '/proc';
}

/**
 * psutil's Process: one process, identified by its pid and start time. Getters read the kernel
 * afresh on every call, or once per oneshot() scope; signals and syscalls check first that the
 * pid still belongs to this process.
 */
export class Process {
  /** The process id. */
  readonly pid: number;
  /** Where its files are read from. */
  readonly ctx: ProcfsContext;
  /** A thread of the process whose files this object reads (ps -L), or undefined. */
  readonly tid: number | undefined;

  /** The /proc directory of this process, or of one of its threads (ROOT/PID/task/TID). */
  private readonly dir: string;
  /** dir as a byte string (its UTF-8 bytes, a char each), for the addon's readers of byte-string paths. */
  private readonly byteDir: string;
  /** Start ticks seen at construction: with the pid, the identity of the process. */
  private readonly startedAt: number;
  /** Files read in the current oneshot scope; null outside any. */
  private files: Map<ProcFile, Buffer> | null = null;
  /** Files being read ahead for the current oneshot scope (readAhead), each taken at its first read. */
  private ahead: Map<ProcFile, () => Buffer | number> | null = null;
  /** Links read in the current oneshot scope (exe, cwd, fd/N: open_files() and connections() both read every fd's); null outside any. */
  private links: Map<string, Buffer> | null = null;
  private parsedStat: ProcStat | undefined;
  private parsedStatus: ProcStatus | undefined;
  private depth = 0;
  private lastCpuSample: { seconds: number; at: number } | undefined;
  private exitCode: number | null | undefined;

  /**
   * Reads /proc/PID/stat once to record the start time that, with the pid, identifies the process
   * for its whole life: NoSuchProcess when there is no such process (a zombie is one).
   */
  constructor(pid: number, options: ProcessOptions = {}) {
    this.pid = checkedPid(pid);
    this.ctx = options.ctx ?? defaultContext();
    this.tid = options.tid === undefined ? undefined : checkedPid(options.tid);
    // Joined once: the files below it are named by concatenation (path.join costs 3 us a call
    // in a command's cold run, and a report names a hundred files).
    this.dir = join(this.ctx.proc, String(pid), ...(this.tid === undefined ? [] : ['task', String(this.tid)]));
    // A root named in other than ASCII reaches readLinks and readFilesAhead as the bytes node:fs
    // would have encoded it to.
    this.byteDir = /^[\x00-\x7f]*$/.test(this.dir) ? this.dir : Buffer.from(this.dir, 'utf8').toString('latin1');
    try {
      this.startedAt = parseStat(readBytes(this.path('stat'))).starttime;
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ESRCH') throw new NoSuchProcess(pid);
      if (code === 'EACCES' || code === 'EPERM') throw new AccessDenied(pid, this.path('stat'));
      throw error;
    }
  }

  /**
   * psutil's oneshot(): inside fn, each /proc/PID file is read at most once and every getter
   * answers from that reading; outside, every getter reads afresh. When fn returns a promise the
   * scope lasts until it settles. Scopes nest.
   *
   *     const { rss } = p.oneshot(() => ({ name: p.name(), rss: p.memoryInfo().rss }));
   */
  oneshot<T>(fn: () => T): T {
    this.oneshotEnter();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.oneshotExit();
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => this.oneshotExit()) as T;
    this.oneshotExit();
    return result;
  }

  /** The opening half of oneshot(), for a reader that cannot wrap its reads in one callback. */
  oneshotEnter(): void {
    if (this.depth++ === 0) {
      this.files = new Map();
      this.ahead = new Map();
      this.links = new Map();
    }
  }

  /** The closing half of oneshot(): the outermost exit forgets what the scope read. */
  oneshotExit(): void {
    if (this.depth === 0) return;
    if (--this.depth === 0) {
      this.files = null;
      this.ahead = null;
      this.links = null;
      this.parsedStat = undefined;
      this.parsedStatus = undefined;
    }
  }

  /**
   * Inside a oneshot scope, starts reading FILES on a thread of the addon while the caller goes
   * on; each getter then takes its file from that reading. A file that could not be read is read
   * again when asked for, for the error of a getter. Outside a scope, nothing. @internal
   */
  readAhead(files: readonly ProcFile[]): void {
    if (this.ahead === null) return;
    const take = readFilesAhead(files.map((file) => `${this.byteDir}/${file}`));
    for (const [i, file] of files.entries()) this.ahead.set(file, () => take()[i] as Buffer | number);
  }

  /** The path of /proc/PID/RELATIVE (stat, fd/3, task): RELATIVE is a plain relative path. */
  private path(relative: string): string {
    return `${this.dir}/${relative}`;
  }

  /** The raw bytes of /proc/PID/FILE: afresh, or once per oneshot scope. @internal */
  read(file: ProcFile): Buffer {
    const cached = this.files?.get(file);
    if (cached !== undefined) return cached;
    const ahead = this.ahead?.get(file)?.();
    this.ahead?.delete(file);
    if (ahead instanceof Buffer) {
      this.files?.set(file, ahead);
      return ahead;
    }
    const data = this.access(file, readBytes);
    this.files?.set(file, data);
    return data;
  }

  /**
   * Runs one filesystem call on /proc/PID/RELATIVE with the errno translation of every getter.
   * For what the oneshot cache does not cover: links (exe, cwd, fd/N), directories (fd, task)
   * and files read once per use (limits, fdinfo/N).
   * @internal
   */
  access<T>(relative: string, call: (path: string) => T): T {
    const path = this.path(relative);
    try {
      return call(path);
    } catch (error) {
      throw this.translate(error, path);
    }
  }

  /** readlink of /proc/PID/RELATIVE (exe, cwd, root, fd/N, ns/net...), as the kernel's bytes; once per oneshot scope. @internal */
  readLinkBytes(relative: string): Buffer {
    const [read] = this.readLinksBytes([relative]) as [LinkRead];
    if ('error' in read) throw read.error;
    return read.link;
  }

  /**
   * readLinkBytes of several links at once (one call of the addon for those not cached): each
   * link's bytes, or the error readLinkBytes would throw for it.
   * @internal
   */
  readLinksBytes(relatives: readonly string[]): LinkRead[] {
    const missing = relatives.filter((relative) => this.links?.get(relative) === undefined);
    const read = new Map(readLinks(missing.map((relative) => `${this.byteDir}/${relative}`)).map((link, i) => [missing[i] as string, link]));
    return relatives.map((relative) => {
      // Every link not cached was read just now.
      const link = this.links?.get(relative) ?? (read.get(relative) as Buffer | number);
      // The error readlinkSync would have thrown, translated as any other.
      if (typeof link === 'number') return { error: this.translate(errnoError(link, 'readlink', this.path(relative)), this.path(relative)) };
      this.links?.set(relative, link);
      return { link };
    });
  }

  /** readLinkBytes decoded as decodeText does. @internal */
  readLink(relative: string): string {
    return decodeText(this.readLinkBytes(relative));
  }

  /**
   * psutil's wrap_exceptions, the one place that decides what a failure means. EACCES/EPERM mean
   * AccessDenied. ENOENT/ESRCH prove nothing alone (the directory can outlive its files, and
   * kernel threads answer ESRCH for environ and smaps_rollup on 6.x): the process is gone when its
   * stat file is, or when the pid now belongs to a process started at another time; a Z state
   * means a zombie. Otherwise the original error stands, for the getter that knows what it means
   * (environ() {}, exe() "", memoryFullInfo() zeros) or for attributeOr(). `error` is a thrown
   * error, whose path `what` names, or the errno number the system call `what` answered (made
   * into the error Node would have thrown, errnoError).
   * @internal
   */
  translate(error: unknown, what: string): unknown {
    const raw = typeof error === 'number' ? errnoError(error, what) : error;
    const code = errnoCode(raw);
    if (code === 'EACCES' || code === 'EPERM') return new AccessDenied(this.pid, what);
    if (code !== 'ENOENT' && code !== 'ESRCH') return raw;
    const now = this.currentStat();
    if (now === null || now.starttime !== this.startedAt) return new NoSuchProcess(this.pid);
    return now.state === 'Z' ? new ZombieProcess(this.pid) : raw;
  }

  /** stat read afresh, or null when it cannot be read (the process is gone). */
  private currentStat(): ProcStat | null {
    try {
      return parseStat(readBytes(this.path('stat')));
    } catch {
      return null;
    }
  }

  /** /proc/PID/stat parsed (the raw record, for tools; the psutil getters are below). @internal */
  stat(): ProcStat {
    if (this.files === null) return parseStat(this.read('stat'));
    this.parsedStat ??= parseStat(this.read('stat'));
    return this.parsedStat;
  }

  /** /proc/PID/status parsed (the raw record, for tools). @internal */
  statusFields(): ProcStatus {
    if (this.files === null) return parseStatus(this.read('status'));
    this.parsedStatus ??= parseStatus(this.read('status'));
    return this.parsedStatus;
  }

  /** /proc/PID/statm parsed, in pages (the raw record, for tools). @internal */
  statm(): ProcStatm {
    return parseStatm(this.read('statm'));
  }

  /** The identity of this process: pids are reused, (pid, start ticks) is not. @internal */
  startTicks(): number {
    return this.startedAt;
  }

  /**
   * True while the pid still belongs to the process this object was made for (same start time);
   * false once it is gone or its pid was reused. A zombie is still running, as in psutil.
   */
  isRunning(): boolean {
    return this.currentStat()?.starttime === this.startedAt;
  }

  /** NoSuchProcess unless isRunning(): what psutil checks before any signal or setting. */
  private assertRunning(): void {
    if (!this.isRunning()) throw new NoSuchProcess(this.pid, `process no longer exists or its pid was reused (pid=${this.pid})`);
  }

  /** Signals and syscalls act on this machine's pids: meaningless on a procfs tree from elsewhere. */
  private assertLive(what: string): void {
    if (!isLive(this.ctx)) throw new Unsupported(`${what} needs the live /proc, not ${this.ctx.proc}`);
  }

  /**
   * The name: the kernel's comm (15 bytes at most), or, when comm is cut there, the base name of
   * argv[0] if it starts with comm (psutil's rule). Decoded as decodeText does.
   */
  name(): string {
    return completedName(decodeText(this.stat().comm), () => this.cmdline());
  }

  /** The parent pid (0 for pid 1 and kthreadd). */
  ppid(): number {
    return this.stat().ppid;
  }

  /** psutil's status(): the state's name (running, sleeping, disk-sleep, stopped, zombie, idle...). */
  status(): string {
    return statusName(this.stat().state);
  }

  /** Real, effective, saved and filesystem user ids. */
  uids(): Ids {
    return parseIds(this.statusFields().get('Uid'));
  }

  /** Real, effective, saved and filesystem group ids. */
  gids(): Ids {
    return parseIds(this.statusFields().get('Gid'));
  }

  /** The name of the real uid, or the uid in decimal when NSS knows none. */
  username(): string {
    return userName(this.uids().real);
  }

  /** The arguments, decoded as psutil does (see decodeText); [] for kernel threads. A zombie has none left to give. */
  cmdline(): string[] {
    return cmdlineArguments(this.read('cmdline'), this.stat().state, this.pid);
  }

  /** The number of threads. */
  numThreads(): number {
    return this.stat().numThreads;
  }

  /** Start time in seconds since the epoch (start ticks / CLK_TCK + boot time). */
  createTime(): number {
    return this.startedAt / sysconf().clockTicks + bootTime({ ctx: this.ctx });
  }

  /** CPU times in seconds, the process's and its waited-for children's. */
  cpuTimes(): CpuTimes {
    return cpuTimesOf(this.stat());
  }

  /**
   * psutil's cpu_percent(), in percent of one CPU (so up to 100 × CPUs). Without an interval:
   * the use since the previous call on this object, at once (the first call answers 0.0, to be
   * ignored). With `{ interval }` (seconds): the use over that interval, waited for without
   * blocking.
   */
  cpuPercent(): number;
  cpuPercent(options: { interval: number }): Promise<number>;
  cpuPercent(options?: { interval: number }): number | Promise<number> {
    if (options === undefined) return this.cpuPercentSince();
    const { interval } = options;
    if (!(interval >= 0)) throw new RangeError(`interval is not positive (got ${interval})`);
    if (interval === 0) return Promise.resolve(this.cpuPercentSince());
    this.cpuPercentSince();
    return sleep(interval * 1000).then(() => this.cpuPercentSince());
  }

  private cpuPercentSince(): number {
    const times = cpuTimesOf(parseStat(this.access('stat', readBytes)));
    const sample = { seconds: times.user + times.system, at: performance.now() };
    const previous = this.lastCpuSample;
    this.lastCpuSample = sample;
    if (!previous || sample.at <= previous.at) return 0;
    return Math.round(((sample.seconds - previous.seconds) / ((sample.at - previous.at) / 1000)) * 1000) / 10;
  }

  /** The CPU the process last ran on (psutil's cpu_num()). */
  cpuNum(): number {
    return this.stat().processor;
  }

  /** The nice value (-20..19). */
  nice(): number {
    return this.stat().nice;
  }

  /** The controlling terminal as a /dev path, or null without one. */
  terminal(): string | null {
    return this.terminalWith(new TtyNames(this.ctx));
  }

  /** terminal() with the tty names of a whole scan (read once for all its processes). @internal */
  terminalWith(ttys: TtyNames): string | null {
    const name = ttys.name(this.stat().ttyNr, this.pid);
    return name === '?' ? null : `/dev/${name}`;
  }

  /**
   * The executable's path; "" for kernel threads, which have none. A deleted executable keeps
   * the path it had (the kernel's " (deleted)" is removed, as psutil does).
   */
  exe(): string {
    try {
      return this.readLink('exe').replace(/ \(deleted\)$/, '');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return '';
      throw error;
    }
  }

  /** The working directory. */
  cwd(): string {
    return this.readLink('cwd').replace(/ \(deleted\)$/, '');
  }

  /**
   * The environment the process started with (NUL-separated KEY=VALUE pairs); {} for kernel
   * threads, which have none.
   */
  environ(): Record<string, string> {
    try {
      return parseEnviron(this.read('environ'));
    } catch (error) {
      // translate() has ruled out a gone process and a zombie: an ESRCH left is the kernel's
      // answer for a task without an address space (fs/proc/base.c environ_open, through
      // proc_mem_open, on 6.x), a kernel thread. psutil 5.9.4 reports it as NoSuchProcess
      // while the process runs on; its cmdline is [] for the same reason, so this is {}.
      if (errnoCode(error) === 'ESRCH') return {};
      throw error;
    }
  }

  /** The number of open file descriptors. */
  numFds(): number {
    // The directory holds only the descriptors' numbers.
    return this.access('fd', (path) => binding().listIds(path).length);
  }

  /** psutil's memory_info(): statm pages in bytes. */
  memoryInfo(): MemoryInfo {
    return memoryInfoOf(this.statm());
  }

  /** psutil's memory_full_info(): memoryInfo() plus USS, PSS and swap, in bytes (smaps_rollup). */
  memoryFullInfo(): MemoryFullInfo {
    return readMemoryFullInfo(this);
  }

  /**
   * psutil's memory_percent(): one memoryFullInfo() figure (rss by default) in percent of the
   * RAM. InvalidArgument for a memtype that is none of MEMTYPES.
   */
  memoryPercent(memtype: keyof MemoryFullInfo = 'rss'): number {
    if (!MEMTYPES.includes(memtype)) throw new InvalidArgument('memtype', memtype, `should be one of ${MEMTYPES.join(', ')}`);
    // USS, PSS and swap need smaps_rollup (ptrace-read access); the rest is statm's.
    const full = memtype === 'uss' || memtype === 'pss' || memtype === 'swap';
    const value = full ? this.memoryFullInfo()[memtype] : this.memoryInfo()[memtype];
    return (value / virtualMemory({ ctx: this.ctx }).total) * 100;
  }

  /** psutil's memory_maps(): one row per path (grouped, the default) or per mapping, figures in bytes. */
  memoryMaps(options?: { grouped?: true }): MemoryMap[];
  memoryMaps(options: { grouped: false }): MemoryMapExt[];
  memoryMaps(options: { grouped?: boolean } = {}): MemoryMap[] | MemoryMapExt[] {
    return readMemoryMaps(this, options.grouped ?? true);
  }

  /** psutil's io_counters(): system calls and bytes, from /proc/PID/io. */
  ioCounters(): IoCounters {
    return ioCountersOf(this);
  }

  /** Voluntary and involuntary context switches. */
  numCtxSwitches(): CtxSwitches {
    return numCtxSwitchesOf(this);
  }

  /** Each thread's id and CPU seconds, by ascending id. */
  threads(): ThreadTimes[] {
    return threadsOf(this);
  }

  /** The regular files the process holds open, with offset (bytes) and mode. */
  openFiles(): OpenFile[] {
    return openFilesOf(this);
  }

  /** The process's sockets of one kind (psutil's kinds of the inet family; 'inet' by default). */
  connections(kind: ProcessConnectionKind = 'inet'): ProcessConnection[] {
    return connectionsOf(this, kind);
  }

  /** psutil's ionice(): the I/O scheduling class and priority (ioprio_get(2)). */
  ionice(): Ionice {
    this.assertLive('ionice');
    this.assertRunning();
    return ioniceOf(this);
  }

  /** psutil's cpu_affinity(): the CPUs the process may run on (sched_getaffinity(2)). */
  cpuAffinity(): number[] {
    this.assertLive('cpuAffinity');
    this.assertRunning();
    return cpuAffinityOf(this);
  }

  /**
   * psutil's rlimit(resource): soft and hard limit (prlimit(2)); resource is an RLIMITS name or
   * number, else InvalidArgument (psutil's "invalid resource specified"). -1 is unlimited.
   */
  rlimit(resource: string | number): Rlimit {
    this.assertLive('rlimit');
    const number = RLIMITS.find(([name, value]) => (typeof resource === 'number' ? value === resource : name === resource))?.[1];
    if (number === undefined) throw new InvalidArgument('resource', resource, 'an RLIMIT_* name or its number (RLIMITS)');
    this.assertRunning();
    return rlimitOf(this, number);
  }

  /** Every resource limit, keyed by psutil's RLIMIT_* name, in psutil's order. */
  rlimits(): Record<string, Rlimit> {
    this.assertLive('rlimits');
    this.assertRunning();
    return Object.fromEntries(RLIMITS.map(([name, number]) => [name, rlimitOf(this, number)]));
  }

  /** psutil's parent(): the process of ppid, unless it started after this one (a reused pid). */
  parent(): Process | null {
    const ppid = this.ppid();
    if (ppid <= 0) return null;
    try {
      const candidate = new Process(ppid, { ctx: this.ctx });
      // Start ticks order processes as create times do, without reading the boot time.
      return candidate.startTicks() <= this.startedAt ? candidate : null;
    } catch (error) {
      if (error instanceof NoSuchProcess) return null;
      throw error;
    }
  }

  /** The parent, its parent, and so on up to the first process (psutil's parents()). */
  parents(): Process[] {
    const out: Process[] = [];
    for (let next = this.parent(); next !== null; next = next.parent()) out.push(next);
    return out;
  }

  /**
   * psutil's children(): processes whose ppid is this pid and that started after it, by pid;
   * with `{ recursive: true }` their children too, breadth first. Without recursion the kernel's
   * lists of this process's children (listedChildren) name the candidates, and only their stat
   * files are read; otherwise, or without the lists, the stat file of every process is, as psutil
   * reads them. The stat files are read on the addon's threads a batch at a time, so the event
   * loop runs meanwhile (a synchronous scan of 5,000 processes holds it for 70-350 ms):
   * childrenSync() is the same answer holding the thread, for command-line tools.
   *
   *     const pids = (await p.children({ recursive: true })).map((c) => c.pid);
   */
  async children(options: { recursive?: boolean } = {}): Promise<Process[]> {
    this.assertRunning();
    const recursive = options.recursive ?? false;
    const byParent: ChildrenByParent = new Map();
    const candidates = (recursive ? null : listedChildren(this.ctx, this.pid)) ?? (await ascendingPidsAsync(this.ctx));
    for await (const scan of scanInBatches(this.ctx, ScanField.stat, candidates)) {
      addChildren(byParent, scan);
      // As iterProcesses: a batch already read would let the loop go on without timers and I/O.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const out: Process[] = [];
    // Each child is made a Process (a read of its stat): a batch at a time here too.
    for (const child of this.descendants(byParent, recursive)) {
      if (out.push(child) % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }

  /** children() holding the thread until every stat file is read (one scan), for command-line tools. */
  childrenSync(options: { recursive?: boolean } = {}): Process[] {
    this.assertRunning();
    const recursive = options.recursive ?? false;
    const byParent: ChildrenByParent = new Map();
    addChildren(byParent, scanProcesses(this.ctx, ScanField.stat, recursive ? null : listedChildren(this.ctx, this.pid)));
    return [...this.descendants(byParent, recursive)];
  }

  /**
   * This process's children in `byParent` that are still there, breadth first (and theirs when
   * recursive); a child that started before its parent is another process's reused pid.
   */
  private *descendants(byParent: ChildrenByParent, recursive: boolean): Generator<Process> {
    const seen = new Set([this.pid]);
    const queue: Kin[] = [{ pid: this.pid, start: this.startedAt }];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      // Siblings by pid, as psutil walks them (its table comes from process_iter, in pid order):
      // the scan's rows need not be in that order.
      for (const child of (byParent.get(next.pid) ?? []).sort((a, b) => a.pid - b.pid)) {
        if (seen.has(child.pid) || child.start < next.start) continue;
        seen.add(child.pid);
        let process: Process;
        try {
          process = new Process(child.pid, { ctx: this.ctx });
        } catch (error) {
          if (error instanceof NoSuchProcess) continue;
          throw error;
        }
        if (process.startTicks() !== child.start) continue;
        if (recursive) queue.push(child);
        yield process;
      }
    }
  }

  /**
   * psutil's as_dict(): the attributes asked for (all of them by default) read in one oneshot
   * scope. One the kernel refused, or a zombie could not give, is `adValue` (null); without a
   * list, attributes this context cannot answer (syscalls on a foreign procfs) are left out.
   */
  asDict<A extends ProcessAttribute = ProcessAttribute>(attrs?: readonly A[], adValue: null = null): ProcessInfo<A> {
    const names = attrs ?? (Object.keys(ATTRIBUTES) as A[]);
    for (const name of names) if (!(name in ATTRIBUTES)) throw new InvalidArgument('attribute name', name, 'a ProcessAttribute');
    return this.oneshot(() => {
      const ttys = new TtyNames(this.ctx);
      const info: Record<string, unknown> = { pid: this.pid };
      for (const name of names) {
        try {
          info[name] = attributeOr(adValue, () => ATTRIBUTES[name](this, ttys));
        } catch (error) {
          if (error instanceof Unsupported && attrs === undefined) continue;
          throw error;
        }
      }
      return info as ProcessInfo<A>;
    });
  }

  /**
   * Sends a signal (a name such as 'SIGTERM' or a number, 0 to probe) after checking that the
   * pid still belongs to this process: NoSuchProcess when it is gone or was reused, AccessDenied
   * when the kernel refuses, InvalidArgument for a signal that is none.
   */
  sendSignal(signal: NodeJS.Signals | number): void {
    this.assertLive('sendSignal');
    // kill(2) takes 0..SIGRTMAX (64: _NSIG - 1 on Linux); Node refuses an unknown name with a
    // TypeError of its own, and would hand any number to the kernel.
    const valid = typeof signal === 'number' ? Number.isInteger(signal) && signal >= 0 && signal <= SIGRTMAX : Object.hasOwn(process.getBuiltinModule('node:os').constants.signals, signal);
    if (!valid) throw new InvalidArgument('signal', signal, `a signal name of os.constants.signals or a number from 0 to ${SIGRTMAX}`);
    if (this.pid === 0) throw new RangeError('pid 0 would signal the whole process group of the caller (kill(2))');
    this.assertRunning();
    try {
      process.kill(this.pid, signal);
    } catch (error) {
      throw this.translate(error, 'kill');
    }
  }

  /** SIGSTOP. */
  suspend(): void {
    this.sendSignal('SIGSTOP');
  }

  /** SIGCONT. */
  resume(): void {
    this.sendSignal('SIGCONT');
  }

  /** SIGTERM. */
  terminate(): void {
    this.sendSignal('SIGTERM');
  }

  /** SIGKILL. */
  kill(): void {
    this.sendSignal('SIGKILL');
  }

  /**
   * psutil's wait(): resolves when the process has ended, with its exit code when it was a child
   * of this Node process (minus the signal number when a signal ended it), null otherwise or when
   * it had already ended. `timeout` (seconds) rejects with TimeoutExpired when the process still
   * runs by then. The process is not reaped: Node reaps its own children, other parents theirs.
   */
  async wait(timeout?: number): Promise<number | null> {
    if (timeout !== undefined && !(timeout >= 0)) throw new RangeError(`timeout must be positive (got ${timeout})`);
    if (this.exitCode !== undefined) return this.exitCode;
    const deadline = timeout === undefined ? Infinity : performance.now() + timeout * 1000;
    const own = isLive(this.ctx) && this.tid === undefined && this.currentStat()?.ppid === process.pid;
    // How a child ends is known to its parent only; the polls below keep Node running meanwhile
    // and watch the deadline.
    const status = own ? this.childEnd() : null;
    let delay = 1;
    for (;;) {
      const settled = status && (await Promise.race([status, sleep(delay).then(() => null)]));
      if (settled) {
        // The status is known; a zombie the addon saw is Node's to reap, which it does on
        // SIGCHLD (one Node did not spawn stays a zombie: after a second it is left as it is).
        // Once wait() answers, the process is gone, as after psutil's.
        for (let tries = 0; tries < 1000 && this.isRunning(); tries++) await sleep(1);
        return (this.exitCode = settled.code ?? (settled.signal === undefined ? null : -settled.signal));
      }
      if (!status) {
        const now = this.currentStat();
        if (now === null || now.starttime !== this.startedAt) return (this.exitCode = null);
      }
      if (performance.now() >= deadline) throw new TimeoutExpired(this.pid, timeout ?? 0);
      if (!status) await sleep(delay);
      // psutil's wait_pid polls at growing intervals, up to 40 ms.
      delay = Math.min(delay * 2, 40);
    }
  }

  /**
   * How this child of Node ends. Node reaps the children it spawned as soon as they end and
   * tells only their ChildProcess ('exit'), so that object is found among the active handles
   * (process._getActiveHandles, long-standing though undocumented) and listened to. A child
   * spawned otherwise (by a worker thread, or inherited) is waited for by the addon, which sees
   * its status without reaping it.
   */
  private childEnd(): Promise<ChildEnd> {
    const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
    // node:child_process is loaded only here: it loads Node's net, dgram and stream modules.
    const { ChildProcess: Child } = process.getBuiltinModule('node:child_process');
    const child = handles.find((handle): handle is ChildProcess => handle instanceof Child && handle.pid === this.pid);
    if (!child) return binding().waitExit(this.pid);
    return new Promise((resolve) => {
      child.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
        if (code !== null) resolve({ code });
        else resolve(signal === null ? {} : { signal: process.getBuiltinModule('node:os').constants.signals[signal] });
      });
    });
  }
}

/**
 * One attribute of asDict() and processes(), or `adValue` (null) where psutil gives its ad_value:
 * AccessDenied, ZombieProcess. A process that is still there (translate() checked its stat file)
 * may also refuse one file with ESRCH or ENOENT (a kernel thread's files that need an address
 * space, a file this kernel was built without): a fact about this attribute, not a reason to
 * fail the whole row. NoSuchProcess and anything else propagate.
 * @internal
 */
export function attributeOr<T>(adValue: null, read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof AccessDenied || error instanceof ZombieProcess) return adValue;
    const code = errnoCode(error);
    if (code === 'ESRCH' || code === 'ENOENT') return adValue;
    throw error;
  }
}

/** How a child ended: its exit code or the signal that ended it; errno when that cannot be known. */
interface ChildEnd {
  code?: number;
  signal?: number;
  errno?: number;
}

/** stat's tick counts in seconds (psutil's cpu_times()). */
export function cpuTimesOf(stat: ProcStat): CpuTimes {
  return cpuTimesOfTicks(stat.utime, stat.stime, stat.cutime, stat.cstime, stat.blkioTicks, sysconf().clockTicks);
}

/** cpuTimesOf from the stat figures themselves (a scan's columns), at `hz` ticks a second. */
export function cpuTimesOfTicks(utime: number, stime: number, cutime: number, cstime: number, blkioTicks: number, hz: number): CpuTimes {
  return { user: utime / hz, system: stime / hz, childrenUser: cutime / hz, childrenSystem: cstime / hz, iowait: blkioTicks / hz };
}

/** psutil's name of a proc(5) state letter. */
export function statusName(state: string): string {
  return STATUS_NAMES[state] ?? state;
}

/** A cmdline file's arguments as Process.cmdline() gives them (ZombieProcess for a zombie's empty one). */
export function cmdlineArguments(data: Buffer, state: string, pid: number): string[] {
  return zombieChecked(isAscii(data) ? parseCmdlineAscii(data.toString('latin1')) : parseCmdline(data).map(decodeText), state, pid);
}

function zombieChecked(args: string[], state: string, pid: number): string[] {
  if (args.length === 0 && state === 'Z') throw new ZombieProcess(pid);
  return args;
}

/**
 * psutil's name() from the comm: a comm of 15 bytes or more (the kernel cuts it at 15) is
 * completed by the base name of argv[0] when that starts with it; `argv` refused or a zombie's
 * leaves the comm.
 */
export function completedName(comm: string, argv: () => readonly string[]): string {
  if (comm.length < 15) return comm;
  try {
    const argv0 = argv()[0];
    if (argv0 !== undefined && basename(argv0).startsWith(comm)) return basename(argv0);
  } catch (error) {
    if (!(error instanceof AccessDenied) && !(error instanceof ZombieProcess)) throw error;
  }
  return comm;
}

/** The arguments of row `row` of a cmdline column, whose process has `state` and `pid`. */
export type CmdlineRows = (row: number, state: string, pid: number) => string[];

/**
 * cmdlineArguments of each row of a scan's cmdline column. A column whose bytes are all ASCII
 * (nearly always) is decoded once and cut per row: a Buffer view and a decode per row cost a
 * few microseconds each, milliseconds at thousands of processes.
 */
export function cmdlineColumn(column: ByteColumn): CmdlineRows {
  if (!isAscii(column.data)) return (row, state, pid) => cmdlineArguments(rowBytes(column, row), state, pid);
  const text = column.data.toString('latin1');
  const offsets = column.offsets;
  return (row, state, pid) => zombieChecked(parseCmdlineAscii(text.slice(offsets[row] as number, offsets[row + 1] as number)), state, pid);
}

/** statm pages in bytes (psutil's memory_info()). */
export function memoryInfoOf(pages: ProcStatm): MemoryInfo {
  return memoryInfoOfPages(pages.resident, pages.size, pages.shared, pages.text, pages.data, sysconf().pageSize);
}

/** memoryInfoOf from the statm figures themselves (a scan's columns), with pages of `pageSize` bytes. */
export function memoryInfoOfPages(resident: number, size: number, shared: number, text: number, data: number, pageSize: number): MemoryInfo {
  return { rss: resident * pageSize, vms: size * pageSize, shared: shared * pageSize, text: text * pageSize, data: data * pageSize };
}

/** The thread ids of a process (/proc/PID/task). */
export function threadIds(process: Process, order: ListingOrder = 'ascending'): number[] {
  return process.access('task', (path) => numericEntries(path, order));
}
