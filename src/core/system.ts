// Facts about the running system: sysconf values, boot time, uptime, limits and names.
import { join } from 'node:path';
import type { SysconfValues } from '../../native/index.js';
import { binding } from './native.js';
import { defaultContext, readBytes, readInteger, readText, type ContextOption, type ProcfsContext } from './procfs.js';
import { isCSpace } from '../util/number.js';

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
  /** Seconds since boot (0 when the file does not give it). */
  uptime: number;
  /** Sum over CPUs of the seconds spent idle (0 when the file does not give it). */
  idle: number;
  /** How the scan of the two figures ended. */
  scan: ScanEnd;
}

/** The blanks scanf skips (isspace in the C locale). */
const SCANF_BLANKS = /[ \t\n\v\f\r]*/y;
/**
 * The text glibc's scanf %lf takes for one figure, as far as it reads: a sign, then NaN, an
 * infinity (all of "infinity" once past "inf" and an 'i'), a hexadecimal or a decimal number,
 * whose exponent may lack its digits ("1e", "0x1p"). A match that ends short of its form (a
 * shorter "infinit", "0x" without digits) fails the conversion.
 */
const SCANF_DOUBLE = /[+-]?(?:[nN][aA][nN]|[iI][nN][fF](?:[iI](?:[nN](?:[iI](?:[tT](?:[yY])?)?)?)?)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)?(?:[pP][+-]?\d*)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d*)?)/y;

/** The value of a figure SCANF_DOUBLE matched, or null when glibc fails the conversion. */
function scanfDouble(text: string): number | null {
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '').toLowerCase();
  let value: number;
  if (body === 'nan') value = NaN;
  else if (body === 'inf' || body === 'infinity') value = Infinity;
  else if (body.startsWith('i')) return null;
  else if (body.startsWith('0x')) {
    const hex = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d*))?$/.exec(body);
    if (!hex || (hex[1] === '' && hex[2] === '')) return null;
    const digits = `${hex[1]}${hex[2]}`;
    value = Number.parseInt(digits, 16) * 2 ** ((Number(hex[3]) || 0) - 4 * (hex[2] ?? '').length);
  } else value = Number.parseFloat(body);
  // Negation keeps a NaN's sign bit too (glibc prints "-nan").
  return negative ? -value : value;
}

/** How a scanf of figures ended: all read; the text ran out where one should begin; or it ended inside one, or had something else where one should be. */
type ScanEnd = 'complete' | 'ran out' | 'broken';

/**
 * fscanf(file, "%lf %lf ...") for `count` figures as glibc reads them: the figures read before
 * a failure, and how the scan ended.
 */
function scanfDoubles(text: string, count: number): { figures: number[]; scan: ScanEnd } {
  const figures: number[] = [];
  let at = 0;
  while (figures.length < count) {
    SCANF_BLANKS.lastIndex = at;
    SCANF_BLANKS.exec(text);
    at = SCANF_BLANKS.lastIndex;
    const plain = plainDecimalEnd(text, at);
    if (plain >= 0) {
      figures.push(Number(text.slice(at, plain)));
      at = plain;
    } else {
      SCANF_DOUBLE.lastIndex = at;
      const match = at < text.length ? SCANF_DOUBLE.exec(text) : null;
      const figure = match === null ? null : scanfDouble(match[0]);
      if (figure === null) return { figures, scan: at < text.length ? 'broken' : 'ran out' };
      figures.push(figure);
      at = SCANF_DOUBLE.lastIndex;
    }
    if (at === text.length && figures.length < count) return { figures, scan: 'broken' };
  }
  return { figures, scan: 'complete' };
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Where a figure as the kernel prints them ("123", "123.45") ends, when one begins at `at` and a
 * blank or the end of the text follows it; else -1, and SCANF_DOUBLE reads whatever is there.
 * Such a figure is read without that expression, whose compilation costs a short command more
 * than the rest of its reading.
 */
function plainDecimalEnd(text: string, at: number): number {
  let end = at;
  while (isDigit(text.charCodeAt(end))) end++;
  if (end === at) return -1;
  if (text.charCodeAt(end) === 46) {
    end++;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  return end === text.length || isCSpace(text.charCodeAt(end)) ? end : -1;
}

/**
 * /proc/uptime ("12345.67 23456.78") as procps_uptime() reads it, with fscanf("%lf %lf"): the
 * figures scanned before a failure are kept and the others are 0, which the procps tools go on
 * with (ps, top, w...), and uptime alone reports.
 */
export function parseUptime(text: string): Uptime {
  const { figures, scan } = scanfDoubles(text, 2);
  return { uptime: figures[0] ?? 0, idle: figures[1] ?? 0, scan };
}

export function uptime(ctx: ProcfsContext = defaultContext()): Uptime {
  return parseUptime(readText(join(ctx.proc, 'uptime')));
}

/** The largest pid plus one. */
export function pidMax(ctx: ProcfsContext = defaultContext()): number {
  return readInteger(join(ctx.proc, 'sys/kernel/pid_max'));
}

/**
 * procps_pid_length(), the width of ps's and top's pid columns: the length of pid_max's first
 * line as fgets reads it into 24 bytes (C's strlen, less a newline), whatever the line holds; 5
 * when the file cannot be read or is empty.
 */
export function pidLength(ctx: ProcfsContext = defaultContext()): number {
  let bytes: Buffer;
  try {
    bytes = readBytes(join(ctx.proc, 'sys/kernel/pid_max'));
  } catch {
    return 5;
  }
  if (bytes.length === 0) return 5;
  const newline = bytes.indexOf(10);
  const piece = bytes.subarray(0, Math.min(newline < 0 ? bytes.length : newline + 1, 23));
  const nul = piece.indexOf(0);
  const line = nul < 0 ? piece : piece.subarray(0, nul);
  return line.length > 0 && line[line.length - 1] === 10 ? line.length - 1 : line.length;
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

/**
 * The averages as uptime, w and top print them: procps_loadavg's fscanf("%lf %lf %lf"), whose
 * figures stand even when the scan fails part way (0 for those it did not reach, and all three
 * when the file cannot be read).
 */
export function loadAverage(ctx: ProcfsContext = defaultContext()): LoadAverage {
  let text = '';
  try {
    text = readText(join(ctx.proc, 'loadavg'));
  } catch {
    // unreadable: nothing scanned
  }
  const [one = 0, five = 0, fifteen = 0] = scanfDoubles(text, 3).figures;
  return { one, five, fifteen };
}
