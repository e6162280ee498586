// /proc/net/* and the fd scan -> the report netstat prints, in its order: the Internet title,
// tcp, sctp, udp, udplite, raw (each IPv4 then IPv6), then the UNIX table, then the families this
// kernel never has. Diagnostics are items too, so text and JSON see the same run.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { isUnspecified } from '../../core/net/address.js';
import { readInetColumns, readUnixColumns, type InetColumns, type UnixColumns } from '../../core/net/columns.js';
import { programName, scanSocketFds } from '../../core/net/connections.js';
import type { InetProto, InetSocket, UnixSocket } from '../../core/net/parsers.js';
import { parseIgmp, parseIgmp6, readGroupFiles, type GroupMembership } from '../../core/net/tables.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { byteString, cutBytes } from '../../format/bytes.js';
import type { NetstatOptions } from './command.js';

/** A process holding sockets, as netstat -p shows it. */
export interface Owner {
  readonly pid: number;
  /** argv[0]'s base name, a byte string. */
  readonly name: string;
  /** "PID/NAME" cut to 19 bytes, as netstat's 20-byte buffer keeps it (even inside a UTF-8 sequence). */
  readonly label: string;
}

/** The fd scan for -p: socket inodes with the pid holding each, in /proc order (an inode's first pid is its holder). */
export interface Holders {
  readonly inodes: Float64Array;
  readonly pids: Int32Array;
  /** pid -> Owner, for the pids whose cmdline could be read. */
  readonly owners: ReadonlyMap<number, Owner>;
}

export const NO_HOLDERS: Holders = { inodes: new Float64Array(0), pids: new Int32Array(0), owners: new Map() };

export type ReportItem =
  | { readonly type: 'inet-title' }
  /** A whole table: its rows are filtered and printed by the addon (render.ts), or expanded for JSON. */
  | { readonly type: 'inet'; readonly proto: InetProto; readonly table: InetColumns }
  | { readonly type: 'groups-title' }
  | { readonly type: 'group'; readonly group: GroupMembership }
  | { readonly type: 'unix-title' }
  | { readonly type: 'unix'; readonly table: UnixColumns }
  | { readonly type: 'stderr'; readonly text: string };

export interface SocketReport {
  readonly items: ReportItem[];
  readonly exitCode: number;
  readonly holders: Holders;
}

const ACCEPTCON = 1 << 16;

const esysnot = (what: string) => `netstat: no support for \`${what}' on this system.\n`;

/**
 * Who holds the sockets (-p): the fd scan's inodes and pids, and the Owner of each pid that shows
 * up in it, made once per process; a process whose cmdline cannot be read (it exited meanwhile) has
 * none, and netstat shows "-" for its sockets. Also the notice netstat prints when some fd
 * directories were refused.
 */
export async function loadHolders(ctx: ProcfsContext): Promise<{ holders: Holders; notice: string }> {
  const scan = await scanSocketFds(ctx);
  const owners = new Map<number, Owner>();
  const { pids } = scan;
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i] as number;
    // The scan is in pid order: each process is one run.
    if (i > 0 && pids[i - 1] === pid) continue;
    const argv0 = programName(pid, ctx);
    if (argv0 === null) continue;
    const name = byteString(argv0);
    owners.set(pid, { pid, name, label: cutBytes(`${pid}/${name}`, 19) });
  }
  let notice = '';
  if (scan.procUnreadable || (scan.denied && owners.size === 0)) {
    notice = `(No info could be read for "-p": geteuid()=${process.geteuid?.() ?? 0} but you should be root.)\n`;
  } else if (scan.denied) {
    notice = '(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n';
  }
  return { holders: { inodes: scan.inodes, pids: scan.pids, owners }, notice };
}

/** netstat's filter without -a: -l keeps what listens (no remote port for TCP, no remote address otherwise). */
export function inetShown(socket: InetSocket, options: NetstatOptions): boolean {
  if (options.all) return true;
  const listening = socket.proto.startsWith('tcp') ? socket.remotePort === 0 : isUnspecified(socket.remoteAddress);
  return options.listening ? listening : !listening;
}

export function unixShown(socket: UnixSocket, options: NetstatOptions): boolean {
  if (options.all) return true;
  const listener = socket.state === 1 && (socket.flags & ACCEPTCON) !== 0;
  return options.listening ? listener : !listener;
}

interface InetGroup {
  readonly v4: InetProto;
  readonly v6: InetProto;
  readonly what: string;
}

const TCP: InetGroup = { v4: 'tcp', v6: 'tcp6', what: 'AF INET (tcp)' };
const UDP: InetGroup = { v4: 'udp', v6: 'udp6', what: 'AF INET (udp)' };
const UDPLITE: InetGroup = { v4: 'udpl', v6: 'udpl6', what: 'AF INET (udplite)' };
const RAW: InetGroup = { v4: 'raw', v6: 'raw6', what: 'AF INET (raw)' };
const INET_GROUPS = [TCP, UDP, UDPLITE, RAW];

function groupWanted(group: InetGroup, options: NetstatOptions): boolean {
  if (!options.explicit) return true;
  return group === TCP ? options.tcp : group === UDP ? options.udp : group === UDPLITE ? options.udplite : options.raw;
}

/** Families whose /proc files this kernel never has; netstat reports them only when asked. */
const OTHER_FAMILIES = [
  { flag: 'ipx', files: ['net/ipx/socket', 'net/ipx'], what: 'AF IPX' },
  { flag: 'ax25', files: ['net/ax25'], what: 'AF AX25' },
  { flag: 'x25', files: ['net/x25'], what: 'AF X25' },
  { flag: 'netrom', files: ['net/nr'], what: 'AF NETROM' },
  { flag: 'rose', files: ['net/rose'], what: 'AF ROSE' },
] as const;

export async function collectSockets(ctx: ProcfsContext, options: NetstatOptions): Promise<SocketReport> {
  const items: ReportItem[] = [];
  const { explicit, families } = options;
  const inetWanted = !explicit || options.tcp || options.sctp || options.udp || options.udplite || options.raw;
  const unixWanted = !explicit || families.has('unix');
  // The scan runs in the addon's threads while the tables below are read and parsed.
  const pending = options.programs && (inetWanted || unixWanted) ? loadHolders(ctx) : null;
  const unixTable = unixWanted ? readUnixColumns(ctx) : null;
  // Read and parse the tables while the scan runs.
  const protos: InetProto[] = [];
  if (!explicit || families.has('inet')) for (const group of INET_GROUPS) if (groupWanted(group, options)) protos.push(group.v4);
  if (!explicit || families.has('inet6')) for (const group of INET_GROUPS) if (groupWanted(group, options)) protos.push(group.v6);
  const tables = new Map<InetProto, InetColumns | null>();
  readInetColumns(protos, ctx).forEach((table, i) => tables.set(protos[i] as InetProto, table));
  const read = (proto: InetProto) => tables.get(proto) ?? null;
  const loaded = pending ? await pending : { holders: NO_HOLDERS, notice: '' };
  if (loaded.notice) items.push({ type: 'stderr', text: loaded.notice });

  const quiet = options.noProtocol;
  /** INFO_GUTS6: the IPv4 file (whose absence is reported when asked for), then the IPv6 file. */
  const inetGroup = (group: InetGroup): number => {
    if (!explicit || families.has('inet')) {
      const table = read(group.v4);
      if (table === null) {
        if (!quiet && (explicit || options.verbose)) items.push({ type: 'stderr', text: esysnot(group.what) });
        if (!quiet && explicit) return 1;
      } else {
        items.push({ type: 'inet', proto: group.v4, table });
      }
    }
    if (!explicit || families.has('inet6')) {
      const table = read(group.v6);
      if (table !== null) items.push({ type: 'inet', proto: group.v6, table });
    }
    return 0;
  };
  /** SCTP is not in this kernel's /proc; when it is, its tables are not shown (see the manual). */
  const sctpMissing = (file: string): number => {
    if (existsSync(join(ctx.proc, file))) return 0;
    if (!quiet && (explicit || options.verbose)) items.push({ type: 'stderr', text: esysnot('AF INET (sctp)') });
    return !quiet && explicit ? 1 : 0;
  };
  const done = (exitCode: number): SocketReport => ({ items, exitCode, holders: loaded.holders });

  if (inetWanted) items.push({ type: 'inet-title' });
  if (!explicit || options.tcp) {
    const rc = inetGroup(TCP);
    if (rc) return done(rc);
  }
  if (!explicit || options.sctp) {
    if (options.all || options.listening) {
      const rc = sctpMissing('net/sctp/eps');
      if (rc) return done(rc);
    }
    if (options.all || !options.listening) {
      const rc = sctpMissing('net/sctp/assocs');
      if (rc) return done(rc);
    }
  }
  for (const [wanted, group] of [
    [options.udp, UDP],
    [options.udplite, UDPLITE],
    [options.raw, RAW],
  ] as const) {
    if (explicit && !wanted) continue;
    const rc = inetGroup(group);
    if (rc) return done(rc);
  }
  if (options.groups) {
    items.push({ type: 'groups-title' });
    const files = readGroupFiles(ctx);
    const add = (lines: ReturnType<typeof parseIgmp>) => {
      for (const line of lines) {
        if (line.type === 'group') items.push({ type: 'group', group: line.group });
        else items.push({ type: 'stderr', text: `warning, got bogus ${line.v6 ? 'igmp6' : 'igmp'} line ${line.line}.\n` });
      }
    };
    if (families.has('inet')) {
      if (files.igmp === null) {
        if (!quiet) items.push({ type: 'stderr', text: esysnot('AF INET (igmp)') });
        if (!quiet) return done(1);
      } else add(parseIgmp(files.igmp));
    }
    if (families.has('inet6') && files.igmp6 !== null) add(parseIgmp6(files.igmp6));
  }
  if (unixWanted) {
    items.push({ type: 'unix-title' });
    if (unixTable === null) {
      if (!quiet && (explicit || options.verbose)) items.push({ type: 'stderr', text: esysnot('AF UNIX') });
      if (!quiet && explicit) return done(1);
    } else {
      items.push({ type: 'unix', table: unixTable });
      // unix_do_one's complaint for each line sscanf cannot take (a path with a newline leaves one).
      if (unixTable.bogus > 0) items.push({ type: 'stderr', text: 'warning, got bogus unix line.\n'.repeat(unixTable.bogus) });
    }
  }
  for (const family of OTHER_FAMILIES) {
    if (explicit && !families.has(family.flag)) continue;
    if (family.files.some((file) => existsSync(join(ctx.proc, file)))) continue;
    if (explicit || options.verbose) items.push({ type: 'stderr', text: esysnot(family.what) });
    if (explicit) return done(1);
  }
  if (explicit && (options.l2cap || options.rfcomm)) {
    items.push({
      type: 'stderr',
      text: "netstat: feature `AF BLUETOOTH' not supported.\nPlease recompile `net-tools' with newer kernel source or full configuration.\n",
    });
    return done(1);
  }
  return done(0);
}
