// The public library: psutil's idea for Node, over /proc and /sys.
export { AccessDenied, CommandFailed, NoSuchProcess, PtoolsError, UsageError, ZombieProcess } from './core/errors.js';
export { defaultContext, type ProcfsContext } from './core/procfs.js';
export {
  parseMeminfo,
  readMeminfo,
  swapMemory,
  swapMemoryOf,
  virtualMemory,
  virtualMemoryOf,
  type Meminfo,
  type SwapActivity,
  type SwapMemory,
  type VirtualMemory,
} from './core/memory.js';
export { bootTime, kernelInfo, pidMax, sysconf, uptime, type KernelInfo, type Uptime } from './core/system.js';
export { groupById, groupName, userById, userName, type GroupEntry, type UserEntry } from './core/users.js';
export { pids, Process, type MemoryInfo, type ProcFile } from './core/process/process.js';
export { processes, type ProcessAttribute, type ProcessInfo, type ProcessesOptions } from './core/process/iterate.js';
export type { Ids, ProcStat, ProcStatm, ProcStatus } from './core/process/parsers.js';
