// The readers behind the rest of Process's psutil methods: I/O counters, context switches,
// threads, open files, sockets, and through the addon the I/O priority, the CPU affinity and the
// resource limits. Each follows the NoSuchProcess / ZombieProcess /
// AccessDenied model of Process; readers of many entries (threads, fds) skip the entries that
// vanish while they read, as psutil does.
import { constants as fsConstants } from 'node:fs';
import { errnoCode, NoSuchProcess } from '../errors.js';
import { binding } from '../native.js';
import { readBytes } from '../procfs.js';
import { sysconf } from '../system.js';
import { cDecimal, decodeText } from '../text.js';
import { ipText } from '../net/address.js';
import { inetSocketAt, readInetColumns, readUnixColumns, unixInodes } from '../net/columns.js';
import { CONNECTION_TABLES, TCP_STATES, type ConnectionKind } from '../net/connections.js';
import type { InetProto } from '../net/parsers.js';
import { ScanField, ScanStat, scanProcesses } from './scan.js';
import { ascendingPids, numericEntries } from './pids.js';
import type { LinkRead, Process } from './process.js';

/** psutil's io_counters() (pio), from /proc/PID/io: system calls, and bytes. */
export interface IoCounters {
  /** Read-like system calls (syscr), count. */
  readCount: number;
  /** Write-like system calls (syscw), count. */
  writeCount: number;
  /** Bytes fetched from storage (read_bytes). */
  readBytes: number;
  /** Bytes sent to storage (write_bytes). */
  writeBytes: number;
  /** Bytes passed to read-like calls, cache hits included (rchar). */
  readChars: number;
  /** Bytes passed to write-like calls (wchar). */
  writeChars: number;
}

/** /proc/PID/io: `key: value` lines (rchar, wchar, syscr, syscw, read_bytes, write_bytes...). */
export function parseIo(text: string): IoCounters {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) values.set(line.slice(0, colon), Number(line.slice(colon + 1).trim()));
  }
  const get = (key: string) => {
    const value = values.get(key);
    if (value === undefined || !Number.isFinite(value)) throw new Error(`/proc/PID/io has no ${key} line`);
    return value;
  };
  return {
    readCount: get('syscr'),
    writeCount: get('syscw'),
    readBytes: get('read_bytes'),
    writeBytes: get('write_bytes'),
    readChars: get('rchar'),
    writeChars: get('wchar'),
  };
}

export function ioCountersOf(process: Process): IoCounters {
  return parseIo(process.read('io').toString('latin1'));
}

/** psutil's num_ctx_switches(): context switches since the process started, from /proc/PID/status. */
export interface CtxSwitches {
  /** Switches where the process gave up the CPU, e.g. to wait for I/O (`voluntary_ctxt_switches`), count. */
  voluntary: number;
  /** Switches where the scheduler took the CPU away (`nonvoluntary_ctxt_switches`), count. */
  involuntary: number;
}

/** psutil's num_ctx_switches(), from the status lines voluntary_ and nonvoluntary_ctxt_switches. */
export function numCtxSwitchesOf(process: Process): CtxSwitches {
  const status = process.statusFields();
  const voluntary = status.get('voluntary_ctxt_switches');
  const involuntary = status.get('nonvoluntary_ctxt_switches');
  if (voluntary === undefined || involuntary === undefined) throw new Error('status has no ctxt_switches lines');
  return { voluntary: Number(voluntary), involuntary: Number(involuntary) };
}

/** A vanished entry (ENOENT/ESRCH) under a live process: skipped. Anything else propagates. */
function vanished(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ESRCH';
}

/** After a multi-entry read that skipped entries: the process itself must still be there. */
function checkAlive(process: Process): void {
  if (!process.isRunning()) throw new NoSuchProcess(process.pid);
}

/** psutil's threads(): id and CPU seconds of each thread (task/TID/stat), in ascending tid order. */
export interface ThreadTimes {
  /** The thread id (TID), as /proc/PID/task lists it. */
  id: number;
  /** CPU time in user mode (utime / CLK_TCK), seconds. */
  userTime: number;
  /** CPU time in kernel mode (stime / CLK_TCK), seconds. */
  systemTime: number;
}

export function threadsOf(process: Process): ThreadTimes[] {
  const hz = sysconf().clockTicks;
  // Every task's stat read and parsed in one call of the addon.
  const [listed, scan] = process.access('task', (task) => {
    const tasks = { ...process.ctx, proc: task };
    const tids = ascendingPids(tasks);
    return [tids.length, scanProcesses(tasks, ScanField.stat, tids)] as const;
  });
  const out: ThreadTimes[] = [];
  for (let row = 0; row < scan.count; row++) {
    const stat = new ScanStat(scan, row);
    out.push({ id: scan.pids[row] as number, userTime: stat.utime / hz, systemTime: stat.stime / hz });
  }
  // The scan drops a thread that ended since the listing: the process may have ended with it.
  if (scan.count < listed) checkAlive(process);
  return out;
}

/** The fds of /proc/PID/fd, ascending, each with its link (fd/N), read in one call of the addon. */
function fdLinks(process: Process): Array<readonly [number, LinkRead]> {
  const fds = process.access('fd', (path) => numericEntries(path, 'ascending'));
  const links = process.readLinksBytes(fds.map((fd) => `fd/${fd}`));
  return fds.map((fd, i) => [fd, links[i] as LinkRead]);
}

/**
 * How a reader of every fd takes a failure on one: a descriptor closed meanwhile (ENOENT, ESRCH)
 * is skipped, and the process is checked once the reader is done (`check`); EINVAL and
 * ENAMETOOLONG pass; anything else is thrown.
 */
function fdFailures(process: Process): { skip: (error: unknown) => void; check: () => void } {
  let skipped = false;
  return {
    skip: (error) => {
      if (vanished(error)) skipped = true;
      else if (errnoCode(error) !== 'EINVAL' && errnoCode(error) !== 'ENAMETOOLONG') throw error;
    },
    check: () => {
      if (skipped) checkAlive(process);
    },
  };
}

/** psutil's open_files() entry (popenfile). */
export interface OpenFile {
  /** The absolute path of the file (the link /proc/PID/fd/N). */
  path: string;
  /** The file descriptor number. */
  fd: number;
  /** The file offset (fdinfo `pos:`), bytes. */
  position: number;
  /** r, w, a, r+ or a+, from the open flags. */
  mode: string;
  /** The open(2) flags (fdinfo `flags:`, octal). */
  flags: number;
}

const O_ACCMODE = 3;

/** The mode of open flags as psutil names it: the access mode, with `a` for append; read-write is `r+` (or `a+`). */
export function fileFlagsToMode(flags: number): string {
  const access = flags & O_ACCMODE;
  const append = (flags & fsConstants.O_APPEND) !== 0;
  if (access === fsConstants.O_RDONLY) return 'r';
  if (access === fsConstants.O_WRONLY) return append ? 'a' : 'w';
  return append ? 'a+' : 'r+';
}

/** The `pos:` and `flags:` lines of /proc/PID/fdinfo/N. */
export function parseFdinfo(text: string): { position: number; flags: number } {
  const pos = /^pos:\s+(\d+)/m.exec(text);
  const flags = /^flags:\s+([0-7]+)/m.exec(text);
  if (!pos || !flags) throw new Error('fdinfo has no pos or flags line');
  // The kernel prints a loff_t and f_flags, an unsigned int: a longer run of digits (never
  // printed) saturates rather than reaching Infinity.
  return { position: cDecimal(pos[1]), flags: Math.min(Number.parseInt(flags[1] ?? '0', 8), 2 ** 32 - 1) };
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const SLASH = 0x2f;

/**
 * psutil's open_files(): the fds whose link is an absolute path that stats as a regular file,
 * with the offset and flags of their fdinfo. Sockets, pipes, devices and deleted files are not
 * listed.
 */
export function openFilesOf(process: Process): OpenFile[] {
  const { skip, check } = fdFailures(process);
  const absolute: Array<{ fd: number; link: Buffer }> = [];
  for (const [fd, read] of fdLinks(process)) {
    if ('error' in read) skip(read.error);
    else if (read.link[0] === SLASH) absolute.push({ fd, link: read.link });
  }
  // psutil's isfile_strict: stat(2), following links, says a regular file; a path that does not
  // stat is none. stat gets the link's own bytes, as Python's os.stat gets them back.
  const modes = binding().fileModes(absolute.map(({ link }) => link.toString('latin1')));
  const out: OpenFile[] = [];
  for (const [i, { fd, link }] of absolute.entries()) {
    const mode = modes[i] as number;
    if (mode < 0 || (mode & S_IFMT) !== S_IFREG) continue;
    try {
      const info = parseFdinfo(process.access(`fdinfo/${fd}`, readBytes).toString('latin1'));
      out.push({ path: decodeText(link), fd, position: info.position, mode: fileFlagsToMode(info.flags), flags: info.flags });
    } catch (error) {
      skip(error);
    }
  }
  check();
  return out;
}

/** The inodes of the process's sockets, with the fd holding each (the first one). */
export function socketInodes(process: Process): Map<number, number> {
  const { skip, check } = fdFailures(process);
  const inodes = new Map<number, number>();
  for (const [fd, read] of fdLinks(process)) {
    if ('error' in read) {
      skip(read.error);
      continue;
    }
    // "socket:[INODE]" is ASCII, which latin1 decodes as UTF-8 would; only a link starting with
    // its "s" is decoded at all.
    const match = read.link[0] === 0x73 ? /^socket:\[(\d+)\]$/.exec(read.link.toString('latin1')) : null;
    const inode = Number(match?.[1]);
    if (match && !inodes.has(inode)) inodes.set(inode, fd);
  }
  check();
  return inodes;
}

/** One socket of the process (psutil's pconn), addresses as text. */
export interface ProcessConnection {
  /** The file descriptor holding the socket (the lowest, when several do). */
  fd: number;
  /** The address family, as connections() names it. */
  family: 'AF_INET' | 'AF_INET6';
  /** SOCK_STREAM for TCP, SOCK_DGRAM for UDP. */
  type: 'SOCK_STREAM' | 'SOCK_DGRAM';
  /** The local IP address as text (`127.0.0.1`, `::1`). */
  localAddress: string;
  /** The local port number. */
  localPort: number;
  /** null for a socket with no peer (port 0), psutil's empty raddr. */
  remoteAddress: string | null;
  /** The peer's port number; null for a socket with no peer. */
  remotePort: number | null;
  /** The TCP state (LISTEN, ESTABLISHED...); NONE for UDP. */
  status: string;
}

/** psutil's kinds of Process.connections(): the inet family, by protocol and IP version. */
export type ProcessConnectionKind = Exclude<ConnectionKind, 'raw' | 'raw6' | 'unix' | 'all'>;
const PROCESS_KINDS: readonly string[] = ['inet', 'inet4', 'inet6', 'tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6'] satisfies ProcessConnectionKind[];

/**
 * True when every socket of INODES is in /proc/net/unix: a socket is in one table only, and the
 * inet tables are then left unread. Their reading is what a process's connections() cost (each
 * read of tcp and tcp6 walks every bucket of the kernel's established hash), and the sockets of
 * many processes are all unix ones (a Node process's pipes to its children, a journal socket).
 */
function unixSocketsOnly(inodes: ReadonlyMap<number, number>, process: Process): boolean {
  const table = readUnixColumns(process.ctx);
  if (table === null) return false;
  const unix = unixInodes(table);
  for (const inode of inodes.keys()) if (!unix.has(inode)) return false;
  return true;
}

/** psutil's Process.connections(kind): the process's TCP and UDP sockets of that kind, table by table. */
export function connectionsOf(process: Process, kind: ProcessConnectionKind): ProcessConnection[] {
  // The tables connections() reads for the kind: the inet kinds name no unix or raw table.
  if (!PROCESS_KINDS.includes(kind)) throw new RangeError(`unknown connection kind ${JSON.stringify(kind)}`);
  const protos = CONNECTION_TABLES[kind] as readonly InetProto[];
  const inodes = socketInodes(process);
  if (inodes.size === 0 || unixSocketsOnly(inodes, process)) return [];
  const out: ProcessConnection[] = [];
  const tables = readInetColumns(protos, process.ctx);
  for (const [t, proto] of protos.entries()) {
    const table = tables[t];
    if (!table) continue;
    for (let row = 0; row < table.count; row++) {
      const socket = inetSocketAt(table, row, proto);
      const fd = inodes.get(socket.inode);
      if (fd === undefined) continue;
      const tcp = proto.startsWith('tcp');
      const peer = socket.remotePort !== 0;
      out.push({
        fd,
        family: socket.family === 4 ? 'AF_INET' : 'AF_INET6',
        type: tcp ? 'SOCK_STREAM' : 'SOCK_DGRAM',
        localAddress: ipText(socket.localAddress),
        localPort: socket.localPort,
        remoteAddress: peer ? ipText(socket.remoteAddress) : null,
        remotePort: peer ? socket.remotePort : null,
        status: tcp ? (TCP_STATES[socket.state] ?? 'UNKNOWN') : 'NONE',
      });
    }
  }
  return out;
}

/** The I/O scheduling classes of ioprio_set(2), as psutil names them. */
export const IOPRIO_CLASSES = ['IOPRIO_CLASS_NONE', 'IOPRIO_CLASS_RT', 'IOPRIO_CLASS_BE', 'IOPRIO_CLASS_IDLE'] as const;

/** psutil's ionice(): the I/O scheduling class and priority of ioprio_get(2). */
export interface Ionice {
  /** 0 none, 1 realtime, 2 best effort, 3 idle. */
  ioclass: number;
  /** The priority within the class (0 highest .. 7 lowest). */
  value: number;
}

/** Splits ioprio_get's answer into class (the top 3 of 16 bits) and data. */
export function decodeIoprio(ioprio: number): Ionice {
  return { ioclass: ioprio >> 13, value: ioprio & 0x1fff };
}

export function ioclassName(ioclass: number): string {
  return IOPRIO_CLASSES[ioclass] ?? String(ioclass);
}

/** ioprio_get(2) of the process (Process.ionice). */
export function ioniceOf(process: Process): Ionice {
  const answer = binding().ioprioGet(process.pid);
  if (answer < 0) throw process.translate(-answer, 'ioprio_get');
  return decodeIoprio(answer);
}

/** sched_getaffinity(2): the CPUs the process may run on (Process.cpuAffinity). */
export function cpuAffinityOf(process: Process): number[] {
  const answer = binding().schedGetaffinity(process.pid);
  if (typeof answer === 'number') throw process.translate(-answer, 'sched_getaffinity');
  return answer;
}

/** Linux's resource numbers (asm-generic/resource.h) under psutil's RLIMIT_* names, in psutil's (alphabetical) order. */
export const RLIMITS: ReadonlyArray<readonly [string, number]> = [
  ['RLIMIT_AS', 9],
  ['RLIMIT_CORE', 4],
  ['RLIMIT_CPU', 0],
  ['RLIMIT_DATA', 2],
  ['RLIMIT_FSIZE', 1],
  ['RLIMIT_LOCKS', 10],
  ['RLIMIT_MEMLOCK', 8],
  ['RLIMIT_MSGQUEUE', 12],
  ['RLIMIT_NICE', 13],
  ['RLIMIT_NOFILE', 7],
  ['RLIMIT_NPROC', 6],
  ['RLIMIT_RSS', 5],
  ['RLIMIT_RTPRIO', 14],
  ['RLIMIT_RTTIME', 15],
  ['RLIMIT_SIGPENDING', 11],
  ['RLIMIT_STACK', 3],
];

/**
 * psutil's rlimit(): soft and hard limit of one resource, in that resource's unit (bytes for
 * RLIMIT_AS, DATA, STACK, CORE, FSIZE, MEMLOCK, MSGQUEUE and RSS, seconds for RLIMIT_CPU,
 * microseconds for RLIMIT_RTTIME, a priority ceiling for RLIMIT_NICE and RTPRIO, a count for
 * NOFILE, NPROC, LOCKS and SIGPENDING).
 */
export interface Rlimit {
  /** The limit the kernel enforces, in the resource's unit; -1 is RLIM_INFINITY, as psutil reports it. */
  soft: number;
  /** The ceiling the soft limit can be raised to without privilege, in the resource's unit; -1 is RLIM_INFINITY. */
  hard: number;
}

/** prlimit(2) on the process (Process.rlimit). */
export function rlimitOf(process: Process, resource: number): Rlimit {
  const answer = binding().prlimit(process.pid, resource);
  if (typeof answer === 'number') throw process.translate(-answer, 'prlimit');
  return { soft: answer[0], hard: answer[1] };
}
