// Types of the compiled binding (build/Release/ptools.node). The TS facade is src/core/native.ts.

export interface SysconfValues {
  /** sysconf(_SC_CLK_TCK): the unit of the tick counts in /proc/PID/stat and /proc/stat. */
  clockTicks: number;
  /** sysconf(_SC_PAGESIZE): the unit of /proc/PID/statm. */
  pageSize: number;
  /** sysconf(_SC_NPROCESSORS_ONLN). */
  onlineCpus: number;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface SocketInodeScan {
  /** pid, fd and socket inode of every socket fd, in /proc order (ascending pid). */
  pids: Int32Array;
  fds: Int32Array;
  inodes: Float64Array;
  /** Some /proc/PID/fd could not be opened (EACCES): netstat's "not all processes" case. */
  denied: boolean;
  procUnreadable: boolean;
}

export interface InterfaceMap {
  memStart: number;
  memEnd: number;
  baseAddr: number;
  irq: number;
  dma: number;
  port: number;
}

/** The answers of ifconfig's ioctls for one name (a device or an IPv4 label), or the errno of SIOCGIFFLAGS. */
export type InterfaceInfo =
  | { errno: number; code: string }
  | {
      flags: number;
      hwType: number;
      /** The first 8 bytes of SIOCGIFHWADDR's sa_data. */
      hwAddress: Buffer;
      mtu: number;
      map: InterfaceMap;
      /** -1 when SIOCGIFTXQLEN fails. */
      txQueueLen: number;
      ipv4: { address: string; destination: string; broadcast: string; netmask: string } | null;
      speed?: number;
      duplex?: 'full' | 'half' | 'unknown';
    };

export interface IfAddr {
  /** The interface or IPv4 label name as a byte string (latin1: one char per byte). */
  name: string;
  /** AF_INET 2, AF_INET6 10, AF_PACKET 17, AF_UNSPEC 0. */
  family: number;
  flags: number;
  address: string;
  netmask: string;
  broadcast: string | null;
  destination: string | null;
}

/** A reading begun by readFilesAhead (opaque). */
export interface ReadingAhead {
  readonly __readingAhead: unique symbol;
}

export interface ProcFiles {
  /** Every file's bytes, one after the other. */
  data: Buffer;
  /** For pid i and name j (k = i * names.length + j): [2k] start in data, [2k+1] length or -errno. */
  offsets: Float64Array;
}

/** The rows of one /proc/net/{tcp,udp,udplite,raw}{,6} file as columns. */
export interface InetColumns {
  count: number;
  /** 32 bytes a row: the local then the remote address, network order, 16 bytes each (IPv4 in the first 4). */
  addresses: Uint8Array;
  /** 4 or 6 a row. */
  families: Uint8Array;
  /** Local then remote port, 2 a row. */
  ports: Uint32Array;
  /** 9 a row: st, tx_queue, rx_queue, tr, tm->when, retrnsmt, uid, timeout, inode. */
  values: Float64Array;
  /** Lines skipped because they did not scan. */
  bogus: number;
}

/** /proc/net/unix as columns. */
export interface UnixColumns {
  count: number;
  /** 6 a row: RefCount, Protocol, Flags, Type, St, Inode (NaN when the kernel has no Inode column). */
  values: Float64Array;
  /** Start and length in `data` of each row's path, 2 a row. */
  paths: Uint32Array;
  /** The file's bytes. */
  data: Buffer;
  hasInode: boolean;
  bogus: number;
}

/** netstat -p's view of the fd scan. */
export interface SocketHolders {
  /** The scan's socket inodes and the pid holding each, in /proc order: an inode's first pid is its holder. */
  inodes: Float64Array;
  pids: Int32Array;
  /** The "PID/name" label (a byte string cut to 19 bytes) of each pid whose cmdline could be read. */
  labelPids: Int32Array;
  labels: string[];
}

/** Bytes of one text per row: row r is data[offsets[r]..offsets[r + 1]). */
export interface ByteColumn {
  data: Buffer;
  offsets: Uint32Array;
}

/**
 * The columns of a process scan (see src/core/process/scan.ts for the layouts). Rows are the
 * processes that still existed, in listing order.
 */
export interface ProcessScanColumns {
  count: number;
  pids: Int32Array;
  /** The stat state letter (R, S, Z...) as a byte. */
  state: Uint8Array;
  /** Bit 1: comm is printable ASCII; bit 2: so is cmdline with NULs and newlines as spaces. */
  flags: Uint8Array;
  stat: Float64Array;
  comm: ByteColumn;
  /** Per row, the errno of each file read (0 when read). */
  errors: Int32Array;
  status?: Float64Array;
  statm?: Float64Array;
  smaps?: Float64Array;
  /** The raw bytes of the files asked for as text. */
  statusText?: ByteColumn;
  cmdline?: ByteColumn;
  io?: ByteColumn;
  smapsRollup?: ByteColumn;
  environ?: ByteColumn;
  statText?: ByteColumn;
  /** The owner uid of each /proc/PID, or -1. */
  owners?: Float64Array;
  /** smaps_rollup's uss, pss and swap in bytes, per process. */
  rollup?: Float64Array;
  /** The entries of each /proc/PID/fd, or -1 when it could not be listed. */
  fds?: Float64Array;
  cgroup?: ByteColumn;
}

/** The columns psLines prints: a cell kind, width and justification each, and the run's facts. */
export interface PsLinePlan {
  cells: Int32Array;
  widths: Int32Array;
  justify: Int32Array;
  /** [hertz, bootTicks, memTotalKiB, bootTime, cumulative (0/1), activeCols] */
  facts: Float64Array;
  /** Per column: null, or the texts of a looked-up cell: [keys, texts, cells]. */
  tables: Array<[Float64Array, string[], Int32Array] | null>;
}

/** The columns topLines prints, the refresh's figures per scan row, and the frame's facts. */
export interface TopLinePlan {
  cells: Int32Array;
  widths: Int32Array;
  pcpu: Float64Array;
  tics: Float64Array;
  euid: Float64Array;
  /** [etScale, cpuMax, memTotal, hertz, pageKib, taskScale, varWidth, cmdline (0/1)] */
  facts: Float64Array;
  /** The USER cell of each effective uid, as bytes (latin1). */
  users: [Float64Array, string[]];
}

export interface Binding {
  sysconf(): SysconfValues;
  /** getpwuid_r(3) through NSS; null when no entry exists. */
  getpwuid(uid: number): PasswdEntry | null;
  /** getgrgid_r(3) through NSS; null when no entry exists. */
  getgrgid(gid: number): GroupEntry | null;
  /** getpwnam_r(3) through NSS; null when no entry exists. */
  getpwnam(name: string): PasswdEntry | null;
  /** getgrnam_r(3) through NSS; null when no entry exists. */
  getgrnam(name: string): GroupEntry | null;
  /** Reads ROOT/PID/NAME for every pid and name, on a thread pool. */
  readProcFiles(root: string, pids: Int32Array, names: string[]): ProcFiles;
  /**
   * Reads every path whole on a worker thread; offsets[2i], offsets[2i+1] as readProcFiles' for
   * path i. Paths are byte strings (latin1, one char per byte).
   */
  readFilesAsync(paths: readonly string[]): Promise<ProcFiles>;
  /** One file read whole (the path as node:fs takes it): its bytes, or the errno of the open or a read. */
  readFile(path: string): Buffer | number;
  /** stat(2)'s st_mode of every path (byte strings), or minus the errno. */
  fileModes(paths: readonly string[]): Int32Array;
  /** readlink(2) of every path (byte strings), at once; offsets as readProcFiles' for path i. */
  readLinks(paths: readonly string[]): ProcFiles;
  /** The reading of readFilesAsync begun now on a thread of its own; readFilesTake waits for it. */
  readFilesAhead(paths: readonly string[]): ReadingAhead;
  /** The files of a reading begun by readFilesAhead, once it is done. */
  readFilesTake(reading: ReadingAhead): ProcFiles;
  /**
   * Lists ROOT (when `pids` is null) and reads, on worker threads, the files the field mask asks
   * for, parsing stat, status and statm and summing smaps there.
   */
  scanProcesses(root: string, pids: Int32Array | null, fields: number): ProcessScanColumns;
  /** scanProcesses off the JavaScript thread, on `threads` threads (default: one CPU fewer than there are). */
  scanProcessesAsync(root: string, pids: Int32Array | null, fields: number, threads?: number): Promise<ProcessScanColumns>;
  /**
   * ps lines of the scan's rows `rows`, in that order, for the columns of `plan` (see
   * src/tools/ps/lines.ts); the rows it leaves to JavaScript are `fallback`, each line to be
   * inserted at byte `at[k]` of data.
   */
  psLines(scan: ProcessScanColumns, rows: Int32Array, plan: PsLinePlan): { data: Buffer; fallback: Int32Array; at: Uint32Array };
  /**
   * top -b's rows of the scan's rows `rows`, in that order, each after a newline (see
   * src/tools/top/lines.ts); the rows it leaves to JavaScript are `fallback`, each row to be
   * inserted at byte `at[k]` of data.
   */
  topLines(scan: ProcessScanColumns, rows: Int32Array, plan: TopLinePlan): { data: Buffer; fallback: Int32Array; at: Uint32Array };
  /**
   * procsmem lines of the scan's rows `rows` (status, cmdline and smaps_rollup read), in that
   * order, a negative entry left to JavaScript; `users` holds the user cell (bytes as latin1) of each real uid. The rows it leaves to
   * JavaScript are `fallback`, each line to be inserted at byte `at[k]` of data.
   */
  procsmemLines(scan: ProcessScanColumns, rows: Int32Array, users: [Float64Array, string[]]): { data: Buffer; fallback: Int32Array; at: Uint32Array };
  /** isatty(3) and TIOCGWINSZ of fd: [columns, rows], or null when fd is no terminal. */
  terminalSize(fd: number): [columns: number, rows: number] | null;
  /** sysinfo(2)'s 1, 5 and 15 minute load averages, at full precision. */
  loadAverages(): [number, number, number];
  /**
   * waitid(P_PID, pid, WEXITED | WNOWAIT) on a thread of its own: how a child of this process
   * ended (exit code, or the signal that ended it), without reaping it; the errno when waitid
   * fails (ECHILD: not a child, or already reaped).
   */
  waitExit(pid: number): Promise<{ code?: number; signal?: number; errno?: number }>;
  /** The all-digit entries of a directory as numbers, in the directory's own order (readdir(3)). */
  listIds(path: string): Int32Array;
  /** Readlinks every /proc/PID/fd/N under the root on a thread pool, keeping socket inodes. */
  scanSocketInodes(procRoot: string): Promise<SocketInodeScan>;
  /** ifconfig's if_fetch ioctls for a name given as a byte string; with `ethtool`, also ETHTOOL_GSET speed (Mb/s) and duplex. */
  interfaceInfo(name: string, ethtool?: boolean): InterfaceInfo;
  getifaddrs(): IfAddr[];
  /** gethostbyaddr (4 bytes) or getnameinfo (16 bytes) through NSS, as a byte string; null when unnamed. Cached for the process's life, shared with the socket tables. */
  hostByAddr(address: Buffer): string | null;
  /** getnetbyaddr(3) of a host-order network number, as a byte string. */
  netByAddr(network: number): string | null;
  /** The service netstat names a port by for `proto` (getservent's last entry for the port; for raw, getprotoent's), as a byte string; null when unnamed. */
  serviceName(port: number, proto: 'tcp' | 'udp' | 'raw'): string | null;
  /**
   * Reads and parses inet socket tables, two files at a time, in the order given: each its
   * columns, or an errno when the file cannot be read. `minFields`: sscanf conversions a line needs.
   */
  inetTables(files: ReadonlyArray<readonly [path: string, minFields: number]>): Array<InetColumns | number>;
  /** Reads and parses /proc/net/unix; an errno when it cannot be read. */
  unixTable(path: string): UnixColumns | number;
  /**
   * netstat's rows of one inet table as bytes. `flags`: the bits of src/tools/netstat/render.ts's
   * RowFlag; `holders` (for -p) names who holds each socket.
   */
  renderInet(table: InetColumns, proto: string, flags: number, clockTicks: number, holders: SocketHolders | null): Buffer;
  /** netstat's rows of the unix table as bytes. */
  renderUnix(table: UnixColumns, flags: number, holders: SocketHolders | null): Buffer;
  /**
   * ioprio_get(IOPRIO_WHO_PROCESS, pid): class << 13 | data, or -errno. Here and in
   * schedGetaffinity, prlimit and waitExit a pid or resource that is no int32 throws a TypeError.
   */
  ioprioGet(pid: number): number;
  /** sched_getaffinity(2): the CPUs of the mask, ascending, or -errno. */
  schedGetaffinity(pid: number): number[] | number;
  /** prlimit(2) read only: [soft, hard] with RLIM_INFINITY as -1, or -errno. */
  prlimit(pid: number, resource: number): [number, number] | number;
  /** [uss, pss, swap] in kB summed over every mapping of a /proc/PID/smaps text. */
  sumSmaps(smaps: Buffer): [number, number, number];
  /**
   * smem's per-process sums of a smaps text in kB: size, rss, pss, shared_clean, shared_dirty,
   * private_clean, private_dirty, referenced, swap, then the mapping count and 1 when a Pss line
   * was seen; null when the text is not in the kernel's layout.
   */
  smemTotals(smaps: Buffer): Float64Array | null;
  /**
   * memory_maps()'s reading of an ASCII smaps (src/core/process/smaps.ts): per mapping, in file
   * order, ten kB figures (Rss, Size, Pss, Shared_Clean, Shared_Dirty, Private_Clean,
   * Private_Dirty, Referenced, Anonymous, Swap) and six byte offsets (address, permissions and
   * untrimmed path, start and end each). Null when a byte is above 0x7f.
   */
  smapsMappings(smaps: Buffer): { figures: Float64Array; spans: Uint32Array } | null;
  /**
   * smapsMappings' figures summed by trimmed path, in order of first appearance: the paths, and
   * ten kB sums per path. Null when a byte is above 0x7f.
   */
  smapsGroups(smaps: Buffer): { paths: string[]; figures: Float64Array } | null;
}
