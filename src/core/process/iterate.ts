// processes(attrs): every process with the requested attributes, from one scan of /proc.
import { decodeText } from '../text.js';
import { readdir } from 'node:fs/promises';
import type { ByteColumn } from '../../../native/index.js';
import { AccessDenied, errnoCode, NoSuchProcess, ZombieProcess } from '../errors.js';
import { binding } from '../native.js';
import { defaultContext, type ProcfsContext } from '../procfs.js';
import { bootTime, sysconf } from '../system.js';
import { TtyNames } from '../tty.js';
import { userName } from '../users.js';
import { parseEnviron, type Ids } from './parsers.js';
import { cmdlineArguments, cpuTimesOf, memoryInfoOf, Process, statusName, type CpuTimes, type MemoryInfo } from './process.js';
import {
  rowBytes,
  SCAN_ERROR,
  scanError,
  ScanField,
  scanInBatches,
  scanProcesses,
  ScanStat,
  idsOf,
  statmOf,
  type ProcessScan,
} from './scan.js';

/** What each attribute yields; the getters share the files they read through Process's cache. */
interface AttributeTypes {
  name: string;
  ppid: number;
  status: string;
  uids: Ids;
  gids: Ids;
  username: string;
  cmdline: string[];
  numThreads: number;
  createTime: number;
  memoryInfo: MemoryInfo;
  cpuTimes: CpuTimes;
  nice: number;
  terminal: string | null;
  exe: string;
  cwd: string;
  environ: Record<string, string>;
  numFds: number;
}

export type ProcessAttribute = keyof AttributeTypes;

const GETTERS: { readonly [K in ProcessAttribute]: (p: Process, ttys: TtyNames) => AttributeTypes[K] } = {
  name: (p) => p.name(),
  ppid: (p) => p.ppid(),
  status: (p) => p.statusName(),
  uids: (p) => p.uids(),
  gids: (p) => p.gids(),
  username: (p) => p.username(),
  cmdline: (p) => p.cmdline(),
  numThreads: (p) => p.numThreads(),
  createTime: (p) => p.createTime(),
  memoryInfo: (p) => p.memoryInfo(),
  cpuTimes: (p) => p.cpuTimes(),
  nice: (p) => p.nice(),
  terminal: (p, ttys) => p.terminal(ttys),
  exe: (p) => p.exe(),
  cwd: (p) => p.cwd(),
  environ: (p) => p.environ(),
  numFds: (p) => p.numFds(),
};

/** The files each attribute reads, as scan fields: all processes' are read in one scan. */
const FIELDS: { readonly [K in ProcessAttribute]: number } = {
  name: ScanField.stat,
  ppid: ScanField.stat,
  status: ScanField.stat,
  uids: ScanField.status,
  gids: ScanField.status,
  username: ScanField.status,
  cmdline: ScanField.cmdline,
  numThreads: ScanField.stat,
  createTime: ScanField.stat,
  memoryInfo: ScanField.statm,
  cpuTimes: ScanField.stat,
  nice: ScanField.stat,
  terminal: ScanField.stat,
  exe: 0,
  cwd: 0,
  environ: ScanField.environ,
  numFds: 0,
};

/** What every row of one iteration shares. */
interface Run {
  readonly ctx: ProcfsContext;
  readonly ttys: TtyNames;
  readonly bootTime: number;
}

/** One row of a scan, and the Process its attributes fall back to when the scan could not read a file. */
interface Scanned {
  readonly run: Run;
  readonly scan: ProcessScan;
  readonly index: number;
  readonly pid: number;
  readonly stat: ScanStat;
}

/**
 * The attributes the scan answers, with the file each needs: when that file could not be read,
 * the attribute is read again through Process, whose getter raises what psutil would.
 */
const FROM_SCAN: { readonly [K in ProcessAttribute]?: readonly [file: keyof typeof SCAN_ERROR, get: (s: Scanned) => AttributeTypes[K]] } = {
  name: ['stat', (s) => decodeText(s.stat.comm)],
  ppid: ['stat', (s) => s.stat.ppid],
  status: ['stat', (s) => statusName(s.stat.state)],
  uids: ['status', (s) => idsOf(s.scan, s.index, 'uid')],
  gids: ['status', (s) => idsOf(s.scan, s.index, 'gid')],
  username: ['status', (s) => userName(idsOf(s.scan, s.index, 'uid').real)],
  cmdline: ['cmdline', (s) => cmdlineArguments(rowBytes(s.scan.cmdline as ByteColumn, s.index), s.stat.state, s.pid)],
  numThreads: ['stat', (s) => s.stat.numThreads],
  createTime: ['stat', (s) => s.stat.starttime / sysconf().clockTicks + s.run.bootTime],
  memoryInfo: ['statm', (s) => memoryInfoOf(statmOf(s.scan, s.index))],
  cpuTimes: ['stat', (s) => cpuTimesOf(s.stat)],
  nice: ['stat', (s) => s.stat.nice],
  terminal: [
    'stat',
    (s) => {
      const name = s.run.ttys.name(s.stat.ttyNr, s.pid);
      return name === '?' ? null : `/dev/${name}`;
    },
  ],
  environ: ['environ', (s) => parseEnviron(rowBytes(s.scan.environ as ByteColumn, s.index))],
};

/**
 * One process's attributes. An attribute the kernel refused (AccessDenied) or that a zombie can
 * no longer give is null, as psutil's ad_value.
 */
export type ProcessInfo<A extends ProcessAttribute> = { pid: number } & { [K in A]: AttributeTypes[K] | null };

export interface ProcessesOptions {
  ctx?: ProcfsContext;
  /** processesAsync: processes read per batch (128 by default). */
  batchSize?: number;
}

/**
 * Yields every process that exists while it is read, in /proc's order (ascending pids). A
 * process that vanishes between the listing and its reads is skipped, as ps does. The whole
 * table is read at once, on the addon's threads.
 */
export function* processes<A extends ProcessAttribute>(
  attrs: readonly A[],
  options: ProcessesOptions = {},
): Generator<ProcessInfo<A>> {
  const run = startRun(options);
  yield* rowsOf(run, scanProcesses(run.ctx, fieldsOf(attrs), ascendingPids(run.ctx)), attrs);
}

/**
 * processes() without holding the event loop: the table is read a batch at a time off the
 * JavaScript thread, and other work runs between batches.
 *
 *     for await (const p of processesAsync(['name', 'memoryInfo'])) ...
 */
export async function* processesAsync<A extends ProcessAttribute>(
  attrs: readonly A[],
  options: ProcessesOptions = {},
): AsyncGenerator<ProcessInfo<A>> {
  const run = startRun(options);
  // Listing a large /proc takes milliseconds of kernel time: done off the JavaScript thread too.
  const names = await readdir(run.ctx.proc);
  const pids = Int32Array.from(names.filter((name) => /^\d+$/.test(name)), Number).sort();
  for await (const scan of scanInBatches(run.ctx, fieldsOf(attrs), pids, options.batchSize ?? 128)) {
    yield* rowsOf(run, scan, attrs);
    // The next batch may be read already, and awaiting a settled promise would go on without
    // letting timers and I/O in: give them their turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The pids of the procfs root, ascending whatever order its directory lists them in. */
function ascendingPids(ctx: ProcfsContext): Int32Array {
  return binding().listIds(ctx.proc).sort();
}

function startRun(options: ProcessesOptions): Run {
  const ctx = options.ctx ?? defaultContext();
  return { ctx, ttys: new TtyNames(ctx), bootTime: bootTime(ctx) };
}

function fieldsOf(attrs: readonly ProcessAttribute[]): number {
  return attrs.reduce<number>((fields, attr) => fields | FIELDS[attr], ScanField.stat);
}

function* rowsOf<A extends ProcessAttribute>(run: Run, scan: ProcessScan, attrs: readonly A[]): Generator<ProcessInfo<A>> {
  for (let index = 0; index < scan.count; index++) {
    const pid = scan.pids[index] as number;
    const scanned: Scanned = { run, scan, index, pid, stat: new ScanStat(scan, index) };
    const info = readAttributes(scanned, attrs);
    if (info) yield info;
  }
}

function readAttributes<A extends ProcessAttribute>(scanned: Scanned, attrs: readonly A[]): ProcessInfo<A> | null {
  const info: Record<string, unknown> = { pid: scanned.pid };
  let process: Process | undefined;
  try {
    for (const attr of attrs) {
      const fromScan = FROM_SCAN[attr];
      if (fromScan && scanError(scanned.scan, scanned.index, fromScan[0]) === 0) {
        info[attr] = attributeOrNull(() => fromScan[1](scanned));
      } else {
        process ??= new Process(scanned.pid, scanned.run.ctx);
        const from = process;
        info[attr] = attributeOrNull(() => GETTERS[attr](from, scanned.run.ttys));
      }
    }
  } catch (error) {
    // Gone, or hidden from us (hidepid): ps lists neither.
    if (error instanceof AccessDenied || (error instanceof NoSuchProcess && !(error instanceof ZombieProcess))) return null;
    throw error;
  }
  return info as ProcessInfo<A>;
}

/**
 * One attribute, or null where psutil's process_iter gives its ad_value. A process that is still
 * there (Process checked its stat file) may refuse one file with ESRCH or ENOENT: kernel threads
 * answer ESRCH for environ on 6.x kernels. That is a fact about this attribute of this row, not a
 * reason to end the whole iteration, so it reads as null too.
 */
function attributeOrNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof AccessDenied || error instanceof ZombieProcess) return null;
    const code = errnoCode(error);
    if (code === 'ESRCH' || code === 'ENOENT') return null;
    throw error;
  }
}
