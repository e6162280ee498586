// Sockets of the system (psutil's net_connections) and the processes that hold them: the inodes
// of /proc/net/* joined to the "socket:[INODE]" links under /proc/PID/fd.
import { join } from 'node:path';
import type { SocketInodeScan } from '../../../native/index.js';
import { binding } from '../native.js';
import { defaultContext, readBytes, readOptionalBytes, type ContextOption, type ProcfsContext } from '../procfs.js';
import { ipText } from './address.js';
import { inetSocketAt, readInetColumns } from './columns.js';
import { parseUnixSockets, type InetProto, type InetSocket, type UnixSocket } from './parsers.js';

export function readUnixTable(ctx: ProcfsContext = defaultContext()): ReturnType<typeof parseUnixSockets> | null {
  const data = readOptionalBytes(join(ctx.proc, 'net/unix'));
  // Paths are bytes, which netstat prints as they are.
  return data === null ? null : parseUnixSockets(data.toString('latin1'));
}

/** Who holds each socket: the first (lowest) pid per inode, and every (pid, fd) pair. */
export interface SocketOwners {
  /** inode -> pid of the first process (in /proc order) holding it, as netstat's cache keeps. */
  readonly firstPid: ReadonlyMap<number, number>;
  /** inode -> every [pid, fd] holding it. */
  readonly holders: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;
  /** Some process's fd directory was refused (EACCES): not every socket could be attributed. */
  readonly denied: boolean;
  /** /proc itself could not be listed. */
  readonly procUnreadable: boolean;
}

/** Scans /proc/*\/fd in the addon (a thread pool, off the JS thread). */
export async function socketOwners(ctx: ProcfsContext = defaultContext()): Promise<SocketOwners> {
  const scan = await scanSocketFds(ctx);
  const firstPid = new Map<number, number>();
  const holders = new Map<number, Array<readonly [number, number]>>();
  for (let i = 0; i < scan.inodes.length; i++) {
    const inode = scan.inodes[i] as number;
    const pid = scan.pids[i] as number;
    if (!firstPid.has(inode)) firstPid.set(inode, pid);
    let list = holders.get(inode);
    if (!list) holders.set(inode, (list = []));
    list.push([pid, scan.fds[i] as number]);
  }
  return { firstPid, holders, denied: scan.denied, procUnreadable: scan.procUnreadable };
}

/** The raw fd scan: every (pid, fd, inode) of a socket fd, in /proc order. */
export function scanSocketFds(ctx: ProcfsContext = defaultContext()): Promise<SocketInodeScan> {
  return binding().scanSocketInodes(ctx.proc);
}

/**
 * argv[0] of a process as netstat's -p shows it: the first NUL-terminated word of the first 511
 * bytes of /proc/PID/cmdline, with its directory removed when it is an absolute path. Null when
 * the process is gone or refuses the read.
 */
export function programName(pid: number, ctx: ProcfsContext = defaultContext()): Buffer | null {
  let data: Buffer;
  try {
    data = readBytes(join(ctx.proc, String(pid), 'cmdline'));
  } catch {
    return null;
  }
  const head = data.subarray(0, 511);
  const nul = head.indexOf(0);
  const argv0 = nul < 0 ? head : head.subarray(0, nul);
  if (argv0[0] !== 0x2f) return argv0;
  return argv0.subarray(argv0.lastIndexOf(0x2f) + 1);
}

/** psutil's kinds of net_connections(): a family, a protocol, both, or all of them. */
export type ConnectionKind = 'inet' | 'inet4' | 'inet6' | 'tcp' | 'tcp4' | 'tcp6' | 'udp' | 'udp4' | 'udp6' | 'raw' | 'raw6' | 'unix' | 'all';

/** The tables each kind reads, in psutil's order. */
export const CONNECTION_TABLES: Readonly<Record<ConnectionKind, readonly (InetProto | 'unix')[]>> = {
  inet: ['tcp', 'tcp6', 'udp', 'udp6'],
  inet4: ['tcp', 'udp'],
  inet6: ['tcp6', 'udp6'],
  tcp: ['tcp', 'tcp6'],
  tcp4: ['tcp'],
  tcp6: ['tcp6'],
  udp: ['udp', 'udp6'],
  udp4: ['udp'],
  udp6: ['udp6'],
  raw: ['raw'],
  raw6: ['raw6'],
  unix: ['unix'],
  all: ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6', 'unix'],
};

export const TCP_STATES: readonly string[] = [
  '', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING',
];

/** The socket types of /proc/net/unix by number (SOCK_*). */
const UNIX_TYPES: Readonly<Record<number, string>> = { 1: 'SOCK_STREAM', 2: 'SOCK_DGRAM', 3: 'SOCK_RAW', 4: 'SOCK_RDM', 5: 'SOCK_SEQPACKET' };

/** psutil's sconn: one socket with its owner, addresses as text. */
export interface Connection {
  /** The fd of the owning process holding the socket; null when no readable fd holds it. */
  fd: number | null;
  /** The address family. */
  family: 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
  /** SOCK_STREAM (tcp, unix stream), SOCK_DGRAM (udp), SOCK_RAW, SOCK_SEQPACKET... */
  type: string;
  /** The local IP address, or the bound path of a unix socket ("" for none; abstract names start with "@"). */
  localAddress: string;
  /** The local port number; null for unix sockets. */
  localPort: number | null;
  /** null when there is no peer (psutil's empty raddr), and for unix sockets. */
  remoteAddress: string | null;
  /** The peer's port number; null with remoteAddress. */
  remotePort: number | null;
  /** The TCP state (LISTEN, ESTABLISHED...); NONE for the others. */
  status: string;
  /** The owning process; null when no readable fd holds the socket. */
  pid: number | null;
  /** The socket's inode number (the `socket:[N]` of /proc/PID/fd). */
  inode: number | null;
}

/**
 * psutil's net_connections(): the sockets of a kind ('inet' by default) with their owning process,
 * one entry per socket, attributed to the first (pid, fd) holding it. The owners are found by a
 * scan of every /proc/PID/fd on the addon's threads.
 */
export async function connections(options: { kind?: ConnectionKind } & ContextOption = {}): Promise<Connection[]> {
  const ctx = options.ctx ?? defaultContext();
  const kinds = CONNECTION_TABLES[options.kind ?? 'inet'];
  if (kinds === undefined) throw new RangeError(`unknown connection kind ${JSON.stringify(options.kind)}`);
  const owners = socketOwners(ctx);
  const pending: Array<InetSocket | (UnixSocket & { proto: 'unix' })> = [];
  const inetProtos = kinds.filter((proto): proto is InetProto => proto !== 'unix');
  const inetTables = readInetColumns(inetProtos, ctx);
  for (const proto of kinds) {
    if (proto === 'unix') {
      for (const row of readUnixTable(ctx)?.rows ?? []) pending.push({ ...row, proto: 'unix' });
      continue;
    }
    const table = inetTables[inetProtos.indexOf(proto)];
    if (!table) continue;
    for (let row = 0; row < table.count; row++) pending.push(inetSocketAt(table, row, proto));
  }
  const { holders } = await owners;
  return pending.map((socket): Connection => {
    const [pid, fd] = (socket.inode === null ? undefined : holders.get(socket.inode)?.[0]) ?? [null, null];
    if (socket.proto === 'unix') {
      const type = UNIX_TYPES[socket.type] ?? String(socket.type);
      return { fd, family: 'AF_UNIX', type, localAddress: socket.path, localPort: null, remoteAddress: null, remotePort: null, status: 'NONE', pid, inode: socket.inode };
    }
    const tcp = socket.proto.startsWith('tcp');
    // psutil's decode_address: port 0 is no address at all.
    const peer = socket.remotePort !== 0;
    return {
      fd,
      family: socket.family === 4 ? 'AF_INET' : 'AF_INET6',
      type: tcp ? 'SOCK_STREAM' : socket.proto.startsWith('raw') ? 'SOCK_RAW' : 'SOCK_DGRAM',
      localAddress: ipText(socket.localAddress),
      localPort: socket.localPort,
      remoteAddress: peer ? ipText(socket.remoteAddress) : null,
      remotePort: peer ? socket.remotePort : null,
      status: tcp ? (TCP_STATES[socket.state] ?? 'UNKNOWN') : 'NONE',
      pid,
      inode: socket.inode,
    };
  });
}
