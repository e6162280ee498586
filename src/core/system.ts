// Facts about the running system: sysconf values, boot time, uptime, limits and names.
import { join } from 'node:path';
import type { SysconfValues } from '../../native/index.js';
import { binding } from './native.js';
import { defaultContext, readInteger, readText, type ProcfsContext } from './procfs.js';

let sysconfCache: SysconfValues | undefined;

/** sysconf(3): clock ticks per second, page size and online CPUs; constant for the process's life. */
export function sysconf(): Readonly<SysconfValues> {
  sysconfCache ??= binding().sysconf();
  return sysconfCache;
}

/** Boot time in seconds since the epoch: `btime` of /proc/stat. */
export function bootTime(ctx: ProcfsContext = defaultContext()): number {
  const match = /^btime (\d+)$/m.exec(readText(join(ctx.proc, 'stat')));
  if (!match) throw new Error(`${join(ctx.proc, 'stat')}: no btime line`);
  return Number(match[1]);
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

export interface KernelInfo {
  /** `Linux` */
  sysname: string;
  hostname: string;
  /** e.g. `6.18.44-fc` */
  release: string;
  /** e.g. `#1 SMP PREEMPT_DYNAMIC ...` */
  version: string;
}

/** uname(2)'s names as the kernel exposes them under /proc/sys/kernel (so PTOOLS_PROC applies). */
export function kernelInfo(ctx: ProcfsContext = defaultContext()): KernelInfo {
  const read = (name: string) => readText(join(ctx.proc, 'sys/kernel', name)).replace(/\n$/, '');
  return {
    sysname: read('ostype'),
    hostname: read('hostname'),
    release: read('osrelease'),
    version: read('version'),
  };
}

/** /proc/loadavg's three averages, as sscanf("%lf %lf %lf") reads them (0 when missing). */
export function parseLoadavg(text: string): [number, number, number] {
  const [a = '0', b = '0', c = '0'] = text.trim().split(/\s+/);
  return [Number(a) || 0, Number(b) || 0, Number(c) || 0];
}
