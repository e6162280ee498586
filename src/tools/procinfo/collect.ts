// Everything procinfo.py asks psutil about one process, read once. Each field is read on its
// own: one that the kernel refuses (another user's process), that a zombie can no longer give,
// or that the process does not have (a kernel thread's environment) is recorded as such, and the
// rest of the report goes on.
import { AccessDenied, CommandFailed, errnoCode, NoSuchProcess, Unsupported, ZombieProcess } from '../../core/errors.js';
import { virtualMemory } from '../../core/memory.js';
import type {
  CtxSwitches,
  Ionice,
  IoCounters,
  OpenFile,
  ProcessConnection,
  Rlimit,
  ThreadTimes,
} from '../../core/process/details.js';
import type { Ids } from '../../core/process/parsers.js';
import { Process, type CpuTimes, type MemoryInfo } from '../../core/process/process.js';
import { footprint, type FootprintFigures, type MemoryMap } from '../../core/process/smaps.js';
import type { ProcfsContext } from '../../core/procfs.js';

/** Why a field has no value. */
export type Failure = 'access denied' | 'zombie process' | 'not available';

export type Field<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };

/** Reads one field: AccessDenied, ZombieProcess and a file the live process lacks become a Failure. */
export function field<T>(read: () => T): Field<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof AccessDenied) return { ok: false, failure: 'access denied' };
    if (error instanceof ZombieProcess) return { ok: false, failure: 'zombie process' };
    if (error instanceof NoSuchProcess) throw error;
    // Syscalls (ionice, cpu affinity, limits) asked of a procfs tree other than the live one.
    if (error instanceof Unsupported) return { ok: false, failure: 'not available' };
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ESRCH') return { ok: false, failure: 'not available' };
    throw error;
  }
}

/**
 * A field that psutil (5.9, the script's library) still answers for a zombie: exe() is '' when the
 * link cannot be read but /proc/PID exists, and cmdline() splits the zombie's empty file into [].
 */
function zombieGives<T>(value: T, read: () => T): Field<T> {
  const result = field(read);
  return !result.ok && result.failure === 'zombie process' ? { ok: true, value } : result;
}

export interface NamedPid {
  pid: number;
  name: Field<string>;
}

export interface ProcinfoReport {
  pid: number;
  name: Field<string>;
  ppid: Field<number>;
  /** null when the process has no parent (pid 1, kernel threads of pid 0, a reused ppid). */
  parent: Field<NamedPid | null>;
  exe: Field<string>;
  cwd: Field<string>;
  cmdline: Field<string[]>;
  /** Seconds since the epoch. */
  createTime: Field<number>;
  cpuTimes: Field<CpuTimes>;
  /** Average CPU use over the process's life, as ps's %CPU: (user + system) / elapsed * 100. */
  cpuPercent: Field<number>;
  cpuAffinity: Field<number[]>;
  cpuNum: Field<number>;
  memoryInfo: Field<MemoryInfo>;
  footprint: Field<FootprintFigures>;
  /** RSS as a percentage of total memory. */
  memoryPercent: Field<number>;
  username: Field<string>;
  uids: Field<Ids>;
  gids: Field<Ids>;
  /** null without a controlling terminal. */
  terminal: Field<string | null>;
  status: Field<string>;
  nice: Field<number>;
  ionice: Field<Ionice>;
  numThreads: Field<number>;
  numFds: Field<number>;
  ioCounters: Field<IoCounters>;
  numCtxSwitches: Field<CtxSwitches>;
  children: Field<NamedPid[]>;
  openFiles: Field<OpenFile[]>;
  connections: Field<ProcessConnection[]>;
  threads: Field<ThreadTimes[]>;
  rlimits: Field<Record<string, Rlimit>>;
  environ: Field<Record<string, string>>;
  /** memory_maps(grouped=True). */
  memoryMaps: Field<MemoryMap[]>;
}

/** A field computed from another one, failing as it fails. */
function derive<T, U>(source: Field<T>, compute: (value: T) => U): Field<U> {
  return source.ok ? field(() => compute(source.value)) : source;
}

const named = (process: Process): NamedPid => ({ pid: process.pid, name: field(() => process.name()) });

/** The report of one process; CommandFailed (status 1) when there is no such process. */
export function collectProcinfo(wanted: bigint, ctx: ProcfsContext, now = Date.now() / 1000): ProcinfoReport {
  const missing = () => new CommandFailed(`pt-procinfo: no process found with pid ${wanted}\n`, 1);
  // The kernel's pids are below 2^22 (PID_MAX_LIMIT); anything else names no process.
  if (wanted <= 0n || wanted > 4194304n) throw missing();
  const pid = Number(wanted);
  let process: Process;
  try {
    process = new Process(pid, { ctx });
  } catch (error) {
    if (error instanceof NoSuchProcess) throw missing();
    throw error;
  }
  // procinfo.py reads everything inside psutil's oneshot(): each file once for the whole report.
  return process.oneshot(() => report(process, ctx, now, missing));
}

function report(process: Process, ctx: ProcfsContext, now: number, missing: () => CommandFailed): ProcinfoReport {
  const pid = process.pid;
  // The kernel's costliest files of one process (each walks every mapping), read on another
  // thread while the fields before them are.
  process.readAhead(['smaps_rollup', 'smaps']);
  try {
    const createTime = field(() => process.createTime());
    const cpuTimes = field(() => process.cpuTimes());
    const memoryInfo = field(() => process.memoryInfo());
    const fields: Omit<ProcinfoReport, 'footprint' | 'memoryMaps'> = {
      pid,
      name: field(() => process.name()),
      ppid: field(() => process.ppid()),
      parent: field(() => {
        const found = process.parent();
        return found === null ? null : named(found);
      }),
      exe: zombieGives('', () => process.exe()),
      cwd: field(() => process.cwd()),
      cmdline: zombieGives([], () => process.cmdline()),
      createTime,
      cpuTimes,
      cpuPercent: derive(cpuTimes, (times) => {
        const elapsed = createTime.ok ? now - createTime.value : 0;
        return elapsed > 0 ? ((times.user + times.system) / elapsed) * 100 : 0;
      }),
      cpuAffinity: field(() => process.cpuAffinity()),
      cpuNum: field(() => process.cpuNum()),
      memoryInfo,
      memoryPercent: derive(memoryInfo, (memory) => (memory.rss / virtualMemory({ ctx }).total) * 100),
      username: field(() => process.username()),
      uids: field(() => process.uids()),
      gids: field(() => process.gids()),
      terminal: field(() => process.terminal()),
      status: field(() => process.status()),
      nice: field(() => process.nice()),
      ionice: field(() => process.ionice()),
      numThreads: field(() => process.numThreads()),
      numFds: field(() => process.numFds()),
      ioCounters: field(() => process.ioCounters()),
      numCtxSwitches: field(() => process.numCtxSwitches()),
      children: field(() => process.childrenSync().map(named)),
      openFiles: field(() => process.openFiles()),
      connections: field(() => process.connections()),
      threads: field(() => process.threads()),
      rlimits: field(() => process.rlimits()),
      // {} for a kernel thread (Process.environ).
      environ: field(() => process.environ()),
    };
    // Last, the fields of the files read ahead: their reading has had the longest to finish.
    return { ...fields, footprint: field(() => footprint(process)), memoryMaps: field(() => process.memoryMaps()) };
  } catch (error) {
    // The process ended while it was being read.
    if (error instanceof NoSuchProcess) throw missing();
    throw error;
  }
}
