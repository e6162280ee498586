// processes(attrs): every process with the requested attributes, read in one pass per process.
import { AccessDenied, NoSuchProcess, ZombieProcess } from '../errors.js';
import { defaultContext, type ProcfsContext } from '../procfs.js';
import { TtyNames } from '../tty.js';
import { prefetch } from './batch.js';
import type { Ids } from './parsers.js';
import { pids, Process, type CpuTimes, type MemoryInfo, type ProcFile } from './process.js';

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

/** The files each attribute reads, so that they can be read for all processes in one batch. */
const FILES: { readonly [K in ProcessAttribute]: readonly ProcFile[] } = {
  name: ['stat'],
  ppid: ['stat'],
  status: ['stat'],
  uids: ['status'],
  gids: ['status'],
  username: ['status'],
  cmdline: ['cmdline'],
  numThreads: ['stat'],
  createTime: ['stat'],
  memoryInfo: ['statm'],
  cpuTimes: ['stat'],
  nice: ['stat'],
  terminal: ['stat'],
  exe: [],
  cwd: [],
  environ: ['environ'],
  numFds: [],
};

/**
 * One process's attributes. An attribute the kernel refused (AccessDenied) or that a zombie can
 * no longer give is null, as psutil's ad_value.
 */
export type ProcessInfo<A extends ProcessAttribute> = { pid: number } & { [K in A]: AttributeTypes[K] | null };

export interface ProcessesOptions {
  ctx?: ProcfsContext;
}

/**
 * Yields every process that exists while it is read, in pid order. A process that vanishes
 * between the listing and its reads is skipped, as ps does.
 */
export function* processes<A extends ProcessAttribute>(
  attrs: readonly A[],
  options: ProcessesOptions = {},
): Generator<ProcessInfo<A>> {
  const ctx = options.ctx ?? defaultContext();
  const all = pids(ctx).map((pid) => new Process(pid, ctx));
  prefetch(all, [...new Set<ProcFile>(['stat', ...attrs.flatMap((attr) => FILES[attr])])]);
  const ttys = new TtyNames(ctx);
  for (const process of all) {
    const info = readAttributes(process, attrs, ttys);
    if (info) yield info;
  }
}

function readAttributes<A extends ProcessAttribute>(process: Process, attrs: readonly A[], ttys: TtyNames): ProcessInfo<A> | null {
  const info: Record<string, unknown> = { pid: process.pid };
  try {
    process.stat(); // read first: a pid that is already gone is skipped without further reads
    for (const attr of attrs) info[attr] = attributeOrNull(process, attr, ttys);
  } catch (error) {
    // Gone, or hidden from us (hidepid): ps lists neither.
    if (error instanceof AccessDenied || (error instanceof NoSuchProcess && !(error instanceof ZombieProcess))) return null;
    throw error;
  }
  return info as ProcessInfo<A>;
}

function attributeOrNull<A extends ProcessAttribute>(process: Process, attr: A, ttys: TtyNames): AttributeTypes[A] | null {
  try {
    return GETTERS[attr](process, ttys);
  } catch (error) {
    if (error instanceof AccessDenied || error instanceof ZombieProcess) return null;
    throw error;
  }
}
