// CPU times from /proc/stat: the raw jiffies of the aggregate `cpu` line, psutil's cpu_times() in
// seconds, psutil's percentages over two samples, and the CPU count as sysstat takes it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { printfFixed } from '../format/number.js';
import { defaultContext, readText, type ProcfsContext } from './procfs.js';
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

const U64 = (1n << 64n) - 1n;

/**
 * scanf's `%llu`: blanks, an optional sign, decimal digits. Beyond 2^64-1 it saturates, and a minus
 * sign negates modulo 2^64, as strtoull does. Returns the value and where the number ended, or null
 * when no digit is there (the conversion fails and scanf stops).
 */
export function scanUnsigned(text: string, from: number): { value: bigint; end: number } | null {
  let at = from;
  while (at < text.length && /[ \t\n\v\f\r]/.test(text[at] as string)) at++;
  let negative = false;
  if (text[at] === '+' || text[at] === '-') negative = text[at++] === '-';
  const start = at;
  while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
  if (at === start) return null;
  let value = BigInt(text.slice(start, at));
  if (value > U64) value = U64;
  return { value: negative ? BigInt.asUintN(64, -value) : value, end: at };
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
  const line = text.slice(at + 5, end < 0 ? text.length : end);
  const values: Partial<Record<(typeof JIFFY_FIELDS)[number], bigint>> = {};
  let from = 0;
  for (const field of JIFFY_FIELDS) {
    const scanned = scanUnsigned(line, from);
    if (!scanned) break;
    values[field] = scanned.value;
    from = scanned.end;
  }
  return { ...ZERO_JIFFIES, ...values };
}

export function readCpuJiffies(ctx: ProcfsContext = defaultContext()): CpuJiffies | null {
  return parseProcStatCpu(readText(join(ctx.proc, 'stat')));
}

/** psutil's scputimes on Linux, in seconds. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

export function cpuTimesOf(jiffies: CpuJiffies, clockTicks: number): CpuTimes {
  const times = {} as CpuTimes;
  for (const field of JIFFY_FIELDS) times[field] = Number(jiffies[field]) / clockTicks;
  return times;
}

/** psutil.cpu_times(): system-wide CPU times in seconds. */
export function cpuTimes(ctx: ProcfsContext = defaultContext()): CpuTimes {
  const jiffies = readCpuJiffies(ctx);
  if (!jiffies) throw new Error(`${join(ctx.proc, 'stat')}: no cpu line`);
  return cpuTimesOf(jiffies, sysconf().clockTicks);
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
export function cpuPercent(before: CpuTimes, after: CpuTimes): number {
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
export function cpuTimesPercent(before: CpuTimes, after: CpuTimes): CpuTimes {
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
export function cpuCount(ctx: ProcfsContext = defaultContext()): number {
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
  for (const match of text.matchAll(/^cpu(\d+)/gm)) highest = Math.max(highest, Number(match[1]));
  return highest;
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

/** Every `cpuN` line of /proc/stat (the per-CPU counters), in file order. */
export function parseProcStatCpus(text: string): Array<{ id: number; jiffies: CpuJiffies }> {
  const cpus: Array<{ id: number; jiffies: CpuJiffies }> = [];
  for (const match of text.matchAll(/^cpu(\d+)[ \t]+(.*)$/gm)) {
    const line = match[2] as string;
    const values: bigint[] = [];
    let from = 0;
    for (let i = 0; i < JIFFY_FIELDS.length; i++) {
      const scanned = scanUnsigned(line, from);
      if (!scanned) break;
      values.push(scanned.value);
      from = scanned.end;
    }
    if (values.length < 8) break;
    const jiffies = Object.fromEntries(JIFFY_FIELDS.map((field, i) => [field, values[i] ?? 0n])) as unknown as CpuJiffies;
    cpus.push({ id: Number(match[1]), jiffies });
  }
  return cpus;
}
