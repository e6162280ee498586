// The process scan: the addon lists /proc and reads, on worker threads, only the files asked
// for, and hands back columns (numbers in typed arrays, bytes in one buffer per file). A process
// that exits during the scan is left out; a zombie stays, with state Z.
import type { ByteColumn, ProcessScanColumns } from '../../../native/index.js';
import { binding } from '../native.js';
import type { ProcfsContext } from '../procfs.js';
import type { Ids, ProcStat, ProcStatm } from './parsers.js';

/** What to read, as a bit mask (the addon's Field). stat is always read, unless statusOnly. */
export const ScanField = {
  /** Parsed: the stat columns (STAT), the state and the comm. */
  stat: 1,
  /** Parsed: Uid, Gid and the Vm* lines (STATUS). */
  status: 2,
  /** status as bytes, for the keys the parsed columns leave out. */
  statusText: 4,
  /** Parsed: the seven statm figures in pages. */
  statm: 8,
  cmdline: 16,
  io: 32,
  smapsRollup: 64,
  /** Summed in the addon (SMAPS); the file itself is not kept. */
  smaps: 128,
  environ: 256,
  /** cmdline on one line as procps shows it (joinArguments), in place of the raw bytes. */
  cmdlineJoined: 512,
  /** stat's bytes as well as its columns. */
  statText: 1024,
  /** The owner uid of /proc/PID (-1 when it cannot be stat'ed), in `owners`. */
  owner: 2048,
  /** smaps_rollup's USS, PSS and swap in bytes (parseSmapsRollup), in `rollup`; the text is not kept. */
  rollup: 4096,
  /** The number of open descriptors (entries of /proc/PID/fd, -1 when unlistable), in `fds`. */
  fds: 8192,
  /** /proc/PID/cgroup as bytes. */
  cgroup: 16384,
  /**
   * status (parsed, as `status`) read in place of stat, for a caller that wants nothing of stat:
   * `state` comes from its State line, the stat columns are 0 and the comm empty.
   */
  statusOnly: 32768,
} as const;

/** Offsets of the stat columns in a row of `stat` (STAT_WIDTH numbers per process). */
export const STAT = {
  pid: 0,
  ppid: 1,
  pgrp: 2,
  session: 3,
  ttyNr: 4,
  tpgid: 5,
  flags: 6,
  minflt: 7,
  cminflt: 8,
  majflt: 9,
  cmajflt: 10,
  utime: 11,
  stime: 12,
  cutime: 13,
  cstime: 14,
  priority: 15,
  nice: 16,
  numThreads: 17,
  starttime: 18,
  vsize: 19,
  rss: 20,
  startcode: 21,
  endcode: 22,
  startstack: 23,
  kstkesp: 24,
  kstkeip: 25,
  processor: 26,
  rtPriority: 27,
  policy: 28,
  blkioTicks: 29,
} as const;
export const STAT_WIDTH = 30;

/** Offsets in a row of `status`: the ids, then kB figures (NaN when the line is absent). */
export const STATUS = {
  uid: 0,
  gid: 4,
  VmSize: 8,
  VmLck: 9,
  VmRSS: 10,
  VmData: 11,
  VmStk: 12,
  VmSwap: 13,
} as const;
export const STATUS_WIDTH = 14;
export const STATM_WIDTH = 7;

/**
 * Offsets in a row of `smaps`: psutil's sums (kB), smem's totals (smemTotals' order), 1 when
 * those could be summed (the kernel's layout), and the file's size in bytes.
 */
export const SMAPS = { uss: 0, pss: 1, swap: 2, smem: 3, smemValid: 14, bytes: 15 } as const;
export const SMAPS_WIDTH = 16;

/** Offsets in a row of `rollup` (ROLLUP_WIDTH numbers per process). */
export const ROLLUP = { uss: 0, pss: 1, swap: 2 } as const;
export const ROLLUP_WIDTH = 3;

/** Offsets in a row of `errors`, one errno per file. */
export const SCAN_ERROR = {
  stat: 0,
  status: 1,
  statm: 2,
  smaps: 3,
  statusText: 4,
  cmdline: 5,
  io: 6,
  smapsRollup: 7,
  environ: 8,
  cgroup: 9,
  statText: 0,
} as const;
export const SCAN_ERROR_WIDTH = 11;

/** Row flags. */
export const COMM_PRINTABLE = 1;
export const CMDLINE_PRINTABLE = 2;

export type ProcessScan = ProcessScanColumns;

/** Every process of the procfs root (or just `pids`), in listing order. */
export function scanProcesses(ctx: ProcfsContext, fields: number, pids: Int32Array | null = null): ProcessScan {
  return binding().scanProcesses(ctx.proc, pids, fields);
}

/**
 * scanProcesses on the addon's threads, leaving the event loop free: by default on one CPU
 * fewer than there are, or on `threads`.
 */
export function scanProcessesAsync(ctx: ProcfsContext, fields: number, pids: Int32Array | null = null, threads?: number): Promise<ProcessScan> {
  return threads === undefined ? binding().scanProcessesAsync(ctx.proc, pids, fields) : binding().scanProcessesAsync(ctx.proc, pids, fields, threads);
}

/**
 * The scan a batch at a time, the next batch read off the JavaScript thread while the caller
 * works on the current one: memory stays at one or two batches, and the event loop is never
 * held for a whole scan. `threads` as scanProcessesAsync's.
 */
export async function* scanInBatches(ctx: ProcfsContext, fields: number, pids: Int32Array, size = 256, threads?: number): AsyncGenerator<ProcessScan> {
  if (pids.length === 0) return;
  let pending = scanProcessesAsync(ctx, fields, pids.subarray(0, size), threads);
  for (let start = 0; start < pids.length; start += size) {
    const scan = await pending;
    const next = start + size;
    if (next < pids.length) pending = scanProcessesAsync(ctx, fields, pids.subarray(next, next + size), threads);
    yield scan;
  }
}

/**
 * scanInBatches for a command, which has nothing to overlap with a single batch: the few hundred
 * processes of a machine at rest are scanned on this thread, since the first scan off it starts
 * libuv's pool, four threads that are waited for (some milliseconds of start-up on a busy machine).
 */
export async function* commandScans(ctx: ProcfsContext, fields: number, pids: Int32Array, size: number, threads?: number): AsyncGenerator<ProcessScan> {
  if (pids.length > size) return yield* scanInBatches(ctx, fields, pids, size, threads);
  if (pids.length > 0) yield scanProcesses(ctx, fields, pids);
}

/** Row r of a byte column. */
export function rowBytes(column: ByteColumn, row: number): Buffer {
  return column.data.subarray(column.offsets[row] as number, column.offsets[row + 1] as number);
}

/**
 * Row r's stat as parseStat gives it, read from the columns when asked: a row is built for
 * every process and most of its fields are never looked at.
 */
export class ScanStat implements ProcStat {
  private readonly base: number;

  constructor(
    private readonly scan: ProcessScan,
    private readonly row: number,
  ) {
    this.base = row * STAT_WIDTH;
  }

  private at(offset: number): number {
    return this.scan.stat[this.base + offset] as number;
  }

  get comm(): Buffer {
    return rowBytes(this.scan.comm, this.row);
  }

  get state(): string {
    return String.fromCharCode(this.scan.state[this.row] as number);
  }

  get pid(): number {
    return this.at(STAT.pid);
  }
  get ppid(): number {
    return this.at(STAT.ppid);
  }
  get pgrp(): number {
    return this.at(STAT.pgrp);
  }
  get session(): number {
    return this.at(STAT.session);
  }
  get ttyNr(): number {
    return this.at(STAT.ttyNr);
  }
  get tpgid(): number {
    return this.at(STAT.tpgid);
  }
  get flags(): number {
    return this.at(STAT.flags);
  }
  get minflt(): number {
    return this.at(STAT.minflt);
  }
  get cminflt(): number {
    return this.at(STAT.cminflt);
  }
  get majflt(): number {
    return this.at(STAT.majflt);
  }
  get cmajflt(): number {
    return this.at(STAT.cmajflt);
  }
  get utime(): number {
    return this.at(STAT.utime);
  }
  get stime(): number {
    return this.at(STAT.stime);
  }
  get cutime(): number {
    return this.at(STAT.cutime);
  }
  get cstime(): number {
    return this.at(STAT.cstime);
  }
  get priority(): number {
    return this.at(STAT.priority);
  }
  get nice(): number {
    return this.at(STAT.nice);
  }
  get numThreads(): number {
    return this.at(STAT.numThreads);
  }
  get starttime(): number {
    return this.at(STAT.starttime);
  }
  get vsize(): number {
    return this.at(STAT.vsize);
  }
  get rss(): number {
    return this.at(STAT.rss);
  }
  get startcode(): number {
    return this.at(STAT.startcode);
  }
  get endcode(): number {
    return this.at(STAT.endcode);
  }
  get startstack(): number {
    return this.at(STAT.startstack);
  }
  get kstkesp(): number {
    return this.at(STAT.kstkesp);
  }
  get kstkeip(): number {
    return this.at(STAT.kstkeip);
  }
  get processor(): number {
    return this.at(STAT.processor);
  }
  get rtPriority(): number {
    return this.at(STAT.rtPriority);
  }
  get policy(): number {
    return this.at(STAT.policy);
  }
  get blkioTicks(): number {
    return this.at(STAT.blkioTicks);
  }
}

/** The errno of one file of row r (0 when it was read). */
export function scanError(scan: ProcessScan, row: number, file: keyof typeof SCAN_ERROR): number {
  return scan.errors[row * SCAN_ERROR_WIDTH + SCAN_ERROR[file]] as number;
}

/** Row r's statm figures in pages (the scan read statm). */
export function statmOf(scan: ProcessScan, row: number): ProcStatm {
  const column = scan.statm as Float64Array;
  const o = row * STATM_WIDTH;
  // size resident shared text lib data dt
  const at = (offset: number) => column[o + offset] as number;
  return { size: at(0), resident: at(1), shared: at(2), text: at(3), data: at(5) };
}

/** Row r's Uid or Gid line (the scan read status). */
export function idsOf(scan: ProcessScan, row: number, which: 'uid' | 'gid'): Ids {
  const column = scan.status as Float64Array;
  const o = row * STATUS_WIDTH + STATUS[which];
  const at = (offset: number) => column[o + offset] as number;
  return { real: at(0), effective: at(1), saved: at(2), fs: at(3) };
}
