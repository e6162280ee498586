// netstat's socket tables as text, byte for byte (netstat.c v2.10): fixed columns with their
// trailing pad, the 23-column address cut, names through NSS unless -n. Names, program labels
// and paths are byte strings (format/bytes.ts), cut and padded by bytes as printf does.
import { ipv4Text, ipv6Text, isUnspecified, isV4Mapped } from '../../core/net/address.js';
import { TCP_STATES } from '../../core/net/connections.js';
import { hostName, networkName, serviceName, type ServiceProto } from '../../core/net/names.js';
import type { InetSocket, UnixSocket } from '../../core/net/parsers.js';
import { binding } from '../../core/native.js';
import { userName } from '../../core/users.js';
import { byteString, bytesOf, padBytes } from '../../format/bytes.js';
import { printfFixed } from '../../format/number.js';
import type { NetstatOptions } from './command.js';
import type { Holders, ReportItem } from './collect.js';

/** The part of the options that decides how a row looks. */
export interface RenderContext {
  readonly options: NetstatOptions;
  /** sysconf(_SC_CLK_TCK): TCP timers are in clock ticks. */
  readonly clockTicks: number;
  /** Who holds the sockets, for -p. */
  readonly holders: Holders;
}

function title(kind: string, options: NetstatOptions): string {
  const which = options.all ? '(servers and established)' : options.listening ? '(only servers)' : '(w/o servers)';
  return `Active ${kind} ${which}\n`;
}

export function inetHeader(options: NetstatOptions): string {
  return (
    `${title('Internet connections', options)}Proto Recv-Q Send-Q Local Address           Foreign Address         State      ` +
    `${options.extend > 1 ? ' User       Inode     ' : ''}${options.programs ? ' PID/Program name    ' : ''}${options.timers ? ' Timer' : ''}\n`
  );
}

export function unixHeader(options: NetstatOptions): string {
  return `${title('UNIX domain sockets', options)}Proto RefCnt Flags       Type       State         I-Node  ${options.programs ? ' PID/Program name    ' : ''} Path\n`;
}

/** INET_sprint / INET6_sprint: an address as netstat shows it. */
export function hostText(address: Uint8Array, numeric: boolean): string {
  if (address.length === 4) {
    const dotted = ipv4Text(address);
    if (numeric || isUnspecified(address)) return dotted;
    // net-tools treats an address whose first byte is 0 as a network (netmask 0xffffff00 on LE).
    if (address[0] === 0) return networkName(Buffer.from(address).readUInt32BE(0)) ?? dotted;
    return hostName(address) ?? dotted;
  }
  if (!numeric && isUnspecified(address)) return '[::]';
  const text = numeric ? ipv6Text(address) : (hostName(address) ?? ipv6Text(address));
  return fixV4Address(text, address);
}

/** net-tools' fix_v4_address: an IPv4-mapped address printed with a dotted tail shows as IPv4. */
function fixV4Address(text: string, address: Uint8Array): string {
  if (!isV4Mapped(address)) return text;
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  const colon = text.lastIndexOf(':', dot);
  return colon < 0 ? text : text.slice(colon + 1);
}

/** get_sname: "*" for port 0, the service name unless --numeric-ports, else the number. */
export function portText(port: number, proto: ServiceProto, numeric: boolean): string {
  if (port === 0) return '*';
  return (numeric ? null : serviceName(port, proto)) ?? String(port);
}

/** Which services table names a protocol's ports (and which kind of row it is). */
export function servicesOf(proto: string): ServiceProto {
  return proto.startsWith('tcp') ? 'tcp' : proto.startsWith('raw') ? 'raw' : 'udp';
}

/** The -o text of a socket. */
export function timerText(socket: InetSocket, clockTicks: number): string {
  const { timerActive: t, timeout } = socket;
  if (socket.proto.startsWith('tcp')) {
    const names = ['off', 'on', 'keepalive', 'timewait', 'probe'];
    const retr = socket.retransmits;
    if (t === 0) return `off (0.00/${retr}/${timeout})`;
    const secs = printfFixed(socket.timerExpires / clockTicks, 2);
    return `${names[t] ?? `unkn-${t}`} (${secs}/${retr}/${timeout})`;
  }
  // UDP's retransmit count is zeroed before printing; raw keeps it. Both divide by a fixed 100.
  const retr = socket.proto.startsWith('raw') ? socket.retransmits : 0;
  if (t === 0) return `off (0.00/${retr}/${timeout})`;
  const secs = printfFixed(socket.timerExpires / 100, 2);
  return `${t === 1 || t === 2 ? `on${t}` : `unkn-${t}`} (${secs}/${retr}/${timeout})`;
}

/** UDP shows ESTABLISHED or nothing (CLOSE), anything else UNKNOWN; TCP its state name. */
export function stateText(socket: InetSocket): string {
  if (socket.proto.startsWith('udp')) return socket.state === 1 ? 'ESTABLISHED' : socket.state === 7 ? '' : 'UNKNOWN';
  return TCP_STATES[socket.state] ?? '';
}

/** The user column (a byte string): the name NSS gives, as its UTF-8 bytes, or the uid. */
export function userText(uid: number, numeric: boolean): string {
  return numeric ? String(uid) : byteString(Buffer.from(userName(uid)));
}

export const UNIX_TYPES: Readonly<Record<number, string>> = { 1: 'STREAM', 2: 'DGRAM', 3: 'RAW', 4: 'RDM', 5: 'SEQPACKET' };
const UNIX_STATES: readonly string[] = ['FREE', '', 'CONNECTING', 'CONNECTED', 'DISCONNECTING'];

export function unixFlagsText(flags: number): string {
  return `[ ${flags & (1 << 16) ? 'ACC ' : ''}${flags & (1 << 17) ? 'W ' : ''}${flags & (1 << 18) ? 'N ' : ''}]`;
}

export function unixStateText(socket: UnixSocket): string {
  if (socket.state === 1) return socket.flags & (1 << 16) ? 'LISTENING' : '';
  return UNIX_STATES[socket.state] ?? 'UNKNOWN';
}

/** The bits the addon's row printers read (native/sockets.cc's Flag). */
const RowFlag = { all: 1, listening: 2, numericHosts: 4, numericPorts: 8, numericUsers: 16, wide: 32, programs: 64, timers: 128, extend: 256 };

function rowFlags(options: NetstatOptions): number {
  let flags = 0;
  if (options.all) flags |= RowFlag.all;
  if (options.listening) flags |= RowFlag.listening;
  if (options.numericHosts) flags |= RowFlag.numericHosts;
  if (options.numericPorts) flags |= RowFlag.numericPorts;
  if (options.numericUsers) flags |= RowFlag.numericUsers;
  if (options.wide) flags |= RowFlag.wide;
  if (options.programs) flags |= RowFlag.programs;
  if (options.timers) flags |= RowFlag.timers;
  if (options.extend > 1) flags |= RowFlag.extend;
  return flags;
}

/**
 * The stdout bytes of a socket report (diagnostics are written separately). The socket rows come
 * from the addon, which filters and prints a whole table at once (netstat.c's *_do_one, names through
 * NSS cached there); titles and multicast groups are a byte string encoded here.
 */
export function renderSockets(items: readonly ReportItem[], ctx: RenderContext): Buffer {
  const chunks: Buffer[] = [];
  const flags = rowFlags(ctx.options);
  const { inodes, pids, owners } = ctx.holders;
  const holders = { inodes, pids, labelPids: Int32Array.from(owners.keys()), labels: [...owners.values()].map((owner) => owner.label) };
  let out = '';
  const text = () => {
    if (out) chunks.push(bytesOf(out));
    out = '';
  };
  for (const item of items) {
    if (item.type === 'inet-title') out += inetHeader(ctx.options);
    else if (item.type === 'unix-title') out += unixHeader(ctx.options);
    else if (item.type === 'groups-title') out += 'IPv6/IPv4 Group Memberships\nInterface       RefCnt Group\n--------------- ------ ---------------------\n';
    else if (item.type === 'group') {
      const { device, refCount, address } = item.group;
      out += `${padBytes(device, 15)} ${String(refCount).padEnd(6)} ${hostText(address, ctx.options.numericHosts)}\n`;
    } else if (item.type === 'inet') {
      text();
      chunks.push(binding().renderInet(item.table, item.proto, flags, ctx.clockTicks, holders));
    } else if (item.type === 'unix') {
      text();
      chunks.push(binding().renderUnix(item.table, flags, holders));
    }
  }
  text();
  return Buffer.concat(chunks);
}
