// The public library: psutil's idea for Node, over /proc and /sys.
export { AccessDenied, CommandFailed, InvalidPid, NoSuchProcess, PtoolsError, UsageError, ZombieProcess } from './core/errors.js';
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
export {
  cpuCount,
  cpuPercent,
  cpuTimes,
  cpuTimesOf,
  cpuTimesPercent,
  parseProcStatCpu,
  readCpuJiffies,
  type CpuJiffies,
  type CpuTimes,
} from './core/cpu.js';
export {
  CounterWrap,
  deviceMapperName,
  diskIoCounters,
  isWholeDevice,
  parseBlockStat,
  parseDiskstats,
  parseUptimeHundredths,
  persistentNameFromPretty,
  prettyNameFromPersistent,
  sampleInterval,
  type BlockStat,
  type DiskIoCounters,
  type DiskstatsEntry,
} from './core/disk.js';
export { groupById, groupName, userById, userName, type GroupEntry, type UserEntry } from './core/users.js';
export { pids, Process, threadIds, type CpuTimes as ProcessCpuTimes, type ListingOrder, type MemoryInfo, type ProcFile } from './core/process/process.js';
export {
  footprint,
  groupMemoryMaps,
  memoryFullInfo,
  memoryMaps,
  memoryMapsOf,
  parseSmaps,
  parseSmapsRollup,
  parseSmemMaps,
  sumSmaps,
  type FootprintFigures,
  type MemoryFullInfo,
  type MemoryMap,
  type MemoryMapExt,
  type SmapsMapping,
  type SmemMapping,
  type SmemMaps,
} from './core/process/smaps.js';
export { processes, processesAsync, type ProcessAttribute, type ProcessInfo, type ProcessesOptions } from './core/process/iterate.js';
export {
  children,
  cpuAffinity,
  cpuNum,
  fileFlagsToMode,
  ioCounters,
  ionice,
  IOPRIO_CLASSES,
  numCtxSwitches,
  openFiles,
  parent,
  processConnections,
  rlimit,
  rlimits,
  RLIMITS,
  threads,
  type CtxSwitches,
  type Ionice,
  type IoCounters,
  type OpenFile,
  type ProcessConnection,
  type Rlimit,
  type ThreadTimes,
} from './core/process/details.js';
export type { Ids, ProcStat, ProcStatm, ProcStatus } from './core/process/parsers.js';
export {
  connections,
  programName,
  socketOwners,
  TCP_STATES,
  type Connection,
  type ConnectionKind,
  type SocketOwners,
} from './core/net/connections.js';
export {
  IFF,
  interfaceDetails,
  interfaceNames,
  interfaces,
  netIoCounters,
  InterfaceError,
  type InterfaceDetails,
  type NetInterface,
  type NetIoCounters,
} from './core/net/interfaces.js';
export {
  parseIfInet6,
  parseInetSockets,
  parseIpv6Routes,
  parseNetDev,
  parseRoutes,
  parseSnmp,
  parseUnixSockets,
  type IfInet6Address,
  type InetSocket,
  type NetDevCounters,
  type Route4,
  type Route6,
  type UnixSocket,
} from './core/net/parsers.js';
export { ipText } from './core/net/address.js';
export { loadAverage, parseLoadavg, type LoadAverage } from './core/system.js';
export { countUsers, parseUtmp, readUtmp, USER_PROCESS, type UtmpRecord } from './core/utmp.js';
