// The public library: psutil's API for Node, over /proc and /sys. Every value is plain data
// (strings, numbers, arrays, plain objects) that survives JSON.stringify; units are in the doc
// comments. Functions that read many files answer a Promise and read off the JavaScript thread.
export { AccessDenied, InvalidArgument, InvalidPid, NoSuchProcess, PtoolsError, TimeoutExpired, Unsupported, ZombieProcess } from './core/errors.js';
export { AddonUnavailable } from './core/native.js';
export { defaultContext, type ContextOption, type ProcfsContext } from './core/procfs.js';

// System
export { bootTime, kernelInfo, loadAvg, type KernelInfo } from './core/system.js';
export { cpuCount, cpuFreq, cpuPercent, cpuTimes, type CpuFreq, type CpuPercentOptions, type CpuTimes } from './core/cpu.js';
export { swapMemory, virtualMemory, type SwapActivity, type SwapMemory, type VirtualMemory } from './core/memory.js';
export { diskIoCounters, diskPartitions, diskUsage, type DiskIoCounters, type DiskPartition, type DiskUsage } from './core/disk.js';
export { users, type User } from './core/users.js';
export { connections, type Connection, type ConnectionKind } from './core/net/connections.js';
export { netIfAddrs, netIfStats, netIoCounters, type NetIfAddress, type NetIfStats, type NetIoCounters } from './core/net/interfaces.js';

// Processes
export {
  Process,
  type CpuTimes as ProcessCpuTimes,
  type MemoryInfo,
  type ProcessAttribute,
  type ProcessAttributes,
  type ProcessInfo,
  type ProcessOptions,
} from './core/process/process.js';
export type { MemoryFullInfo, MemoryMap, MemoryMapExt } from './core/process/smaps.js';
export {
  IOPRIO_CLASSES,
  RLIMITS,
  type CtxSwitches,
  type Ionice,
  type IoCounters,
  type OpenFile,
  type ProcessConnection,
  type ProcessConnectionKind,
  type Rlimit,
  type ThreadTimes,
} from './core/process/details.js';
export type { Ids } from './core/process/parsers.js';
export { pids, type ListingOrder } from './core/process/pids.js';
export { DEFAULT_ATTRIBUTES, iterProcesses, processes, processesSync, type ProcessesOptions } from './core/process/iterate.js';
export { findProcesses, pidExists, processTree, type FindOptions, type ProcessNode } from './core/process/tree.js';
