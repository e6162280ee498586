// CPU times from /proc/stat: the raw jiffies of the `cpu` lines, psutil's cpu_times() in seconds,
// psutil's percentages, CPU counts (psutil's and sysstat's) and frequencies.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../util/sleep.js';
import { printfFixed, strtoul } from '../util/number.js';
import { defaultContext, readText, type ContextOption, type ProcfsContext } from './procfs.js';
import { sysconf } from './system.js';

/** The ten counters of a `cpu` line, in clock ticks. 64-bit unsigned in the kernel, so bigint. */
export interface CpuJiffies {
  readonly user: bigint;
  readonly nice: bigint;
  readonly system: bigint;
  readonly idle: bigint;
  readonly iowait: bigint;
  readonly irq: bigint;
  readonly softirq: bigint;
  readonly steal: bigint;
  readonly guest: bigint;
  readonly guestNice: bigint;
}

const JIFFY_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

export const ZERO_JIFFIES: CpuJiffies = Object.freeze({
  user: 0n,
  nice: 0n,
  system: 0n,
  idle: 0n,
  iowait: 0n,
  irq: 0n,
  softirq: 0n,
  steal: 0n,
  guest: 0n,
  guestNice: 0n,
});

/**
 * scanf's `%llu` from `from`: strtoull's reading (blanks, an optional sign, decimal digits;
 * saturated beyond 2^64-1, a minus sign negating modulo 2^64). Returns the value and where the
 * number ended, or null when no digit is there (the conversion fails and scanf stops).
 */
export function scanUnsigned(text: string, from: number): { value: bigint; end: number } | null {
  const [value, end] = strtoul(text, 10, from);
  return end === from ? null : { value, end };
}

/**
 * The aggregate `cpu ` line of /proc/stat (sysstat's read_stat_cpu, psutil's cpu_times): fields an
 * older kernel does not print are 0. Null when there is no such line.
 */
export function parseProcStatCpu(text: string): CpuJiffies | null {
  const at = text.startsWith('cpu ') ? 0 : text.indexOf('\ncpu ') + 1;
  if (at === 0 && !text.startsWith('cpu ')) return null;
  const end = text.indexOf('\n', at);
  // sysstat scans from the 6th character ("cpu  " is followed by the first number).
  return cpuLineJiffies(text.slice(at + 5, end < 0 ? text.length : end)).jiffies;
}

/** One `cpuN` line of /proc/stat. */
export interface CpuLine {
  /** N, the CPU's number. */
  readonly id: number;
  /** The counters, those the line lacks 0. */
  readonly jiffies: CpuJiffies;
  /** How many counters the line had (an older kernel prints fewer than ten). */
  readonly counters: number;
}

/**
 * N of a `cpuN` label, or null when it is not a C int: the kernel prints CPU numbers with %d
 * (fs/proc/stat.c), so a longer run of digits is damage, not a CPU (it would read as Infinity).
 */
function cpuNumber(digits: string): number | null {
  const id = Number(digits);
  return id <= 2147483647 ? id : null;
}

/** Every `cpuN` line of /proc/stat (psutil's per_cpu_times, top's CPU lines, node_exporter's cpu collector), in file order. */
export function parseProcStatCpus(text: string): CpuLine[] {
  const cpus: CpuLine[] = [];
  for (const match of text.matchAll(/^cpu(\d+)[ \t]+(.*)$/gm)) {
    const id = cpuNumber(match[1] as string);
    if (id !== null) cpus.push({ id, ...cpuLineJiffies(match[2] as string) });
  }
  return cpus;
}

/** The counters of one `cpu` line after its label. */
function cpuLineJiffies(line: string): { jiffies: CpuJiffies; counters: number } {
  const values: Partial<Record<(typeof JIFFY_FIELDS)[number], bigint>> = {};
  let from = 0;
  let counters = 0;
  for (const field of JIFFY_FIELDS) {
    const scanned = scanUnsigned(line, from);
    if (!scanned) break;
    values[field] = scanned.value;
    from = scanned.end;
    counters++;
  }
  return { jiffies: { ...ZERO_JIFFIES, ...values }, counters };
}

/** psutil's scputimes on Linux, in seconds. */
/** psutil's scputimes: seconds spent in each mode since boot (guest times are inside user and nice). */
export interface CpuTimes {
  /** Seconds in user mode. */
  user: number;
  /** Seconds in user mode at a positive nice value. */
  nice: number;
  /** Seconds in kernel mode. */
  system: number;
  /** Seconds idle. */
  idle: number;
  /** Seconds idle with block I/O outstanding. */
  iowait: number;
  /** Seconds servicing hardware interrupts. */
  irq: number;
  /** Seconds servicing softirqs. */
  softirq: number;
  /** Seconds stolen by the hypervisor. */
  steal: number;
  /** Seconds running guests. */
  guest: number;
  /** Seconds running niced guests. */
  guestNice: number;
}

export function cpuTimesOf(jiffies: CpuJiffies, clockTicks: number): CpuTimes {
  const times = {} as CpuTimes;
  for (const field of JIFFY_FIELDS) times[field] = Number(jiffies[field]) / clockTicks;
  return times;
}

/**
 * psutil's cpu_times(): system-wide CPU times in seconds, or one entry per CPU with
 * `{ percpu: true }`.
 */
export function cpuTimes(options?: { percpu?: false } & ContextOption): CpuTimes;
export function cpuTimes(options: { percpu: true } & ContextOption): CpuTimes[];
export function cpuTimes(options: { percpu?: boolean } & ContextOption = {}): CpuTimes | CpuTimes[] {
  const ctx = options.ctx ?? defaultContext();
  const text = readText(join(ctx.proc, 'stat'));
  const hz = sysconf().clockTicks;
  if (options.percpu) return parseProcStatCpus(text).map((cpu) => cpuTimesOf(cpu.jiffies, hz));
  const jiffies = parseProcStatCpu(text);
  if (!jiffies) throw new Error(`${join(ctx.proc, 'stat')}: no cpu line`);
  return cpuTimesOf(jiffies, hz);
}

/** psutil's total: guest and guest_nice are already inside user and nice, so they are left out. */
function totalTime(times: CpuTimes): number {
  return JIFFY_FIELDS.reduce((sum, field) => sum + times[field], 0) - times.guest - times.guestNice;
}

/** Python's round(value, 1): the double's exact value rounded, ties to even (printf's rule too). */
const round1 = (value: number) => Number(printfFixed(value, 1));

/**
 * psutil's _cpu_times_deltas: each field's growth, a field that stepped back counting 0 (counters
 * can step back on dyn-tick kernels; top trims them the same way).
 */
function timesDelta(before: CpuTimes, after: CpuTimes): CpuTimes {
  const delta = {} as CpuTimes;
  for (const field of JIFFY_FIELDS) delta[field] = Math.max(0, after[field] - before[field]);
  return delta;
}

/**
 * psutil.cpu_percent() between two samples: busy = total - idle - iowait of the trimmed deltas, as
 * a share of their total, rounded to one decimal; 0 when no time passed.
 */
export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number {
  const delta = timesDelta(before, after);
  const all = totalTime(delta);
  if (all === 0) return 0;
  return round1(((all - delta.idle - delta.iowait) / all) * 100);
}

/**
 * psutil.cpu_times_percent(): each trimmed delta's share of their total, rounded to one decimal.
 * psutil divides by at least 1, taking the times for integers; they are seconds, so over less
 * than one CPU-second of elapsed time every share reads low, and so it does here.
 */
export function cpuTimesPercentBetween(before: CpuTimes, after: CpuTimes): CpuTimes {
  const delta = timesDelta(before, after);
  const scale = 100 / Math.max(1, totalTime(delta));
  const percent = {} as CpuTimes;
  for (const field of JIFFY_FIELDS) percent[field] = Math.min(Math.max(0, round1(delta[field] * scale)), 100);
  return percent;
}

/**
 * sysstat's CPU count (count.c get_cpu_nr): the `cpuN` directories of /sys/devices/system/cpu, online
 * or not; when there are none (sysfs not mounted), the highest `cpuN` line of /proc/stat plus one.
 */
export function sysstatCpuCount(ctx: ProcfsContext = defaultContext()): number {
  const dir = join(ctx.sys, 'devices/system/cpu');
  let count = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  for (const name of names) {
    if (!/^cpu\d/.test(name)) continue;
    try {
      if (statSync(join(dir, name)).isDirectory()) count++;
    } catch {
      // vanished or unreadable: stat(2) failed, sysstat skips it
    }
  }
  if (count > 0) return count;
  return highestStatCpu(readText(join(ctx.proc, 'stat'))) + 1;
}

/** The highest N of the `cpuN` lines of /proc/stat, or -1 without any. */
export function highestStatCpu(text: string): number {
  let highest = -1;
  for (const match of text.matchAll(/^cpu(\d+)/gm)) highest = Math.max(highest, cpuNumber(match[1] as string) ?? -1);
  return highest;
}

/** The samples the interval-less cpuPercent() compares with: per procfs root, total and per CPU. */
const lastSamples = new Map<string, CpuTimes[]>();

function sampleCpus(ctx: ProcfsContext, percpu: boolean): CpuTimes[] {
  return percpu ? cpuTimes({ percpu: true, ctx }) : [cpuTimes({ ctx })];
}

function percentSince(ctx: ProcfsContext, percpu: boolean): number[] {
  const key = `${percpu ? 'percpu' : 'total'}:${ctx.proc}`;
  const now = sampleCpus(ctx, percpu);
  const before = lastSamples.get(key);
  lastSamples.set(key, now);
  return now.map((after, i) => {
    const previous = before?.[i];
    return previous === undefined ? 0 : cpuPercentBetween(previous, after);
  });
}

export interface CpuPercentOptions extends ContextOption {
  /** One figure per CPU instead of the total. */
  percpu?: boolean | undefined;
  /** Seconds to measure over; the answer is then a Promise. */
  interval?: number | undefined;
}

/**
 * psutil's cpu_percent(): the busy share of the CPUs in percent (0-100), in total or per CPU.
 * Without an interval it compares with the previous call, at once; the first call has nothing
 * to compare with and answers 0.0, to be ignored. With `{ interval }` (seconds) it measures over
 * that time without blocking and answers a Promise.
 *
 *     cpuPercent(); setInterval(() => console.log(cpuPercent()), 1000);
 *     await cpuPercent({ interval: 0.5, percpu: true });
 */
export function cpuPercent(options?: { percpu?: false; interval?: undefined } & ContextOption): number;
export function cpuPercent(options: { percpu: true; interval?: undefined } & ContextOption): number[];
export function cpuPercent(options: { percpu?: false; interval: number } & ContextOption): Promise<number>;
export function cpuPercent(options: { percpu: true; interval: number } & ContextOption): Promise<number[]>;
export function cpuPercent(options: CpuPercentOptions = {}): number | number[] | Promise<number | number[]> {
  const ctx = options.ctx ?? defaultContext();
  const percpu = options.percpu ?? false;
  const pick = (values: number[]) => (percpu ? values : (values[0] ?? 0));
  if (options.interval === undefined) return pick(percentSince(ctx, percpu));
  const interval = options.interval;
  if (!(interval >= 0)) throw new RangeError(`interval is not positive (got ${interval})`);
  const before = sampleCpus(ctx, percpu);
  return sleep(interval * 1000).then(() => pick(sampleCpus(ctx, percpu).map((after, i) => cpuPercentBetween(before[i] ?? after, after))));
}

/**
 * psutil's cpu_count(): logical CPUs (the `cpuN` lines of /proc/stat: those online), or with
 * `{ logical: false }` physical cores (distinct core_cpus_list of sysfs, else the cores of
 * /proc/cpuinfo); null when it cannot be told.
 */
export function cpuCount(options: { logical?: boolean } & ContextOption = {}): number | null {
  const ctx = options.ctx ?? defaultContext();
  if (options.logical ?? true) {
    const count = parseProcStatCpus(readText(join(ctx.proc, 'stat'))).length;
    return count > 0 ? count : null;
  }
  const dir = join(ctx.sys, 'devices/system/cpu');
  const cpus = listOrEmpty(dir).filter((name) => /^cpu\d+$/.test(name));
  for (const file of ['core_cpus_list', 'thread_siblings_list']) {
    const cores = new Set(cpus.flatMap((cpu) => optionalText(join(dir, cpu, 'topology', file))?.trim() ?? []));
    if (cores.size > 0) return cores.size;
  }
  // psutil's second method: "cpu cores" of each distinct "physical id".
  const cores = new Map<string, number>();
  for (const section of (optionalText(join(ctx.proc, 'cpuinfo')) ?? '').split(/\n\s*\n/)) {
    const id = /^physical id\s*:\s*(\d+)/im.exec(section)?.[1];
    const count = /^cpu cores\s*:\s*(\d+)/im.exec(section)?.[1];
    if (id !== undefined && count !== undefined) cores.set(id, Number(count));
  }
  const total = [...cores.values()].reduce((sum, n) => sum + n, 0);
  return total > 0 ? total : null;
}

function listOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function optionalText(path: string): string | null {
  try {
    return readText(path);
  } catch {
    return null;
  }
}

/** psutil's scpufreq. Every figure is in MHz; min and max are 0 where the kernel does not say. */
export interface CpuFreq {
  /** MHz now. */
  current: number;
  /** Lowest MHz the governor may choose. */
  min: number;
  /** Highest MHz the governor may choose. */
  max: number;
}

/**
 * psutil's cpu_freq(): from the cpufreq policies of sysfs, else the "cpu MHz" lines of
 * /proc/cpuinfo (min and max 0 then); the mean over the CPUs, or one entry per CPU with
 * `{ percpu: true }`. null (or []) when neither source has any.
 */
export function cpuFreq(options?: { percpu?: false } & ContextOption): CpuFreq | null;
export function cpuFreq(options: { percpu: true } & ContextOption): CpuFreq[];
export function cpuFreq(options: { percpu?: boolean } & ContextOption = {}): CpuFreq | CpuFreq[] | null {
  const ctx = options.ctx ?? defaultContext();
  const all = readCpuFreqs(ctx);
  if (options.percpu) return all;
  if (all.length === 0) return null;
  const mean = (key: keyof CpuFreq) => all.reduce((sum, cpu) => sum + cpu[key], 0) / all.length;
  return { current: mean('current'), min: mean('min'), max: mean('max') };
}

function readCpuFreqs(ctx: ProcfsContext): CpuFreq[] {
  const dir = join(ctx.sys, 'devices/system/cpu/cpufreq');
  const policies = listOrEmpty(dir)
    .filter((name) => /^policy\d+$/.test(name))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
  const mhz = (path: string) => Number(optionalText(path) ?? 0) / 1000;
  const fromSys = policies.flatMap((policy) => {
    const at = (file: string) => join(dir, policy, file);
    const current = optionalText(at('scaling_cur_freq')) === null ? mhz(at('cpuinfo_cur_freq')) : mhz(at('scaling_cur_freq'));
    return current > 0 ? [{ current, min: mhz(at('scaling_min_freq')), max: mhz(at('scaling_max_freq')) }] : [];
  });
  if (fromSys.length > 0) return fromSys;
  const cpuinfo = optionalText(join(ctx.proc, 'cpuinfo')) ?? '';
  return Array.from(cpuinfo.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gim), (match) => ({ current: Number(match[1]), min: 0, max: 0 }));
}

/** The system-wide counters of /proc/stat below the cpu lines, as procps-ng 4's library keeps them. */
export interface StatCounters {
  readonly intr: bigint;
  readonly ctxt: bigint;
  readonly btime: bigint;
  readonly processes: bigint;
  readonly procsRunning: bigint;
  readonly procsBlocked: bigint;
}

/**
 * procps' stat_read_failed: each counter is found by strstr("NAME ") and read with sscanf's %llu,
 * then kept in an unsigned long; a missing line reads as 0.
 */
export function parseStatCounters(text: string): StatCounters {
  const counter = (name: string): bigint => {
    const at = text.indexOf(`${name} `);
    return at < 0 ? 0n : (scanUnsigned(text, at + name.length + 1)?.value ?? 0n);
  };
  return {
    intr: counter('intr'),
    ctxt: counter('ctxt'),
    btime: counter('btime'),
    processes: counter('processes'),
    procsRunning: counter('procs_running'),
    procsBlocked: counter('procs_blocked'),
  };
}

/**
 * procps' test for a usable /proc/stat: its summary line must scan as "cpu" and at least eight
 * %llu (user through steal); otherwise the library refuses the file.
 */
export function procpsStatUsable(text: string): boolean {
  const line = /^cpu\s/.exec(text) ? text.slice(3) : null;
  if (line === null) return false;
  let from = 0;
  for (let i = 0; i < 8; i++) {
    const scanned = scanUnsigned(line, from);
    if (!scanned) return false;
    from = scanned.end;
  }
  return true;
}

/** numa_node_of_cpu: the node whose sysfs directory holds the CPU, -1 without NUMA information. */
export function numaNodeOfCpu(sys: string, cpu: number): number {
  const nodes = join(sys, 'devices/system/node');
  let entries: string[];
  try {
    entries = readdirSync(nodes).filter((name) => /^node\d+$/.test(name));
  } catch {
    return -1;
  }
  for (const entry of entries) {
    try {
      statSync(join(nodes, entry, `cpu${cpu}`));
      return Number(entry.slice(4));
    } catch {
      // not this node's
    }
  }
  return -1;
}
