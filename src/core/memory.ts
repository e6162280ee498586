// System memory from /proc/meminfo, with the formulas of procps-ng 4 (library/meminfo.c), which
// psutil >= 7.1 shares for `used`. Values in the file are KiB; the API speaks bytes.
import { join } from 'node:path';
import { printfFixed, strtoul, ulong } from '../util/number.js';
import { defaultContext, readText, type ContextOption, type ProcfsContext } from './procfs.js';
import { sysconf } from './system.js';
import { cDecimal } from './text.js';

/** The fields of /proc/meminfo as printed by the kernel (KiB, or a count for HugePages_*). */
export type Meminfo = ReadonlyMap<string, number>;

/**
 * Parses /proc/meminfo the way procps does: the key is the text before ':', the value is the
 * leading unsigned decimal after it (strtoul: blanks skipped, no digits reads as 0).
 */
export function parseMeminfo(text: string): Meminfo {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    fields.set(line.slice(0, colon), cDecimal(line.slice(colon + 1)));
  }
  return fields;
}

/**
 * /proc/meminfo as procps-ng 4's library holds it (meminfo_read_failed, procpsFields): each
 * "Key:" and strtoul's value, in KiB as C's unsigned long (a negative wraps, past 2^64-1
 * saturates), and the figures it derives with unsigned arithmetic. The
 * commands that print through that library (free) show these, wraps included.
 */
export interface ProcpsMeminfo {
  /** A field of the file as strtoul read it; 0 when absent. */
  field(key: string): bigint;
  /** MemAvailable, MemFree when it is 0 or beyond MemTotal. */
  readonly available: bigint;
  /** MemTotal - available, or MemTotal - MemFree when that is negative as a signed long. */
  readonly used: bigint;
  /** Cached + SReclaimable. */
  readonly cachedAll: bigint;
  /** LowTotal and LowFree, MemTotal and MemFree on a kernel without them. */
  readonly lowTotal: bigint;
  readonly lowFree: bigint;
  /** total - free where free is below total, else 0 (low, high and swap). */
  readonly lowUsed: bigint;
  readonly highUsed: bigint;
  readonly swapUsed: bigint;
}

/**
 * The loop of procps' meminfo_read_failed and vmstat_read_failed: one read of at most 8191 bytes,
 * taken as a C string (it ends at a NUL); a key runs to `separator`, its value is strtoul's from
 * there, and the next key starts after the next newline, so a line without the separator takes
 * the next line's key into its own. The last value of a key counts.
 */
export function procpsFields(text: string, separator: ':' | ' '): ReadonlyMap<string, bigint> {
  const read = text.slice(0, 8191);
  const nul = read.indexOf('\0');
  const buffer = nul < 0 ? read : read.slice(0, nul);
  const fields = new Map<string, bigint>();
  for (let head = 0; ; ) {
    const end = buffer.indexOf(separator, head);
    if (end < 0) break;
    fields.set(buffer.slice(head, end), strtoul(buffer, 10, end + 1)[0]);
    const newline = buffer.indexOf('\n', end + 1);
    if (newline < 0) break;
    head = newline + 1;
  }
  return fields;
}

export function procpsMeminfo(text: string): ProcpsMeminfo {
  const fields = procpsFields(text, ':');
  const field = (key: string) => fields.get(key) ?? 0n;
  const total = field('MemTotal');
  const free = field('MemFree');
  let available = field('MemAvailable');
  if (available === 0n) available = free;
  // Beyond total: a container shown the host's figures.
  if (available > total) available = free;
  let used = BigInt.asIntN(64, total - available);
  if (used < 0n) used = BigInt.asIntN(64, total - free);
  const lowKnown = field('LowTotal') !== 0n;
  const lowTotal = lowKnown ? field('LowTotal') : total;
  const lowFree = lowKnown ? field('LowFree') : free;
  const usedOf = (all: bigint, left: bigint) => (left < all ? all - left : 0n);
  return {
    field,
    available,
    used: ulong(used),
    cachedAll: ulong(field('Cached') + field('SReclaimable')),
    lowTotal,
    lowFree,
    lowUsed: usedOf(lowTotal, lowFree),
    highUsed: usedOf(field('HighTotal'), field('HighFree')),
    swapUsed: usedOf(field('SwapTotal'), field('SwapFree')),
  };
}

/** psutil's svmem, from /proc/meminfo: every figure in bytes, percent in percent. */
export interface VirtualMemory {
  /** Total physical memory (MemTotal), bytes. */
  total: number;
  /** Memory that can be given to processes without swapping, bytes: MemAvailable; MemFree on kernels without it (< 3.14) or when it exceeds total (LXC). */
  available: number;
  /** Percent (0–100) of the RAM in use: (total - available) / total * 100, rounded to one decimal as psutil does. */
  percent: number;
  /** Memory in use, total - available (procps >= 4.0.1, psutil >= 7.1), bytes. */
  used: number;
  /** Memory not used for anything (MemFree), bytes. */
  free: number;
  /** Memory in use or recently used, so kept in RAM (Active), bytes. */
  active: number;
  /** Memory not recently used, the first to be reclaimed (Inactive), bytes. */
  inactive: number;
  /** Block device buffers, e.g. filesystem metadata (Buffers), bytes. */
  buffers: number;
  /** Page cache and reclaimable slab, Cached + SReclaimable (what free calls "cache"), bytes. */
  cached: number;
  /** Shared memory and tmpfs (Shmem), bytes. */
  shared: number;
  /** Kernel data structure caches (Slab), bytes. */
  slab: number;
  /** LowTotal, or MemTotal when the kernel has no highmem split, bytes. */
  lowTotal: number;
  /** lowTotal - lowFree, bytes. */
  lowUsed: number;
  /** LowFree, or MemFree without a highmem split, bytes. */
  lowFree: number;
  /** HighTotal (0 without a highmem split), bytes. */
  highTotal: number;
  /** highTotal - highFree, bytes. */
  highUsed: number;
  /** HighFree, bytes. */
  highFree: number;
  /** Memory the kernel will commit under strict overcommit (CommitLimit), bytes. */
  commitLimit: number;
  /** Memory allocated by all processes, whether used or not (Committed_AS), bytes. */
  committedAs: number;
}

/** psutil's sswap, from /proc/meminfo: bytes, percent in percent. */
export interface SwapMemory {
  /** Total swap space (SwapTotal), bytes. */
  total: number;
  /** Swap in use, total - free, bytes. */
  used: number;
  /** Swap not in use (SwapFree), bytes. */
  free: number;
  /** Percent (0–100) of the swap in use: used / total * 100, rounded to one decimal; 0 without swap. */
  percent: number;
}

/** The swap traffic since boot (psutil's sin and sout). */
export interface SwapActivity {
  /** Bytes swapped in since boot (/proc/vmstat pswpin pages). */
  sin: number;
  /** Bytes swapped out since boot (/proc/vmstat pswpout pages). */
  sout: number;
}

const KiB = 1024;

/** psutil's usage_percent(part, whole, round_=1): Python's round(), ties to even on the exact value. */
function roundPercent(part: number, whole: number): number {
  return whole > 0 ? Number(printfFixed((part / whole) * 100, 1)) : 0;
}

/** Difference of two unsigned counters, 0 when it would be negative (procps' derived_*_used). */
function usedOf(total: number, free: number): number {
  return free < total ? total - free : 0;
}

/** Pure: the virtual memory figures of one meminfo read. */
export function virtualMemoryOf(meminfo: Meminfo): VirtualMemory {
  const kib = (key: string) => meminfo.get(key) ?? 0;
  const total = kib('MemTotal');
  const free = kib('MemFree');
  let available = kib('MemAvailable') || free;
  if (available > total) available = free;
  const lowTotal = kib('LowTotal') || total;
  const lowFree = kib('LowTotal') ? kib('LowFree') : free;
  const used = total - available;
  return {
    total: total * KiB,
    available: available * KiB,
    percent: roundPercent(used, total),
    used: used * KiB,
    free: free * KiB,
    active: kib('Active') * KiB,
    inactive: kib('Inactive') * KiB,
    buffers: kib('Buffers') * KiB,
    cached: (kib('Cached') + kib('SReclaimable')) * KiB,
    shared: kib('Shmem') * KiB,
    slab: kib('Slab') * KiB,
    lowTotal: lowTotal * KiB,
    lowUsed: usedOf(lowTotal, lowFree) * KiB,
    lowFree: lowFree * KiB,
    highTotal: kib('HighTotal') * KiB,
    highUsed: usedOf(kib('HighTotal'), kib('HighFree')) * KiB,
    highFree: kib('HighFree') * KiB,
    commitLimit: kib('CommitLimit') * KiB,
    committedAs: kib('Committed_AS') * KiB,
  };
}

/** Pure: the swap figures of one meminfo read. */
export function swapMemoryOf(meminfo: Meminfo): SwapMemory {
  const total = meminfo.get('SwapTotal') ?? 0;
  const free = meminfo.get('SwapFree') ?? 0;
  const used = usedOf(total, free);
  return { total: total * KiB, used: used * KiB, free: free * KiB, percent: roundPercent(used, total) };
}

export function readMeminfo(ctx: ProcfsContext = defaultContext()): Meminfo {
  return parseMeminfo(readText(join(ctx.proc, 'meminfo')));
}

/** psutil.virtual_memory(): system memory in bytes (percent in percent). */
export function virtualMemory(options: ContextOption = {}): VirtualMemory {
  return virtualMemoryOf(readMeminfo(options.ctx));
}

/** psutil.swap_memory(): swap totals in bytes plus bytes swapped in and out since boot. */
export function swapMemory(options: ContextOption = {}): SwapMemory & SwapActivity {
  const ctx = options.ctx ?? defaultContext();
  const pageSize = sysconf().pageSize;
  const vmstat = parseVmstat(readText(join(ctx.proc, 'vmstat')));
  return {
    ...swapMemoryOf(readMeminfo(ctx)),
    sin: (vmstat.get('pswpin') ?? 0) * pageSize,
    sout: (vmstat.get('pswpout') ?? 0) * pageSize,
  };
}

/** Parses /proc/vmstat: one `name value` pair per line, the value read as procps' strtoul reads it. */
export function parseVmstat(text: string): ReadonlyMap<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ');
    if (name && value !== undefined) fields.set(name, cDecimal(value));
  }
  return fields;
}

/** One /proc/meminfo line with its unit: `kB` for sizes, none for the HugePages_* counts. */
export interface MeminfoLine {
  readonly key: string;
  readonly value: number;
  readonly kilobytes: boolean;
}

/** /proc/meminfo line by line in file order, keeping whether each value is in kB. */
export function parseMeminfoLines(text: string): MeminfoLine[] {
  const lines: MeminfoLine[] = [];
  for (const line of text.split('\n')) {
    const match = /^([^:]+):\s+(\d+)(?:\s+(kB))?\s*$/.exec(line);
    if (match) lines.push({ key: match[1] as string, value: Number(match[2]), kilobytes: match[3] !== undefined });
  }
  return lines;
}

/** One cache of /proc/slabinfo (version 2.x). */
export interface SlabCache {
  readonly name: string;
  readonly activeObjs: number;
  readonly numObjs: number;
  readonly objSize: number;
  readonly objsPerSlab: number;
  readonly pagesPerSlab: number;
  readonly activeSlabs: number;
  readonly numSlabs: number;
}

const SLAB_LINE = /^[ \t\n\v\f\r]*([^ \t\n\v\f\r]{1,128})[ \t]*(\d+)[ \t]+(\d+)[ \t]+(\d+)[ \t]+(\d+)[ \t]+(\d+)[ \t]*:[ \t]*tunables[ \t]+\d+[ \t]+\d+[ \t]+\d+[ \t]*:[ \t]*slabdata[ \t]+(\d+)[ \t]+(\d+)/;

/**
 * /proc/slabinfo as procps-ng 4's library reads it: a "slabinfo - version: 2.x" first line, '#'
 * lines skipped, and every other line must scan (name, five counts, the slabdata pair), else the
 * whole read fails (null).
 */
export function parseSlabinfo(text: string): SlabCache[] | null {
  const [first = '', ...lines] = text.split('\n');
  if (!/^slabinfo - version: *2\.[+-]?\d/.test(first)) return null;
  const caches: SlabCache[] = [];
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SLAB_LINE.exec(line);
    if (!m) return null;
    const n = (i: number) => Number(m[i]) >>> 0;
    caches.push({ name: m[1] as string, activeObjs: n(2), numObjs: n(3), objSize: n(4), objsPerSlab: n(5), pagesPerSlab: n(6), activeSlabs: n(7), numSlabs: n(8) });
  }
  return caches;
}
