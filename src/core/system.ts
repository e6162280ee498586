// Facts about the running system: sysconf values, boot time, uptime, limits and names.
import { join } from 'node:path';
import type { SysconfValues } from '../../native/index.js';
import { binding } from './native.js';
import { defaultContext, readInteger, readText, type ContextOption, type ProcfsContext } from './procfs.js';

let sysconfCache: SysconfValues | undefined;

/** sysconf(3): clock ticks per second, page size and online CPUs; constant for the process's life. */
export function sysconf(): Readonly<SysconfValues> {
  sysconfCache ??= binding().sysconf();
  return sysconfCache;
}

/** psutil's boot_time(): seconds since the epoch (`btime` of /proc/stat). */
export function bootTime(options: ContextOption = {}): number {
  const ctx = options.ctx ?? defaultContext();
  const match = /^btime (\d+)$/m.exec(readText(join(ctx.proc, 'stat')));
  if (!match) throw new Error(`${join(ctx.proc, 'stat')}: no btime line`);
  return Number(match[1]);
}

/**
 * psutil's getloadavg(): the run-queue averages over 1, 5 and 15 minutes, from sysinfo(2) as
 * getloadavg(3) has them (/proc/loadavg rounds them to hundredths; it is read for a procfs tree
 * from elsewhere).
 */
export function loadAvg(options: ContextOption = {}): [number, number, number] {
  const ctx = options.ctx ?? defaultContext();
  if (ctx.proc.replace(/\/+$/, '') === '/proc') return binding().loadAverages();
  // One parser for the file: a damaged one is an error, never NaN averages.
  const load = parseLoadavg(readText(join(ctx.proc, 'loadavg')));
  if (load === null) throw new Error(`${join(ctx.proc, 'loadavg')}: not three averages`);
  return [load.one, load.five, load.fifteen];
}

export interface Uptime {
  /** Seconds since boot. */
  uptime: number;
  /** Sum over CPUs of the seconds spent idle. */
  idle: number;
}

/** /proc/uptime: "12345.67 23456.78". */
export function parseUptime(text: string): Uptime {
  const [uptime, idle] = text.trim().split(/\s+/).map(Number);
  if (uptime === undefined || idle === undefined || Number.isNaN(uptime) || Number.isNaN(idle)) {
    throw new Error(`unexpected /proc/uptime: ${JSON.stringify(text)}`);
  }
  return { uptime, idle };
}

export function uptime(ctx: ProcfsContext = defaultContext()): Uptime {
  return parseUptime(readText(join(ctx.proc, 'uptime')));
}

/** The largest pid plus one; ps sizes its pid columns from the number of its digits. */
export function pidMax(ctx: ProcfsContext = defaultContext()): number {
  return readInteger(join(ctx.proc, 'sys/kernel/pid_max'));
}

/** uname(2)'s names: the kernel's name, release and version, and the host name. */
export interface KernelInfo {
  /** `Linux` */
  sysname: string;
  /** The host name (/proc/sys/kernel/hostname), e.g. `web-1`. */
  hostname: string;
  /** e.g. `6.18.44-fc` */
  release: string;
  /** e.g. `#1 SMP PREEMPT_DYNAMIC ...` */
  version: string;
}

/** uname(2)'s names as the kernel exposes them under /proc/sys/kernel (so PTOOLS_PROC applies). */
export function kernelInfo(options: ContextOption = {}): KernelInfo {
  const ctx = options.ctx ?? defaultContext();
  const read = (name: string) => readText(join(ctx.proc, 'sys/kernel', name)).replace(/\n$/, '');
  return {
    sysname: read('ostype'),
    hostname: read('hostname'),
    release: read('osrelease'),
    version: read('version'),
  };
}

/** The 1, 5 and 15 minute load averages of /proc/loadavg. */
export interface LoadAverage {
  one: number;
  five: number;
  fifteen: number;
}

/** /proc/loadavg: "0.52 0.58 0.59 1/467 12345": its three averages, or null unless all three scan. */
export function parseLoadavg(text: string): LoadAverage | null {
  const [one, five, fifteen] = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (one === undefined || five === undefined || fifteen === undefined || ![one, five, fifteen].every(Number.isFinite)) return null;
  return { one, five, fifteen };
}

/** The averages as uptime and w print them: zeros when /proc/loadavg cannot be read or scanned. */
export function loadAverage(ctx: ProcfsContext = defaultContext()): LoadAverage {
  try {
    const load = parseLoadavg(readText(join(ctx.proc, 'loadavg')));
    if (load !== null) return load;
  } catch {
    // unreadable: as damaged
  }
  return { one: 0, five: 0, fifteen: 0 };
}
