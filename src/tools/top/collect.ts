// Kernel counters -> one frame of top -b, with procps-ng 4.0.2's arithmetic: CPU states are tick
// differences since the previous frame (the first against the library's priming read), task %CPU
// the tick difference over the uptime difference, memory re-read at most every 3 seconds.
import { join } from 'node:path';
import { parseProcStatCpu, parseProcStatCpus, scanUnsigned, type CpuJiffies, type CpuLine } from '../../core/cpu.js';
import { procpsMeminfo } from '../../core/memory.js';
import { ulong } from '../../util/number.js';
import { readBytes, readOptionalBytes, readText, type ProcfsContext } from '../../core/procfs.js';
import { numericEntries } from '../../core/process/pids.js';
import { COMM_PRINTABLE, rowBytes, scanError, scanProcesses, ScanField, STAT, STAT_WIDTH, STATM_WIDTH, STATUS, STATUS_WIDTH, type ProcessScan } from '../../core/process/scan.js';
import { countUsers, readUtmp } from '../../core/utmp.js';
import { loadAverage, sysconf, uptime, type LoadAverage } from '../../core/system.js';
import { userName } from '../../core/users.js';
import { escapeProcText } from '../../format/escape.js';
import type { TopOptions } from './command.js';
import { readsStatus, scanFieldsFor } from './fields.js';

export interface CpuStates {
  /** The CPU's number, or null for the whole machine (/proc/stat's first line). */
  readonly number: number | null;
  readonly us: number;
  readonly sy: number;
  readonly ni: number;
  readonly id: number;
  readonly wa: number;
  readonly hi: number;
  readonly si: number;
  readonly st: number;
}

export interface TaskRow {
  readonly pid: number;
  readonly user: string;
  readonly priority: number;
  readonly nice: number;
  readonly virt: number;
  readonly res: number;
  readonly shr: number;
  readonly state: string;
  /** Ticks since the previous frame (C unsigned int). */
  readonly pcpu: number;
  readonly threads: number;
  readonly tics: number;
  readonly command: string;
  readonly euid: number;
  readonly uids: readonly number[];
  /** The thread group: the pid itself, or with -H the process a thread belongs to. */
  readonly tgid: number;
  /** The scan and row the task was read from, for -o's fields that are not shown. */
  readonly scan: ProcessScan;
  readonly row: number;
  /** The directory holding the task's directory: the procfs root, or a process's task/. */
  readonly root: string;
}

export interface Frame {
  /** null when /proc/uptime does not scan. */
  readonly uptimeSeconds: number | null;
  readonly users: number;
  readonly load: LoadAverage;
  readonly counts: { total: number; running: number; sleeping: number; stopped: number; zombie: number };
  /** Before 2.6.11 (or without /proc/sys/kernel/osrelease) top shows no steal time. */
  readonly steal: boolean;
  /** Frame_etscale: 100 / (Hertz * seconds since the previous task sample). */
  readonly etScale: number;
  /** The CPU and memory figures; null when top runs restricted (see TopSampler's cpuBefore). */
  readonly summary: FrameSummary | null;
}

/** What cpus_refresh and memory_refresh give a frame. */
export interface FrameSummary {
  readonly cpu: CpuStates;
  /** Each cpuN line of /proc/stat, in its order. */
  readonly eachCpu: readonly CpuStates[];
  /** KiB: total, free, used, buff/cache, swap total, swap free, swap used, available. */
  readonly memory: readonly number[];
  readonly cpuMax: number;
  readonly memTotal: number;
}

interface CpuSample {
  readonly summary: CpuJiffies;
  readonly cpus: readonly CpuLine[];
}

const f32 = Math.fround;

/** A column the file left unread (NaN) or absent reads as the library's zero. */
const known = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 0 : v);

/** A task's own ticks: utime and stime. */
function ownTicks(scan: ProcessScan, row: number): number {
  const at = row * STAT_WIDTH;
  return known(scan.stat[at + STAT.utime]) + known(scan.stat[at + STAT.stime]);
}

/** What a refresh derives for a task beside what its files say. */
interface TaskFigures {
  readonly pcpu: number;
  readonly tics: number;
  readonly euid: number;
  readonly uids: readonly number[];
}

/** The uids of a task whose status was not read: no filter looks at them. */
const NO_UIDS: readonly number[] = [];

/** The name as top shows it: the scan's bytes when they are printable ASCII, else escaped. */
function commOf(scan: ProcessScan, row: number, utf8: boolean): string {
  const start = scan.comm.offsets[row] as number;
  const end = scan.comm.offsets[row + 1] as number;
  if ((scan.flags[row] as number) & COMM_PRINTABLE) return scan.comm.data.toString('latin1', start, end);
  return escapeProcText(scan.comm.data.subarray(start, end), utf8).toString('latin1');
}

function cpuSample(text: string): CpuSample {
  const summary = parseProcStatCpu(text);
  if (!summary) throw new Error('/proc/stat has no cpu line');
  // procps' cpus_refresh stops at the first cpuN line that does not scan eight counters.
  const cpus = parseProcStatCpus(text);
  const short = cpus.findIndex((cpu) => cpu.counters < 8);
  return { summary, cpus: short < 0 ? cpus : cpus.slice(0, short) };
}

function readCpu(ctx: ProcfsContext): CpuSample {
  return cpuSample(readText(join(ctx.proc, 'stat')));
}

/**
 * procps_stat_new's priming read, or null where it fails: the file must open and its first bytes
 * scan as sscanf's "cpu %llu %llu ..." with eight counters at least (stat_read_failed,
 * library/stat.c 4.0.2).
 */
function primingRead(ctx: ProcfsContext): CpuSample | null {
  let text: string;
  try {
    text = readText(join(ctx.proc, 'stat'));
  } catch {
    return null;
  }
  if (!text.startsWith('cpu')) return null;
  let counters = 0;
  for (let scanned = scanUnsigned(text, 3); scanned !== null && counters < 8; scanned = scanUnsigned(text, scanned.end)) counters++;
  return counters < 8 ? null : cpuSample(text);
}

/** procps_meminfo_new's read: /proc/meminfo opens and its first read gives something (meminfo_read_failed). */
function meminfoReads(ctx: ProcfsContext): boolean {
  try {
    return readBytes(join(ctx.proc, 'meminfo')).length > 0;
  } catch {
    return false;
  }
}

/** sum_tics(): each state's tick difference over the total's, in C floats; no ticks at all reads as all idle. */
function cpuStates(number: number | null, now: CpuJiffies, before: CpuJiffies | undefined): CpuStates {
  const delta = (key: keyof CpuJiffies) => {
    const d = Number(BigInt.asIntN(64, now[key] - (before?.[key] ?? 0n)));
    return d < 0 ? 0 : d;
  };
  const total = (j: CpuJiffies) => j.user + j.nice + j.system + j.irq + j.softirq + j.idle + j.iowait + j.steal + j.guest + j.guestNice;
  let tot = Number(BigInt.asIntN(64, total(now) - (before ? total(before) : 0n)));
  if (tot < 0) tot = 0;
  let idle = delta('idle');
  if (tot < 1) idle = tot = 1;
  const scale = f32(100 / f32(tot));
  const pct = (v: number) => f32(f32(v) * scale);
  return { number, us: pct(delta('user')), sy: pct(delta('system')), ni: pct(delta('nice')), id: pct(idle), wa: pct(delta('iowait')), hi: pct(delta('irq')), si: pct(delta('softirq')), st: pct(delta('steal')) };
}

/**
 * One task refresh without -H: every task is a row of one scan, in the listing's order, with the
 * figures a frame derives per task in columns (no object per task: at thousands of tasks those
 * objects and their strings cost more than reading /proc).
 */
export interface TaskColumns {
  readonly scan: ProcessScan;
  /** Ticks since the previous refresh (C unsigned int). */
  readonly pcpu: Float64Array;
  /** TIME+'s ticks: the task's own, with -S its reaped children's too. */
  readonly tics: Float64Array;
  /** The uid whose user top shows. */
  readonly euid: Float64Array;
  /** Row `row`'s task as an object. */
  task(row: number): TaskRow;
}

/** What one task refresh gives a frame. */
export interface Refreshed {
  etScale: number;
  counts: Frame['counts'];
  bootTicks: number;
  /** The tasks as columns of one scan; null with -H, whose tasks come from many. */
  columns: TaskColumns | null;
  /** Every task as an object, in the listing's order (made when first asked for). */
  tasks(): readonly TaskRow[];
}

/** A task's state in the summary's counts: top adds 'other' (I, P, X) to sleeping. */
function countState(counts: Frame['counts'], stateCode: number): void {
  counts.total++;
  if (stateCode === 82) counts.running++; // R
  else if (stateCode === 84 || stateCode === 116) counts.stopped++; // T, t
  else if (stateCode === 90) counts.zombie++; // Z
  else counts.sleeping++;
}

/**
 * procps_linux_version() of an osrelease text: its first line as fgets(buf, 256) reads it (a C
 * string, so up to a NUL), sscanf'd with "%u.%u.%u" (blanks and a sign before each number, read
 * as an unsigned long and kept as an unsigned int), then LINUX_VERSION's masks. Negative, as the
 * library's -ERANGE, when fewer than two numbers scan, or fewer than three with a major below 3.
 */
function linuxVersionCode(osrelease: string): number {
  const newline = osrelease.indexOf('\n');
  const line = osrelease.slice(0, Math.min(255, newline < 0 ? osrelease.length : newline + 1)).split('\0')[0] as string;
  const numbers: number[] = [];
  for (let at = 0; numbers.length < 3; ) {
    if (numbers.length > 0 && line[at++] !== '.') break;
    const read = scanUnsigned(line, at);
    if (read === null) break;
    numbers.push(Number(BigInt.asUintN(32, read.value)));
    at = read.end;
  }
  const [x = 0, y = 0, z = 0] = numbers;
  if (numbers.length < 2 || (numbers.length < 3 && x < 3)) return -1;
  return 0x10000 * (x & 0x7fff) + 0x100 * (y & 0xff) + (z & 0xff);
}

/** top shows steal time from Linux 2.6.11 on, and not when osrelease cannot be read (fopen's -errno). */
function kernelAtLeast2611(ctx: ProcfsContext): boolean {
  const bytes = readOptionalBytes(join(ctx.proc, 'sys/kernel/osrelease'));
  return bytes !== null && linuxVersionCode(bytes.toString('latin1')) >= 0x2060b;
}

export class TopSampler {
  /**
   * The previous CPU sample; null when top runs restricted, as procps' top does when
   * procps_stat_new or procps_meminfo_new fails at start-up (Restrict_some): the summary is the
   * task counts alone, and %CPU and %MEM print "?".
   */
  private cpuBefore: CpuSample | null;
  /** Each task's own ticks at the previous task refresh, by task id. */
  private hist = new Map<number, number>();
  private uptimeBefore = 0;
  private memory: number[] | null = null;
  private memoryAt = 0;
  private memTotal = 1;
  private readonly hz = sysconf().clockTicks;
  private readonly pageKib = sysconf().pageSize / 1024;
  private readonly steal: boolean;
  private readonly users = new Map<number, string>();
  /** Major and minor faults by task id, kept only for -o vMj or vMn: this sample's, and the one before. */
  private readonly keepFaults: boolean;
  private readonly faults = new Map<number, [number, number]>();
  faultsBefore: ReadonlyMap<number, readonly [number, number]> = new Map();
  /** status is read: for -u/-U's uids, or for a sort field that comes from it. */
  readonly statusRead: boolean;

  constructor(
    private readonly ctx: ProcfsContext,
    private readonly options: TopOptions,
    private readonly utmpPath: string,
    /** The locale is UTF-8: names are escaped as the library escapes them there. */
    private readonly utf8: boolean,
  ) {
    // procps_stat_new's priming read: the first frame's CPU states are differences from it.
    const primed = primingRead(ctx);
    this.cpuBefore = primed !== null && meminfoReads(ctx) ? primed : null;
    this.steal = kernelAtLeast2611(ctx);
    this.keepFaults = options.sortField === 'vMj' || options.sortField === 'vMn';
    this.statusRead = options.user !== null || readsStatus(options.sortField);
  }

  /** The user name top shows for a uid, as bytes (a byte string). */
  userOf(uid: number): string {
    let name = this.users.get(uid);
    if (name === undefined) {
      name = Buffer.from(userName(uid), 'utf8').toString('latin1');
      this.users.set(uid, name);
    }
    return name;
  }

  /**
   * The first frame's priming task refresh: only the tick counts matter there (top reads every
   * column, but shows none of them), so only stat is read.
   */
  primeTasks(): void {
    this.uptimeBefore = uptime(this.ctx).uptime;
    // On every CPU (the blocking scan): nothing else has to run meanwhile, and the 0.15 s of the
    // first frame's wait goes on while it reads.
    const scan = scanProcesses(this.ctx, ScanField.stat, this.selected());
    this.hist.clear();
    this.faults.clear();
    const prime = (from: ProcessScan, row: number) => this.since(from, row, ownTicks(from, row), this.hist);
    if (this.options.threads) for (const [from, row] of this.threadRows(scan, ScanField.stat)) prime(from, row);
    else for (let row = 0; row < scan.count; row++) prime(scan, row);
  }

  /** -p's pids for the scan, or null for every process. */
  private selected(): Int32Array | null {
    return this.options.pids.length > 0 ? Int32Array.from(this.options.pids) : null;
  }

  /**
   * readeither(): each process's tasks in the order its task directory lists them, the group
   * leader read from the process's own directory (its stat then has the whole group's times), any
   * other thread from task/TID. A process whose task directory cannot be listed is left out. With
   * -p the listed pid's group (Tgid in its status) is the one walked, as listed_nextpid does.
   * simple_nexttid keeps the task directory of the group it walked last: a listed pid of that
   * same group next finds it read to the end and adds nothing (-p TID,PID lists the group once).
   */
  private *threadRows(scan: ProcessScan, fields: number): Generator<[ProcessScan, number, string, number]> {
    let walked = 0;
    for (let row = 0; row < scan.count; row++) {
      const pid = scan.pids[row] ?? 0;
      const tgid = this.options.pids.length > 0 ? this.tgidOf(pid) : pid;
      if (tgid === walked) continue;
      const taskDir = join(this.ctx.proc, String(tgid), 'task');
      let tids: number[];
      try {
        // simple_nexttid takes entries that begin with 1-9.
        tids = numericEntries(taskDir, 'directory').filter((tid) => tid > 0);
      } catch {
        continue;
      }
      walked = tgid;
      const others = tids.filter((tid) => tid !== pid);
      if (others.length === 0) {
        if (tids.length > 0) yield [scan, row, this.ctx.proc, tgid];
        continue;
      }
      const tasks = scanProcesses({ ...this.ctx, proc: taskDir }, fields, Int32Array.from(others));
      let at = 0;
      for (const tid of tids) {
        if (tid === pid) yield [scan, row, this.ctx.proc, tgid];
        else if (tasks.pids[at] === tid) yield [tasks, at++, taskDir, tgid];
      }
    }
  }

  private tgidOf(pid: number): number {
    const status = readOptionalBytes(join(this.ctx.proc, String(pid), 'status'));
    const m = status ? /Tgid:\s*(\d+)/.exec(status.toString('latin1')) : null;
    return m ? Number(m[1]) : pid;
  }

  /**
   * tasks_refresh(): the task list with each task's ticks since the previous call. The table is
   * read in one scan on every CPU while this thread waits: on two cores, making each batch's rows
   * while the addon read the next was 6 to 15 ms slower at 5,000 processes (the three threads
   * shared two CPUs) for the same CPU time.
   */
  refreshTasks(): Refreshed {
    // procps_uptime(): what it scanned, 0 for the rest.
    const seconds = uptime(this.ctx).uptime;
    let et = f32(seconds - this.uptimeBefore);
    if (et < 0.01) et = f32(0.005);
    this.uptimeBefore = seconds;
    const etScale = f32(100 / f32(f32(this.hz) * et));
    // The library's boot_tics for ELAPSED and %CUU: the uptime in whole ticks.
    const bootTicks = Math.trunc(seconds * this.hz);
    // status only for the uids of -u and -U; the user shown is otherwise the owner of /proc/PID.
    const fields =
      ScanField.stat |
      ScanField.statm |
      ScanField.owner |
      (this.statusRead ? ScanField.status : 0) |
      (this.options.cmdline ? ScanField.cmdline | ScanField.cmdlineJoined : 0) |
      scanFieldsFor(this.options.sortField);
    const counts = { total: 0, running: 0, sleeping: 0, stopped: 0, zombie: 0 };
    const seen = new Map<number, number>();
    if (this.keepFaults) {
      this.faultsBefore = new Map(this.faults);
      this.faults.clear();
    }
    // The listing's own order, as readproc walks /proc.
    const scan = scanProcesses(this.ctx, fields, this.selected());
    if (this.options.threads) {
      const tasks: TaskRow[] = [];
      for (const [from, row, root, tgid] of this.threadRows(scan, fields)) {
        const own = ownTicks(from, row);
        const uids = this.uidsOf(from, row);
        const task = this.taskOf(from, row, root, tgid, { pcpu: this.since(from, row, own, seen), tics: this.ticsOf(from, row, own), euid: this.euidOf(from, row, uids), uids });
        countState(counts, from.state[row] ?? 63);
        tasks.push(task);
      }
      this.hist = seen;
      return { etScale, counts, bootTicks, columns: null, tasks: () => tasks };
    }
    const n = scan.count;
    const pcpu = new Float64Array(n);
    const tics = new Float64Array(n);
    const euid = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      const own = ownTicks(scan, row);
      pcpu[row] = this.since(scan, row, own, seen);
      tics[row] = this.ticsOf(scan, row, own);
      euid[row] = this.euidOf(scan, row, this.uidsOf(scan, row));
      countState(counts, scan.state[row] ?? 63);
    }
    this.hist = seen;
    const task = (row: number) =>
      this.taskOf(scan, row, this.ctx.proc, scan.pids[row] ?? 0, { pcpu: pcpu[row] ?? 0, tics: tics[row] ?? 0, euid: euid[row] ?? 0, uids: this.uidsOf(scan, row) });
    const columns: TaskColumns = { scan, pcpu, tics, euid, task };
    let tasks: TaskRow[] | null = null;
    const made = () => (tasks ??= Array.from({ length: n }, (_, row) => task(row)));
    return { etScale, counts, bootTicks, columns, tasks: made };
  }

  /**
   * The task's ticks since the previous refresh, as a C unsigned int (all of them for a task
   * new since then), its own ticks kept in `seen` for the next; with -o vMj or vMn its faults too.
   */
  private since(scan: ProcessScan, row: number, own: number, seen: Map<number, number>): number {
    const pid = scan.pids[row] ?? 0;
    const before = this.hist.get(pid);
    seen.set(pid, own);
    if (this.keepFaults) {
      const at = row * STAT_WIDTH;
      this.faults.set(pid, [scan.stat[at + STAT.majflt] ?? 0, scan.stat[at + STAT.minflt] ?? 0]);
    }
    return (before === undefined ? own : own - before) >>> 0;
  }

  private ticsOf(scan: ProcessScan, row: number, own: number): number {
    if (!this.options.cumulative) return own;
    const at = row * STAT_WIDTH;
    return own + known(scan.stat[at + STAT.cutime]) + known(scan.stat[at + STAT.cstime]);
  }

  /** The four uids of status, when status is read. */
  private uidsOf(scan: ProcessScan, row: number): readonly number[] {
    const status = scan.status;
    if (!this.statusRead || !status) return NO_UIDS;
    const u = row * STATUS_WIDTH + STATUS.uid;
    return [known(status[u]), known(status[u + 1]), known(status[u + 2]), known(status[u + 3])];
  }

  /**
   * readproc takes the effective uid from the owner of /proc/PID, and from status only when
   * status is read for other reasons (the user filters of -u and -U ask for its uids, and so
   * does sorting on a field read from status).
   */
  private euidOf(scan: ProcessScan, row: number, uids: readonly number[]): number {
    const owner = scan.owners?.[row] ?? -1;
    return this.statusRead || owner < 0 ? (uids[1] ?? 0) : owner;
  }

  private taskOf(scan: ProcessScan, row: number, root: string, tgid: number, figures: TaskFigures): TaskRow {
    // A file that could not be read leaves NaN in its columns; the library has zeros there.
    const at = row * STAT_WIDTH;
    const st = scan.stat;
    const comm = commOf(scan, row, this.utf8);
    const stateCode = scan.state[row] ?? 63;
    let command = comm;
    if (this.options.cmdline && scan.cmdline) {
      const line = scanError(scan, row, 'cmdline') === 0 ? rowBytes(scan.cmdline, row) : Buffer.alloc(0);
      // An empty command line shows as "[comm]", a zombie's with " <defunct>" (escape_command).
      command = line.length > 0 ? escapeProcText(line, this.utf8).toString('latin1') : `[${comm}]${stateCode === 90 ? ' <defunct>' : ''}`;
    }
    const m = row * STATM_WIDTH;
    const statm = scan.statm;
    return {
      pid: scan.pids[row] ?? 0,
      user: this.userOf(figures.euid),
      priority: known(st[at + STAT.priority]),
      nice: known(st[at + STAT.nice]),
      virt: statm ? known(statm[m]) * this.pageKib : 0,
      res: statm ? known(statm[m + 1]) * this.pageKib : 0,
      shr: statm ? known(statm[m + 2]) * this.pageKib : 0,
      state: String.fromCharCode(stateCode),
      pcpu: figures.pcpu,
      threads: known(st[at + STAT.numThreads]),
      tics: figures.tics,
      command,
      euid: figures.euid,
      uids: figures.uids,
      tgid,
      scan,
      row,
      root,
    };
  }

  /** cpus_refresh and memory_refresh, which frame_make runs right after the task refresh. */
  refreshSummary(): void {
    this.summary = this.summaryNow();
  }

  private summary: FrameSummary | null = null;

  /** One frame's summary: the tasks' counts refreshed last, and the CPUs and memory refreshed before them (or now). */
  frame(refreshed: Refreshed): Frame {
    const summary = this.summary ?? this.summaryNow();
    this.summary = null;
    const up = uptime(this.ctx);
    // procps_uptime_sprint() prints nothing when the file does not scan: the line is "top -".
    const uptimeSeconds = up.scan === 'complete' ? up.uptime : null;
    return {
      uptimeSeconds,
      users: countUsers(readUtmp(this.utmpPath)),
      load: loadAverage(this.ctx),
      counts: refreshed.counts,
      steal: this.steal,
      etScale: refreshed.etScale,
      summary,
    };
  }

  private summaryNow(): FrameSummary | null {
    const before = this.cpuBefore;
    if (before === null) return null;
    const cpu = readCpu(this.ctx);
    this.cpuBefore = cpu;
    // stat.c keeps each CPU's previous counts by its position in /proc/stat.
    const eachCpu = cpu.cpus.map((each, i) => cpuStates(each.id, each.jiffies, before.cpus[i]?.jiffies));
    const summary = cpuStates(null, cpu.summary, before.summary);
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (this.memory === null || nowSeconds - this.memoryAt >= 3) {
      // The library's unsigned longs (KiB), which top turns into floats; its buff/cache is their
      // unsigned sum.
      const mem = procpsMeminfo(readText(join(this.ctx.proc, 'meminfo')));
      const buffCache = ulong(mem.field('Buffers') + mem.cachedAll);
      this.memory = [mem.field('MemTotal'), mem.field('MemFree'), mem.used, buffCache, mem.field('SwapTotal'), mem.field('SwapFree'), mem.swapUsed, mem.available].map(Number);
      this.memTotal = Number(mem.field('MemTotal'));
      this.memoryAt = nowSeconds;
    }
    const cpuCount = cpu.cpus.length || 1;
    let cpuMax = 99.9;
    // Irix mode (top's default): a task may show up to 100% per CPU; a thread (-H) no more than 99.9.
    if (cpuCount > 1 && !this.options.threads) {
      cpuMax = 100 * cpuCount;
      if (cpuCount > 1000) cpuMax = Math.min(cpuMax, 9999999);
      else if (cpuCount > 100) cpuMax = Math.min(cpuMax, 999999);
      else if (cpuCount > 10) cpuMax = Math.min(cpuMax, 99999);
      else cpuMax = Math.min(cpuMax, 999.9);
    }
    return { cpu: summary, eachCpu, memory: this.memory, cpuMax: f32(cpuMax), memTotal: this.memTotal };
  }
}
