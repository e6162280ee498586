// Socket tables as the addon's columns: /proc/net/{tcp,udp,udplite,raw}{,6} and /proc/net/unix
// parsed in native code into typed arrays, so that tens of thousands of sockets cost no
// JavaScript object each. A row becomes an InetSocket or UnixSocket only when asked for (JSON).
import { join } from 'node:path';
import type { InetColumns, UnixColumns } from '../../../native/index.js';
import { errnoError } from '../errors.js';
import { binding } from '../native.js';
import { defaultContext, type ProcfsContext } from '../procfs.js';
import type { InetProto, InetSocket, UnixSocket } from './parsers.js';

export type { InetColumns, UnixColumns };

/** /proc/net file of each protocol. */
const INET_FILES: Readonly<Record<InetProto, string>> = {
  tcp: 'net/tcp',
  tcp6: 'net/tcp6',
  udp: 'net/udp',
  udp6: 'net/udp6',
  udpl: 'net/udplite',
  udpl6: 'net/udplite6',
  raw: 'net/raw',
  raw6: 'net/raw6',
};

/** A missing or refused file is null (protocol not in the kernel, IPv6 disabled); any other error is thrown. */
function tableOrNull<T>(result: T | number, path: string): T | null {
  if (typeof result !== 'number') return result;
  const error = errnoError(result, 'open', path);
  if (error.code === 'ENOENT' || error.code === 'EACCES') return null;
  throw error;
}

/**
 * The tables of PROTOS, in their order (null for a file the kernel lacks); net-tools requires 11
 * of sscanf's conversions for tcp, 10 for udp and raw. The addon reads two files at a time.
 */
export function readInetColumns(protos: readonly InetProto[], ctx: ProcfsContext = defaultContext()): Array<InetColumns | null> {
  const paths = protos.map((proto) => join(ctx.proc, INET_FILES[proto]));
  const results = binding().inetTables(protos.map((proto, i) => [paths[i] as string, proto.startsWith('tcp') ? 11 : 10]));
  return results.map((result, i) => tableOrNull(result, paths[i] as string));
}

export function readUnixColumns(ctx: ProcfsContext = defaultContext()): UnixColumns | null {
  const path = join(ctx.proc, 'net/unix');
  return tableOrNull(binding().unixTable(path), path);
}

/** Row `i` of an inet table as an object. */
export function inetSocketAt(table: InetColumns, i: number, proto: InetProto): InetSocket {
  const family = table.families[i] === 4 ? 4 : 6;
  const size = family === 4 ? 4 : 16;
  const at = i * 32;
  const v = table.values.subarray(i * 9, i * 9 + 9);
  return {
    proto,
    family,
    localAddress: table.addresses.slice(at, at + size),
    localPort: table.ports[2 * i] as number,
    remoteAddress: table.addresses.slice(at + 16, at + 16 + size),
    remotePort: table.ports[2 * i + 1] as number,
    state: v[0] as number,
    txQueue: v[1] as number,
    rxQueue: v[2] as number,
    timerActive: v[3] as number,
    timerExpires: v[4] as number,
    retransmits: v[5] as number,
    uid: v[6] as number,
    timeout: v[7] as number,
    inode: v[8] as number,
  };
}

/** The inodes of the unix table's rows (a row without one is left out). */
export function unixInodes(table: UnixColumns): Set<number> {
  const inodes = new Set<number>();
  for (let i = 0; i < table.count; i++) {
    const inode = table.values[i * 6 + 5] as number;
    if (!Number.isNaN(inode)) inodes.add(inode);
  }
  return inodes;
}

/** Row `i` of the unix table as an object; the path is a byte string. */
export function unixSocketAt(table: UnixColumns, i: number): UnixSocket {
  const v = table.values.subarray(i * 6, i * 6 + 6);
  const start = table.paths[2 * i] as number;
  const inode = v[5] as number;
  return {
    refCount: v[0] as number,
    protocol: v[1] as number,
    flags: v[2] as number,
    type: v[3] as number,
    state: v[4] as number,
    inode: Number.isNaN(inode) ? null : inode,
    path: table.data.toString('latin1', start, start + (table.paths[2 * i + 1] as number)),
  };
}
