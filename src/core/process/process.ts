// A process as psutil models it: identified by (pid, start time), reading each /proc/PID file at
// most once per refresh (psutil's oneshot), with errno turned into NoSuchProcess, ZombieProcess
// or AccessDenied.
import { decodeText } from '../text.js';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { AccessDenied, checkedPid, errnoCode, NoSuchProcess, ZombieProcess } from '../errors.js';
import { binding } from '../native.js';
import { defaultContext, readBytes, type ProcfsContext } from '../procfs.js';
import { bootTime, sysconf } from '../system.js';
import { TtyNames } from '../tty.js';
import { userName } from '../users.js';
import {
  parseCmdline,
  parseEnviron,
  parseIds,
  parseStat,
  parseStatm,
  parseStatus,
  type Ids,
  type ProcStat,
  type ProcStatm,
  type ProcStatus,
} from './parsers.js';

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
  | 'cgroup';

export interface MemoryInfo {
  /** Resident set size in bytes. */
  rss: number;
  /** Virtual size in bytes. */
  vms: number;
  shared: number;
  text: number;
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

/** CPU seconds (psutil's cpu_times). */
export interface CpuTimes {
  user: number;
  system: number;
  childrenUser: number;
  childrenSystem: number;
  /** Time spent waiting for block I/O (delayacct_blkio_ticks). */
  iowait: number;
}

export class Process {
  private readonly files = new Map<ProcFile, Buffer>();
  private lastCpuSample: { ticks: number; at: number } | undefined;
  private parsedStat: ProcStat | undefined;
  private parsedStatus: ProcStatus | undefined;

  /** The /proc directory of this process, or of one of its threads (PID/task/TID). */
  private readonly dir: string;

  constructor(
    readonly pid: number,
    readonly ctx: ProcfsContext = defaultContext(),
    /** A thread of the process, for per-thread files (ps -L); the process itself when absent. */
    readonly tid?: number,
  ) {
    checkedPid(pid);
    if (tid !== undefined) checkedPid(tid);
    this.dir = tid === undefined ? String(pid) : join(String(pid), 'task', String(tid));
  }

  /** Forgets every file read so far: the next getter reads fresh values. */
  refresh(): void {
    this.files.clear();
    this.parsedStat = undefined;
    this.parsedStatus = undefined;
  }

  /** Seeds the per-refresh cache with bytes read elsewhere (the batch reader). */
  prime(file: ProcFile, data: Buffer): void {
    this.files.set(file, data);
  }

  /** The raw bytes of /proc/PID/FILE, read once per refresh. */
  read(file: ProcFile): Buffer {
    let data = this.files.get(file);
    if (data === undefined) {
      data = this.readUncached(file);
      this.files.set(file, data);
    }
    return data;
  }

  private readUncached(file: ProcFile): Buffer {
    return this.access(file, readBytes);
  }

  /**
   * Runs one filesystem call on /proc/PID/RELATIVE with the errno translation of every getter.
   * For what the per-refresh cache does not cover: links (exe, cwd, fd/N), directories (fd,
   * task) and files read once per use (limits, fdinfo/N).
   */
  access<T>(relative: string, call: (path: string) => T): T {
    const path = join(this.ctx.proc, this.dir, relative);
    try {
      return call(path);
    } catch (error) {
      throw this.translate(error, path);
    }
  }

  /** readlink of /proc/PID/RELATIVE (exe, cwd, root, fd/N, ns/net...), decoded as decodeText does. */
  readLink(relative: string): string {
    return this.access(relative, (path) => decodeText(readlinkSync(path, { encoding: 'buffer' })));
  }

  /** The entries of the directory /proc/PID/RELATIVE (fd, task, ns...). */
  listDir(relative: string): string[] {
    return this.access(relative, (path) => readdirSync(path));
  }

  /**
   * psutil's wrap_exceptions: EACCES/EPERM mean AccessDenied. ENOENT/ESRCH prove nothing alone (the
   * directory can outlive its files, and kernel threads answer ESRCH for environ and
   * smaps_rollup on 6.x): only a missing stat file means the process is gone; a Z state means a
   * zombie. Otherwise the original error stands.
   */
  private translate(error: unknown, path: string): unknown {
    const code = errnoCode(error);
    if (code === 'EACCES' || code === 'EPERM') return new AccessDenied(this.pid, path);
    if (code !== 'ENOENT' && code !== 'ESRCH') return error;
    let state: string;
    try {
      state = parseStat(readBytes(join(this.ctx.proc, this.dir, 'stat'))).state;
    } catch {
      return new NoSuchProcess(this.pid);
    }
    return state === 'Z' ? new ZombieProcess(this.pid) : error;
  }

  stat(): ProcStat {
    this.parsedStat ??= parseStat(this.read('stat'));
    return this.parsedStat;
  }

  status(): ProcStatus {
    this.parsedStatus ??= parseStatus(this.read('status'));
    return this.parsedStatus;
  }

  /** The identity of this process: pids are reused, (pid, start ticks) is not. */
  startTicks(): number {
    return this.stat().starttime;
  }

  /** True while the pid still belongs to the process this object first saw. */
  isRunning(): boolean {
    const before = this.startTicks();
    try {
      return parseStat(readBytes(join(this.ctx.proc, this.dir, 'stat'))).starttime === before;
    } catch {
      return false;
    }
  }

  /** The kernel's command name (comm), decoded as psutil does (see decodeText). */
  name(): string {
    return decodeText(this.stat().comm);
  }

  ppid(): number {
    return this.stat().ppid;
  }

  /** psutil's status name: running, sleeping, zombie... */
  statusName(): string {
    return statusName(this.stat().state);
  }

  uids(): Ids {
    return parseIds(this.status().get('Uid'));
  }

  gids(): Ids {
    return parseIds(this.status().get('Gid'));
  }

  /** The name of the real uid, or the uid in decimal when NSS knows none. */
  username(): string {
    return userName(this.uids().real);
  }

  /** The arguments, decoded as psutil does (see decodeText); [] for kernel threads. A zombie has none left to give. */
  cmdline(): string[] {
    return cmdlineArguments(this.read('cmdline'), this.stat().state, this.pid);
  }

  numThreads(): number {
    return this.stat().numThreads;
  }

  /** Start time in seconds since the epoch (start ticks / CLK_TCK + boot time). */
  createTime(): number {
    return this.startTicks() / sysconf().clockTicks + bootTime(this.ctx);
  }

  /** CPU times in seconds, the process's and its waited-for children's. */
  cpuTimes(): CpuTimes {
    return cpuTimesOf(this.stat());
  }

  /**
   * psutil's cpu_percent() without an interval: the share of one CPU used since the previous
   * call on this object (so the first call answers 0), from two readings of stat.
   */
  cpuPercent(): number {
    this.refresh();
    const stat = this.stat();
    const sample = { ticks: stat.utime + stat.stime, at: performance.now() };
    const previous = this.lastCpuSample;
    this.lastCpuSample = sample;
    if (!previous || sample.at <= previous.at) return 0;
    const seconds = (sample.ticks - previous.ticks) / sysconf().clockTicks;
    return Math.round((seconds / ((sample.at - previous.at) / 1000)) * 1000) / 10;
  }

  /** The nice value (-20..19). */
  nice(): number {
    return this.stat().nice;
  }

  /** The controlling terminal as a /dev path, or null without one. */
  terminal(ttys: TtyNames = new TtyNames(this.ctx)): string | null {
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

  /** The environment the process started with (NUL-separated KEY=VALUE pairs). */
  environ(): Record<string, string> {
    return parseEnviron(this.read('environ'));
  }

  /** The number of open file descriptors. */
  numFds(): number {
    return this.listDir('fd').length;
  }

  statm(): ProcStatm {
    return parseStatm(this.read('statm'));
  }

  /** psutil's memory_info(): statm pages in bytes. */
  memoryInfo(): MemoryInfo {
    return memoryInfoOf(this.statm());
  }
}

/** stat's tick counts in seconds (psutil's cpu_times()). */
export function cpuTimesOf(stat: ProcStat): CpuTimes {
  const hz = sysconf().clockTicks;
  return {
    user: stat.utime / hz,
    system: stat.stime / hz,
    childrenUser: stat.cutime / hz,
    childrenSystem: stat.cstime / hz,
    iowait: stat.blkioTicks / hz,
  };
}

/** psutil's name of a proc(5) state letter. */
export function statusName(state: string): string {
  return STATUS_NAMES[state] ?? state;
}

/** A cmdline file's arguments as Process.cmdline() gives them (ZombieProcess for a zombie's empty one). */
export function cmdlineArguments(data: Buffer, state: string, pid: number): string[] {
  const args = parseCmdline(data);
  if (args.length === 0 && state === 'Z') throw new ZombieProcess(pid);
  return args.map(decodeText);
}

/** statm pages in bytes (psutil's memory_info()). */
export function memoryInfoOf(pages: ProcStatm): MemoryInfo {
  const size = sysconf().pageSize;
  return {
    rss: pages.resident * size,
    vms: pages.size * size,
    shared: pages.shared * size,
    text: pages.text * size,
    data: pages.data * size,
  };
}

/**
 * Ascending order, or the order the directory lists its entries in: procfs lists pids
 * ascending, and procps keeps that listing order, so a tool cloning it reads any tree the way
 * the C tool would.
 */
export type ListingOrder = 'ascending' | 'directory';

export function numericEntries(path: string, order: ListingOrder): number[] {
  if (order === 'directory') return Array.from(binding().listIds(path));
  return readdirSync(path)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The thread ids of a process (/proc/PID/task). */
export function threadIds(process: Process, order: ListingOrder = 'ascending'): number[] {
  return process.access('task', (path) => numericEntries(path, order));
}

/** The pids of /proc (names made only of digits; threads are not listed). */
export function pids(ctx: ProcfsContext = defaultContext(), order: ListingOrder = 'ascending'): number[] {
  return numericEntries(ctx.proc, order);
}
